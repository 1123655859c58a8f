import re
from datetime import datetime

from freezegun import freeze_time

from odoo.tests import HttpCase, tagged

from odoo.addons.client_custody.tests.common import CustodyCase


@tagged("post_install", "-at_install")
class TestCustodyDecline(HttpCase, CustodyCase):
    """The client's decline link works without login and only once, within the window."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.clients = cls._clients(2, prefix="Decliner", email="c@example.com")
        cls._hold(cls.clients, cls.sales_a)
        wizard = (
            cls.env["custody.handover.wizard"]
            .with_context(active_model="hr.employee", active_ids=cls.sales_a.ids)
            .create({"strategy": "single", "successor_id": cls.sales_b.id})
        )
        wizard.action_preview()
        cls.handover = cls.env["custody.handover"].browse(wizard.action_confirm()["res_id"])
        cls.handover.action_start()
        cls.line = cls.handover.line_ids[0]

    def _url(self, line, token=None):
        return f"/custody/decline/{line.id}/{token or line.sudo().access_token}"

    def _csrf(self, url):
        page = self.url_open(url)
        return re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)

    def _post(self, url, csrf):
        return self.url_open(url, data={"note": "We prefer someone else", "csrf_token": csrf})

    def test_decline_without_login(self):
        """A client declines through the link: the line is refused and waits for a successor."""
        page = self.url_open(self._url(self.line))
        self.assertEqual(page.status_code, 200)
        self.assertIn("Salesperson 1", page.text)
        csrf = self._csrf(self._url(self.line))
        response = self._post(self._url(self.line), csrf)
        self.assertEqual(response.status_code, 200)
        self.assertIn("o_custody_decline_done", response.text)
        self.line.invalidate_recordset()
        self.assertEqual(self.line.state, "refused")
        self.assertEqual(self.line.refusal_note, "We prefer someone else")
        self.assertEqual(self.line.partner_id.custodian_id, self.sales_a, "never lost")
        again = self._post(self._url(self.line), csrf)
        self.assertIn("o_custody_decline_answered", again.text, "a link answers only once")

    def test_forged_token(self):
        """A forged token shows an invalid-link page and changes nothing."""
        response = self.url_open(self._url(self.line, token="forged-token"))
        self.assertEqual(response.status_code, 404)
        self.assertIn("o_custody_decline_invalid", response.text)
        self.assertEqual(self.line.state, "waiting")

    def test_expired_window(self):
        """After the window, the link says so and the client is not refused."""
        csrf = self._csrf(self._url(self.line))
        self.line.sudo().window_end = "2020-01-01 00:00:00"
        response = self._post(self._url(self.line), csrf)
        self.assertIn("o_custody_decline_expired", response.text)
        self.line.invalidate_recordset()
        self.assertEqual(self.line.state, "waiting")


@tagged("post_install", "-at_install")
class TestCustodyDeclineInTheClientsLanguage(HttpCase, CustodyCase):
    """The decline page speaks the client's language whatever the browser's, names the
    client and the deadline, shows the company's logo, and offers keeping the previous
    contact on an on-the-job transfer; the decline is logged as the client."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("zh_CN")
        cls.env["ir.module.module"]._load_module_terms(["client_custody_handover"], ["zh_CN"])
        cls.client_zh = cls._clients(
            1, prefix="杭州客户", email="hz@example.com", lang="zh_CN", tz="Asia/Shanghai"
        )
        cls._hold(cls.client_zh, cls.sales_a)
        wizard = (
            cls.env["custody.handover.wizard"]
            .with_user(cls.manager_user)
            .with_context(active_model="res.partner", active_ids=cls.client_zh.ids)
            .create({"strategy": "single", "successor_id": cls.sales_b.id})
        )
        cls.handover = cls.env["custody.handover"].browse(wizard.action_confirm()["res_id"])
        cls.handover.kind = "transfer"
        cls.handover.with_user(cls.manager_user).action_start()
        cls.line = cls.handover.line_ids
        cls.line._mark_told("email", when=datetime(2026, 6, 1, 9))

    def _url(self):
        return f"/custody/decline/{self.line.id}/{self.line.sudo().access_token}"

    @freeze_time("2026-06-01 10:00:00")
    def test_page_in_chinese_with_both_choices(self):
        """An English browser still reads the page in Chinese, with the client's name, the
        deadline in Shanghai time, the logo, and both answers."""
        page = self.url_open(self._url(), headers={"Accept-Language": "en-US,en;q=0.9"})
        self.assertEqual(page.status_code, 200)
        self.assertIn("杭州客户 0", page.text)
        self.assertIn("2026年6月2日 17:00（北京时间）", page.text)
        self.assertIn(f"/logo.png?company={self.company.id}", page.text)
        self.assertIn("申请更换对接人", page.text)
        self.assertIn("保留原对接人", page.text)
        self.assertNotIn("拒绝此", page.text, "never 'I refuse this person' to a named colleague")
        self.assertNotIn("Ask for another contact person", page.text)

    @freeze_time("2026-06-01 10:00:00")
    def test_keep_previous_contact_is_logged_as_the_client(self):
        """The answer is logged on the handover as the client, in the handover's language,
        with an activity for the handover's manager."""
        page = self.url_open(self._url())
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
        response = self.url_open(
            self._url(), data={"note": "老王很好", "choice": "keep", "csrf_token": csrf}
        )
        self.assertIn("o_custody_decline_done", response.text)
        self.line.invalidate_recordset()
        self.assertEqual(self.line.state, "refused")
        self.assertEqual(self.line.refusal_choice, "keep")
        message = self.handover.message_ids[0]
        self.assertEqual(message.author_id, self.client_zh)
        self.assertIn("would rather keep Salesperson 0", message.body)
        self.assertIn("老王很好", message.body)
        activity = self.handover.activity_ids.filtered(lambda a: a.user_id == self.manager_user)
        self.assertTrue(activity)
        self.assertEqual(self.client_zh.custodian_id, self.sales_a, "never lost")
