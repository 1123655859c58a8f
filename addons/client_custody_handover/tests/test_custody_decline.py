import re

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
