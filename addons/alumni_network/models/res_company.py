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
        help="Years after departure (or after the latest consent in force) before a member's "
        "personal data is anonymised.",
    )
    alumni_retention_max_years = fields.Integer(
        string="Alumni Data Retention Maximum (years)",
        default=10,
        help="However often consent is renewed, personal data is anonymised this many years "
        "after departure.",
    )
    alumni_officer_id = fields.Many2one(
        "res.users",
        string="Default Alumni Officer",
        domain="[('share', '=', False)]",
        help="Receives the first-contact and follow-up activities of members without an officer.",
    )
    alumni_feedback_days = fields.Integer(
        string="Alumni Feedback Answer Time (days)",
        default=5,
        help="Days the owner of an alumnus' complaint or feedback has to answer it.",
    )

    @api.constrains(
        "alumni_contact_cadence_days",
        "alumni_retention_years",
        "alumni_retention_max_years",
        "alumni_feedback_days",
    )
    def _check_alumni_settings(self):
        for company in self:
            if (
                company.alumni_contact_cadence_days <= 0
                or company.alumni_retention_years <= 0
                or company.alumni_feedback_days <= 0
            ):
                raise ValidationError(
                    self.env._(
                        "The contact cadence, the retention period and the answer time must "
                        "be positive."
                    )
                )
            if company.alumni_retention_max_years < company.alumni_retention_years:
                raise ValidationError(
                    self.env._("The maximum retention cannot be shorter than the retention period.")
                )
