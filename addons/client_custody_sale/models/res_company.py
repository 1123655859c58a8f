from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    _inherit = "res.company"

    custody_outcome_contact_days = fields.Integer(
        string="Successor's first contact within (days)",
        default=14,
        help="A handed-over client the successor has not contacted (meeting, call or e-mail "
        "logged) this many days after it was accepted is at risk.",
    )
    custody_outcome_drop_percent = fields.Integer(
        string="Orders fall by more than (%)",
        default=50,
        help="A handed-over client whose sales of the 90 days after it was accepted fall by "
        "more than this against the 90 days before the handover is at risk.",
    )

    @api.constrains("custody_outcome_contact_days", "custody_outcome_drop_percent")
    def _check_custody_outcome_settings(self):
        for company in self:
            if company.custody_outcome_contact_days < 1:
                raise ValidationError(
                    self.env._("The successor's first contact needs at least one day.")
                )
            if not 0 < company.custody_outcome_drop_percent <= 100:
                raise ValidationError(
                    self.env._(
                        "The fall in orders that puts a client at risk is a percentage "
                        "between 1 and 100."
                    )
                )
