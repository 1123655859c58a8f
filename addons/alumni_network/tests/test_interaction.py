from datetime import date

from freezegun import freeze_time

from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, tagged

from .common import TODAY, AlumniCommon


@tagged("post_install", "-at_install")
@freeze_time(TODAY)
class TestInteraction(AlumniCommon):
    def _log(self, member, **vals):
        return (
            self.env["alumni.interaction"]
            .with_user(self.officer)
            .create({"member_id": member.id, "kind": "career_advice", **vals})
        )

    def _activities(self, member, xmlid):
        return member.activity_ids.filtered(
            lambda a: a.activity_type_id == self.env.ref(f"alumni_network.{xmlid}")
        )

    def _greeting_mails(self, members):
        return self.env["mail.mail"].search(
            [("model", "=", "alumni.member"), ("res_id", "in", members.ids)]
        )

    def test_log_contact_button(self):
        """The Log Contact button proposes a first contact when none was logged."""
        action = self.member.with_user(self.officer).action_log_contact()
        form = Form(
            self.env["alumni.interaction"]
            .with_user(self.officer)
            .with_context(**action["context"]),
            view="alumni_network.alumni_interaction_view_form_quick",
        )
        self.assertEqual(form.kind, "first_contact")
        form.satisfaction = "4"
        form.save()
        self.assertEqual(self.member.first_contact_date, TODAY)
        self.assertEqual(self.member.last_contact_date, TODAY)
        self.assertEqual(self.member.next_contact_date, date(2026, 5, 31))

    def test_first_contact_brings_the_notice_on_personal_information(self):
        """With the first contact the alumnus receives, in their language, the notice PIPL art.
        17 asks for: who handles what for which purpose, how long, their rights, whom to
        contact and how to withdraw, each purpose with its own consent."""
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(["alumni_network"], ["zh_CN"])
        self.member.partner_id.lang = "zh_CN"
        self._log(self.member, kind="first_contact")
        notice = self.env["mail.mail"].search(
            [
                ("model", "=", "alumni.member"),
                ("res_id", "=", self.member.id),
                ("subject", "like", "个人信息"),
            ]
        )
        self.assertEqual(len(notice), 1)
        body = notice.body_html
        for words in ("个人信息处理规则", "保存期限", "撤回同意", "您的权利", "联系方式"):
            self.assertIn(words, body)
        self.assertIn("2026年1月15日同意", body, "the purposes consented to, with their date")
        self.assertIn("您尚未同意", body, "and those not consented to")
        self.assertIn(str(self.company.alumni_retention_years), body)
        self.assertIn(self.officer.name, body, "the contact point")
        self.assertIn("您的企业校友专员和人力资源部门", body)

    def test_satisfaction_score(self):
        """Satisfaction 1-5 becomes a score averaged on the dashboard; unrated is excluded."""
        rated = self._log(self.member, satisfaction="5")
        unrated = self._log(self.member)
        self.assertEqual((rated.satisfaction_score, rated.is_rated), (5, True))
        self.assertEqual((unrated.satisfaction_score, unrated.is_rated), (0, False))

    def test_first_contact_activity_at_registration(self):
        """Registration plans the first contact for the officer; the cron never doubles it."""
        member = self.member_no_consent
        activity = self._activities(member, "mail_activity_alumni_first_contact")
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.user_id, self.officer)
        self.assertLessEqual(activity.date_deadline, date(2026, 3, 9))
        with freeze_time("2026-02-09"):
            self.env["alumni.member"]._cron_follow_up()
        self.assertEqual(len(self._activities(member, "mail_activity_alumni_first_contact")), 1)
        self._consent(member, ("contact",), TODAY)
        self._log(member, kind="first_contact")
        self.assertFalse(self._activities(member, "mail_activity_alumni_first_contact"))

    def test_regular_contact_due(self):
        """After the cadence without contact, the officer is reminded."""
        self._log(self.member, kind="first_contact", date=date(2026, 1, 20))
        with freeze_time("2026-04-20"):
            self.env["alumni.member"]._cron_follow_up()
        self.assertEqual(len(self._activities(self.member, "mail_activity_alumni_contact_due")), 1)
        self._log(self.member)
        self.assertFalse(self._activities(self.member, "mail_activity_alumni_contact_due"))

    def test_greeting_for_opted_out_refused(self):
        """A greeting cannot be logged or sent for an opted-out or anonymised member."""
        self.member.action_opt_out()
        with self.assertRaises(ValidationError):
            self._log(self.member, kind="greeting")
        with self.assertRaises(UserError):
            self.member.with_user(self.officer).action_send_greeting()
        self.member_no_consent.with_user(self.manager).action_anonymize()
        with self.assertRaises(ValidationError):
            self._log(self.member_no_consent, kind="greeting")
        self.assertFalse(self._greeting_mails(self.member | self.member_no_consent))

    def test_manual_greeting(self):
        """A consenting active member gets the greeting by mail, logged in the contact log."""
        self.member.with_user(self.officer).action_send_greeting()
        self.assertEqual(len(self._greeting_mails(self.member)), 1)
        self.assertEqual(self.member.interaction_ids.kind, "greeting")

    def test_birthday_greetings_only_to_consenting_active(self):
        """The birthday greeting goes only to consenting, active members whose birthday it is."""
        birthday = date(1990, 3, 2)
        self.member.birthday = birthday
        self.member_no_consent.birthday = birthday
        self.member_not_eligible.birthday = birthday
        self.member_not_eligible.action_opt_out()
        self.env["alumni.member"]._cron_send_greetings()
        greeted = self._greeting_mails(
            self.member | self.member_no_consent | self.member_not_eligible
        )
        self.assertEqual(greeted.mapped("res_id"), self.member.ids)
        self.assertIn("birthday", greeted.subject.lower())

    def test_holiday_greeting(self):
        """On a holiday of the greeting calendar, consenting active members are greeted."""
        self.env["alumni.holiday"].create({"name": "Lantern Festival", "date": TODAY})
        self.env["alumni.member"]._cron_send_greetings()
        mails = self._greeting_mails(self.member | self.member_no_consent)
        self.assertEqual(mails.mapped("res_id"), self.member.ids)
        self.assertIn("Lantern Festival", mails.body_html)

    def test_greeting_in_chinese(self):
        """An alumnus whose language is Chinese gets the greeting in Chinese."""
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(["alumni_network"], ["zh_CN"])
        self.member.partner_id.lang = "zh_CN"
        self.member.with_user(self.officer).action_send_greeting()
        mail = self._greeting_mails(self.member)
        self.assertIn("问候", mail.subject)

    def test_holiday_named_in_each_recipient_language(self):
        """The holiday greeting names the holiday in each alumnus' own language."""
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(["alumni_network"], ["zh_CN"])
        holiday = self.env["alumni.holiday"].create({"name": "Spring Festival", "date": TODAY})
        holiday.with_context(lang="zh_CN").name = "春节"
        self._consent(self.member_no_consent, ("greetings",), TODAY, channel="email")
        self.member.partner_id.lang = "zh_CN"
        self.member_no_consent.partner_id.lang = "en_US"
        self.env["alumni.member"]._cron_send_greetings()
        chinese = self._greeting_mails(self.member)
        english = self._greeting_mails(self.member_no_consent)
        self.assertIn("值此", chinese.body_html)
        self.assertIn("春节", chinese.body_html)
        self.assertNotIn("Spring Festival", chinese.body_html)
        self.assertIn("Spring Festival", english.body_html)
