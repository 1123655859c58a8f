from datetime import date

from freezegun import freeze_time
from psycopg2 import IntegrityError

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, new_test_user, tagged
from odoo.tools import mute_logger

from .common import CustodyCase


class ExitCase(CustodyCase):
    """A leaver holding core and personal clients, HR, and an HR officer who is custody manager."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Odoo's departure wizard reads contract dates, HR-manager fields: HR managers run it.
        cls.hr_manager = new_test_user(
            cls.env, login="exit_hr_manager", groups="base.group_user,hr.group_hr_manager"
        )
        cls.hr_custody_manager = new_test_user(
            cls.env,
            login="exit_hr_custody_manager",
            groups="base.group_user,hr.group_hr_manager,client_custody.group_custody_manager",
        )
        cls.reason = cls.env["hr.departure.reason"].search([], limit=1)
        cls.leaver = cls.sales_a
        cls.core_clients = cls._clients(2, prefix="Core")
        cls.personal_client = cls._clients(1, prefix="Personal", custody_tier="personal")
        with freeze_time("2025-12-01"):
            cls._hold(cls.core_clients | cls.personal_client, cls.leaver)
        cls.Noncompete = cls.env["custody.noncompete"]

    def _departure_form(self, employees, user=None, **values):
        """The departure wizard as the employee form's Archive button opens it."""
        form = Form(
            self.env["hr.departure.wizard"]
            .with_user(user or self.hr_manager)
            .with_context(active_ids=employees.ids, employee_termination=True)
        )
        form.departure_reason_id = self.reason
        for name, value in values.items():
            setattr(form, name, value)
        return form

    def _register_departure(self, employees, user=None, **values):
        return self._departure_form(employees, user, **values).save().action_register_departure()

    def _noncompete(self, employee=None, user=None, **values):
        vals = {"employee_id": (employee or self.leaver).id, "average_wage": 10000.0, **values}
        return self.Noncompete.with_user(user or self.hr_officer).create(vals)

    def _handover(self):
        """A running departure handover of the leaver's clients to B, through the wizard."""
        form = Form(
            self.env["custody.handover.wizard"]
            .with_user(self.manager_user)
            .with_context(active_model="hr.employee", active_ids=self.leaver.ids)
        )
        form.strategy = "balanced"
        wizard = form.save()
        wizard.successor_ids = self.sales_b
        wizard.action_preview()
        action = wizard.action_confirm()
        return self.env["custody.handover"].browse(action["res_id"]).with_user(self.manager_user)

    def _messages(self, record):
        return "\n".join(record.message_ids.mapped("body"))


