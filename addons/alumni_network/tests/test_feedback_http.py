import re

from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestFeedbackLink(HttpCase):
    """The alumnus' feedback page, opened from the link of any alumni mail, without login."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.officer = new_test_user(
            cls.env,
            login="alumni_feedback_officer",
            groups="alumni_network.group_alumni_officer",
            name="Fiona Feedback",
        )
        cls.env.company.alumni_officer_id = cls.officer
        cls.member = cls.env["alumni.member"].create({"name": "Lu Xiao"})
        cls.url = cls.member._alumni_feedback_url().replace(cls.member.get_base_url(), "")

    def test_complaint_over_http_without_login(self):
        """Without logging in, the alumnus opens the link and files a complaint for the officer."""
        page = self.url_open(self.url)
        self.assertEqual(page.status_code, 200)
        self.assertIn("o_alumni_feedback_form", page.text)
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
        answer = self.url_open(
            self.url,
            data={"kind": "complaint", "description": "Nobody called me back", "csrf_token": csrf},
        )
        self.assertEqual(answer.status_code, 200)
        self.assertIn("o_alumni_feedback_thanks", answer.text)
        feedback = self.env["alumni.feedback"].search([("member_id", "=", self.member.id)])
        self.assertEqual(len(feedback), 1)
        self.assertEqual(feedback.kind, "complaint")
        self.assertEqual(feedback.description, "Nobody called me back")
        self.assertEqual(feedback.user_id, self.officer)
        self.assertTrue(feedback.date_deadline)

    def test_wrong_token_refused(self):
        """A link with a wrong token shows an error page and records nothing."""
        page = self.url_open(f"/alumni/feedback/{self.member.id}/not-the-token")
        self.assertEqual(page.status_code, 404)
        self.assertIn("o_alumni_feedback_invalid", page.text)
        self.assertFalse(self.env["alumni.feedback"].search([("member_id", "=", self.member.id)]))

    def test_anonymised_member_link_dead(self):
        """Once the member is anonymised, the old link leads nowhere."""
        self.member._anonymize()
        page = self.url_open(self.url)
        self.assertEqual(page.status_code, 404)

    def test_page_in_the_alumnus_language(self):
        """An alumnus who reads Chinese gets the page in Chinese, whatever the browser says (as
        the client's decline page does)."""
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(["alumni_network"], ["zh_CN"])
        self.member.partner_id.lang = "zh_CN"
        page = self.url_open(self.url, headers={"Accept-Language": "en-US,en;q=0.9"})
        self.assertEqual(page.status_code, 200)
        self.assertIn("欢迎对我们的企业校友服务提出意见和建议", page.text)
        self.assertNotIn("Tell us what you think of our alumni services", page.text)
