from datetime import date

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from ..severance import art47_months
from .common import ExitCase


@tagged("post_install", "-at_install")
class TestSeverance(ExitCase):
    def _exit(self, start, end, kind="redundancy", wage=8000.0, **values):
        """A departed exit of the leaver with a service from ``start`` to ``end``."""
        exit_ = self.Exit.create(
            {
                "employee_id": self.leaver.id,
                "termination_kind": kind,
                "notice_date": end,
                "service_date_start": start,
                "severance_wage_average": wage,
                **values,
            }
        )
        exit_._register_departure(end)
        return exit_

    def test_rounding_rules(self):
        """Art. 47: a month per full year; six months or more count as a year, less as half."""
        cases = [
            (date(2023, 1, 1), date(2025, 12, 31), 3.0),  # exactly three years
            (date(2023, 1, 1), date(2026, 5, 31), 3.5),  # 3 years 5 months
            (date(2023, 1, 1), date(2026, 6, 30), 4.0),  # 3 years 6 months
            (date(2023, 1, 1), date(2026, 6, 29), 3.5),  # a day short of 6 months
            (date(2026, 1, 1), date(2026, 2, 28), 0.5),  # two months
            (date(2026, 1, 1), date(2026, 1, 1), 0.5),  # a single day
            (date(2025, 1, 1), date(2025, 6, 30), 1.0),  # six months
        ]
        for start, end, months in cases:
            with self.subTest(start=start, end=end):
                self.assertEqual(art47_months(start, end), months)
        exit_ = self._exit(date(2023, 1, 1), date(2026, 5, 31))
        self.assertEqual(exit_.severance_months, 3.5)
        self.assertEqual(exit_.sudo().severance_amount, 28000.0)

    def test_wage_cap_three_times_local_average(self):
        """Above three times the local average wage, the base is capped at that."""
        exit_ = self._exit(date(2021, 1, 1), date(2025, 12, 31), wage=45000.0)
        self.assertTrue(exit_.severance_wage_capped)
        self.assertEqual(exit_.severance_base, 30000.0)
        self.assertEqual(exit_.severance_months, 5.0)
        self.assertEqual(exit_.severance_amount, 150000.0)

    def test_year_cap_only_with_the_wage_cap(self):
        """Capped wage: at most 12 years; a wage under the cap counts every year."""
        capped = self._exit(date(2010, 1, 1), date(2025, 12, 31), wage=45000.0)
        self.assertEqual(capped.severance_months, 12.0)
        self.assertEqual(capped.severance_amount, 360000.0)
        uncapped = self.Exit.create(
            {
                "employee_id": self.colleague.id,
                "termination_kind": "redundancy",
                "notice_date": date(2025, 12, 31),
                "service_date_start": date(2010, 1, 1),
                "severance_wage_average": 20000.0,
            }
        )
        self.assertFalse(uncapped.severance_wage_capped)
        self.assertEqual(uncapped.severance_months, 16.0)
        self.assertEqual(uncapped.severance_amount, 320000.0)

    def test_due_by_kind(self):
        """Not due on a resignation or a dismissal for fault; due when the employer proposes
        the mutual agreement, and at a fixed term's end unless equal terms were refused."""
        exit_ = self._exit(date(2023, 1, 1), date(2025, 12, 31), kind="resignation")
        expected = {
            "resignation": False,
            "probation_resignation": False,
            "mutual_employee": False,
            "misconduct": False,
            "mutual_employer": True,
            "employer_fault": True,
            "incapacity_notice": True,
            "redundancy": True,
            "fixed_term_expiry": True,
        }
        for kind, due in expected.items():
            with self.subTest(kind=kind):
                exit_.termination_kind = kind
                self.assertEqual(exit_.severance_due, due)
                self.assertEqual(exit_.severance_state, "payable" if due else "not_due")
        exit_.refused_equal_terms = True
        self.assertFalse(exit_.severance_due)
        self.assertEqual(exit_.severance_amount, 0.0)

    def test_n_plus_one_and_double(self):
        """N+1 adds the last month's wage (art. 40 without notice); 2N doubles (art. 87); each
        needs its reason."""
        with self.assertRaises(ValidationError):
            self._exit(date(2023, 1, 1), date(2025, 12, 31), kind="incapacity_pay")
        exit_ = self._exit(
            date(2023, 1, 1),
            date(2025, 12, 31),
            kind="incapacity_pay",
            last_month_wage=9000.0,
            severance_formula_reason="No 30 days' notice: a month's wage paid instead",
        )
        self.assertEqual(exit_.severance_formula, "n_plus_1")
        # Was one amount of 33,000 held for the handover: the extra month is its own figure,
        # due at the departure (Implementing Regulations art. 20).
        self.assertEqual(exit_.severance_amount, 3 * 8000.0)  # 24,000 economic compensation
        self.assertEqual(exit_.notice_pay_amount, 9000.0)  # the last month's wage
        self.assertEqual(exit_.severance_total, 33000.0)
        exit_.write({"severance_formula": "double", "severance_formula_reason": "Art. 87 ruling"})
        # Was 48,000 as "economic compensation": it is 赔偿金 (art. 87), none of 经济补偿.
        self.assertEqual(exit_.damages_amount, 2 * 3 * 8000.0)  # 48,000
        self.assertEqual(exit_.severance_amount, 0.0)
        self.assertEqual(exit_.severance_total, 48000.0)
        with self.assertRaises(ValidationError):
            exit_.severance_formula_reason = " ?! "
        self.assertEqual(exit_.severance_formula_reason, "Art. 87 ruling")

    def test_wages_for_hr_managers_only(self):
        """An HR officer sees whether compensation is due and its months, never the wages."""
        exit_ = self._exit(date(2023, 1, 1), date(2025, 12, 31))
        officer_exit = exit_.with_user(self.hr_officer)
        self.assertEqual(officer_exit.severance_months, 3.0)
        for fname in ("severance_wage_average", "severance_base", "severance_amount"):
            with self.subTest(field=fname), self.assertRaises(AccessError):
                officer_exit.read([fname])
        with self.assertRaises(AccessError):
            officer_exit.write({"severance_wage_average": 1.0})
        self.assertEqual(
            exit_.with_user(self.hr_manager).read(["severance_amount"])[0]["severance_amount"],
            24000.0,
        )

    def test_wage_average_from_wage_months(self):
        """The average of the 12 months before departure includes variable pay; contract
        wages fill the months not recorded. HR managers only."""
        self.leaver.version_id.sudo().wage = 6000.0
        exit_ = self._exit(date(2020, 1, 1), date(2025, 12, 31), wage=0.0)
        Wage = self.env["hr.exit.wage"]
        Wage.create(
            {
                "employee_id": self.leaver.id,
                "date": date(2025, 12, 1),
                "base_wage": 6000.0,
                "variable_pay": 12000.0,
            }
        )
        with self.assertRaises(UserError):
            exit_.with_user(self.hr_officer).action_compute_severance_wage()
        exit_.with_user(self.hr_manager).action_compute_severance_wage()
        self.assertEqual(Wage.search_count([("employee_id", "=", self.leaver.id)]), 12)
        self.assertEqual(exit_.severance_wage_average, 7000.0)
        self.assertEqual(exit_.last_month_wage, 18000.0)
        with self.assertRaises(AccessError):
            Wage.with_user(self.hr_officer).search([])
