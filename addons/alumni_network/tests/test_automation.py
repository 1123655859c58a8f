from datetime import date

from freezegun import freeze_time

from odoo.tests import Form, tagged

from .common import TODAY, AlumniCommon


@tagged("post_install", "-at_install")
@freeze_time(TODAY)
class TestArchiveAutomation(AlumniCommon):
    def _members_of(self, employee):
        return self.env["alumni.member"].search([("employee_id", "=", employee.id)])

    def test_rule_is_a_visible_automation(self):
        """Registration is a base.automation rule on employee archiving, editable in Settings."""
        rule = self.env.ref("alumni_network.base_automation_employee_archived")
        self.assertEqual(rule.trigger, "on_archive")
        self.assertEqual(rule.model_id.model, "hr.employee")
        self.assertTrue(rule.action_server_ids)

    def test_rpc_archive_creates_member(self):
        """A plain archiving write registers an alumnus with an empty private contact."""
        employee = self._create_employee("Zhao Lei", birthday=date(1990, 3, 5))
        employee.with_user(self.hr_user).write({"active": False})
        member = self._members_of(employee)
        self.assertEqual(len(member), 1)
        self.assertEqual(member.name, "Zhao Lei")
        self.assertEqual(member.departure_date, TODAY)
        self.assertEqual(member.first_contact_deadline, date(2026, 3, 9))
        self.assertEqual(member.next_contact_date, date(2026, 5, 31))
        self.assertEqual(member.department_id, self.department)
        self.assertEqual(member.job_title, "Sales Engineer")
        self.assertTrue(member.partner_id)
        self.assertNotEqual(member.partner_id, employee.work_contact_id)
        # No private data without a recorded consent (PIPL): the consent tests copy it.
        self.assertFalse(member.birthday)
        self.assertFalse(member.partner_id.email)
        self.assertEqual(member.state, "active")

    def test_archive_twice_is_idempotent(self):
        """Archiving, restoring and archiving again never creates a second alumni record."""
        employee = self._create_employee("Sun Yue")
        employee.with_user(self.hr_user).write({"active": False})
        employee.with_user(self.hr_user).write({"active": True})
        employee.with_user(self.hr_user).write({"active": False})
        self.assertEqual(len(self._members_of(employee)), 1)

    def test_departure_wizard_sets_reason_and_date(self):
        """The departure wizard archives the employee and its reason and date reach the alumnus."""
        employee = self._create_employee("Qian Hao")
        # As the Archive button of the employee form does; ending the contract is HR manager work.
        wizard_form = Form(
            self.env["hr.departure.wizard"]
            .with_user(self.hr_manager)
            .with_context(employee_termination=True, active_ids=employee.ids)
        )
        wizard_form.departure_reason_id = self.reason
        wizard_form.departure_date = date(2026, 2, 27)
        wizard_form.save().action_register_departure()
        self.assertFalse(employee.active)
        member = self._members_of(employee)
        self.assertEqual(len(member), 1)
        self.assertEqual(member.departure_reason_id, self.reason)
        self.assertEqual(member.departure_date, date(2026, 2, 27))
        self.assertEqual(member.first_contact_deadline, date(2026, 3, 6))

    def test_action_archive_registers(self):
        """action_archive (which offers the departure wizard) registers the alumnus at once."""
        employee = self._create_employee("Fang Yi")
        action = employee.with_user(self.hr_user).action_archive()
        self.assertEqual(action["res_model"], "hr.departure.wizard")
        self.assertEqual(len(self._members_of(employee)), 1)

    def test_no_wizard_archive_registers(self):
        """Archiving with no_wizard (the wizard's own path) also registers the alumnus."""
        employee = self._create_employee("Kong Yu")
        employee.with_user(self.hr_user).with_context(no_wizard=True).action_archive()
        self.assertEqual(len(self._members_of(employee)), 1)

    def test_officer_smart_button_on_employee(self):
        """An alumni officer who is also HR sees the employee's alumni record count and opens it."""
        employee = self._create_employee("He Jing")
        employee.write({"active": False})
        self.hr_user.group_ids |= self.env.ref("alumni_network.group_alumni_officer")
        employee_as_officer = employee.with_user(self.hr_user)
        self.assertEqual(employee_as_officer.alumni_member_count, 1)
        action = employee_as_officer.action_open_alumni_member()
        self.assertEqual(action["res_id"], self._members_of(employee).id)
