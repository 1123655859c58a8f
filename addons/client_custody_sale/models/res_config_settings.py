from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    custody_outcome_contact_days = fields.Integer(
        related="company_id.custody_outcome_contact_days", readonly=False
    )
    custody_outcome_drop_percent = fields.Integer(
        related="company_id.custody_outcome_drop_percent", readonly=False
    )
