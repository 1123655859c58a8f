from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError


class CustodyHandoverItem(models.Model):
    """A checklist item of a handover: an account, a device or a document to give back."""

    _name = "custody.handover.item"
    _description = "Handover Checklist Item"
    _order = "handover_id, sequence, id"

    handover_id = fields.Many2one("custody.handover", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(related="handover_id.company_id", store=True)
    sequence = fields.Integer(default=10)
    name = fields.Char(string="Item", required=True)
    category = fields.Selection(
        [
            ("work_account", "Work account"),
            ("device", "Device"),
            ("document", "Document"),
            ("contract", "Contract"),
            ("voucher", "Voucher"),
            ("other", "Other"),
        ],
        required=True,
        default="other",
        help="Work accounts (work WeChat / WeCom, mailbox, CRM login) are company property and "
        "are returned unless the company authorises otherwise in writing.",
    )
    partner_id = fields.Many2one("res.partner", string="Client")
    mandatory = fields.Boolean(default=True)
    state = fields.Selection(
        [("pending", "Pending"), ("returned", "Returned"), ("waived", "Waived")],
        default="pending",
        required=True,
    )
    waiver_note = fields.Text(
        string="Written authorisation",
        help="The company's written authorisation to keep this item (required to waive it).",
    )
    done_on = fields.Date(readonly=True)

    @api.constrains("state", "waiver_note")
    def _check_waiver(self):
        for item in self:
            if item.state == "waived" and not (item.waiver_note or "").strip():
                raise ValidationError(
                    self.env._(
                        "%(item)s can only be waived with the company's written authorisation.",
                        item=item.name,
                    )
                )

    def action_mark_returned(self):
        self._check_open()
        self.write({"state": "returned", "done_on": fields.Date.context_today(self)})
        self.handover_id._try_complete()

    def action_reset(self):
        self._check_open()
        self.write({"state": "pending", "done_on": False})

    def _check_open(self):
        if self.handover_id.filtered(lambda h: h.state in ("done", "cancel")):
            raise UserError(self.env._("The checklist of a closed handover cannot change."))
