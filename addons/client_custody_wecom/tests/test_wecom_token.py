from unittest.mock import patch

import psycopg2

from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from .common import SECRET, WecomCase

RESULT = "externalcontact/transfer_result"
PAYLOAD = {"handover_userid": "leaver", "takeover_userid": "succ_b", "cursor": ""}


@tagged("post_install", "-at_install")
class TestWecomToken(WecomCase):
    def _call(self):
        return self.env["wecom.api"]._call(self.company, RESULT, PAYLOAD)

    def test_token_cached_for_all_workers(self):
        """One gettoken for many calls: the token is kept in the database, where another
        worker (another environment) finds it."""
        with self.clock():
            for _index in range(3):
                self.assertEqual(self._call()["errcode"], 0)
            self.env.invalidate_all()
            other_worker = self.env(user=self.manager_user, su=True)
            other_worker["wecom.api"]._call(self.company, RESULT, PAYLOAD)
            self.assertEqual(self.fake.gettoken_calls, 1)
            stored = self.env["wecom.access.token"].search([("company_id", "=", self.company.id)])
            self.assertIn(stored.token, self.fake.tokens)

    def test_token_refreshed_when_expired(self):
        """42001 (expired) and 40014 (invalid) renew the token once and repeat the call."""
        with self.clock():
            self._call()
            self.fake.expire_tokens()
            self.assertEqual(self._call()["errcode"], 0)
            self.assertEqual(self.fake.gettoken_calls, 2)
            self.fake.tokens.clear()
            self.assertEqual(self._call()["errcode"], 0)
            self.assertEqual(self.fake.gettoken_calls, 3)
            log = self.env["wecom.call.log"].search([("endpoint", "=", RESULT)], limit=1)
            self.assertEqual(log.attempts, 2)

    def test_token_renewed_before_expiry(self):
        """A token close to its 7200 s is renewed before WeCom refuses it."""
        with self.clock() as tick:
            self._call()
            tick(1.95)
            self._call()
            self.assertEqual(self.fake.gettoken_calls, 2)
            self.assertEqual(
                [path for path, _payload in self.fake.calls].count(RESULT), 2, "no 42001 round"
            )

    def test_busy_retried_three_times(self):
        """−1 is retried three times, then WeCom's answer is returned as it is."""
        with self.clock():
            self.fake.fail_next(RESULT, -1, times=4)
            self.assertEqual(self._call()["errcode"], -1)
            self.assertEqual(len(self.fake.calls_to(RESULT)), 4)

    def test_test_connection(self):
        """The settings' Test connection asks WeCom for a token with the saved values; a
        wrong secret says so and stores nothing."""
        with self.clock():
            settings = self.env["res.config.settings"].create({})
            action = settings.action_wecom_test_connection()
            self.assertEqual(action["params"]["type"], "success")
            self.assertEqual(self.fake.gettoken_calls, 1)
            settings = self.env["res.config.settings"].create({"wecom_secret": "wrong"})
            with self.assertRaisesRegex(UserError, "40001"):
                settings.action_wecom_test_connection()

    def test_not_configured(self):
        """Without corp ID and secret, a clear error instead of a call."""
        with self.clock():
            self.company.sudo().wecom_secret = False
            with self.assertRaisesRegex(UserError, "not configured"):
                self._call()
            self.assertFalse(self.fake.calls)

    def test_secrets_for_system_administrators_only(self):
        """Custody managers do not read the secret, the callback key or the token."""
        manager = self.env(user=self.manager_user)
        with self.assertRaises(AccessError):
            manager["res.company"].browse(self.company.id).read(["wecom_secret"])
        with self.assertRaises(AccessError):
            manager["res.company"].browse(self.company.id).read(["wecom_aes_key"])
        with self.assertRaises(AccessError):
            manager["wecom.access.token"].search([])
        admin = new_test_user(self.env, login="wecom_admin", groups="base.group_system")
        self.assertEqual(
            self.env(user=admin)["res.company"].browse(self.company.id).wecom_secret, SECRET
        )

    def test_concurrent_refresh_reads_the_other_workers_token(self):
        """When another worker stored a token while this one waited on the row lock (its
        snapshot no longer serializes), this one reads that token instead of asking again."""
        with self.clock():
            self.env["wecom.access.token"].create(
                {
                    "company_id": self.company.id,
                    "token": "token-of-the-other-worker",
                    "expires_at": "2026-03-02 11:00:00",
                }
            )
            self.env.flush_all()
            Api = type(self.env["wecom.api"])
            with patch.object(
                Api, "_gettoken", side_effect=psycopg2.errors.SerializationFailure()
            ) as gettoken:
                token = self.env["wecom.api"]._refresh_token(self.company, force=True)
            self.assertEqual(token, "token-of-the-other-worker")
            self.assertEqual(gettoken.call_count, 1)