@tagged("post_install", "-at_install")
class TestExitNotice(ExitCase):
    def test_last_working_day_thirty_days(self):
        """A resignation notice gives a last working day 30 days later (art. 37)."""
        self.leaver.with_user(self.hr_officer).exit_notice_date = date(2026, 3, 2)
        self.assertEqual(self.leaver.exit_last_working_day, date(2026, 4, 1))
        self.assertEqual(self.leaver.exit_notice_days, 30)
        self.assertFalse(self.leaver.exit_in_probation)

    def test_last_working_day_in_probation(self):
        """A notice given during the trial period needs only 3 days (art. 37)."""
        self.leaver.version_id.trial_date_end = date(2026, 3, 31)
        self.leaver.with_user(self.hr_officer).exit_notice_date = date(2026, 3, 10)
        self.assertTrue(self.leaver.exit_in_probation)
        self.assertEqual(self.leaver.exit_last_working_day, date(2026, 3, 13))
        self.leaver.with_user(self.hr_officer).exit_notice_date = date(2026, 4, 1)
        self.assertFalse(self.leaver.exit_in_probation, "the trial period ended on 31 March")
        self.assertEqual(self.leaver.exit_last_working_day, date(2026, 5, 1))

    def test_notice_after_departure_refused(self):
        """A notice dated after the departure date is refused and changes nothing."""
        employee = self.leaver.with_user(self.hr_officer)
        employee.departure_date = date(2026, 3, 1)
        with self.assertRaises(ValidationError) as caught:
            employee.exit_notice_date = date(2026, 3, 5)
        self.assertIn("cannot be dated after the departure date", str(caught.exception))
        self.assertFalse(self.leaver.exit_notice_date)
        employee.exit_notice_date = date(2026, 2, 1)
        with self.assertRaises(ValidationError):
            employee.departure_date = date(2026, 1, 15)
        self.assertEqual(self.leaver.departure_date, date(2026, 3, 1))

    def test_wizard_refuses_departure_before_notice(self):
        """The departure wizard refuses a departure dated before the notice, archives nobody."""
        employee = self.sales_c
        employee.exit_notice_date = date(2026, 3, 10)
        with self.assertRaises(UserError) as caught:
            self._register_departure(employee, departure_date=date(2026, 3, 5))
        self.assertIn("cannot be dated after the departure date", str(caught.exception))
        self.assertTrue(employee.active)
        self.assertFalse(employee.departure_date)

    def test_wizard_proposes_last_working_day(self):
        """The departure wizard proposes the last working day of the notice."""
        self.sales_c.exit_notice_date = date(2026, 3, 2)
        form = self._departure_form(self.sales_c)
        self.assertEqual(form.departure_date, date(2026, 4, 1))

    @freeze_time("2026-03-01")
    def test_confidentiality_agreement_not_in_future(self):
        """A confidentiality agreement cannot be signed in the future."""
        employee = self.leaver.with_user(self.hr_officer)
        with self.assertRaises(ValidationError):
            employee.exit_confidentiality_date = date(2026, 3, 2)
        self.assertFalse(self.leaver.exit_confidentiality_date)
        employee.write(
            {
                "exit_confidentiality_date": date(2025, 1, 6),
                "exit_confidentiality_filename": "nda.pdf",
                "exit_confidentiality_document": "JVBERi0xLjQK",
            }
        )
        self.assertTrue(self.leaver.exit_noncompete_eligible)

    def test_rehire_clears_notice_and_override(self):
        """An employee back at work no longer carries the last exit's notice or override."""
        self.leaver.exit_notice_date = date(2026, 3, 2)
        self.leaver.sudo().write({"exit_override_date": "2026-04-01 10:00:00"})
        self.leaver.with_context(no_wizard=True).action_archive()
        self.leaver.action_unarchive()
        self.assertFalse(self.leaver.exit_notice_date)
        self.assertFalse(self.leaver.exit_override_date)


