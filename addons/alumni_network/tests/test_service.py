from datetime import date

from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import TODAY, AlumniCommon


@tagged("post_install", "-at_install")
@freeze_time(TODAY)
class TestServiceSystem(AlumniCommon):
    def _first_contact_activities(self, member):
        activity_type = self.env.ref("alumni_network.mail_activity_alumni_first_contact")
        return member.activity_ids.filtered(lambda a: a.activity_type_id == activity_type)

    def _mails(self, members, subject):
        return self.env["mail.mail"].search(
            [
                ("model", "=", "alumni.member"),
                ("res_id", "in", members.ids),
                ("subject", "ilike", subject),
            ]
        )

    # -- first contact

    def test_archive_plans_first_contact_within_7_days(self):
        """Archiving gives the default officer a first-contact activity due in 7 days."""
        employee = self._create_employee("Pan Rui")
        employee.with_user(self.hr_user).write({"active": False})
        member = self.env["alumni.member"].search([("employee_id", "=", employee.id)])
        activity = self._first_contact_activities(member)
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.user_id, self.officer)
        self.assertEqual(activity.date_deadline, date(2026, 3, 9))
        self.assertEqual(member.user_id, self.officer)

    def test_first_contact_never_for_odoobot(self):
        """Members registered by the system get a real officer, never OdooBot."""
        member = self.env["alumni.member"].sudo().create({"name": "Bai Lu"})
        self.assertEqual(member.user_id, self.officer)
        self.assertEqual(self._first_contact_activities(member).user_id, self.officer)
        self.company.alumni_officer_id = False
        orphan = self.env["alumni.member"].sudo().create({"name": "Du Fei"})
        self.assertFalse(orphan.user_id)
        user = self._first_contact_activities(orphan).user_id
        self.assertTrue(user)
        self.assertFalse(user._is_superuser())

    def test_dashboard_warns_without_officer(self):
        """The dashboard warns while the company has no default alumni officer."""
        dashboard = self.env["alumni.dashboard"].with_user(self.officer).create({})
        self.assertFalse(dashboard.officer_missing)
        self.company.alumni_officer_id = False
        dashboard.invalidate_recordset()
        self.assertTrue(dashboard.officer_missing)

    def test_service_guide_at_first_contact(self):
        """The first contact mails the service guide with the feedback link, once."""
        self.env["alumni.interaction"].with_user(self.officer).create(
            {"member_id": self.member.id, "kind": "first_contact"}
        )
        mail = self._mails(self.member, "service guide")
        self.assertEqual(len(mail), 1)
        self.assertTrue(self.member.feedback_token)
        self.assertIn(
            f"/alumni/feedback/{self.member.id}/{self.member.feedback_token}", mail.body_html
        )
        self.env["alumni.interaction"].with_user(self.officer).create(
            {"member_id": self.member.id, "kind": "first_contact"}
        )
        self.assertEqual(len(self._mails(self.member, "service guide")), 1)

    def test_service_guide_in_chinese(self):
        """An alumnus whose language is Chinese gets the service guide in Chinese."""
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(["alumni_network"], ["zh_CN"])
        self.member.partner_id.lang = "zh_CN"
        self.member._send_service_guide()
        mails = self.env["mail.mail"].search(
            [("model", "=", "alumni.member"), ("res_id", "=", self.member.id)]
        )
        self.assertEqual(len(mails), 2, "the guide and the notice on personal information")
        self.assertTrue(any("服务指南" in subject for subject in mails.mapped("subject")))
        self.assertTrue(any("个人信息" in subject for subject in mails.mapped("subject")))

    # -- service plan

    def test_service_plan_from_catalogue(self):
        """A service from the catalogue has an owner, a due date and a status through delivery."""
        career = self.env.ref("alumni_network.alumni_service_type_career")
        service = (
            self.env["alumni.service"]
            .with_user(self.officer)
            .create({"member_id": self.member.id, "type_id": career.id})
        )
        self.assertEqual(service.user_id, self.officer)
        self.assertEqual(service.date_due, date(2026, 4, 1))
        self.assertEqual(service.state, "planned")
        service.action_start()
        service.action_deliver()
        self.assertEqual((service.state, service.date_done), ("delivered", TODAY))
        with self.assertRaises(UserError):
            service.action_cancel()
        kinds = set(self.env["alumni.service.type"].search([]).mapped("kind"))
        self.assertEqual(
            kinds,
            {
                "career_consulting",
                "job_referral",
                "training_access",
                "product_discount",
                "knowledge_sharing",
                "entrepreneurship",
                "hardship",
            },
        )

    # -- events and newsletters

    def test_event_invitation_only_to_consenting(self):
        """Inviting alumni to an event mails only those who consented to events."""
        self._consent(self.member, ("events",), TODAY)
        event = self.env["event.event"].create(
            {
                "name": "Alumni Spring Gathering",
                "date_begin": "2026-04-01 10:00:00",
                "date_end": "2026-04-01 14:00:00",
            }
        )
        event.action_invite_alumni()
        invited = self._mails(
            self.member | self.member_no_consent | self.member_not_eligible, "invited"
        )
        self.assertEqual(invited.mapped("res_id"), self.member.ids)
        self.assertIn("Alumni Spring Gathering", invited.subject)
        logged = self.env["alumni.interaction"].search([("event_id", "=", event.id)])
        self.assertEqual(logged.member_id, self.member)
        event.action_invite_alumni()
        self.assertEqual(
            self.env["alumni.interaction"].search_count([("event_id", "=", event.id)]), 1
        )
        # Attendance is the event's own registration of the alumnus' private contact.
        registration = self.env["event.registration"].create(
            {"event_id": event.id, "partner_id": self.member.partner_id.id}
        )
        self.assertEqual(self.member.event_attended_count, 0)
        registration.action_set_done()
        self.member.invalidate_recordset(["event_attended_count"])
        self.assertEqual(self.member.with_user(self.officer).event_attended_count, 1)

    def test_newsletter_only_to_consenting(self):
        """A mailing on alumni reaches only the newsletter consents, whatever its domain."""
        self._consent(self.member_not_eligible, ("newsletter",), TODAY)
        mailing = self.env["mailing.mailing"].create(
            {
                "subject": "Alumni News",
                "body_html": "<p>News</p>",
                "mailing_model_id": self.env["ir.model"]._get_id("alumni.member"),
                "mailing_domain": "[]",
            }
        )
        self.assertEqual(mailing._get_recipients(), self.member_not_eligible.ids)
        # A new mailing on alumni starts from the consent domain (the Email Marketing UI).
        default = self.env["mailing.mailing"].create(
            {
                "subject": "Alumni News 2",
                "body_html": "<p>News</p>",
                "mailing_model_id": self.env["ir.model"]._get_id("alumni.member"),
            }
        )
        self.assertIn("newsletter", default.mailing_domain)
        self.assertEqual(
            self.env["alumni.member"].search(default._parse_mailing_domain()),
            self.member_not_eligible,
        )
        # Sent by an alumni officer with Email Marketing rights: one mail, to the consent only.
        self.officer.group_ids |= self.env.ref("mass_mailing.group_mass_mailing_user")
        mailing.with_user(self.officer).action_send_mail()
        traces = self.env["mailing.trace"].search([("mass_mailing_id", "=", mailing.id)])
        self.assertEqual(traces.mapped("res_id"), self.member_not_eligible.ids)
        self.assertEqual(traces.email, "wang.fang@example.com")
        self.member_not_eligible.consent_ids.filtered(
            lambda c: c.purpose == "newsletter"
        ).action_withdraw()
        self.assertEqual(mailing._get_recipients(), [])

    # -- feedback

    def test_feedback_owner_deadline_answer(self):
        """A complaint has an owner and a deadline; the answer is required and timed."""
        feedback = (
            self.env["alumni.feedback"]
            .sudo()
            .create({"member_id": self.member.id, "kind": "complaint", "description": "Too slow"})
        )
        self.assertEqual(feedback.user_id, self.officer)
        self.assertEqual(feedback.date_deadline, date(2026, 3, 7))
        self.assertEqual(feedback.activity_ids.user_id, self.officer)
        as_officer = feedback.with_user(self.officer)
        with self.assertRaises(UserError):
            as_officer.action_answer()
        as_officer.answer = "Sorry, fixed now."
        with freeze_time("2026-03-05"):
            as_officer.action_answer()
        self.assertEqual(feedback.state, "answered")
        self.assertTrue(feedback.answered_in_time)
        answer = feedback.message_ids.filtered(lambda m: "fixed now" in (m.body or ""))
        self.assertEqual(answer.partner_ids, self.member.partner_id, "Mailed to the alumnus.")
        self.assertFalse(feedback.activity_ids)
