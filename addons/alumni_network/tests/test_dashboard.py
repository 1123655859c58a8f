from datetime import date

from freezegun import freeze_time

from odoo.tests import tagged

from .common import TODAY, AlumniCommon


@tagged("post_install", "-at_install")
@freeze_time(TODAY)
class TestDashboard(AlumniCommon):
    """Four alumni who left the sales department in 2025, with known outcomes."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.sales = cls.env["hr.department"].create({"name": "Sales Dashboard Test"})
        Member = cls.env["alumni.member"]
        cls.fast, cls.late, cls.silent, cls.back = Member.create(
            [
                {"name": name, "department_id": cls.sales.id, "departure_date": left}
                for name, left in (
                    ("Fast Contact", date(2025, 1, 10)),
                    ("Late Contact", date(2025, 2, 10)),
                    ("Never Contacted", date(2025, 3, 10)),
                    ("Came Back", date(2025, 4, 10)),
                )
            ]
        )
        for member in (cls.fast, cls.late):
            cls._consent(member, ("contact", "job_offers"), date(2025, 1, 1))
        Interaction = cls.env["alumni.interaction"]
        Interaction.create(
            [
                {
                    "member_id": cls.fast.id,
                    "kind": "first_contact",
                    "date": date(2025, 1, 12),
                    "satisfaction": "4",
                },
                {
                    "member_id": cls.late.id,
                    "kind": "first_contact",
                    "date": date(2025, 3, 1),
                    "satisfaction": "2",
                },
            ]
        )
        cls.back.boomerang_count = 1
        career = cls.env.ref("alumni_network.alumni_service_type_career")
        services = cls.env["alumni.service"].create(
            [{"member_id": cls.fast.id, "type_id": career.id} for _i in range(3)]
        )
        services[:2].action_deliver()
        cls.env["alumni.referral"].create(
            [
                {"member_id": cls.fast.id, "referred_name": "Hired", "state": "won"},
                {"member_id": cls.fast.id, "referred_name": "Not hired", "state": "lost"},
            ]
        )
        Feedback = cls.env["alumni.feedback"]
        in_time, late = Feedback.create(
            [
                {
                    "member_id": cls.fast.id,
                    "kind": "complaint",
                    "description": "A",
                    "answer": "Done",
                },
                {
                    "member_id": cls.late.id,
                    "kind": "complaint",
                    "description": "B",
                    "answer": "Done",
                },
            ]
        )
        in_time.action_answer()
        with freeze_time("2026-04-01"):
            late.action_answer()

    def test_dashboard_figures(self):
        """The dashboard's figures for 2025 and the department match the known outcomes."""
        dashboard = (
            self.env["alumni.dashboard"]
            .with_user(self.officer)
            .create({"year": 2025, "department_id": self.sales.id})
        )
        self.assertEqual(dashboard.member_count, 4)
        self.assertAlmostEqual(dashboard.satisfaction, 3.0)
        self.assertAlmostEqual(dashboard.first_contact_rate, 25.0)
        self.assertAlmostEqual(dashboard.coverage_rate, 50.0)
        self.assertEqual(dashboard.services_delivered, 2)
        self.assertAlmostEqual(dashboard.boomerang_rate, 25.0)
        self.assertEqual(dashboard.referrals_hired, 1)
        self.assertEqual(dashboard.complaint_count, 2)
        self.assertAlmostEqual(dashboard.complaints_in_time_rate, 50.0)
        other_year = self.env["alumni.dashboard"].create(
            {"year": 2024, "department_id": self.sales.id}
        )
        self.assertEqual(other_year.member_count, 0)

    def test_satisfaction_months_without_ratings_have_no_rows(self):
        """A month without ratings is absent from the satisfaction measure, not a zero."""
        groups = (
            self.env["alumni.rating.report"]
            .with_user(self.officer)
            ._read_group([("department_id", "=", self.sales.id)], ["date:month"], ["score:avg"])
        )
        self.assertEqual([(month.month, score) for month, score in groups], [(1, 4.0), (3, 2.0)])
        action = self.env.ref("alumni_network.alumni_rating_report_action")
        self.assertIn("'fill_temporal': False", action.context)

    def test_evaluation_pivot_by_department(self):
        """The evaluation report groups by department and year for the pivot and graph."""
        groups = (
            self.env["alumni.evaluation.report"]
            .with_user(self.officer)
            ._read_group(
                [("department_id", "=", self.sales.id)],
                ["departure_date:year"],
                ["member_count:sum", "coverage_rate:avg"],
            )
        )
        self.assertEqual(
            [(year.year, count, rate) for year, count, rate in groups], [(2025, 4, 50.0)]
        )
