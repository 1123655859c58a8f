from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    custody_sync_salesperson = fields.Boolean(
        string="Salesperson follows custodian",
        default=True,
        help="When custody changes, the client's Salesperson becomes the new custodian's user; "
        "when a custody manager sets the Salesperson, custody follows.",
    )
    custody_leaver_account = fields.Selection(
        [
            ("archive", "Archive the account"),
            ("strip", "Keep the account, remove its access to clients"),
        ],
        string="Leaver's account",
        default="archive",
        required=True,
        help="What happens to the user of an employee who is archived, in the same transaction: "
        "archived, or kept without any group that reaches client data (custody, sales, "
        "contact editing).",
    )
