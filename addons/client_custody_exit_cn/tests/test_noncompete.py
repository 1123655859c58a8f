from datetime import date

from freezegun import freeze_time
from psycopg2 import IntegrityError

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged
from odoo.tools import mute_logger

from .common import ExitCase


@tagged("post_install", "-at_install")
class TestNoncompete(ExitCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.leaver.exit_confidentiality_date = date(2024, 5, 6)
        cls.Noncompete = cls.env["custody.noncompete"]

    def _noncompete(self, employee=None, user=None, **values):
        vals = {"employee_id": (employee or self.leaver).id, "average_wage": 10000.0, **values}
        return self.Noncompete.with_user(user or self.hr_manager).create(vals)

    def _depart(self, last_day=date(2026, 1, 31)):
        self.leaver.sudo().departure_date = last_day

    def test_eligibility_basis_recorded(self):
        """Senior management, senior technical and confidentiality-bound staff are eligible."""
        noncompete = self._noncompete()
        self.assertEqual(noncompete.eligibility_basis, "confidentiality")
        for category in ("senior_management", "senior_technical"):
            employee = self.env["hr.employee"].create(
                {"name": category, "exit_noncompete_category": category}
            )
            self.assertEqual(self._noncompete(employee).eligibility_basis, category)

    def test_ineligible_employee_refused(self):
        """Someone neither senior nor bound to confidentiality cannot be bound; nothing saved."""
        with self.assertRaises(ValidationError) as caught:
            self._noncompete(self.successor)
        self.assertIn("cannot be bound by a non-compete", str(caught.exception))
        self.assertFalse(self.Noncompete.search([("employee_id", "=", self.successor.id)]))

    def test_duration_limits(self):
        """A non-compete lasts 1 to 24 months."""
        with self.assertRaises(ValidationError):
            self._noncompete(duration_months=25)
        with self.assertRaises(ValidationError):
            self._noncompete(duration_months=0)
        self.assertFalse(self.Noncompete.search([("employee_id", "=", self.leaver.id)]))

    def test_starts_the_day_after_the_last_working_day(self):
        """The non-compete starts the day after the last working day, from the notice before
        the departure is registered, and stays put once started."""
        noncompete = self._noncompete(duration_months=12)
        self.assertFalse(noncompete.date_start)
        self._notice(notice_date=date(2026, 1, 2))
        self.assertEqual(noncompete.date_start, date(2026, 2, 2), "notice + 30 days + 1")
        self._depart(date(2026, 1, 31))
        self.assertEqual(noncompete.date_start, date(2026, 2, 1))
        self.assertEqual(noncompete.date_end, date(2027, 1, 31))
        noncompete.action_start()
        months = noncompete.month_ids
        self.assertEqual(len(months), 12)
        self.assertEqual(
            (months[0].date_from, months[0].date_to), (date(2026, 2, 1), date(2026, 2, 28))
        )
        self.leaver.sudo().departure_date = date(2026, 2, 28)
        self.assertEqual(noncompete.date_start, date(2026, 2, 1))

    def test_departure_starts_registered_non_compete(self):
        """Registering the departure starts the draft the day after the last working day."""
        noncompete = self._noncompete(duration_months=3)
        self._register_departure(self.leaver, departure_date=date(2026, 6, 30))
        self.assertEqual(noncompete.state, "active")
        self.assertEqual(noncompete.date_start, date(2026, 7, 1))
        self.assertEqual(len(noncompete.month_ids), 3)

    def test_base_includes_variable_pay(self):
        """The average covers the 12 months before the non-compete, commissions and bonuses
        included; contract wages fill the months without a record."""
        self.leaver.version_id.sudo().wage = 8000.0
        self._depart(date(2025, 12, 31))
        self.env["hr.exit.wage"].create(
            [
                {
                    "employee_id": self.leaver.id,
                    "date": date(2025, month, 1),
                    "base_wage": 8000.0,
                    "variable_pay": 6000.0,
                }
                for month in (3, 6, 9, 12)
            ]
        )
        noncompete = self._noncompete(average_wage=1.0, monthly_compensation=2500.0)
        noncompete.action_compute_average_wage()
        self.assertEqual(noncompete.average_wage, 10000.0, "8000 + 4 × 6000 / 12")
        self.assertEqual(noncompete.monthly_compensation, 3000.0)

    def test_minimum_wage_floor(self):
        """30 % of a low wage falls under the local minimum wage: the floor applies."""
        noncompete = self._noncompete(average_wage=6000.0)
        self.assertEqual(noncompete.minimum_wage, 2500.0)
        self.assertEqual(noncompete.monthly_compensation, 2500.0, "30 % would be 1800")

    def test_lower_compensation_needs_hr_manager_reason(self):
        """Below 30 % or below the floor: an HR manager's reason of substance, else refused."""
        with self.assertRaises(ValidationError) as caught:
            self._noncompete(monthly_compensation=2800.0)
        self.assertIn("below 30 %", str(caught.exception))
        with self.assertRaises(ValidationError):
            self._noncompete(monthly_compensation=2800.0, compensation_reason=" ... ")
        with self.assertRaises(UserError):
            self._noncompete(
                user=self.hr_officer,
                monthly_compensation=2800.0,
                compensation_reason="Agreed in the settlement",
            )
        with self.assertRaises(ValidationError):
            self._noncompete(average_wage=20000.0, monthly_compensation=2400.0)
        self.assertFalse(self.Noncompete.search([("employee_id", "=", self.leaver.id)]))
        noncompete = self._noncompete(
            monthly_compensation=2800.0, compensation_reason="Agreed in the settlement"
        )
        self.assertEqual(noncompete.compensation_reason_user_id, self.hr_manager)

    def test_terms_frozen_and_amendment_logged(self):
        """A started non-compete's amounts are frozen; a correction is a new, logged amendment
        that changes the unpaid months from its date."""
        noncompete = self._noncompete(duration_months=4, liquidated_damages=50000.0)
        self._depart(date(2025, 12, 31))
        noncompete.action_start()
        for vals in ({"monthly_compensation": 5000.0}, {"liquidated_damages": 1.0}):
            with self.assertRaises(UserError):
                noncompete.with_user(self.hr_manager).write(vals)
        self.assertEqual(noncompete.monthly_compensation, 3000.0)
        self.assertEqual(noncompete.liquidated_damages, 50000.0)
        noncompete.month_ids[0].action_mark_paid()
        action = noncompete.with_user(self.hr_manager).action_open_amendment()
        form = Form(
            self.env[action["res_model"]]
            .with_user(self.hr_manager)
            .with_context(**action["context"])
        )
        form.date_effective = date(2026, 2, 1)
        form.monthly_compensation = 3500.0
        form.reason = "Agreed amount raised after the mediation"
        amendment = form.save()
        self.assertEqual(amendment.previous_compensation, 3000.0)
        self.assertEqual(noncompete.month_ids.mapped("amount"), [3000.0, 3500.0, 3500.0, 3500.0])
        self.assertEqual(noncompete.monthly_compensation, 3000.0, "the agreed term stays")
        self.assertEqual(noncompete.current_compensation, 3500.0)
        self.assertIn("Compensation amended", self._messages(noncompete))
        with self.assertRaises(UserError):
            amendment.write({"monthly_compensation": 1.0})
        with self.assertRaises(UserError):
            self.env["custody.noncompete.amendment"].with_user(self.hr_officer).create(
                {"noncompete_id": noncompete.id, "monthly_compensation": 1.0, "reason": "lower"}
            )

    def test_release_during_term_owes_three_months(self):
        """Released during the term: later months cancelled, three extra months recorded."""
        noncompete = self._noncompete(duration_months=6)
        self._depart(date(2025, 12, 31))
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
        regular = noncompete.month_ids.filtered(lambda m: m.kind == "regular")
        self.assertEqual(regular.mapped("state"), ["paid", "unpaid"] + ["cancelled"] * 4)
        extra = noncompete.month_ids.filtered(lambda m: m.kind == "release")
        self.assertEqual(len(extra), 3)
        self.assertEqual(noncompete.release_extra_amount, 9000.0)
        self.assertEqual(extra[0].date_from, date(2026, 2, 15))

    def test_release_before_start_owes_nothing_extra(self):
        """A draft released before it started owes no extra months."""
        noncompete = self._noncompete()
        noncompete._release(date(2026, 1, 10), "Not needed after all")
        self.assertFalse(noncompete.month_ids)
        with self.assertRaises(UserError):
            self._noncompete()._release(date(2026, 1, 10), "  ")

    def test_three_months_unpaid_alert(self):
        """Three months unpaid for the employer's reason: an alert that the employee may end
        it; months withheld for the employee's reason do not count."""
        noncompete = self._noncompete(duration_months=6)
        self._depart(date(2025, 12, 31))
        noncompete.action_start()
        with freeze_time("2026-03-15"):
            noncompete.invalidate_recordset(["employee_may_end"])
            self.assertEqual(noncompete.month_overdue_count, 2)
            self.assertFalse(noncompete.employee_may_end)
            self.assertFalse(self.Noncompete._cron_unpaid_alert())
        with freeze_time("2026-04-02"):
            noncompete.invalidate_recordset(["employee_may_end", "month_overdue_count"])
            self.assertTrue(noncompete.employee_may_end)
            self.assertEqual(self.Noncompete._cron_unpaid_alert(), noncompete)
            self.Noncompete._cron_unpaid_alert()
            alerts = noncompete.activity_ids.filtered(
                lambda a: a.summary == "Non-compete compensation unpaid for three months"
            )
            self.assertEqual(len(alerts), 1, "one alert, not one a day")
            noncompete.month_ids[0].delay_cause = "employee"
            noncompete.invalidate_recordset(["employee_may_end"])
            self.assertFalse(noncompete.employee_may_end)

    def test_wages_visible_to_hr_managers_only(self):
        """An HR officer neither reads the average wage nor computes it from contract wages;
        an HR manager does both."""
        noncompete = self._noncompete()
        self._depart(date(2025, 12, 31))
        officer = noncompete.with_user(self.hr_officer)
        # Issue 27: the monthly amount reveals the wage (30 % of it); officers read it before.
        for fname in ("average_wage", "monthly_compensation", "current_compensation"):
            with self.subTest(field=fname), self.assertRaises(AccessError):
                officer.read([fname])
        with self.assertRaises(UserError):
            officer.action_compute_average_wage()
        with self.assertRaises(AccessError):
            self.leaver.with_user(self.hr_officer).read(["wage"])
        self.assertEqual(
            noncompete.with_user(self.hr_manager).read(["average_wage"])[0]["average_wage"],
            10000.0,
        )

    @mute_logger("odoo.sql_db")
    def test_one_running_non_compete(self):
        """An employee has at most one draft or active non-compete."""
        self._noncompete()
        with self.assertRaises(IntegrityError), self.env.cr.savepoint():
            self._noncompete()
            self.env.flush_all()

    def test_expires_at_end(self):
        """The daily job expires the non-competes whose end has passed."""
        noncompete = self._noncompete(duration_months=2)
        self._depart(date(2025, 12, 31))
        noncompete.action_start()
        with freeze_time("2026-02-28"):
            self.Noncompete._cron_expire()
        self.assertEqual(noncompete.state, "active")
        with freeze_time("2026-03-01"):
            self.Noncompete._cron_expire()
        self.assertEqual(noncompete.state, "expired")

    def test_access(self):
        """HR manages non-competes, custody managers read them, salespeople see nothing."""
        noncompete = self._noncompete()
        # Issue 27: custody managers read the register, not its amounts (they did before).
        self.assertEqual(noncompete.with_user(self.manager_user).state, "draft")
        with self.assertRaises(AccessError):
            noncompete.with_user(self.manager_user).read(["monthly_compensation"])
        self.assertEqual(
            noncompete.with_user(self.hr_manager).read(["monthly_compensation"])[0][
                "monthly_compensation"
            ],
            3000.0,
        )
        with self.assertRaises(AccessError):
            noncompete.with_user(self.manager_user).write({"scope": "changed"})
        with self.assertRaises(AccessError):
            noncompete.with_user(self.leaver_user).read(["monthly_compensation"])
