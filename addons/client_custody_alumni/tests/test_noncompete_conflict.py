from datetime import date

from freezegun import freeze_time

from odoo.tests import Form, TransactionCase, new_test_user, tagged

from odoo.addons.base.tests.common import DISABLED_MAIL_CONTEXT


@tagged("post_install", "-at_install")
class TestNoncompeteConflict(TransactionCase):
    """A leaver bound by a non-compete from 31 January 2026 for 6 months, now an alumnus."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, **DISABLED_MAIL_CONTEXT))
        cls.company = cls.env.company
        cls.officer = new_test_user(
            cls.env, login="conflict_officer", groups="alumni_network.group_alumni_officer"
        )
        cls.hr_manager = new_test_user(
            cls.env, login="conflict_hr", groups="base.group_user,hr.group_hr_manager"
        )
        cls.company.alumni_officer_id = cls.officer
        cls.activity_type = cls.env.ref("client_custody_alumni.mail_activity_noncompete_conflict")
        cls.competitor_tag = cls.env.ref("client_custody_alumni.res_partner_category_competitor")
        cls.colleague = cls.env["hr.employee"].create(
            {
                "name": "Colleague",
                "user_id": new_test_user(
                    cls.env,
                    login="conflict_colleague",
                    groups="base.group_user,client_custody.group_custody_user",
                ).id,
            }
        )
        cls.client, cls.competitor, cls.neutral = cls.env["res.partner"].create(
            [
                {"name": "Client Co", "is_company": True},
                {"name": "Rival Co", "is_company": True, "category_id": cls.competitor_tag.ids},
                {"name": "Bakery Co", "is_company": True},
            ]
        )
        cls.env["custody.assignment"]._move(cls.client, cls.colleague, origin="assigned")
        cls.leaver = cls.env["hr.employee"].create(
            {"name": "Leaver", "exit_confidentiality_date": date(2024, 1, 1)}
        )
        cls.noncompete = cls.env["custody.noncompete"].create(
            {"employee_id": cls.leaver.id, "duration_months": 6, "average_wage": 10000.0}
        )
        cls.reason = cls.env["hr.departure.reason"].search([], limit=1)

    def _leave(self):
        """HR registers the departure: the non-compete starts, the alumnus is registered."""
        form = Form(
            self.env["hr.departure.wizard"]
            .with_user(self.hr_manager)
            .with_context(active_ids=self.leaver.ids, employee_termination=True)
        )
        form.departure_reason_id = self.reason
        form.departure_date = date(2026, 1, 31)
        form.save().action_register_departure()
        member = self.env["alumni.member"].search([("employee_id", "=", self.leaver.id)])
        self.assertEqual(len(member), 1)
        return member.with_user(self.officer)

    def _activities(self, member):
        return member.activity_ids.filtered(lambda a: a.activity_type_id == self.activity_type)

    def test_bridge_installed_with_both_addons(self):
        """The bridge installs itself when client custody and the alumni network are there."""
        module = self.env["ir.module.module"].search([("name", "=", "client_custody_alumni")])
        self.assertEqual((module.state, module.auto_install), ("installed", True))

    @freeze_time("2026-03-02")
    def test_client_employer_is_relationship_risk(self):
        """An alumnus joining a client is not competing: no conflict, but a relationship risk,
        shown on its own, with or without a non-compete."""
        member = self._leave()
        self.assertEqual(self.noncompete.state, "active")
        self.assertEqual(member.noncompete_date_end, date(2026, 7, 31), "from 1 February")
        member.new_employer_partner_id = self.client
        self.assertEqual(member.new_employer, "Client Co")
        self.assertFalse(member.noncompete_conflict)
        self.assertFalse(self._activities(member))
        self.assertTrue(member.relationship_risk)
        self.assertIn("Client Co is a client of the company", member.relationship_risk_reason)
        found = (
            self.env["alumni.member"]
            .with_user(self.officer)
            .search([("relationship_risk", "=", True)])
        )
        self.assertEqual(found, member, "the Relationship risk filter finds it")
        member.new_employer_partner_id = self.neutral
        self.assertFalse(member.relationship_risk)

    @freeze_time("2026-03-02")
    def test_competitor_conflict_activity_once(self):
        """A competitor employer during the non-compete: one activity for the officer."""
        member = self._leave()
        member.new_employer_partner_id = self.competitor
        activity = self._activities(member)
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.user_id, self.officer)
        member.env["alumni.member"]._cron_noncompete_check()
        member.write({"new_position": "Buyer"})
        self.assertEqual(len(self._activities(member)), 1, "no duplicate activity")
        flagged = (
            self.env["alumni.member"]
            .with_user(self.officer)
            .search([("noncompete_conflict", "=", True)])
        )
        self.assertEqual(flagged, member, "the Conflicts filter finds it")

    @freeze_time("2026-03-02")
    def test_competitor_employer_flagged(self):
        """An alumnus joining a partner tagged Competitor while the non-compete runs is flagged."""
        member = self._leave()
        member.new_employer_partner_id = self.competitor
        self.assertTrue(member.noncompete_conflict)
        self.assertIn("tagged as a competitor", member.noncompete_conflict_reason)
        self.assertNotIn("client", member.noncompete_conflict_reason)
        self.assertFalse(member.relationship_risk)
        self.assertEqual(len(self._activities(member)), 1)

    @freeze_time("2026-03-02")
    def test_neutral_employer_not_flagged(self):
        """A new employer neither client nor competitor raises nothing."""
        member = self._leave()
        member.new_employer_partner_id = self.neutral
        self.assertFalse(member.noncompete_conflict)
        self.assertFalse(self._activities(member))

    @freeze_time("2026-03-02")
    def test_plain_archive_starts_noncompete(self):
        """Issue 27: a plain archive (no wizard) starts the registered non-compete, with its
        months, as the wizard does (it stayed a draft before)."""
        self.leaver.write({"active": False, "departure_date": date(2026, 1, 31)})
        self.assertEqual(self.noncompete.state, "active")
        self.assertEqual(self.noncompete.date_start, date(2026, 2, 1))
        self.assertEqual(len(self.noncompete.month_ids), 6)

    def test_no_flag_without_active_noncompete(self):
        """Without a non-compete, a client employer is no conflict."""
        self.noncompete.unlink()
        self.leaver.write({"active": False, "departure_date": date(2026, 1, 31)})
        member = self.env["alumni.member"].search([("employee_id", "=", self.leaver.id)])
        member = member.with_user(self.officer)
        member.new_employer_partner_id = self.client
        self.assertFalse(member.noncompete_conflict)
        self.assertFalse(self._activities(member))
        other = (
            self.env["alumni.member"]
            .with_user(self.officer)
            .create({"name": "No contract", "new_employer_partner_id": self.competitor.id})
        )
        self.assertFalse(other.noncompete_conflict)

    @freeze_time("2026-03-02")
    def test_release_clears_flag(self):
        """The company releases the non-compete: the flag clears and the activity is closed."""
        member = self._leave()
        member.new_employer_partner_id = self.competitor
        self.assertTrue(member.noncompete_conflict)
        self.noncompete._release(date(2026, 3, 2), "Rival Co is not a competitor")
        self.assertFalse(member.noncompete_conflict)
        self.assertFalse(member.noncompete_date_end)
        self.assertFalse(self._activities(member))
        self.assertIn("No longer in conflict", "\n".join(member.sudo().message_ids.mapped("body")))

    def test_expiry_clears_flag(self):
        """Once the non-compete ended, the daily check clears the flag."""
        with freeze_time("2026-03-02"):
            member = self._leave()
            member.new_employer_partner_id = self.competitor
            self.assertTrue(member.noncompete_conflict)
        with freeze_time("2026-08-01"):
            self.env["alumni.member"]._cron_noncompete_check()
            self.assertFalse(member.noncompete_conflict)
            self.env["custody.noncompete"]._cron_expire()
        self.assertEqual(self.noncompete.state, "expired")

    @freeze_time("2026-03-02")
    def test_later_changes_flag(self):
        """Tagging the employer later flags at once; a new client is caught by the daily check."""
        member = self._leave()
        member.new_employer_partner_id = self.neutral
        self.neutral.category_id = self.competitor_tag
        self.assertTrue(member.noncompete_conflict)
        self.neutral.category_id = False
        self.assertFalse(member.noncompete_conflict)
        self.env["custody.assignment"]._move(self.neutral, self.colleague, origin="assigned")
        self.assertFalse(member.relationship_risk)
        self.env["alumni.member"]._cron_noncompete_check()
        self.assertTrue(member.relationship_risk)
        self.assertFalse(member.noncompete_conflict, "a client employer is no conflict")
        self.assertIn("Bakery Co is a client", member.relationship_risk_reason)

    @freeze_time("2026-03-02")
    def test_anonymisation_clears(self):
        """Anonymising a member also forgets the new employer and the conflict."""
        member = self._leave()
        member.new_employer_partner_id = self.client
        self.assertTrue(member.relationship_risk)
        member.sudo()._anonymize()
        self.assertFalse(member.new_employer_partner_id)
        self.assertFalse(member.noncompete_conflict)
        self.assertFalse(member.relationship_risk)
        self.assertFalse(member.noncompete_conflict_reason)

    def test_ended_by_employee_clears_flag(self):
        """Issue 27: the employee ends the non-compete after three months unpaid for the
        employer's reason: the conflict check stops flagging the competitor employer."""
        with freeze_time("2026-03-02"):
            member = self._leave()
            member.new_employer_partner_id = self.competitor
            self.assertTrue(member.noncompete_conflict)
        with freeze_time("2026-05-05"):
            self.noncompete._end_by_employee(
                date(2026, 5, 5), "Registered letter of 5 May 2026, received by HR"
            )
            self.assertEqual(self.noncompete.state, "ended")
            self.assertFalse(member.noncompete_conflict)
            self.assertFalse(self._activities(member))
