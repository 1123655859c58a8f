from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from ..severance import pre2008_months, severance_split
from .common import ExitCase


@tagged("post_install", "-at_install")
class TestSeveranceLaw(ExitCase):
    """The worked cases of issue 27, each figure written out."""

    def _departed(self, start, end, kind, wage, employee=None, **values):
        exit_ = self.Exit.create(
            {
                "employee_id": (employee or self.leaver).id,
                "termination_kind": kind,
                "notice_date": end,
                "service_date_start": start,
                "severance_wage_average": wage,
                **values,
            }
        )
        exit_._register_departure(end)
        return exit_

    def test_pre2008_mutual_agreement_45000(self):
        """Art. 97: 2006-10-01 to 2010-02-28, mutual agreement proposed by the employer, wage
        10,000 → before 2008: 1 year 3 months, a started year counts → 2 months; from 2008:
        2 years 2 months → 2.5 months; 4.5 × 10,000 = 45,000."""
        self.company.exit_local_average_wage = 0.0
        exit_ = self._departed(date(2006, 10, 1), date(2010, 2, 28), "mutual_employer", 10000.0)
        self.assertEqual(exit_.severance_months_before_2008, 2.0)
        self.assertEqual(exit_.severance_months_since_2008, 2.5)
        self.assertEqual(exit_.severance_months, 4.5)
        self.assertEqual(exit_.severance_amount_before_2008, 20000.0)
        self.assertEqual(exit_.severance_amount_since_2008, 25000.0)
        self.assertEqual(exit_.severance_amount, 45000.0)

    def test_pre2008_fixed_term_170000(self):
        """Art. 97: 2005-01-01 to 2024-12-31, fixed term not renewed by the employer, wage
        10,000: nothing for the three years before 2008 (a term ending owed nothing then);
        17 years from 2008 → 17 × 10,000 = 170,000 (wage under 3 × 10,000: no cap)."""
        exit_ = self._departed(date(2005, 1, 1), date(2024, 12, 31), "fixed_term_expiry", 10000.0)
        self.assertEqual(exit_.severance_months_before_2008, 0.0)
        self.assertEqual(exit_.severance_months_since_2008, 17.0)
        self.assertEqual(exit_.severance_amount, 170000.0)

    def test_pre2008_high_earner_832000(self):
        """Art. 97 with art. 47's caps from 2008 only: 2000-01-01 to 2024-12-31, redundancy,
        wage 50,000, local average 12,000: 8 × 50,000 (no cap before 2008) + 12 × 36,000
        (capped wage and years from 2008) = 400,000 + 432,000 = 832,000. The whole tenure
        under art. 47 gave 12 × 36,000 = 432,000: 400,000 short."""
        self.company.exit_local_average_wage = 12000.0
        exit_ = self._departed(date(2000, 1, 1), date(2024, 12, 31), "redundancy", 50000.0)
        self.assertEqual(exit_.severance_months_before_2008, 8.0)
        self.assertEqual(exit_.severance_amount_before_2008, 400000.0)
        self.assertEqual(exit_.severance_months_since_2008, 12.0)
        self.assertEqual(exit_.severance_base, 36000.0)
        self.assertTrue(exit_.severance_wage_capped)
        self.assertEqual(exit_.severance_amount_since_2008, 432000.0)
        self.assertEqual(exit_.severance_amount, 832000.0)

    def test_pre2008_rules(self):
        """Before 2008: a started year is a full year; at most 12 months for a mutual agreement
        and for incompetence (art. 40(2)); no cap for illness or redundancy."""
        self.assertEqual(pre2008_months(date(2007, 12, 31), date(2010, 1, 1)), 1.0)
        self.assertEqual(pre2008_months(date(2008, 1, 1), date(2010, 1, 1)), 0.0)
        self.assertEqual(pre2008_months(date(1990, 1, 1), date(2010, 1, 1)), 18.0)
        # 1990-2007: 18 years; capped at 12 for a mutual agreement.
        capped = severance_split(
            date(1990, 1, 1), date(2007, 12, 31), 5000.0, pre2008_rule="capped"
        )
        self.assertEqual((capped["months_before"], capped["amount_before"]), (12.0, 60000.0))
        exit_ = self._departed(
            date(1990, 1, 1),
            date(2007, 12, 31),
            "incapacity_notice",
            5000.0,
            notice_date=date(2007, 11, 30),
            art40_ground="incompetence",
        )
        self.assertEqual(exit_.severance_months_before_2008, 12.0)  # 18 capped at 12
        exit_.art40_ground = "illness"
        self.assertEqual(exit_.severance_months_before_2008, 18.0)
        self.assertEqual(exit_.severance_amount, 18 * 5000.0)  # 90,000

    def test_minimum_wage_floor(self):
        """Implementing Regulations art. 27: an average of 1,800 is raised to the local minimum
        of 2,500; 3 years → 3 × 2,500 = 7,500."""
        exit_ = self._departed(date(2023, 1, 1), date(2025, 12, 31), "redundancy", 1800.0)
        self.assertEqual(exit_.severance_base, 2500.0)
        self.assertEqual(exit_.severance_amount, 7500.0)

    def test_new_grounds(self):
        """Arts. 44(4)/(5) and task-based contracts (Implementing Regulations art. 22) owe
        compensation from 2008 (2005-2024: 17 × 8,000 = 136,000), nothing before."""
        exit_ = self._departed(date(2005, 1, 1), date(2024, 12, 31), "bankruptcy", 8000.0)
        for kind in ("bankruptcy", "closure", "task_completed"):
            with self.subTest(kind=kind):
                exit_.termination_kind = kind
                self.assertTrue(exit_.severance_due)
                self.assertEqual(exit_.severance_months_before_2008, 0.0)
                self.assertEqual(exit_.severance_amount, 136000.0)

    def test_double_counts_whole_tenure(self):
        """2N (art. 87) counts the whole tenure from the hire date (Implementing Regulations
        art. 25): 2006-10-01 to 2010-02-28 is 3 years 5 months → 3.5 × 10,000 × 2 = 70,000."""
        self.company.exit_local_average_wage = 0.0
        exit_ = self._departed(
            date(2006, 10, 1),
            date(2010, 2, 28),
            "unlawful",
            10000.0,
            severance_formula_reason="Arbitration award: unlawful dismissal",
        )
        self.assertEqual(exit_.severance_months, 3.5)
        self.assertEqual(exit_.damages_amount, 70000.0)
        self.assertEqual(exit_.severance_amount, 0.0)

    def test_exit_cannot_close_without_kind(self):
        """An employee archived without a notice gets an exit with no kind: it cannot close,
        so the compensation is always assessed (art. 46)."""
        self.colleague.with_context(no_wizard=True).action_archive()
        exit_ = self.Exit.search([("employee_id", "=", self.colleague.id)])
        self.assertTrue(exit_.notice_skipped)
        exit_.action_file_transferred()
        with self.assertRaises(UserError) as caught:
            exit_.action_close()
        self.assertIn("kind of termination is not recorded", str(caught.exception))
        self.assertEqual(exit_.state, "departed")
        exit_.termination_kind = "resignation"
        exit_.action_close()
        self.assertEqual(exit_.state, "closed")


