import re

from odoo import fields
from odoo.tests import HttpCase, tagged

from odoo.addons.client_custody.tests.common import CustodyCase
from odoo.addons.client_custody_handover.controllers.main import LIMIT_PER_ADDRESS, address_digest


@tagged("post_install", "-at_install")
class TestCustodyDeclineLimits(HttpCase, CustodyCase):
    """The no-login decline link: answered once, limited per address, the note kept as text."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("zh_CN")
        cls.env["ir.module.module"]._load_module_terms(["client_custody_handover"], ["zh_CN"])
        cls.clients = cls._clients(
            LIMIT_PER_ADDRESS + 1,
            prefix="Limited",
            email="l@example.com",
            lang="zh_CN",
            tz="Asia/Shanghai",
        )
        cls._hold(cls.clients, cls.sales_a)
        wizard = (
            cls.env["custody.handover.wizard"]
            .with_user(cls.manager_user)
            .with_context(active_model="res.partner", active_ids=cls.clients.ids)
            .create({"strategy": "single", "successor_id": cls.sales_b.id})
        )
        cls.handover = cls.env["custody.handover"].browse(wizard.action_confirm()["res_id"])
        cls.handover.with_user(cls.manager_user).action_start()
        cls.lines = cls.handover.line_ids.sorted("id")

    def _url(self, line):
        return f"/custody/decline/{line.id}/{line.sudo().access_token}"

    def _post(self, line, note="No thanks"):
        page = self.url_open(self._url(line))
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
        return self.url_open(self._url(line), data={"note": note, "csrf_token": csrf})

    def _manager_activities(self):
        return self.handover.activity_ids.filtered(lambda a: a.user_id == self.manager_user)

    def test_note_with_image_reaches_the_manager_as_text(self):
        """An <img src> in the client's note never becomes an image in the manager's activity."""
        note = 'Call me <img src="https://tracker.example.com/pixel.png"> please'
        response = self._post(self.lines[0], note=note)
        self.assertEqual(response.status_code, 200)
        activity = self._manager_activities()
        self.assertEqual(len(activity), 1)
        self.assertNotIn("<img", str(activity.note))
        self.assertIn("&lt;img", str(activity.note))
        self.assertIn("Call me", str(activity.note))
        self.assertNotIn("<img", str(self.handover.message_ids[0].body))

    def test_duplicate_posts_fold_into_one_answer(self):
        """Posting the same answer five times records one refusal and one activity."""
        url = self._url(self.lines[0])
        page = self.url_open(url)
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
        answers = [
            self.url_open(url, data={"note": "No thanks", "csrf_token": csrf}) for _i in range(5)
        ]
        self.assertIn("o_custody_decline_done", answers[0].text)
        self.assertTrue(all("o_custody_decline_answered" in a.text for a in answers[1:]))
        self.assertEqual(len(self._manager_activities()), 1)
        self.assertEqual(self.lines[0].state, "refused")

    def test_per_address_limit_answers_429_in_the_clients_language(self):
        """After LIMIT_PER_ADDRESS answers in an hour from one address, the next gets HTTP 429
        with a page in the client's language, and nothing is recorded."""
        key = address_digest(self.env, "127.0.0.1")
        self.lines[1:].sudo().write({"answered_from": key, "responded_at": fields.Datetime.now()})
        response = self._post(self.lines[0])
        self.assertEqual(response.status_code, 429)
        self.assertIn("o_custody_decline_limited", response.text)
        self.assertIn("一小时后再试", response.text)
        self.lines[0].invalidate_recordset()
        self.assertEqual(self.lines[0].state, "waiting")
        self.assertFalse(self._manager_activities())
