from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError


class AlumniFeedback(models.Model):
    _name = "alumni.feedback"
    _description = "Alumni Complaint / Feedback"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date_received desc, id desc"

    name = fields.Char(string="Reference", readonly=True, copy=False, default="/")
    member_id = fields.Many2one(
        "alumni.member", required=True, ondelete="cascade", index=True, tracking=True
    )
    company_id = fields.Many2one(related="member_id.company_id", store=True, index=True)
    department_id = fields.Many2one(related="member_id.department_id", store=True)
    kind = fields.Selection(
        [("complaint", "Complaint"), ("feedback", "Feedback"), ("suggestion", "Suggestion")],
        required=True,
        default="feedback",
        tracking=True,
    )
    description = fields.Text(string="Message")
    date_received = fields.Date(required=True, default=fields.Date.context_today, readonly=True)
    user_id = fields.Many2one(
        "res.users",
        string="Owner",
        required=True,
        tracking=True,
        domain="[('share', '=', False)]",
        help="Answers the alumnus by the deadline.",
    )
    date_deadline = fields.Date(
        string="Answer By",
        compute="_compute_date_deadline",
        store=True,
        precompute=True,
        readonly=False,
        required=True,
        tracking=True,
    )
    submitted_from = fields.Char(
        copy=False,
        index="btree_not_null",
        groups="base.group_system",
        help="Keyed digest of the address the no-login page was posted from (never the address "
        "itself): what the per-address limit counts.",
    )
    answer = fields.Text()
    date_answered = fields.Date(readonly=True, copy=False)
    state = fields.Selection(
        [("new", "To Answer"), ("answered", "Answered")],
        required=True,
        default="new",
        tracking=True,
        index=True,
    )
    answered_in_time = fields.Boolean(compute="_compute_answered_in_time", store=True)

    @api.depends("date_received", "member_id.company_id.alumni_feedback_days")
    def _compute_date_deadline(self):
        for feedback in self:
            days = feedback.member_id.company_id.alumni_feedback_days or 5
            received = feedback.date_received or fields.Date.context_today(self)
            feedback.date_deadline = received + relativedelta(days=days)

    @api.depends("date_answered", "date_deadline")
    def _compute_answered_in_time(self):
        for feedback in self:
            feedback.answered_in_time = bool(
                feedback.date_answered and feedback.date_answered <= feedback.date_deadline
            )

    @api.model_create_multi
    def create(self, vals_list):
        members = self.env["alumni.member"].sudo()
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                vals["name"] = self.env["ir.sequence"].sudo().next_by_code("alumni.feedback") or "/"
            if not vals.get("user_id") and vals.get("member_id"):
                vals["user_id"] = members.browse(vals["member_id"])._officer().id
        feedbacks = super().create(vals_list)
        feedbacks.member_id._check_not_anonymized()
        model_id = self.env["ir.model"]._get_id(self._name)
        self.env["mail.activity"].sudo().create(
            [
                {
                    "res_model_id": model_id,
                    "res_id": feedback.id,
                    "activity_type_id": self.env.ref("mail.mail_activity_data_todo").id,
                    "date_deadline": feedback.date_deadline,
                    "summary": feedback.member_id._env_for(feedback.user_id)._(
                        "Answer the alumnus"
                    ),
                    "user_id": feedback.user_id.id,
                    "automated": True,
                }
                for feedback in feedbacks
            ]
        )
        return feedbacks

    def action_answer(self):
        """Record the answer and send it to the alumnus who wrote."""
        for feedback in self:
            if feedback.state != "new":
                raise UserError(self.env._("This message was already answered."))
            if not (feedback.answer or "").strip():
                raise UserError(self.env._("Write the answer before sending it."))
        self.write({"state": "answered", "date_answered": fields.Date.context_today(self)})
        for feedback in self:
            partner = feedback.member_id.sudo().partner_id
            feedback.message_post(
                body=feedback.answer,
                subject=self.env._("Answer to your message %(ref)s", ref=feedback.name),
                partner_ids=partner.ids if partner.email else [],
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
            )
        self.activity_ids.sudo().unlink()
        return True
