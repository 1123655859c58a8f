from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged

from .common import ExitCase


@tagged("post_install", "-at_install")
class TestNoncompeteLaw(ExitCase):
    """Issue 27 item 7 and issue 22 item 2: the non-compete on every departure path, ended by
    the employee, breaches as records, amounts for HR managers, amendments only."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.leaver.exit_confidentiality_date = date(2024, 5, 6)
        cls.colleague.exit_confidentiality_date = date(2024, 5, 6)
        cls.Noncompete = cls.env["custody.noncompete"]

    def _noncompete(self, employee=None, **values):
        vals = {"employee_id": (employee or self.leaver).id, "average_wage": 10000.0, **values}
        return self.Noncompete.with_user(self.hr_manager).create(vals)

    def _started(self, months=6):
        noncompete = self._noncompete(duration_months=months)
        self.leaver.sudo().departure_date = date(2025, 12, 31)
        noncompete.action_start()
        return noncompete

    def test_bulk_archive_starts_every_noncompete(self):
        """A bulk archive (no wizard) starts each leaver's registered non-compete, 30 % of
        10,000 = 3,000 a month for 3 months."""
        first = self._noncompete(duration_months=3)
        second = self._noncompete(self.colleague, duration_months=3)
        with freeze_time("2026-05-29"):
            (self.leaver | self.colleague).with_context(no_wizard=True).action_archive()
        self.assertEqual((first | second).mapped("state"), ["active", "active"])
        self.assertEqual(first.date_start, date(2026, 5, 30))
        self.assertEqual(first.sudo().month_ids.mapped("amount"), [3000.0] * 3)

    def test_every_departure_path_starts_the_noncompete(self):
        """Item 7: the registered non-compete starts, with its months (3 × 3,000), on every
        departure path: the departure wizard, a plain archive of one employee, several
        employees archived in one write, and a bare write of `active` (an import or RPC: only
        the archival automation runs). Without the automation, a bare write starts nothing:
        the automation is the path."""

        def leavers(count, label):
            employees = self.env["hr.employee"].create(
                [
                    {"name": f"{label} {index}", "exit_confidentiality_date": date(2024, 5, 6)}
                    for index in range(count)
                ]
            )
            noncompetes = self.Noncompete.with_user(self.hr_manager).create(
                [
                    {"employee_id": employee.id, "average_wage": 10000.0, "duration_months": 3}
                    for employee in employees
                ]
            )
            return employees, noncompetes

        paths = {
            "wizard": (
                1,
                lambda e: self._register_departure(e, departure_date=date(2026, 5, 29)),
            ),
            "plain archive": (1, lambda e: e.with_context(no_wizard=True).action_archive()),
            "bulk archive, one write": (
                3,
                lambda e: e.with_context(no_wizard=True).action_archive(),
            ),
            "write of active (automation)": (2, lambda e: e.write({"active": False})),
        }
        for path, (count, depart) in paths.items():
            with self.subTest(path=path):
                employees, noncompetes = leavers(count, path)
                with freeze_time("2026-05-29"):
                    depart(employees)
                self.assertFalse(any(employees.mapped("active")))
                self.assertEqual(noncompetes.mapped("state"), ["active"] * count)
                self.assertEqual(set(noncompetes.mapped("date_start")), {date(2026, 5, 30)})
                self.assertEqual(
                    noncompetes.sudo().month_ids.mapped("amount"), [3000.0] * 3 * count
                )
        self.env.ref(
            "client_custody_handover.base_automation_custody_employee_archived"
        ).active = False
        employees, noncompetes = leavers(1, "no automation")
        with freeze_time("2026-05-29"):
            employees.write({"active": False})
        self.assertEqual(noncompetes.state, "draft")

    def test_employee_ends_after_three_months_unpaid(self):
        """Three months unpaid for the employer's reason: the employee ends it on 2 April 2026
        (date, evidence); the months after it are cancelled, the overdue ones stay owed."""
        noncompete = self._started(6)
        with freeze_time("2026-03-15"), self.assertRaises(UserError):
            noncompete._end_by_employee(date(2026, 3, 15), "Letter received by HR on 15 March")

        def end(evidence):
            wizard = Form(
                self.env["custody.noncompete.end.wizard"]
                .with_user(self.hr_officer)
                .with_context(default_noncompete_id=noncompete.id)
            )
            wizard.end_date = date(2026, 4, 2)
            wizard.evidence = evidence
            wizard.save().action_end()

        with freeze_time("2026-04-02"):
            with self.assertRaises(ValidationError):
                end("ok")
            self.assertEqual(noncompete.state, "active")
            end("Registered letter of 2 April 2026, received by HR")
        self.assertEqual(noncompete.state, "ended")
        self.assertEqual(noncompete.ended_date, date(2026, 4, 2))
        months = noncompete.sudo().month_ids
        # January to March overdue and April in progress (from 1 April) stay owed; May and June
        # are cancelled.
        self.assertEqual(months.mapped("state"), ["unpaid"] * 4 + ["cancelled"] * 2)
        self.assertEqual(noncompete.sudo().amount_unpaid, 12000.0, "4 × 3,000 still owed")

    def test_breach_is_a_record(self):
        """A breach records its date, evidence and the damages claimed (50,000); the employer
        may require continuation; a breach dated before the departure is refused."""
        noncompete = self._started(6)
        Breach = self.env["custody.noncompete.breach"].with_user(self.hr_officer)
        with freeze_time("2026-03-01"):
            with self.assertRaises(ValidationError) as caught:
                Breach.create(
                    {
                        "noncompete_id": noncompete.id,
                        "date": date(2025, 12, 15),
                        "evidence": "Seen working for Rival Co in December",
                    }
                )
            self.assertIn("2026-01-01", str(caught.exception))
            self.assertFalse(noncompete.breach_ids)
            breach = Breach.create(
                {
                    "noncompete_id": noncompete.id,
                    "date": date(2026, 2, 1),
                    "evidence": "Joined Rival Co as sales director; client statement on file",
                    "damages_claimed": 50000.0,
                    "continuation_required": True,
                }
            )
        self.assertEqual(noncompete.breach_ids, breach)
        self.assertEqual(noncompete.state, "active", "paying damages does not end it")
        with self.assertRaises(UserError):
            breach.with_user(self.hr_manager).write({"damages_claimed": 1.0})
        self.assertIn("Breach recorded", self._messages(noncompete))

    def test_amounts_for_hr_managers_only(self):
        """Officers and custody managers read neither the monthly amounts nor the months'."""
        noncompete = self._started(3)
        for user in (self.hr_officer, self.manager_user):
            for record, fname in (
                (noncompete, "monthly_compensation"),
                (noncompete, "amount_unpaid"),
                (noncompete.month_ids[0], "amount"),
            ):
                with self.subTest(user=user.login, field=fname), self.assertRaises(AccessError):
                    record.with_user(user).read([fname])
        self.assertEqual(noncompete.month_ids[0].with_user(self.hr_manager).amount, 3000.0)

    def test_chatter_carries_no_amount(self):
        """Item 7: HR officers read the non-compete's chatter; it never states a monthly amount
        (3,000 started, 3,500 amended), which reveals the wage. The tracked amounts show only
        to HR managers (Odoo filters tracking values by the field's groups)."""
        noncompete = self._started(3)
        amendment = self.env["custody.noncompete.amendment"].with_user(self.hr_manager)
        amendment.create(
            {
                "noncompete_id": noncompete.id,
                "date_effective": date(2026, 2, 1),
                "monthly_compensation": 3500.0,
                "reason": "Agreed amount raised after the mediation",
            }
        )
        messages = noncompete.with_user(self.hr_officer).message_ids
        self.assertIn("Non-compete started", "".join(messages.mapped("body")))
        self.assertIn("Compensation amended", "".join(messages.mapped("body")))
        for body in messages.mapped("body"):
            for figure in ("3000", "3,000", "3500", "3,500"):
                self.assertNotIn(figure, body)

    def test_months_and_state_written_only_by_transitions(self):
        """Issue 22: an HR officer rewrites a month's amount to 1.00, an HR manager marks a
        month paid by a write, the superuser sets the state: all refused, nothing changes."""
        noncompete = self._started(3)
        month = noncompete.month_ids[0]
        for user, vals in (
            (self.hr_officer, {"amount": 1.0}),
            (self.hr_manager, {"amount": 1.0}),
            (self.hr_manager, {"state": "paid"}),
            (self.hr_manager, {"paid_date": "2026-01-31"}),
        ):
            with self.subTest(user=user.login, vals=vals), self.assertRaises(UserError):
                month.with_user(user).write(vals)
        with self.assertRaises(UserError):
            month.sudo().write({"amount": 1.0})
        for vals in ({"state": "expired"}, {"ended_date": "2026-01-31"}):
            with self.subTest(vals=vals), self.assertRaises(UserError):
                noncompete.sudo().write(vals)
        self.assertEqual((month.sudo().amount, month.state), (3000.0, "unpaid"))
        month.with_user(self.hr_officer).action_mark_paid()
        self.assertEqual(month.state, "paid")

    def test_downward_amendment_needs_written_agreement(self):
        """Lowering 3,000 to 2,800 needs the employee's written agreement ("ok ok" and "."
        refused); below the local minimum of 2,500 is refused whatever is attached."""
        noncompete = self._started(4)
        Amendment = self.env["custody.noncompete.amendment"].with_user(self.hr_manager)
        base = {
            "noncompete_id": noncompete.id,
            "date_effective": date(2026, 2, 1),
            "monthly_compensation": 2800.0,
            "reason": "Scope narrowed to East China after mediation",
        }
        for agreement in (False, "ok ok", "."):
            with self.subTest(agreement=agreement), self.assertRaises(ValidationError):
                Amendment.create({**base, "employee_agreement": agreement})
        with self.assertRaises(ValidationError):
            Amendment.create(
                {
                    **base,
                    "monthly_compensation": 2000.0,
                    "employee_agreement": "Signed addendum of 20 January 2026",
                }
            )
        self.assertFalse(noncompete.sudo().amendment_ids)
        self.assertEqual(noncompete.sudo().month_ids.mapped("amount"), [3000.0] * 4)
        Amendment.create({**base, "employee_agreement": "Signed addendum of 20 January 2026"})
        self.assertEqual(
            noncompete.sudo().month_ids.mapped("amount"), [3000.0, 2800.0, 2800.0, 2800.0]
        )
