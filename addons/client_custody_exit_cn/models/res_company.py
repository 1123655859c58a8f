from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    _inherit = "res.company"

    # Issue 13: the handover of core clients is approved by default.
    custody_handover_approval = fields.Boolean(default=True)
    exit_local_average_wage = fields.Monetary(
        string="Local average monthly wage",
        currency_field="currency_id",
        help="Published by the local government for the previous year. Above three times this "
        "wage, the economic compensation is capped at that and at 12 years (art. 47).",
    )
    exit_local_minimum_wage = fields.Monetary(
        string="Local minimum monthly wage",
        currency_field="currency_id",
        help="The floor of the economic compensation's monthly base (Implementing Regulations "
        "art. 27) and of the monthly non-compete compensation (SPC Interpretation I art. 36).",
    )

    @api.constrains("exit_local_average_wage", "exit_local_minimum_wage")
    def _check_exit_local_wages(self):
        for company in self:
            if company.exit_local_average_wage < 0 or company.exit_local_minimum_wage < 0:
                raise ValidationError(
                    self.env._(
                        "The local wages of %(company)s cannot be negative.", company=company.name
                    )
                )