@tagged("post_install", "-at_install")
class TestSeveranceHold(ExitCase):
    """Art. 50: the compensation waits for the employee's own handover, not the clients'."""

    def _departed_with_open_handover(self, **values):
        with freeze_time("2026-03-02 09:00:00"):
            exit_ = self._notice(termination_kind="redundancy", **values)
        exit_.sudo().severance_wage_average = 8000.0
        with freeze_time("2026-03-02 10:00:00"):
            self._register_departure(self.leaver, departure_date=date(2026, 3, 2))
        handover = exit_.handover_id.sudo()
        self.assertIn(handover.state, ("draft", "to_approve", "in_progress"))
        return exit_, handover

    def test_payable_whatever_the_clients_decide(self):
        """Items returned and introductions made: payable although no client has accepted and
        the handover is still open; due on the day the last deliverable came (10 March)."""
        exit_, handover = self._departed_with_open_handover()
        self.assertEqual(exit_.severance_state, "on_hold")
        self.assertFalse(exit_.employee_handover_done)
        with freeze_time("2026-03-09"):
            handover.item_ids.filtered("mandatory").action_mark_returned()
        self.assertEqual(exit_.severance_state, "on_hold", "introductions still to make")
        with freeze_time("2026-03-10"):
            handover.line_ids.filtered("introduction_state").write(
                {
                    "introduction_state": "done",
                    "introduction_date": date(2026, 3, 10),
                    "introduction_channel": "call",
                }
            )
        self.assertTrue(handover.line_ids.filtered(lambda line: line.state != "accepted"))
        self.assertTrue(exit_.employee_handover_done)
        self.assertEqual(exit_.employee_handover_done_date, date(2026, 3, 10))
        self.assertEqual(exit_.severance_state, "payable")
        self.assertEqual(exit_.severance_due_date, date(2026, 3, 10))
        with freeze_time("2026-03-10"):
            self.Exit._cron_severance_due()
        activity = exit_.activity_ids.filtered(
            lambda a: a.summary == "Pay the economic compensation"
        )
        self.assertEqual(activity.date_deadline, date(2026, 3, 10))
        # A waiver in writing counts as an item handed over.
        with freeze_time("2026-03-12"):
            exit_.with_user(self.hr_manager).action_pay_severance()
        self.assertEqual(exit_.severance_state, "paid")
        self.assertFalse(exit_.activity_ids.filtered(lambda a: a.summary == activity.summary))

    def test_overdue_alert(self):
        """Payable and past its due date: the form flags it, the filter finds it and the daily
        cron alerts HR once (art. 85)."""
        exit_, handover = self._departed_with_open_handover()
        with freeze_time("2026-03-05"):
            handover.item_ids.filtered("mandatory").action_mark_returned()
            handover.line_ids.filtered("introduction_state").write(
                {
                    "introduction_state": "done",
                    "introduction_date": date(2026, 3, 5),
                    "introduction_channel": "visit",
                }
            )
        with freeze_time("2026-04-01"):
            self.assertTrue(exit_.severance_overdue)
            self.assertIn(exit_, self.Exit.search([("severance_overdue", "=", True)]))
            self.Exit._cron_severance_due()
            self.Exit._cron_severance_due()
        alerts = exit_.message_ids.filtered(lambda m: "Overdue" in (m.body or ""))
        self.assertEqual(len(alerts), 1)
        self.assertIn("50–100 %", alerts.body)

    def test_notice_month_and_2n_not_held(self):
        """N+1's extra month is paid at the departure while the 经济补偿 waits; 2N is payable at
        the departure with the items still out."""
        exit_, _handover = self._departed_with_open_handover()
        manager = exit_.with_user(self.hr_manager)
        manager.write(
            {
                "termination_kind": "incapacity_pay",
                "last_month_wage": 9000.0,
                "severance_formula_reason": "No notice given: a month's wage instead",
            }
        )
        self.assertEqual(exit_.severance_state, "on_hold")
        self.assertEqual(manager.notice_pay_amount, 9000.0)
        with freeze_time("2026-03-02"):
            self.Exit._cron_severance_due()
        notice_activity = exit_.activity_ids.filtered(
            lambda a: a.summary == "Pay the month's wage instead of notice"
        )
        self.assertEqual(notice_activity.date_deadline, date(2026, 3, 2))
        with freeze_time("2026-03-03"):
            manager.action_pay_notice()
        self.assertFalse(
            exit_.activity_ids.filtered(lambda a: a.summary == notice_activity.summary)
        )
        self.assertEqual(exit_.notice_pay_paid_date, date(2026, 3, 3))
        self.assertEqual(exit_.severance_state, "on_hold", "the 经济补偿 still waits")
        manager.write({"severance_formula": "double", "severance_formula_reason": "Art. 87 award"})
        self.assertEqual(exit_.severance_state, "payable")
        self.assertEqual(exit_.severance_due_date, date(2026, 3, 2))

    def test_severance_state_written_only_by_its_transitions(self):
        """Issue 22: severance_state / paid date cannot be written directly by any role, the
        superuser included; nothing changes."""
        exit_, _handover = self._departed_with_open_handover()
        for user in (self.hr_officer, self.hr_manager):
            for vals in (
                {"state": "closed"},
                {"departure_date": "2026-03-02"},
                {"severance_state": "paid"},
                {"severance_paid_date": "2026-03-02"},
                {"notice_pay_paid_date": "2026-03-02"},
            ):
                with self.subTest(user=user.login, vals=vals), self.assertRaises(UserError):
                    exit_.with_user(user).write(vals)
        with self.assertRaises(UserError):
            exit_.sudo().write({"severance_state": "paid"})
        with self.assertRaises(UserError):
            self.Exit.sudo().create(
                {"employee_id": self.colleague.id, "severance_paid_date": "2026-03-02"}
            )
        self.assertEqual(exit_.severance_state, "on_hold")
        self.assertFalse(exit_.severance_paid_date)
        with self.assertRaises(UserError) as caught:
            exit_.with_user(self.hr_manager).action_pay_severance()
        self.assertIn("Labour Contract Law art. 50", str(caught.exception))


