from odoo import api, fields, models
from odoo.exceptions import ValidationError

# The allowed range of each alumni setting, checked in one place. Retention is capped at 30 years
# (PIPL keeps personal data only as long as its purpose needs; no HR purpose outlives that), the
# contact cadence at ten years and the answer time to an alumnus at one quarter.
ALUMNI_SETTING_RANGES = {
    "alumni_contact_cadence_days": (1, 3650),
    "alumni_retention_years": (1, 30),
    "alumni_retention_max_years": (1, 30),
    "alumni_feedback_days": (1, 90),
}


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

    @api.constrains(*ALUMNI_SETTING_RANGES)
    def _check_alumni_settings(self):
        """Each alumni setting within its range (a retention of 2e9 years would overflow every
        date computed from it), and the maximum retention not shorter than the retention."""
        for company in self:
            for fname, (low, high) in ALUMNI_SETTING_RANGES.items():
                value = company[fname]
                if not low <= value <= high:
                    raise ValidationError(
                        self.env._(
                            "%(setting)s must be between %(low)s and %(high)s (it is %(value)s).",
                            setting=self._fields[fname]._description_string(self.env),
                            low=low,
                            high=high,
                            value=value,
                        )
                    )
            if company.alumni_retention_max_years < company.alumni_retention_years:
                raise ValidationError(
                    self.env._("The maximum retention cannot be shorter than the retention period.")
                )
