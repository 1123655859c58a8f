from odoo import api, fields, models


class WecomGroupchatTransfer(models.Model):
    """One customer group chat of a leaver, handed to its new owner in WeCom."""

    _name = "wecom.groupchat.transfer"
    _description = "WeCom Group Chat Transfer"
    _order = "id"

    handover_id = fields.Many2one(
        "custody.handover", required=True, index=True, ondelete="cascade", readonly=True
    )
    company_id = fields.Many2one(related="handover_id.company_id", store=True)
    chat_id = fields.Char(required=True, readonly=True)
    new_owner_userid = fields.Char(readonly=True)
    state = fields.Selection([("done", "Moved"), ("failed", "Failed")], readonly=True)
    errcode = fields.Integer(readonly=True)
    message = fields.Char(compute="_compute_message")

    @api.depends("errcode")
    def _compute_message(self):
        for chat in self:
            chat.message = (
                self.env["wecom.transfer"]._errcode_message({"errcode": chat.errcode})
                if chat.errcode
                else False
            )