@tagged("post_install", "-at_install")
class TestProtectedAndDates(ExitCase):
    def test_protected_employee_art40_refused(self):
        """Art. 42: an art. 40 or 41 termination of a pregnant employee is refused, naming the
        article; nothing is written."""
        exit_ = self.Exit.create(
            {"employee_id": self.leaver.id, "termination_kind": "incapacity_notice"}
        )
        with self.assertRaises(ValidationError) as caught:
            exit_.write({"protected_status": "pregnancy"})
        self.assertIn("art. 40", str(caught.exception))
        self.assertIn("art. 42", str(caught.exception))
        exit_.invalidate_recordset()
        self.assertFalse(exit_.protected_status)
        exit_.termination_kind = "mutual_employer"
        exit_.protected_status = "medical"
        with self.assertRaises(ValidationError) as caught:
            exit_.termination_kind = "redundancy"
        self.assertIn("art. 41", str(caught.exception))

    def test_fixed_term_extended_during_protection(self):
        """Art. 45: a fixed term ending during nursing lasts until nursing ends (2027-05-31)."""
        exit_ = self.Exit.create(
            {"employee_id": self.leaver.id, "termination_kind": "fixed_term_expiry"}
        )
        with self.assertRaises(ValidationError):
            exit_.protected_status = "pregnancy"
        exit_.write({"protected_status": "pregnancy", "protected_until": date(2027, 5, 31)})
        self.assertEqual(exit_.contract_extended_until, date(2027, 5, 31))

    def test_dates_bounded(self):
        """Issue 25: a notice or departure in 2099 or 1900 is a typo, refused with the range."""
        exit_ = self.Exit.create({"employee_id": self.leaver.id})
        for day in (date(2099, 1, 1), date(1900, 1, 1)):
            with (
                self.subTest(day=day, field="notice_date"),
                self.assertRaises(ValidationError) as c,
            ):
                with self.env.cr.savepoint():
                    exit_.write({"notice_date": day})
            self.assertIn("must lie between 1990-01-01", str(c.exception))
            # The departure is written by its transition only: the bound holds there too.
            with self.subTest(day=day, field="departure"), self.assertRaises(ValidationError) as c:
                with self.env.cr.savepoint():
                    exit_._register_departure(day)
            self.assertIn("must lie between 1990-01-01", str(c.exception))
        exit_.invalidate_recordset()
        self.assertFalse(exit_.notice_date)
        self.assertEqual((exit_.state, exit_.departure_date), ("draft", False))
        with self.assertRaises(ValidationError):
            self._register_departure(self.colleague, departure_date=date(2099, 1, 1))
        self.assertTrue(self.colleague.active)


