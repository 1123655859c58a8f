from odoo import fields, models

OUTCOMES = [
    ("agree", "WeCom and Odoo agree"),
    ("in_progress", "On its way in WeCom"),
    ("repaired", "Requested again in WeCom"),
    ("queued", "Sent to the reassignment queue"),
    ("lost", "Lost in WeCom"),
]


class WecomReconcileLine(models.Model):
    """One customer of a launched handover, as the daily reconciliation found it: who holds
    it in Odoo, who follows it in WeCom, and what was done about a difference."""

    _name = "wecom.reconcile.line"
    _description = "WeCom Reconciliation Result"
    _order = "id desc"

    handover_id = fields.Many2one(
        "custody.handover", required=True, index=True, ondelete="cascade", readonly=True
    )
    company_id = fields.Many2one(related="handover_id.company_id", store=True)
    line_id = fields.Many2one("custody.handover.line", ondelete="cascade", readonly=True)
    partner_id = fields.Many2one(related="line_id.partner_id", string="Client")
    external_userid = fields.Char(readonly=True)
    contact_id = fields.Many2one("wecom.contact", ondelete="set null", readonly=True)
    odoo_holder_id = fields.Many2one("hr.employee", string="Holder in Odoo", readonly=True)
    wecom_holders = fields.Char(string="Followers in WeCom", readonly=True)
    outcome = fields.Selection(OUTCOMES, required=True, readonly=True, index=True)
    checked_on = fields.Datetime(readonly=True)
