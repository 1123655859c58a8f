from datetime import datetime, time

import pytz

from odoo import api, fields, models
from odoo.exceptions import UserError

from .survey_survey import HR_USER


class HrExit(models.Model):
    _inherit = "hr.exit"

    exit_survey_id = fields.Many2one(
        "survey.survey",
        string="Exit interview survey",
        domain="[('survey_type', '=', 'exit_interview')]",
        default=lambda self: self.env.ref(
            "client_custody_exit_survey.survey_exit_interview", raise_if_not_found=False
        ),
        groups=HR_USER,
    )
    exit_interview_ids = fields.One2many(
        "survey.user_input", "exit_id", string="Exit interview answers", groups=HR_USER
    )
    exit_interview_deadline = fields.Datetime(
        string="Answer by",
        readonly=True,
        copy=False,
        groups=HR_USER,
        help="The end of the last working day: the interview is answered within the notice period.",
    )
    exit_interview_state = fields.Selection(
        [("new", "Sent"), ("in_progress", "Being answered"), ("done", "Answered")],
        compute="_compute_exit_interview_state",
        groups=HR_USER,
    )
    regretted_loss = fields.Boolean(
        tracking=True,
        copy=False,
        groups=HR_USER,
        help="HR's judgement: the company would have wanted to keep this person.",
    )

    @api.depends("exit_interview_ids.state")
    def _compute_exit_interview_state(self):
        for record in self:
            answer = record.exit_interview_ids.sorted("id")[-1:]
            record.exit_interview_state = answer.state or False

    def action_send_exit_interview(self):
        """Send the exit interview to the leaver, to answer by the end of the last working day
        (inside the notice period); the answers are linked to the exit and read by HR only."""
        if not self.env.user.has_group(HR_USER):
            raise UserError(self.env._("Only HR sends exit interviews."))
        template = self.env.ref("survey.mail_template_user_input_invite")
        for record in self:
            employee = record.employee_id.sudo()
            if record.state != "notice":
                raise UserError(
                    self.env._(
                        "The exit interview is sent during the notice period: %(name)s is not "
                        "in it.",
                        name=record.display_name,
                    )
                )
            survey = record.exit_survey_id
            if not survey or not survey.active:
                raise UserError(self.env._("Choose the exit interview survey first."))
            deadline = record._exit_interview_deadline()
            if not deadline or deadline <= fields.Datetime.now():
                raise UserError(
                    self.env._(
                        "The last working day of %(employee)s has passed: the exit interview "
                        "can no longer be answered within the notice period.",
                        employee=employee.name,
                    )
                )
            email = employee.private_email or employee.work_email
            if not email:
                raise UserError(
                    self.env._(
                        "%(employee)s has no private or work e-mail address to receive the "
                        "exit interview.",
                        employee=employee.name,
                    )
                )
            answer = survey.sudo()._create_answer(
                partner=employee.work_contact_id,
                email=email,
                check_attempts=False,
                deadline=deadline,
                exit_id=record.id,
            )
            # Where the leaver reads it after the work mailbox is returned.
            answer.email = email
            template.sudo().send_mail(
                answer.id, email_values={"email_to": email, "recipient_ids": []}
            )
            record.sudo().exit_interview_deadline = deadline
            record.message_post(
                body=self.env._(
                    "Exit interview sent to %(email)s, to answer by %(deadline)s.",
                    email=email,
                    deadline=fields.Datetime.to_string(deadline),
                )
            )
        return True

    def action_view_exit_interview(self):
        self.ensure_one()
        answer = self.exit_interview_ids.sorted("id")[-1:]
        return {
            "type": "ir.actions.act_window",
            "res_model": "survey.user_input",
            "res_id": answer.id,
            "view_mode": "form",
            "name": self.env._("Exit interview"),
        }

    def _exit_interview_deadline(self):
        """The end of the last working day in the employee's time zone, in UTC."""
        self.ensure_one()
        if not self.last_working_day:
            return False
        tz = pytz.timezone(self.employee_id.sudo().tz or self.env.user.tz or "UTC")
        local = tz.localize(datetime.combine(self.last_working_day, time(23, 59, 59)))
        return local.astimezone(pytz.UTC).replace(tzinfo=None)
