from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    _inherit = "res.company"

    alumni_contact_cadence_days = fields.Integer(
        string="Alumni Contact Cadence (days)",
        default=90,
        help="Days between two personal contacts with a former employee.",
    )
    alumni_retention_years = fields.Integer(
        string="Alumni Data Retention (years)",
        default=5,
        help="Years after departure (or after the last renewed consent) before a member's "
        "personal data is anonymised.",
    )
    alumni_officer_id = fields.Many2one(
        "res.users",
        string="Default Alumni Officer",
        help="Receives the follow-up activities of members without an officer.",
    )

    @api.constrains("alumni_contact_cadence_days", "alumni_retention_years")
    def _check_alumni_settings(self):
        for company in self:
            if company.alumni_contact_cadence_days <= 0 or company.alumni_retention_years <= 0:
                raise ValidationError(
                    self.env._("The contact cadence and the retention period must be positive.")
                )
