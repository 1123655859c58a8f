from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    custody_sync_salesperson = fields.Boolean(
        string="Salesperson follows custodian",
        default=True,
        help="When custody changes, the client's Salesperson becomes the new custodian's user; "
        "when a custody manager sets the Salesperson, custody follows.",
    )
