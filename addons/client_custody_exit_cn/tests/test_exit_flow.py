from datetime import date

from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from .common import ExitCase


@tagged("post_install", "-at_install")
class TestExitFlow(ExitCase):
    def test_whole_exit(self):
        """Notice → handover during the notice period → introductions → departure registered
        with the handover still open → compensation on hold → handover done → payable → paid."""
        self.company.custody_handover_approval = True
        # Art. 40: the employer terminates with 30 days' notice; compensation is due.
        with freeze_time("2026-03-02 09:00:00"):
            exit_ = self._notice(termination_kind="incapacity_notice")
        self.assertEqual(exit_.state, "notice")
        self.assertEqual(exit_.last_working_day, date(2026, 4, 1))
        self.assertEqual(self.leaver.exit_last_working_day, date(2026, 4, 1))
        self.assertTrue(exit_.severance_due)
        # The draft departure handover of the current clients, by the company's default
        # strategy (the manager), with its checklist.
        handover = exit_.handover_id.with_user(self.manager_user)
        self.assertEqual((handover.kind, handover.state), ("departure", "draft"))
        self.assertEqual(handover.line_ids.partner_id, self.core_clients | self.personal_client)
        self.assertEqual(set(handover.line_ids.successor_id.ids), {self.manager.id})
        self.assertTrue(handover.item_ids.filtered(lambda i: i.name == "Laptop"))
        self.assertEqual(set(handover.line_ids.mapped("introduction_state")), {"planned"})
        # The plan: four activities, every deadline inside the notice period; the manager's
        # (a custody manager, who does not read exits) on the handover, HR's on the exit.
        plan = exit_.activity_ids | exit_.handover_id.activity_ids
        self.assertEqual(
            set(plan.mapped("summary")),
            {
                "Plan the handover",
                "Introduce the successor to each core client",
                "Return company items",
                "Exit interview",
            },
        )
        for activity in plan:
            self.assertTrue(date(2026, 3, 2) <= activity.date_deadline <= date(2026, 4, 1))
        self.assertEqual(
            plan.filtered(lambda a: a.summary == "Plan the handover").user_id, self.manager_user
        )
        self.assertEqual(
            plan.filtered(lambda a: a.summary == "Exit interview").user_id, self.hr_officer
        )
        self.assertEqual(exit_.activity_ids.mapped("summary"), ["Exit interview"])
        self._handover_during_notice(exit_, handover)
        self._departure_with_handover_open(exit_, handover)
        self._handover_done_then_paid(exit_, handover)

    def _handover_during_notice(self, exit_, handover):
        # The manager adjusts the plan and starts the handover during the notice period.
        with freeze_time("2026-03-04 09:00:00"):
            form = Form(handover)
            for index in range(len(handover.line_ids)):
                with form.line_ids.edit(index) as line:
                    line.successor_id = self.successor
            form.save()
            handover.action_start()
            self.assertEqual(handover.state, "to_approve")
            approvers = handover.activity_ids.user_id
            self.assertIn(self.manager_user, approvers)
            self.assertNotIn(self.leaver_user, approvers)
            handover.action_approve()
            self.assertEqual(handover.state, "in_progress")
        # Introductions, one per client line, with date and channel.
        with freeze_time("2026-03-10 09:00:00"):
            form = Form(handover)
            for index in range(len(handover.line_ids)):
                with form.line_ids.edit(index) as line:
                    line.introduction_state = "done"
                    line.introduction_date = date(2026, 3, 10)
                    line.introduction_channel = "visit" if index % 2 else "wecom"
            form.save()
        exit_.invalidate_recordset()
        self.assertEqual((exit_.introduction_done_count, exit_.introduction_count), (4, 4))

    def _departure_with_handover_open(self, exit_, handover):
        # Departure registered while the handover still runs: never refused.
        with freeze_time("2026-04-01 18:00:00"):
            form = self._departure_form(self.leaver)
            self.assertEqual(form.departure_date, date(2026, 4, 1), "the last working day")
            self.assertTrue(form.exit_has_outstanding)
            self.assertIn(handover.name, form.exit_outstanding_html)
            # HR without custody rights is sent to the exit, which shows the handover's state.
            self.assertIn(f"/odoo/hr.exit/{exit_.id}", form.exit_outstanding_html)
            form.save().action_register_departure()
        self.assertFalse(self.leaver.active)
        self.assertEqual(exit_.state, "departed")
        self.assertEqual(exit_.departure_date, date(2026, 4, 1))
        self.assertEqual(exit_.file_transfer_due, date(2026, 4, 16))
        transfer = exit_.activity_ids.filtered(
            lambda a: a.summary == "Transfer the personnel file and social insurance"
        )
        self.assertEqual(transfer.date_deadline, date(2026, 4, 16))
        self.assertIn("with the handover outstanding", self._messages(exit_))
        self.assertIn("still open", self._messages(handover))
        self.assertEqual(exit_.severance_state, "on_hold")
        # The certificate is printable at departure, whatever the handover.
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html(
                "client_custody_exit_cn.action_report_termination_certificate", exit_.ids
            )[0]
            .decode()
        )
        self.assertIn("Certificate of the Dissolution of the Labour Contract", html)
        self.assertIn("This is hereby certified.", html)
        self.assertIn(self.leaver.name, html)
        self.assertIn("6 year(s) and 3 month(s)", html)
        # Paying while the employee's own handover is incomplete (the laptop is not returned)
        # is refused and changes nothing.
        exit_manager = exit_.with_user(self.hr_manager)
        exit_manager.severance_wage_average = 8000.0
        self.assertFalse(exit_.employee_handover_done)
        with self.assertRaises(UserError) as caught:
            exit_manager.action_pay_severance()
        self.assertIn("the employee's own handover is not complete", str(caught.exception))
        self.assertFalse(exit_.severance_paid_date)

    def _handover_done_then_paid(self, exit_, handover):
        exit_manager = exit_.with_user(self.hr_manager)
        # The clients are told (no e-mail address: their successors call them), the refusal
        # window closes, the items come back: done.
        with freeze_time("2026-03-05 10:00:00"):
            self.env["custody.handover"]._cron_send_notices()
            handover.line_ids.filtered(lambda line: line.state == "waiting").action_told_by_call()
        with freeze_time("2026-04-03 10:00:00"):
            self.env["custody.handover"]._cron_process_batches()
            handover.item_ids.filtered(lambda i: i.state == "pending").action_mark_returned()
        self.assertEqual(handover.state, "done")
        self.assertEqual(exit_.severance_state, "payable")
        # Due when the employee's own handover was completed (the laptop came back on 3 April).
        self.assertEqual(exit_.employee_handover_done_date, date(2026, 4, 3))
        self.assertEqual(exit_.severance_due_date, date(2026, 4, 3))
        self.assertIn("economic compensation is payable", self._messages(exit_))
        # 1 Jan 2020 – 1 Apr 2026: 6 years and 3 months → 6.5 months of compensation.
        self.assertEqual(exit_.severance_months, 6.5)
        self.assertEqual(exit_manager.severance_amount, 52000.0)
        with freeze_time("2026-04-10"):
            exit_manager.action_pay_severance()
        self.assertEqual(exit_.severance_state, "paid")
        self.assertEqual(exit_.severance_paid_date, date(2026, 4, 10))
        self.assertEqual(exit_.severance_paid_by_id, self.hr_manager)
        # Paid: the figures are history, whatever the settings or the wages do later.
        self.company.exit_local_average_wage = 1000.0
        self.assertEqual(exit_manager.severance_amount, 52000.0)
        with self.assertRaises(UserError):
            exit_manager.severance_wage_average = 9000.0
        with freeze_time("2026-04-12"):
            exit_.with_user(self.hr_officer).action_file_transferred()
        self.assertEqual(exit_.file_transfer_date, date(2026, 4, 12))
        exit_.with_user(self.hr_officer).action_close()
        self.assertEqual(exit_.state, "closed")

    def test_certificate_in_chinese(self):
        """The certificate prints in the employee's language: Chinese for a zh_CN employee, 解除
        as the facts are (never 解除（终止）), ending 特此证明."""
        self.env["res.lang"]._activate_lang("zh_CN")
        self.colleague.job_title = "Sales Engineer"
        self.env["ir.module.module"]._load_module_terms(["client_custody_exit_cn"], ["zh_CN"])
        self.colleague.work_contact_id.lang = "zh_CN"
        self.colleague.version_id.sudo().contract_date_start = date(2024, 3, 1)
        exit_ = self._notice(self.colleague, notice_date=date(2026, 3, 2))
        self._register_departure(self.colleague, departure_date=date(2026, 4, 1))
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html(
                "client_custody_exit_cn.action_report_termination_certificate", exit_.ids
            )[0]
            .decode()
        )
        self.assertIn("解除劳动合同证明书", html)
        self.assertNotIn("终止", html)
        self.assertIn("兹证明", html)
        self.assertIn("2 年 1 个月", html)
        self.assertIn("特此证明", html)

    def test_certificate_not_before_departure(self):
        """The termination certificate is issued at departure, not during the notice."""
        exit_ = self._notice()
        with self.assertRaises(UserError):
            exit_.action_print_certificate()

    def test_withdrawn_notice_cancels_draft_handover(self):
        """A notice withdrawn with the company's agreement cancels the prepared handover."""
        exit_ = self._notice()
        handover = exit_.handover_id.sudo()
        exit_.with_user(self.hr_officer).action_cancel()
        self.assertEqual((exit_.state, handover.state), ("cancel", "cancel"))
        self.assertFalse(self.leaver.exit_notice_date)
        self.assertFalse(exit_.activity_ids)
