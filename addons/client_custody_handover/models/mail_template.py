from odoo import models

from .custody_handover_notice import NOTICE_CLIENT, NOTICE_DEADLINE, NOTICE_URL


class MailTemplate(models.Model):
    _inherit = "mail.template"

    def _render_eval_context(self):
        """The client notice's own variables, for any rendering of a template on handovers.

        The notice engine gives them their values (``custody.handover.notice._render``); Odoo
        also renders a template on a sample record when it is saved or previewed, without
        them: there they name nobody, so that a company can edit its letter at any time."""
        values = super()._render_eval_context()
        if len(self) == 1 and self.render_model == "custody.handover":
            nobody = self.env["hr.employee"]
            values.setdefault("successor", nobody)
            values.setdefault("previous", nobody)
            values.setdefault("client_name", NOTICE_CLIENT)
            values.setdefault("deadline", NOTICE_DEADLINE)
            values.setdefault("decline_url", NOTICE_URL)
        return values