@tagged("post_install", "-at_install")
class TestCertificateAndReaders(ExitCase):
    def _exit(self, kind="mutual_employer", **values):
        exit_ = self._notice(termination_kind=kind, **values)
        self._register_departure(self.leaver, departure_date=date(2026, 4, 1))
        return exit_

    def test_certificate_facts_from_contract_versions(self):
        """Art. 24: the contract's type and dates come from hr.version; the text says 解除 for
        a mutual agreement and 终止 for a fixed term ending, never both, and no ground."""
        self.leaver.version_id.sudo().contract_date_end = date(2026, 12, 31)
        exit_ = self._exit(notice_date=date(2026, 3, 2))
        statement = exit_._certificate_statement()
        self.assertIn("a fixed-term contract from 01/01/2020 to 12/31/2026", statement)
        self.assertIn("was dissolved on 04/01/2026", statement)
        self.assertIn("Account Manager", statement)
        self.assertIn("6 year(s) and 3 month(s)", statement)
        exit_.termination_kind = "fixed_term_expiry"
        statement = exit_._certificate_statement()
        self.assertIn("ended on 04/01/2026", statement)
        self.assertNotIn("dissolved", statement)
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html(
                "client_custody_exit_cn.action_report_termination_certificate", exit_.ids
            )[0]
            .decode()
        )
        self.assertIn("Certificate of the End of the Labour Contract", html)
        self.assertNotIn("Fixed term expired", html, "no ground unless asked")

    def test_certificate_refused_when_a_fact_is_missing(self):
        """No contract start on the employee's versions: refused, naming the missing fact."""
        self.leaver.version_id.sudo().write(
            {"contract_date_start": False, "contract_date_end": False}
        )
        exit_ = self._exit()
        with self.assertRaises(UserError) as caught:
            exit_.action_print_certificate()
        self.assertIn("the start date of the employee's contract", str(caught.exception))

    def test_certificate_ground_only_on_request(self):
        """A ground is refused unless the employee asked; once asked, it is printed."""
        exit_ = self._exit()
        with self.assertRaises(ValidationError):
            exit_.certificate_ground = "Mutual agreement"
        exit_.invalidate_recordset()
        self.assertFalse(exit_.certificate_ground)
        exit_.write(
            {"certificate_ground_requested": True, "certificate_ground": "Mutual agreement"}
        )
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html(
                "client_custody_exit_cn.action_report_termination_certificate", exit_.ids
            )[0]
            .decode()
        )
        self.assertIn("Mutual agreement", html)

    def test_custody_manager_reads_handover_status_only(self):
        """Issue 27 item 8: a custody manager reads the exit's handover status (on the
        handover and the employee), never the exit: its kind, notes, figures or chatter (the
        chatter itself: test_exit_access)."""
        exit_ = self._exit()
        as_manager = exit_.with_user(self.manager_user)
        for fname in (
            "handover_state",
            "termination_kind",
            "severance_formula_reason",
            "severance_months",
            "severance_state",
            "protected_status",
        ):
            with self.subTest(field=fname), self.assertRaises(AccessError):
                as_manager.read([fname])
        employee = self.leaver.with_user(self.manager_user)
        self.assertEqual(employee.exit_handover_state, exit_.handover_id.state)
        self.assertEqual(employee.exit_handover_id, exit_.handover_id)
        self.assertTrue(
            exit_.handover_id.with_user(self.manager_user).exit_compensation_waits_for_handover
        )
        arch = exit_.handover_id.with_user(self.manager_user).get_views([(False, "form")])["views"]
        self.assertNotIn("termination_kind", arch["form"]["arch"])
        self.assertNotIn("severance_months", arch["form"]["arch"])


