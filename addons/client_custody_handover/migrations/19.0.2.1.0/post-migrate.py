"""19.0.2.1.0: the notice is rendered from a QWeb view (set-based); the old mail template goes."""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    template = env.ref(
        "client_custody_handover.mail_template_custody_handover_notice", raise_if_not_found=False
    )
    if template:
        template.unlink()
    # Lines requeued by the pre-migration are rendered (or get their call) at once.
    env.ref("client_custody_handover.ir_cron_custody_handover_notices")._trigger()
