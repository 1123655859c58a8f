from odoo import fields, models


class EventEvent(models.Model):
    _inherit = "event.event"

    alumni_invitation_count = fields.Integer(
        compute="_compute_alumni_invitation_count",
        groups="alumni_network.group_alumni_officer",
    )

    def _compute_alumni_invitation_count(self):
        groups = self.env["alumni.interaction"]._read_group(
            [("event_id", "in", self.ids), ("kind", "=", "event")], ["event_id"], ["__count"]
        )
        counts = {event.id: count for event, count in groups}
        for event in self:
            event.alumni_invitation_count = counts.get(event.id, 0)

    def action_invite_alumni(self):
        """Invite the alumni who consented to events (and only them) to this event."""
        self.ensure_one()
        members = self.env["alumni.member"].search(
            self.env["alumni.member"]._consent_domain("events")
        )
        already = (
            self.env["alumni.interaction"]
            .search([("event_id", "=", self.id), ("kind", "=", "event")])
            .member_id
        )
        invited = (members - already)._invite_to_event(self)
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success" if invited else "warning",
                "message": self.env._(
                    "%(count)s alumni who consented to events were invited.",
                    count=len(invited),
                ),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }
