from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from .common import TODAY, AlumniCommon


@tagged("post_install", "-at_install")
@freeze_time(TODAY)
class TestRehire(AlumniCommon):
    def _wizard(self, member, user):
        return Form(
            self.env["alumni.rehire.wizard"]
            .with_user(user)
            .with_context(active_model="alumni.member", active_ids=member.ids, active_id=member.id)
        )

    def test_rehire_creates_employee_and_counts_boomerang(self):
        """Rehiring an eligible member creates the employee, links it and counts one boomerang."""
        form = self._wizard(self.member, self.officer)
        self.assertEqual(form.job_title, "Senior Developer")
        form.job_title = "Lead Developer"
        form.save().action_confirm()
        employee = self.member.employee_id
        self.assertTrue(employee.active)
        self.assertEqual(employee.name, "Li Wei")
        self.assertEqual(employee.job_title, "Lead Developer")
        self.assertEqual(self.member.boomerang_count, 1)
        self.assertTrue(self.member.is_boomerang)
        self.assertEqual(self.member.rehire_date, TODAY)
        self.assertFalse(self.member.open_to_return)

    def test_rehire_reactivates_archived_employee(self):
        """A former employee's own record is reactivated, not duplicated."""
        employee = self._create_employee("Luo Bin")
        employee.write({"active": False})
        member = self.env["alumni.member"].search([("employee_id", "=", employee.id)])
        self._wizard(member, self.officer).save().action_confirm()
        self.assertTrue(employee.active)
        self.assertEqual(member.employee_id, employee)
        self.assertEqual(member.boomerang_count, 1)
        employee.write({"active": False})
        self.assertEqual(
            self.env["alumni.member"].search_count([("employee_id", "=", employee.id)]), 1
        )

    def test_not_eligible_officer_refused(self):
        """An officer cannot rehire a member recorded as not eligible; nothing changes."""
        wizard = self._wizard(self.member_not_eligible, self.officer)
        wizard.override_reason = "We need them"
        with self.assertRaises(UserError):
            wizard.save().action_confirm()
        self.assertFalse(self.member_not_eligible.employee_id)
        self.assertEqual(self.member_not_eligible.boomerang_count, 0)

    def test_not_eligible_manager_needs_reason(self):
        """A manager's override of a not-eligible member needs a reason."""
        wizard = (
            self.env["alumni.rehire.wizard"]
            .with_user(self.manager)
            .create({"member_id": self.member_not_eligible.id})
        )
        with self.assertRaises(UserError):
            wizard.action_confirm()
        self.assertFalse(self.member_not_eligible.employee_id)

    def test_not_eligible_manager_override(self):
        """A manager rehires a not-eligible member with a reason, which is logged."""
        wizard = self._wizard(self.member_not_eligible, self.manager)
        wizard.override_reason = "Cleared by the compliance review"
        wizard.save().action_confirm()
        self.assertTrue(self.member_not_eligible.employee_id.active)
        self.assertEqual(self.member_not_eligible.boomerang_count, 1)
        self.assertIn(
            "Cleared by the compliance review",
            self.member_not_eligible.message_ids[:1].body,
        )

    def test_active_employee_not_rehired(self):
        """A member whose employee is still active cannot be rehired again."""
        self._wizard(self.member, self.officer).save().action_confirm()
        with self.assertRaises(UserError):
            self._wizard(self.member, self.officer).save().action_confirm()
        self.assertEqual(self.member.boomerang_count, 1)
