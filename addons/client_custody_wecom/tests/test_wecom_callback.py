from unittest.mock import patch
from urllib.parse import urlencode

from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import WecomCase

CONTROLLER = "odoo.addons.client_custody_wecom.controllers.main"


@tagged("post_install", "-at_install")
class TestWecomCallback(WecomCase):
    def _url(self, query):
        return f"/wecom/callback/{self.company.id}?{urlencode(query)}"

    def _post(self, query, body):
        return self.url_open(
            self._url(query), data=body.encode(), headers={"Content-Type": "text/xml"}
        )

    def test_url_verification(self):
        """GET: the signature over token, timestamp, nonce and echostr checked, the echostr
        decrypted (AES-256-CBC, receiveid = corp id) and answered in plain."""
        with self.clock():
            response = self.url_open(self._url(self.fake.verification("5927782489442352469")))
            self.assertEqual(response.status_code, 200)
            self.assertEqual(response.text, "5927782489442352469")

    @mute_logger(CONTROLLER)
    def test_forged_and_foreign_refused(self):
        """A wrong signature, another corp's receiveid or another key: 403, nothing stored."""
        with self.clock():
            query = self.fake.verification("123", nonce="a1")
            query["msg_signature"] = "0" * 40
            self.assertEqual(self.url_open(self._url(query)).status_code, 403)
            encrypted = self.fake.encrypt("123", receive_id="wwSOMEBODYELSE")
            forged = {
                "timestamp": str(self.fake.now),
                "nonce": "a2",
                "echostr": encrypted,
                "msg_signature": self.fake.sign(self.fake.now, "a2", encrypted),
            }
            self.assertEqual(self.url_open(self._url(forged)).status_code, 403)
            query, body = self.fake.event("del_external_contact", "leaver", "wm1", nonce="a3")
            query["msg_signature"] = self.fake.sign(
                self.fake.now, "a3", body, token="not-our-token"
            )
            self.assertEqual(self._post(query, body).status_code, 403)
            self.assertFalse(self.env["wecom.event"].search([]))

    @mute_logger(CONTROLLER)
    def test_replay_and_old_timestamp_refused(self):
        """The same signed request twice, or one older than five minutes, is refused."""
        with self.clock() as tick:
            query, body = self.fake.event("add_external_contact", "leaver", "wmNew", nonce="r1")
            self.assertEqual(self._post(query, body).text, "success")
            self.assertEqual(self._post(query, body).status_code, 403)
            old_query, old_body = self.fake.event("add_external_contact", "leaver", "wmOld")
            tick(0.1)
            self.assertEqual(self._post(old_query, old_body).status_code, 403)
            self.assertEqual(self.env["wecom.event"].search_count([]), 1)

    def test_events_deduplicated_and_queued(self):
        """The same event sent again (new nonce) is stored once; contact events are queued
        and keep the mapping fresh when the scheduled action runs."""
        with self.clock():
            self._clients(1)
            contact = self._import()
            for nonce in ("n1", "n2"):
                query, body = self.fake.event(
                    "add_external_contact", "succ_b", contact.external_userid, nonce=nonce
                )
                self.assertEqual(self._post(query, body).text, "success")
            events = self.env["wecom.event"].search([])
            self.assertEqual(len(events), 1)
            self.assertEqual(events.state, "queued")
            self._poll()
            self.assertEqual(events.state, "done")
            self.assertEqual(set(contact.follow_ids.mapped("userid")), {"leaver", "succ_b"})
            self.assertEqual(contact.follow_ids.employee_id, self.leaver | self.succ_b)
            query, body = self.fake.event(
                "del_external_contact", "leaver", contact.external_userid, nonce="n3"
            )
            self._post(query, body)
            query, body = self.fake.event("add_external_contact", "succ_c", "wmUnknown", nonce="n4")
            self._post(query, body)
            self._poll()
            self.assertEqual(contact.follow_ids.mapped("userid"), ["succ_b"])
            unknown = self.env["wecom.contact"].search([("external_userid", "=", "wmUnknown")])
            self.assertTrue(unknown.needs_refresh)
            self.assertEqual(unknown.follow_ids.employee_id, self.succ_c)

    def test_transfer_fail_updates_the_line_at_once(self):
        """transfer_fail: customer_refused sends the client to the reassignment queue and
        customer_limit_exceed marks it over capacity, in the callback's own request."""
        with self.clock():
            clients = self._clients(3)
            self._import()
            handover = self._handover(clients, self.succ_b)
            self._start(handover)
            refusing, full, quiet = handover.line_ids
            query, body = self.fake.event(
                "transfer_fail",
                "succ_b",
                refusing.wecom_external_userid,
                nonce="t1",
                FailReason="customer_refused",
            )
            self.assertEqual(self._post(query, body).text, "success")
            query, body = self.fake.event(
                "transfer_fail",
                "succ_b",
                full.wecom_external_userid,
                nonce="t2",
                FailReason="customer_limit_exceed",
            )
            self.assertEqual(self._post(query, body).text, "success")
            self.env.invalidate_all()
            self.assertEqual(refusing.state, "refused")
            self.assertEqual(refusing.wecom_state, "refused")
            self.assertEqual(full.state, "over_capacity")
            self.assertEqual(quiet.state, "waiting")
            self.assertEqual(set(self.env["wecom.event"].search([]).mapped("state")), {"done"})

    def test_failing_event_marked_not_retried(self):
        """An event whose processing fails is marked as such; the others go on."""
        with self.clock():
            for nonce, external in (("e1", "wmA"), ("e2", "wmB")):
                query, body = self.fake.event(
                    "add_external_contact", "leaver", external, nonce=nonce
                )
                self._post(query, body)
            Event = type(self.env["wecom.event"])
            original = Event._process_add_contact

            def broken(event):
                if event.external_userid == "wmA":
                    raise ValueError("broken")
                return original(event)

            with (
                patch.object(Event, "_process_add_contact", broken),
                mute_logger("odoo.addons.client_custody_wecom.models.wecom_event"),
            ):
                self._poll()
            events = self.env["wecom.event"].search([], order="external_userid")
            self.assertEqual(events.mapped("state"), ["error", "done"])
