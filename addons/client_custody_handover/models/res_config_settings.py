from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    custody_refusal_hours = fields.Integer(
        related="company_id.custody_refusal_hours", readonly=False
    )
    custody_handover_approval = fields.Boolean(
        related="company_id.custody_handover_approval", readonly=False
    )
    custody_transfer_limit = fields.Integer(
        related="company_id.custody_transfer_limit", readonly=False
    )
    custody_transfer_period_days = fields.Integer(
        related="company_id.custody_transfer_period_days", readonly=False
    )
    custody_undo_days = fields.Integer(related="company_id.custody_undo_days", readonly=False)
    custody_departure_strategy = fields.Selection(
        related="company_id.custody_departure_strategy", readonly=False
    )
    custody_background_threshold = fields.Integer(
        related="company_id.custody_background_threshold", readonly=False
    )
    custody_approver_id = fields.Many2one(related="company_id.custody_approver_id", readonly=False)
    custody_company_tz = fields.Selection(
        related="company_id.partner_id.tz",
        string="Company time zone",
        readonly=False,
        help="Deadlines in client notices are written in the client's time zone, or in this "
        "one for clients who have none.",
    )
