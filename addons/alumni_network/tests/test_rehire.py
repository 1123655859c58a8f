from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
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

    def _propose(self, member, user=None, **changes):
        form = self._wizard(member, user or self.officer)
        for fname, value in changes.items():
            setattr(form, fname, value)
        action = form.save().action_confirm()
        return self.env["alumni.rehire.request"].browse(action["res_id"])

    def test_officer_proposes_hr_approves(self):
        """The officer proposes (no employee yet); HR approves: employee created, one boomerang."""
        request = self._propose(self.member, job_title="Lead Developer")
        self.assertEqual(request.state, "proposed")
        self.assertEqual(request.proposed_by_id, self.officer)
        self.assertFalse(self.member.employee_id)
        self.assertEqual(self.member.boomerang_count, 0)
        with self.assertRaises(AccessError):
            request.with_user(self.officer).action_approve()
        self.assertFalse(self.member.employee_id)

        request.with_user(self.hr_user).action_approve()
        employee = self.member.employee_id
        self.assertTrue(employee.active)
        self.assertEqual(employee.name, "Li Wei")
        self.assertEqual(employee.job_title, "Lead Developer")
        self.assertEqual(request.state, "approved")
        self.assertEqual(request.decided_by_id, self.hr_user)
        self.assertEqual(self.member.boomerang_count, 1)
        self.assertTrue(self.member.is_boomerang)
        self.assertEqual(self.member.rehire_date, TODAY)
        self.assertFalse(self.member.open_to_return)

    def test_rehire_reactivates_archived_employee(self):
        """A former employee's own record is reactivated by HR, not duplicated."""
        employee = self._create_employee("Luo Bin", hr_responsible_id=self.hr_user.id)
        employee.write({"active": False})
        member = self.env["alumni.member"].search([("employee_id", "=", employee.id)])
        request = self._propose(member)
        self.assertEqual(request.activity_ids.user_id, self.hr_user, "HR is asked to decide.")
        request.with_user(self.hr_user).action_approve()
        self.assertFalse(request.activity_ids)
        self.assertTrue(employee.active)
        self.assertEqual(member.employee_id, employee)
        self.assertEqual(member.boomerang_count, 1)
        employee.write({"active": False})
        self.assertEqual(
            self.env["alumni.member"].search_count([("employee_id", "=", employee.id)]), 1
        )

    def test_hr_refusal_needs_reason(self):
        """HR refuses a rehire with a reason; nothing is created."""
        request = self._propose(self.member)
        with self.assertRaises(UserError):
            request.with_user(self.hr_user).action_refuse()
        request.with_user(self.hr_user).refusal_reason = "No opening this year"
        request.with_user(self.hr_user).action_refuse()
        self.assertEqual(request.state, "refused")
        self.assertFalse(self.member.employee_id)

    def test_not_eligible_officer_refused(self):
        """An officer cannot propose a member recorded as not eligible; nothing changes."""
        wizard = self._wizard(self.member_not_eligible, self.officer)
        wizard.override_reason = "We need them"
        with self.assertRaises(UserError):
            wizard.save().action_confirm()
        self.assertFalse(self.member_not_eligible.rehire_request_ids)
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
        self.assertFalse(self.member_not_eligible.rehire_request_ids)

    def test_not_eligible_manager_override(self):
        """A manager proposes a not-eligible member with a reason; HR approves; it is logged."""
        request = self._propose(
            self.member_not_eligible,
            user=self.manager,
            override_reason="Cleared by the compliance review",
        )
        request.with_user(self.hr_user).action_approve()
        self.assertTrue(self.member_not_eligible.employee_id.active)
        self.assertEqual(self.member_not_eligible.boomerang_count, 1)
        self.assertIn(
            "Cleared by the compliance review",
            self.member_not_eligible.message_ids[:1].body,
        )

    def test_active_employee_not_rehired(self):
        """A member whose employee is active again cannot be proposed or approved twice."""
        self._propose(self.member).with_user(self.hr_user).action_approve()
        with self.assertRaises(UserError):
            self._propose(self.member)
        self.assertEqual(self.member.boomerang_count, 1)

    def test_one_open_proposal(self):
        """A second proposal while one waits for HR is refused."""
        self._propose(self.member)
        with self.assertRaises(UserError):
            self._propose(self.member)
        self.assertEqual(len(self.member.rehire_request_ids), 1)

    def test_officer_cannot_link_any_employee(self):
        """An officer cannot link a member to an (archived) employee: only HR does."""
        employee = self._create_employee("Ren Jie")
        employee.write({"active": False})
        with self.assertRaises(UserError):
            self.member.with_user(self.officer).write({"employee_id": employee.id})
        with self.assertRaises(UserError):
            self.env["alumni.member"].with_user(self.officer).create(
                {"name": "Ren Jie", "employee_id": employee.id}
            )
        self.assertFalse(self.member.employee_id)

    def test_rehire_blockers_hook(self):
        """The rehire blockers name why a rehire cannot happen now; none for a plain alumnus."""
        self.assertEqual(self.member._rehire_blockers(), [])
        self._propose(self.member).with_user(self.hr_user).action_approve()
        self.assertTrue(self.member._rehire_blockers())
