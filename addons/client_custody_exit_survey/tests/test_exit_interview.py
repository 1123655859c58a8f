from datetime import date, datetime

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import ExitInterviewCase


@tagged("post_install", "-at_install")
class TestExitInterview(ExitInterviewCase):
    """The exit interview on Odoo Survey: sent within the notice period, answered, reported,
    and read by HR only."""

    def test_sent_within_the_notice_period(self):
        """HR sends the survey: one answer linked to the exit, due by the last working day."""
        exit_ = self._sent()
        answer = exit_.sudo().exit_interview_ids
        self.assertEqual(len(answer), 1)
        self.assertEqual(answer.survey_id, self.survey)
        self.assertEqual(answer.email, "leaver@home.example.com")
        self.assertEqual(exit_.last_working_day, date(2026, 4, 1))
        # 23:59:59 on the last working day in Shanghai is 15:59:59 UTC.
        self.assertEqual(answer.deadline, datetime(2026, 4, 1, 15, 59, 59))
        self.assertLess(answer.deadline.date(), date(2026, 4, 2))
        self.assertEqual(exit_.sudo().exit_interview_state, "new")
        mail = self.env["mail.mail"].sudo().search([("email_to", "=", "leaver@home.example.com")])
        self.assertEqual(len(mail), 1, "the invitation is queued for the leaver")
        self.assertIn(answer.access_token, mail.body_html)

    def test_refused_outside_the_notice_period(self):
        """No interview once the last working day has passed, nor before the notice is open;
        nobody but HR sends it."""
        with freeze_time("2026-03-02 09:00:00"):
            exit_ = self._notice()
            with self.assertRaises(UserError):
                exit_.with_user(self.manager_user).action_send_exit_interview()
        with freeze_time("2026-04-02 09:00:00"), self.assertRaises(UserError):
            exit_.with_user(self.hr_officer).action_send_exit_interview()
        self.assertFalse(exit_.sudo().exit_interview_ids)

    def test_answered_and_reported(self):
        """The answers reach the report of reasons by department, manager and tenure."""
        exit_ = self._sent()
        self._answer(exit_, {"growth", "manager"}, would_return=True)
        exit_.with_user(self.hr_officer).regretted_loss = True
        self.assertEqual(exit_.sudo().exit_interview_state, "done")
        Report = self.env["hr.exit.interview.report"].with_user(self.hr_officer)
        rows = Report.search([("exit_id", "=", exit_.id)])
        self.assertEqual(set(rows.mapped("reason")), {"growth", "manager"})
        self.assertEqual(rows.department_id, self.department)
        self.assertEqual(rows.manager_id, self.manager)
        self.assertEqual(set(rows.mapped("tenure")), {"over_5"}, "since 2020-01-01")
        self.assertTrue(all(rows.mapped("regretted_loss")))
        self.assertTrue(all(rows.mapped("would_return")))
        groups = Report._read_group(
            [("exit_id", "=", exit_.id)], ["reason", "department_id"], ["leaver_count:sum"]
        )
        self.assertEqual(
            {(reason, department, count) for reason, department, count in groups},
            {("growth", self.department, 1), ("manager", self.department, 1)},
        )

    def test_unreadable_to_salespeople(self):
        """A salesperson, even a Survey manager, and a custody manager cannot read the answers."""
        exit_ = self._sent()
        answer = self._answer(exit_, {"pay"}, would_return=False)
        for user in (self.leaver_user, self.sales_users[1], self.survey_seller, self.manager_user):
            with self.subTest(user=user.login):
                with self.assertRaises(AccessError):
                    self.env["survey.user_input"].with_user(user).browse(answer.id).read(["state"])
                with self.assertRaises(AccessError):
                    answer.user_input_line_ids[:1].with_user(user).read(["value_text_box"])
                with self.assertRaises(AccessError):
                    self.env["hr.exit.interview.report"].with_user(user).search([])
        self.assertFalse(
            self.env["survey.user_input"]
            .with_user(self.survey_seller)
            .search([("id", "=", answer.id)]),
            "the survey officers' rules do not cover exit interviews",
        )
        # The custody manager reads the exit, never its interview nor the regretted flag.
        with self.assertRaises(AccessError):
            exit_.with_user(self.manager_user).read(["exit_interview_ids"])
        with self.assertRaises(AccessError):
            exit_.with_user(self.manager_user).read(["regretted_loss"])
        self.assertEqual(answer.with_user(self.hr_officer).state, "done")
