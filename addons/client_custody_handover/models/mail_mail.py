from odoo import models


class MailMail(models.Model):
    _inherit = "mail.mail"

    def _postprocess_sent_message(
        self, success_pids, success_emails, failure_reason=False, failure_type=None
    ):
        """A client notice sent tells the client (the refusal window opens now); one that
        fails leaves the client untold, the error on the handover, and is retried."""
        notices = self.filtered(lambda mail: mail.model == "custody.handover.line" and mail.res_id)
        if notices:
            lines = self.env["custody.handover.line"].sudo().browse(notices.mapped("res_id"))
            lines = lines.exists()
            if failure_type and not success_emails:
                lines._notice_failed(failure_reason or failure_type)
            else:
                lines._mark_told("email")
        return super()._postprocess_sent_message(
            success_pids, success_emails, failure_reason=failure_reason, failure_type=failure_type
        )
