from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    exit_currency_id = fields.Many2one(related="company_id.currency_id", string="Wage currency")
    exit_local_average_wage = fields.Monetary(
        related="company_id.exit_local_average_wage",
        readonly=False,
        currency_field="exit_currency_id",
    )
    exit_local_minimum_wage = fields.Monetary(
        related="company_id.exit_local_minimum_wage",
        readonly=False,
        currency_field="exit_currency_id",
    )