@tagged("post_install", "-at_install")
class TestTranslatedErrors(ExitCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("zh_CN")
        cls.env["ir.module.module"]._load_module_terms(["client_custody_exit_cn"], ["zh_CN"])

    def test_errors_in_chinese(self):
        """Issue 25: the 2N formula's message (its label included) and the date range read in
        Chinese for a Chinese user; nothing is written."""
        Exit = self.Exit.with_context(lang="zh_CN")
        with self.assertRaises(ValidationError) as caught:
            Exit.create(
                {
                    "employee_id": self.leaver.id,
                    "termination_kind": "unlawful",
                    "severance_formula": "double",
                }
            )
        self.assertIn("2N：违法解除", str(caught.exception))
        with self.assertRaises(ValidationError) as caught:
            Exit.create({"employee_id": self.leaver.id, "notice_date": date(2099, 1, 1)})
        self.assertIn("须在 1990-01-01 至", str(caught.exception))
        with self.assertRaises(ValidationError) as caught:
            Exit.create(
                {
                    "employee_id": self.leaver.id,
                    "termination_kind": "redundancy",
                    "protected_status": "pregnancy",
                }
            )
        self.assertIn("《劳动合同法》第四十一条", str(caught.exception))
        self.assertFalse(self.Exit.search([("employee_id", "=", self.leaver.id)]))

    def test_bad_input_of_issue_27_in_chinese(self):
        """Issue 27's bad input, each refused in Chinese for a Chinese user, nothing written: a
        protected status on an art. 40 termination, a breach dated before the departure, a
        certificate ground the employee did not ask for."""
        Exit = self.Exit.with_user(self.hr_officer).with_context(lang="zh_CN")
        with self.assertRaises(ValidationError) as caught:
            Exit.create(
                {
                    "employee_id": self.leaver.id,
                    "termination_kind": "incapacity_notice",
                    "protected_status": "pregnancy",
                }
            )
        self.assertIn("不得依据《劳动合同法》第四十条解除", str(caught.exception))
        self.assertFalse(self.Exit.search([("employee_id", "=", self.leaver.id)]))
        exit_ = self._notice(termination_kind="mutual_employer")
        self._register_departure(self.leaver, departure_date=date(2026, 4, 1))
        with self.assertRaises(ValidationError) as caught:
            exit_.with_user(self.hr_officer).with_context(lang="zh_CN").write(
                {"certificate_ground": "协商一致"}
            )
        self.assertIn("只在劳动者本人要求时", str(caught.exception))
        exit_.invalidate_recordset()
        self.assertFalse(exit_.certificate_ground)
        self.leaver.sudo().exit_confidentiality_date = date(2024, 5, 6)
        noncompete = (
            self.env["custody.noncompete"]
            .with_user(self.hr_manager)
            .create({"employee_id": self.leaver.id, "average_wage": 10000.0, "duration_months": 6})
        )
        noncompete.action_start()
        self.assertEqual(noncompete.date_start, date(2026, 4, 2))
        Breach = self.env["custody.noncompete.breach"].with_user(self.hr_officer)
        with freeze_time("2026-05-01"), self.assertRaises(ValidationError) as caught:
            Breach.with_context(lang="zh_CN").create(
                {
                    "noncompete_id": noncompete.id,
                    "date": date(2026, 3, 15),
                    "evidence": "Seen at Rival Co before leaving",
                }
            )
        self.assertIn("的违约日期须在竞业限制起始日", str(caught.exception))
        self.assertFalse(self.env["custody.noncompete.breach"].search([]))
