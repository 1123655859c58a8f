from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    """Upgraded from the exit obligations of client_custody: notices become exits."""
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    env["hr.exit"]._migrate_from_client_custody()
