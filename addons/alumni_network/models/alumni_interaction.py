from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .alumni_member import KIND_PURPOSE


class AlumniInteraction(models.Model):
    _name = "alumni.interaction"
    _description = "Alumni Contact Log"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date desc, id desc"

    member_id = fields.Many2one(
        "alumni.member", required=True, ondelete="cascade", index=True, tracking=True
    )
    company_id = fields.Many2one(related="member_id.company_id", store=True, index=True)
    date = fields.Date(required=True, default=fields.Date.context_today, tracking=True)
    channel = fields.Selection(
        [
            ("phone", "Phone"),
            ("email", "Email"),
            ("wechat", "WeChat / WeCom"),
            ("meeting", "Meeting"),
            ("event", "Event"),
            ("other", "Other"),
        ],
        required=True,
        default="phone",
    )
    kind = fields.Selection(
        [
            ("first_contact", "First Contact"),
            ("career_advice", "Career Advice"),
            ("job_recommendation", "Job Recommendation"),
            ("event", "Event"),
            ("greeting", "Greeting"),
            ("hardship_support", "Hardship Support"),
            ("knowledge_sharing", "Knowledge Sharing"),
            ("feedback", "Feedback"),
        ],
        required=True,
        tracking=True,
    )
    satisfaction = fields.Selection(
        [
            ("0", "Not Rated"),
            ("1", "Very Dissatisfied"),
            ("2", "Dissatisfied"),
            ("3", "Neutral"),
            ("4", "Satisfied"),
            ("5", "Very Satisfied"),
        ],
        default="0",
        help="How satisfied the alumnus was, 1 (very dissatisfied) to 5 (very satisfied).",
    )
    satisfaction_score = fields.Integer(
        compute="_compute_satisfaction_score",
        store=True,
        aggregator="avg",
        help="Satisfaction as a number, for averages; empty when not rated.",
    )
    is_rated = fields.Boolean(compute="_compute_satisfaction_score", store=True)
    user_id = fields.Many2one("res.users", string="Logged By", default=lambda self: self.env.user)
    notes = fields.Text()
    event_id = fields.Many2one("event.event", index="btree_not_null", ondelete="set null")

    @api.depends("member_id.name", "kind")
    def _compute_display_name(self):
        kinds = dict(self._fields["kind"]._description_selection(self.env))
        for interaction in self:
            interaction.display_name = " - ".join(
                filter(None, [interaction.member_id.name, kinds.get(interaction.kind)])
            )

    @api.depends("satisfaction")
    def _compute_satisfaction_score(self):
        for interaction in self:
            interaction.satisfaction_score = int(interaction.satisfaction or 0)
            interaction.is_rated = interaction.satisfaction_score > 0

    @api.constrains("member_id", "kind")
    def _check_member_state(self):
        for interaction in self:
            state = interaction.member_id.state
            if state == "anonymized" or (interaction.kind == "greeting" and state != "active"):
                raise ValidationError(
                    self.env._(
                        "%(member)s is opted out or anonymised: no greeting or contact may be "
                        "logged.",
                        member=interaction.member_id.name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        interactions = super().create(vals_list)
        # Contacting a member is lawful only for a purpose the alumnus consented to.
        for kind, purpose in KIND_PURPOSE.items():
            interactions.filtered(lambda i, kind=kind: i.kind == kind).member_id._check_consent(
                purpose
            )
        # The first contact brings the service guide.
        firsts = interactions.filtered(lambda i: i.kind == "first_contact").member_id
        (firsts - self._members_with_guide(firsts, interactions))._send_service_guide()
        # Contact made: the reminders for it are answered.
        members = interactions.member_id
        firsts.activity_unlink(["alumni_network.mail_activity_alumni_first_contact"])
        members.activity_unlink(["alumni_network.mail_activity_alumni_contact_due"])
        return interactions

    @api.model
    def _members_with_guide(self, members, new_interactions):
        """Members who already had a first contact before ``new_interactions``: no second guide."""
        return self.search(
            [
                ("member_id", "in", members.ids),
                ("kind", "=", "first_contact"),
                ("id", "not in", new_interactions.ids),
            ]
        ).member_id
