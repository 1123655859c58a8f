from freezegun import freeze_time

from odoo.tests import new_test_user

from odoo.addons.client_custody_exit_cn.tests.common import ExitCase


class ExitInterviewCase(ExitCase):
    """The exit fixtures, with the leaver's department, private e-mail and time zone, the
    default exit-interview survey, and a salesperson who is also a Survey manager."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.department = cls.env["hr.department"].create({"name": "Key Accounts"})
        cls.leaver.department_id = cls.department
        cls.leaver.private_email = "leaver@home.example.com"
        cls.leaver.tz = "Asia/Shanghai"
        cls.survey = cls.env.ref("client_custody_exit_survey.survey_exit_interview")
        # A salesperson who is also a Survey officer and manager: still no exit interviews.
        cls.survey_seller = new_test_user(
            cls.env,
            login="exit_survey_seller",
            groups="base.group_user,client_custody.group_custody_user,survey.group_survey_manager",
        )

    def _sent(self):
        with freeze_time("2026-03-02 09:00:00"):
            exit_ = self._notice()
            exit_.with_user(self.hr_officer).action_send_exit_interview()
        return exit_

    def _answer(self, exit_, reasons, would_return):
        answer = exit_.sudo().exit_interview_ids
        questions = {q.exit_role: q for q in self.survey.question_ids}
        choices = questions["reasons"].suggested_answer_ids
        picked = choices.filtered(lambda c: c.exit_reason in reasons)
        answer._save_lines(questions["reasons"], picked.ids)
        yes_no = questions["would_return"].suggested_answer_ids
        answer._save_lines(
            questions["would_return"],
            yes_no.filtered(lambda c: c.exit_positive == would_return)[:1].id,
        )
        answer._save_lines(questions["kept_by"], "A clearer path to team lead")
        with freeze_time("2026-03-10 12:00:00"):
            answer._mark_done()
        return answer
