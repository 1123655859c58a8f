import ast
from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import TODAY, AlumniCommon


@tagged("post_install", "-at_install")
@freeze_time(TODAY)
class TestMember(AlumniCommon):
    def test_manual_member_gets_private_contact(self):
        """A member created by hand gets a private contact carrying its name and email."""
        member = (
            self.env["alumni.member"]
            .with_user(self.officer)
            .create({"name": "Ma Lin", "email": "ma.lin@example.com"})
        )
        self.assertEqual(member.partner_id.name, "Ma Lin")
        self.assertEqual(member.partner_id.email, "ma.lin@example.com")
        self.assertTrue(member.ref.startswith("ALU/"))
        self.assertEqual(member.departure_date, TODAY)
        self.assertEqual(member.user_id, self.officer)

    def test_contact_fields_follow_partner(self):
        """Editing the member's email keeps the private contact in step."""
        self.member.with_user(self.officer).email = "new@example.com"
        self.assertEqual(self.member.partner_id.email, "new@example.com")

    def test_first_contact_deadline_is_a_week(self):
        """The first contact is due seven days after departure."""
        self.assertEqual(self.member.first_contact_deadline, date(2026, 1, 22))

    def test_next_contact_follows_cadence_setting(self):
        """The next contact is the last contact (or departure) plus the cadence setting."""
        self.assertEqual(self.member.next_contact_date, date(2026, 4, 15))
        settings = self.env["res.config.settings"].create({"alumni_contact_cadence_days": 30})
        settings.execute()
        self.assertEqual(self.company.alumni_contact_cadence_days, 30)
        self.assertEqual(self.member.next_contact_date, date(2026, 2, 14))

    def test_settings_defaults(self):
        """A new company contacts alumni every 90 days and keeps their data 5 years."""
        company = self.env["res.company"].create({"name": "Alumni Default Co"})
        self.assertEqual(company.alumni_contact_cadence_days, 90)
        self.assertEqual(company.alumni_retention_years, 5)

    def test_talent_pool_domain(self):
        """The talent pool lists active members eligible for rehire and open to return."""
        action = self.env.ref("alumni_network.alumni_member_action_talent_pool")
        pool = (
            self.env["alumni.member"]
            .with_user(self.officer)
            .search(ast.literal_eval(action.domain))
        )
        self.assertIn(self.member, pool)
        self.assertNotIn(self.member_no_consent, pool)
        self.assertNotIn(self.member_not_eligible, pool)
        by_skill = (
            self.env["alumni.member"]
            .with_user(self.officer)
            .search([("id", "in", pool.ids), ("tag_ids", "in", self.tag_python.ids)])
        )
        self.assertEqual(by_skill, self.member)

    def test_plain_employee_sees_nothing(self):
        """Employees outside the alumni groups cannot read alumni data."""
        for model in ("alumni.member", "alumni.referral", "alumni.benefit", "alumni.interaction"):
            with self.assertRaises(AccessError):
                self.env[model].with_user(self.employee_user).search([])

    def test_officer_cannot_delete(self):
        """Officers keep the history: only managers delete alumni records."""
        with self.assertRaises(AccessError):
            self.member.with_user(self.officer).unlink()

    def test_opt_out(self):
        """Opting out stops all mail to the member."""
        self.member.with_user(self.officer).action_opt_out()
        self.assertEqual(self.member.state, "opted_out")
        self.assertFalse(self.member.can_receive_mail)
        with self.assertRaises(UserError):
            self.member.with_user(self.officer).action_send_greeting()

    def test_multi_company_rule(self):
        """A member of another company is invisible to an officer of this company."""
        other = self.env["res.company"].create({"name": "Other Alumni Co"})
        foreign = self.env["alumni.member"].create({"name": "Foreign", "company_id": other.id})
        found = self.env["alumni.member"].with_user(self.officer).search([("name", "=", "Foreign")])
        self.assertFalse(found)
        self.assertTrue(foreign.exists())
