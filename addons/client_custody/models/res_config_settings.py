from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    custody_sync_salesperson = fields.Boolean(
        related="company_id.custody_sync_salesperson", readonly=False
    )
    custody_leaver_account = fields.Selection(
        related="company_id.custody_leaver_account", readonly=False
    )
