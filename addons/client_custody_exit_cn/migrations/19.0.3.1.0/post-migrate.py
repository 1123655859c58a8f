from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    """19.0.3.1: custody managers no longer read exits (issue 27, item 8): their activities move
    to the handover, and users outside HR stop following exits."""
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    env["hr.exit"]._migrate_exit_readers()
