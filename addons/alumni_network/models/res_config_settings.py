from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    alumni_contact_cadence_days = fields.Integer(
        related="company_id.alumni_contact_cadence_days", readonly=False
    )
    alumni_retention_years = fields.Integer(
        related="company_id.alumni_retention_years", readonly=False
    )
    alumni_retention_max_years = fields.Integer(
        related="company_id.alumni_retention_max_years", readonly=False
    )
    alumni_officer_id = fields.Many2one(related="company_id.alumni_officer_id", readonly=False)
    alumni_feedback_days = fields.Integer(related="company_id.alumni_feedback_days", readonly=False)