@tagged("post_install", "-at_install")
class TestNoncompete(ExitCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.leaver.exit_confidentiality_date = date(2024, 5, 6)

    def test_eligibility_basis_recorded(self):
        """Senior management, senior technical and confidentiality-bound staff are eligible."""
        noncompete = self._noncompete()
        self.assertEqual(noncompete.eligibility_basis, "confidentiality")
        for category in ("senior_management", "senior_technical"):
            employee = self.env["hr.employee"].create(
                {"name": category, "exit_noncompete_category": category}
            )
            self.assertEqual(self._noncompete(employee).eligibility_basis, category)
        self.leaver.exit_confidentiality_date = False
        self.assertEqual(noncompete.eligibility_basis, "confidentiality", "kept as registered")

    def test_ineligible_employee_refused(self):
        """Someone neither senior nor bound to confidentiality cannot be bound; nothing saved."""
        with self.assertRaises(ValidationError) as caught:
            self._noncompete(self.sales_b)
        self.assertIn("cannot be bound by a non-compete", str(caught.exception))
        self.assertFalse(self.Noncompete.search([("employee_id", "=", self.sales_b.id)]))

    def test_duration_limits(self):
        """A non-compete lasts 1 to 24 months; more or less is refused and changes nothing."""
        with self.assertRaises(ValidationError) as caught:
            self._noncompete(duration_months=25)
        self.assertIn("at most 24 months", str(caught.exception))
        with self.assertRaises(ValidationError):
            self._noncompete(duration_months=0)
        self.assertFalse(self.Noncompete.search([("employee_id", "=", self.leaver.id)]))
        noncompete = self._noncompete(duration_months=24)
        with self.assertRaises(ValidationError):
            noncompete.duration_months = 30
        self.assertEqual(noncompete.duration_months, 24)

    def test_default_compensation_thirty_percent(self):
        """The monthly compensation defaults to 30 % of the average monthly wage."""
        noncompete = self._noncompete(average_wage=12345.0)
        self.assertEqual(noncompete.monthly_compensation, 3703.5)
        self.assertAlmostEqual(noncompete.compensation_ratio, 30.0, places=2)

    def test_lower_compensation_needs_reason(self):
        """Below 30 % of the average wage, the compensation needs a reason; nothing is saved."""
        with self.assertRaises(ValidationError) as caught:
            self._noncompete(monthly_compensation=2000.0)
        self.assertIn("below 30 %", str(caught.exception))
        self.assertFalse(self.Noncompete.search([("employee_id", "=", self.leaver.id)]))
        noncompete = self._noncompete(
            monthly_compensation=2000.0, compensation_reason="Local minimum is higher than 30 %"
        )
        self.assertEqual(noncompete.monthly_compensation, 2000.0)
        with self.assertRaises(ValidationError):
            noncompete.compensation_reason = " "
        self.assertTrue(noncompete.compensation_reason.startswith("Local"))

    def test_wage_and_compensation_must_be_positive(self):
        """A negative or missing wage, or a compensation of nothing, is refused."""
        with self.assertRaises(ValidationError):
            self._noncompete(average_wage=-1.0)
        with self.assertRaises(ValidationError):
            self._noncompete(average_wage=0.0)
        with self.assertRaises(ValidationError):
            self._noncompete(monthly_compensation=0.0, compensation_reason="none")
        self.assertFalse(self.Noncompete.search([("employee_id", "=", self.leaver.id)]))

    @mute_logger("odoo.sql_db")
    def test_one_running_non_compete(self):
        """An employee has at most one draft or active non-compete."""
        self._noncompete()
        with self.assertRaises(IntegrityError), self.env.cr.savepoint():
            self._noncompete()
            self.env.flush_all()

    def test_start_needs_departure(self):
        """The non-compete starts at departure: without a departure date it cannot start."""
        noncompete = self._noncompete()
        self.assertFalse(noncompete.date_start)
        with self.assertRaises(UserError):
            noncompete.action_start()
        self.assertEqual(noncompete.state, "draft")

    def test_start_generates_months(self):
        """Starting plans one compensation month per month of the non-compete, from departure."""
        noncompete = self._noncompete(duration_months=12)
        self.leaver.departure_date = date(2026, 1, 31)
        self.assertEqual(noncompete.date_start, date(2026, 1, 31))
        self.assertEqual(noncompete.date_end, date(2027, 1, 30))
        self.assertEqual(noncompete.wage_basis_date_from, date(2025, 1, 31))
        noncompete.action_start()
        self.assertEqual(noncompete.state, "active")
        months = noncompete.month_ids
        self.assertEqual(len(months), 12)
        self.assertEqual(set(months.mapped("amount")), {3000.0})
        self.assertEqual(set(months.mapped("state")), {"unpaid"})
        self.assertEqual(
            (months[0].date_from, months[0].date_to), (date(2026, 1, 31), date(2026, 2, 27))
        )
        self.assertEqual(months[-1].date_to, noncompete.date_end)
        self.assertIn("Non-compete started", self._messages(noncompete))
        # The departure moving afterwards does not move a started non-compete.
        self.leaver.departure_date = date(2026, 2, 28)
        self.assertEqual(noncompete.date_start, date(2026, 1, 31))

    def test_terms_frozen_once_started(self):
        """The terms of a started non-compete cannot change."""
        noncompete = self._noncompete()
        self.leaver.departure_date = date(2026, 1, 31)
        noncompete.action_start()
        with self.assertRaises(UserError):
            noncompete.with_user(self.hr_officer).write({"monthly_compensation": 5000.0})
        self.assertEqual(noncompete.monthly_compensation, 3000.0)

    @freeze_time("2026-05-10")
    def test_months_marked_paid_and_logged(self):
        """HR marks months paid: paid date, totals and a line in the chatter; overdue shows."""
        noncompete = self._noncompete(duration_months=6).with_user(self.hr_officer)
        self.leaver.departure_date = date(2026, 1, 1)
        noncompete.action_start()
        first, second = noncompete.month_ids[:2]
        self.assertEqual(noncompete.month_overdue_count, 4, "January to April are over")
        first.action_mark_paid()
        self.assertEqual((first.state, first.paid_date), ("paid", date(2026, 5, 10)))
        self.assertEqual(noncompete.amount_paid, 3000.0)
        self.assertEqual(noncompete.amount_unpaid, 15000.0)
        self.assertTrue(second.is_overdue)
        self.assertIn("Compensation paid for Month 1", self._messages(noncompete))
        with self.assertRaises(UserError):
            first.action_mark_paid()
        first.action_reset_unpaid()
        self.assertEqual(first.state, "unpaid")

    def test_release_by_company_logged(self):
        """The company releases the leaver with a reason: later months cancelled, logged."""
        noncompete = self._noncompete(duration_months=6)
        self.leaver.departure_date = date(2026, 1, 1)
        noncompete.action_start()
        noncompete.month_ids[0].action_mark_paid()
        action = noncompete.with_user(self.hr_officer).action_open_release_wizard()
        form = Form(
            self.env[action["res_model"]]
            .with_user(self.hr_officer)
            .with_context(**action["context"])
        )
        form.release_date = date(2026, 2, 15)
        form.reason = "The new employer is not a competitor"
        form.save().action_release()
        self.assertEqual(noncompete.state, "released")
        self.assertEqual(noncompete.released_by_id, self.hr_officer)
        self.assertEqual(
            noncompete.month_ids.mapped("state"), ["paid", "unpaid"] + ["cancelled"] * 4
        )
        self.assertIn("The new employer is not a competitor", self._messages(noncompete))
        with self.assertRaises(UserError):
            noncompete._release(date(2026, 3, 1), "again")

    def test_release_needs_reason(self):
        """A release without a reason is refused."""
        noncompete = self._noncompete()
        with self.assertRaises(UserError):
            noncompete._release(date(2026, 3, 1), "  ")
        self.assertEqual(noncompete.state, "draft")

    def test_expires_at_end(self):
        """The daily job expires the non-competes whose end has passed."""
        noncompete = self._noncompete(duration_months=2)
        self.leaver.departure_date = date(2026, 1, 1)
        noncompete.action_start()
        with freeze_time("2026-02-28"):
            self.Noncompete._cron_expire()
        self.assertEqual(noncompete.state, "active")
        with freeze_time("2026-03-01"):
            self.Noncompete._cron_expire()
        self.assertEqual(noncompete.state, "expired")

    def test_average_wage_from_contracts(self):
        """The average wage can be taken from the contract wages of the 12 months before."""
        self.leaver.version_id.write({"date_version": date(2024, 1, 1), "wage": 9000.0})
        self.leaver.create_version({"date_version": date(2025, 7, 1), "wage": 12000.0})
        noncompete = self._noncompete()
        self.leaver.departure_date = date(2026, 1, 1)
        noncompete.with_user(self.hr_officer).action_compute_average_wage()
        self.assertEqual(noncompete.average_wage, 10500.0, "six months at 9000, six at 12000")
        self.assertEqual(noncompete.monthly_compensation, 3150.0)

    def test_access(self):
        """HR officers manage non-competes, custody managers read them, others see nothing."""
        noncompete = self._noncompete()
        self.assertEqual(noncompete.with_user(self.manager_user).monthly_compensation, 3000.0)
        with self.assertRaises(AccessError):
            noncompete.with_user(self.manager_user).write({"scope": "changed"})
        with self.assertRaises(AccessError):
            self._noncompete(self.sales_c, user=self.manager_user)
        with self.assertRaises(AccessError):
            noncompete.with_user(self.user_a).read(["monthly_compensation"])

    def test_departure_starts_registered_non_compete(self):
        """Registering the departure starts the drafted non-compete on the departure date."""
        self.sales_c.exit_confidentiality_date = date(2024, 1, 1)
        noncompete = self._noncompete(self.sales_c, duration_months=3)
        self._register_departure(self.sales_c, departure_date=date(2026, 6, 30))
        self.assertFalse(self.sales_c.active)
        self.assertEqual(noncompete.state, "active")
        self.assertEqual(noncompete.date_start, date(2026, 6, 30))
        self.assertEqual(len(noncompete.month_ids), 3)


@tagged("post_install", "-at_install")
class TestHandoverGate(ExitCase):
    def test_core_clients_block_departure(self):
        """HR cannot register the departure of someone still holding core clients."""
        with self.assertRaises(UserError) as caught:
            self._register_departure(self.leaver, departure_date=date(2026, 6, 30))
        message = str(caught.exception)
        self.assertIn("Core 0", message)
        self.assertIn("Core 1", message)
        self.assertNotIn("Personal 0", message, "a personal client may stay with the leaver")
        self.assertIn("Only a client custody manager can override", message)
        self.assertTrue(self.leaver.active)
        self.assertFalse(self.leaver.departure_date)

    def test_wizard_shows_what_is_outstanding(self):
        """The wizard says what is outstanding before HR confirms."""
        form = self._departure_form(self.leaver)
        self.assertTrue(form.custody_gate_blocked)
        self.assertIn("Core 0", form.custody_gate_note)
        self.assertNotIn("custody_override_reason", form._view["fields"], "HR without custody")
        self.assertFalse(self._departure_form(self.sales_c).custody_gate_blocked)

    @freeze_time("2026-06-01 09:00:00")
    def test_running_handover_blocks_until_done(self):
        """Core clients not accepted and mandatory items pending in the handover block it."""
        handover = self._handover()
        handover.action_start()
        if handover.state == "to_approve":
            handover.action_approve()
        with self.assertRaises(UserError) as caught:
            self._register_departure(self.leaver, departure_date=date(2026, 6, 30))
        message = str(caught.exception)
        self.assertIn(f"{handover.name}: core clients not accepted yet", message)
        self.assertIn("Laptop", message)
        self.assertEqual(self.leaver.exit_paperwork_state, "blocked")
        with freeze_time("2026-06-02 10:00:00"):
            self.env["custody.handover"]._cron_process_batches()
        with self.assertRaises(UserError) as caught:
            self._register_departure(self.leaver, departure_date=date(2026, 6, 30))
        self.assertNotIn("core clients not accepted", str(caught.exception))
        self.assertIn("mandatory items neither returned nor waived", str(caught.exception))
        handover.item_ids.action_mark_returned()
        self.assertEqual(handover.state, "done")
        self._register_departure(self.leaver, departure_date=date(2026, 6, 30))
        self.assertFalse(self.leaver.active)
        self.assertEqual(self.leaver.exit_paperwork_state, "ready")
        self.assertFalse(self.leaver.exit_override_date)

    def test_only_personal_clients_pass(self):
        """A leaver keeping only personal-accumulation clients may leave."""
        self.core_clients.custodian_id = self.sales_b
        self._register_departure(self.leaver, departure_date=date(2026, 6, 30))
        self.assertFalse(self.leaver.active)

    def test_manager_needs_a_reason(self):
        """A custody manager without a reason is still refused."""
        with self.assertRaises(UserError) as caught:
            self._register_departure(
                self.leaver, user=self.hr_custody_manager, departure_date=date(2026, 6, 30)
            )
        self.assertIn("Give an override reason", str(caught.exception))
        self.assertTrue(self.leaver.active)

    def test_manager_override_logged(self):
        """A custody manager overrides with a reason: departure done, logged twice, shown."""
        self._register_departure(
            self.leaver,
            user=self.hr_custody_manager,
            departure_date=date(2026, 6, 30),
            custody_override_reason="Court order: the leaver's exit cannot wait",
        )
        self.assertFalse(self.leaver.active)
        self.assertEqual(self.leaver.departure_date, date(2026, 6, 30))
        self.assertEqual(self.leaver.exit_override_user_id, self.hr_custody_manager)
        self.assertTrue(self.leaver.exit_override_date)
        self.assertIn("Court order", self.leaver.exit_override_reason)
        self.assertIn("Handover gate overridden", self._messages(self.leaver))
        self.assertIn("Court order", self._messages(self.leaver))
        handover = self.env["custody.handover"].search(
            [("employee_id", "=", self.leaver.id), ("state", "=", "draft")]
        )
        self.assertEqual(len(handover), 1, "the archive automation prepared the handover")
        self.assertIn("gate overridden by", self._messages(handover))
        self.assertEqual(self.leaver.exit_paperwork_state, "overridden")

    def test_override_reason_for_custody_managers_only(self):
        """HR without the custody manager role cannot write an override reason."""
        wizard = self._departure_form(self.leaver).save()
        with self.assertRaises(AccessError):
            wizard.write({"custody_override_reason": "let me through"})
        self.assertTrue(self.leaver.active)

    def test_paperwork_indicator(self):
        """The employee form shows no exit, blocked with what is outstanding, then ready."""
        employee = self.leaver.with_user(self.hr_officer)
        self.assertEqual(employee.exit_paperwork_state, "none")
        employee.exit_notice_date = date(2026, 6, 1)
        self.assertEqual(employee.exit_paperwork_state, "blocked")
        self.assertIn("holds 2 core client(s)", employee.exit_paperwork_note)
        self.core_clients.custodian_id = self.sales_b
        employee.invalidate_recordset(["exit_paperwork_state", "exit_paperwork_note"])
        self.assertEqual(employee.exit_paperwork_state, "ready")
        self.assertFalse(employee.exit_paperwork_note)
