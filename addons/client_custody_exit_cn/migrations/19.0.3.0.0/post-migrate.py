from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    """19.0.3: the compensation in its two periods (art. 97), the N+1 month and the 2N 赔偿金 as
    their own figures, held only for the employee's own handover: unpaid exits are recomputed."""
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    env["hr.exit"]._migrate_severance_figures()
