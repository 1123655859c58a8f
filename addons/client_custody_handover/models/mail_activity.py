from odoo import models


class MailActivity(models.Model):
    _inherit = "mail.activity"

    def _action_done(self, feedback=False, attachment_ids=None):
        """The successor's call or visit to a client without an e-mail address, marked done,
        tells the client: the refusal window opens then (the channel is the visit for a
        meeting, else the call, unless the line's own button says which)."""
        lines = (
            self.env["custody.handover.line"]
            .sudo()
            .search(
                [
                    ("told_activity_id", "in", self.ids),
                    ("state", "=", "waiting"),
                    ("told_at", "=", False),
                ]
            )
            if self.ids
            else self.env["custody.handover.line"]
        )
        channel = self.env.context.get("custody_told_channel")
        by_activity = {line.told_activity_id: line for line in lines}
        result = super()._action_done(feedback=feedback, attachment_ids=attachment_ids)
        for activity, line in by_activity.items():
            told_by = channel or (
                "visit" if activity.sudo().activity_type_id.category == "meeting" else "call"
            )
            line._mark_told(told_by)
        return result
