import base64
from datetime import datetime
from unittest.mock import patch
from urllib.parse import urlencode

from odoo.exceptions import ValidationError
from odoo.tests import tagged
from odoo.tools import config, mute_logger

from ..models import wecom_event
from .common import WecomCase

ONJOB = "externalcontact/transfer_customer"
CONTROLLER = "odoo.addons.client_custody_wecom.controllers.main"


@tagged("post_install", "-at_install")
class TestWecomFaults(WecomCase):
    """The connector under faults and attack (issue #23, cases 5, 6, 8, 9, 10 and 11)."""

    def _post(self, query, body, headers=None):
        return self.url_open(
            f"/wecom/callback/{self.company.id}?{urlencode(query)}",
            data=body if isinstance(body, bytes) else body.encode(),
            headers=dict({"Content-Type": "text/xml"}, **(headers or {})),
        )

    def _introductions(self, partners):
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", "res.partner"),
                ("res_id", "in", partners.ids),
                (
                    "activity_type_id",
                    "=",
                    self.env.ref("client_custody_handover.mail_activity_type_custody_introduce").id,
                ),
            ]
        )

    def test_told_through_wecom_gets_no_todo(self):
        """Case 5: clients told through WeCom get no call / visit to-do; one WeCom could not
        take (40128) gets it, and it closes when WeCom tells the client after a Retry."""
        with self.clock():
            clients = self._clients(3)
            self._import()
            self.fake.history["wmClient002"] = [self.fake.now - 86400 * 30] * 2
            handover = self._start(self._handover(clients, self.succ_b, kind="transfer"))
            self.env["custody.handover"]._cron_send_notices()
            told = handover.line_ids[:2]
            untold = handover.line_ids[2]
            self.assertEqual(set(told.mapped("told_channel")), {"wecom"})
            self.assertFalse(told.told_activity_id)
            self.assertFalse(self._introductions(told.partner_id))
            self.assertEqual(len(self._introductions(untold.partner_id)), 1)
            self.fake.history["wmClient002"] = []
            untold.wecom_transfer_ids.with_user(self.manager_user).action_retry()
            self._poll()  # the WeCom scheduled action, triggered by the button
            self.assertEqual(untold.told_channel, "wecom")
            self.assertFalse(self._introductions(untold.partner_id), "the open to-do closed")

    def test_buttons_do_not_wait_for_wecom(self):
        """Case 11: Start, *Read WeCom results* and *Move WeCom group chats* ask WeCom
        nothing in the manager's request: the WeCom scheduled action does, at once."""
        with self.clock():
            clients = self._clients(2)
            self._import()
            self.fake.chats["wrA"] = "leaver"
            handover = self._start(self._handover(clients, self.succ_b))
            calls = len(self.fake.calls)
            as_manager = handover.with_user(self.manager_user)
            for action in (as_manager.action_wecom_sync, as_manager.action_wecom_groupchats):
                self.assertEqual(action()["tag"], "display_notification")
            self.assertEqual(len(self.fake.calls), calls)
            self._poll()
            self.assertIn("externalcontact/groupchat/list", [c[0] for c in self.fake.calls[calls:]])
            self.assertEqual(self.fake.chats["wrA"], "succ_b")

    def test_groupchat_listing_retried_and_blocking(self):
        """Case 6: a group-chat listing that fails at Start (HTTP 500) is retried with the
        transfers; a chat not moved keeps the handover from completing until it is."""
        with self.clock() as tick:
            clients = self._clients(1)
            self._import()
            self.fake.chats.update({"wrA": "leaver", "wrB": "leaver"})
            self.fake.fail_http_next("externalcontact/groupchat/list", 500)
            handover = self._start(self._handover(clients, self.succ_b))
            self.assertFalse(handover.wecom_groupchats_listed)
            self.assertIn(
                "group chats of the leaver not listed", "\n".join(handover._done_blockers())
            )
            self.fake.fail_next("externalcontact/groupchat/onjob_transfer", 48002)
            tick(25)
            self._poll()
            self.env["custody.handover"]._cron_process_batches()
            self.assertEqual(handover.line_ids.state, "accepted")
            self.assertEqual(handover.state, "in_progress", "a chat is still the leaver's")
            self.assertIn("2 still owned by the leaver", "\n".join(handover._done_blockers()))
            self._poll()
            self.assertEqual(self.fake.chats, {"wrA": "succ_b", "wrB": "succ_b"})
            self.assertFalse(handover._done_blockers())
            handover.action_done()
            self.assertEqual(handover.state, "done")

    def test_token_refresh_seen_by_the_transaction(self):
        """Case 8: after a refresh, the rest of the transaction uses the new token, even when
        its snapshot still shows the old one in the table (the refresh commits apart)."""
        with self.clock():
            clients = self._clients(250)
            self._import()
            old = next(iter(self.fake.tokens))
            self.fake.expire_tokens()
            self.env.cr.cache.pop("wecom_tokens", None)
            snapshot = (old, datetime(2100, 1, 1))
            with patch.object(
                type(self.env["wecom.api"]), "_stored_token", lambda self, company: snapshot
            ):
                self._start(self._handover(clients, self.succ_b))
            self.assertEqual(self.fake.gettoken_calls, 2)
            self.assertEqual(len(self.fake.calls_to(ONJOB)), 3, "no call repeated for 42001")

    def test_rate_limit_rests_the_endpoint(self):
        """Case 8: after 45009 the other chunks do not call the same endpoint at once; all
        wait for the back-off, then go."""
        with self.clock() as tick:
            clients = self._clients(250)
            self._import()
            self.fake.fail_next(ONJOB, 45009)
            handover = self._start(self._handover(clients, self.succ_b))
            self.assertEqual(len(self.fake.calls_to(ONJOB)), 1)
            transfers = handover.wecom_transfer_ids
            self.assertEqual(set(transfers.mapped("state")), {"todo"})
            self.assertEqual(set(transfers.mapped("errcode")), {45009})
            tick(0.05)
            self._poll()
            self.assertEqual(len(self.fake.calls_to(ONJOB)), 4)
            self.assertEqual(set(transfers.mapped("state")), {"waiting"})

    def test_refusal_by_callback_authored_by_the_system(self):
        """Case 9: a refusal arriving by callback is written by the system on the client's
        behalf (the client named), never by "Public user"."""
        with self.clock():
            clients = self._clients(1)
            self._import()
            handover = self._start(self._handover(clients, self.succ_b))
            line = handover.line_ids
            query, body = self.fake.event(
                "transfer_fail",
                "succ_b",
                line.wecom_external_userid,
                nonce="t9",
                FailReason="customer_refused",
            )
            self.assertEqual(self._post(query, body).text, "success")
            self.env.invalidate_all()
            self.assertEqual(line.state, "refused")
            note = handover.message_ids.filtered(lambda m: "declined" in (m.body or ""))
            self.assertEqual(len(note), 1)
            self.assertEqual(note.author_id, self.env.ref("base.partner_root"))
            self.assertIn(line.partner_id.name, note.body)
            public = self.env.ref("base.public_user")
            self.assertNotIn(public, handover.activity_ids.create_uid)
            self.assertNotIn(public.partner_id, handover.message_ids.author_id)

    @mute_logger(CONTROLLER)
    def test_callback_body_limited_and_signed_before_parsing(self):
        """Case 10: a body larger than WeCom ever sends is refused unread (413); an unsigned
        body never reaches the XML parser (403)."""
        with self.clock():
            query, _body = self.fake.event("add_external_contact", "leaver", "wmBig", nonce="b1")
            big = b"<xml><Encrypt>" + b"A" * (wecom_event.MAX_BODY_BYTES + 1) + b"</Encrypt></xml>"
            self.assertEqual(self._post(query, big).status_code, 413)
            forged = {"msg_signature": "0" * 40, "timestamp": str(self.fake.now), "nonce": "b2"}
            payload = base64.b64encode(b"x" * 64).decode()
            with patch.object(
                wecom_event.etree, "fromstring", wraps=wecom_event.etree.fromstring
            ) as parser:
                response = self._post(forged, f"<xml><Encrypt>{payload}</Encrypt></xml>")
                self.assertEqual(response.status_code, 403)
                parser.assert_not_called()
            self.assertFalse(self.env["wecom.event"].search([]))

    def test_callback_bad_create_time(self):
        """Case 10: a signed event whose CreateTime is "abc" or 1e17 is refused with 400 and
        logged, not a server error; nothing is stored."""
        with self.clock():
            for nonce, value in (("c1", "abc"), ("c2", "100000000000000000")):
                query, body = self.fake.event(
                    "add_external_contact", "leaver", "wmTime", nonce=nonce, create_time=value
                )
                with self.assertLogs(CONTROLLER, "WARNING") as logs:
                    self.assertEqual(self._post(query, body).status_code, 400)
                self.assertIn("CreateTime", logs.output[0])
            self.assertFalse(self.env["wecom.event"].search([]))

    def test_settings_validated(self):
        """Case 10: the EncodingAESKey is 43 base64 characters, the API URL https (plain
        http on the loopback only in test runs or with the server option), and a userid
        follows WeCom's rules."""
        company = self.company.sudo()
        for key in ("abcde", "!" * 43, "A" * 44):
            with self.assertRaises(ValidationError), self.env.cr.savepoint():
                company.wecom_aes_key = key
        for url in ("file:///etc/passwd", "http://example.com", "ftp://qyapi.weixin.qq.com"):
            with self.assertRaises(ValidationError), self.env.cr.savepoint():
                company.wecom_api_url = url
        company.wecom_api_url = "https://wecom-proxy.example.com"
        with patch.dict(config._runtime_options, {"test_enable": False}):
            with self.assertRaises(ValidationError), self.env.cr.savepoint():
                company.wecom_api_url = "http://127.0.0.1:8999"
            with patch.dict(config._runtime_options, {"wecom_allow_loopback_http": "True"}):
                company.wecom_api_url = "http://127.0.0.1:8999"
        for userid in ("x" * 10_000, "has space", "-starts-with-dash", "中文"):
            with self.assertRaises(ValidationError), self.env.cr.savepoint():
                self.succ_d.wecom_userid = userid
        self.succ_d.wecom_userid = "Du.Wei-2@sales_cn"
