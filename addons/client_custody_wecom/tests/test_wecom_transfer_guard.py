import json
from datetime import datetime, timedelta

from odoo.exceptions import UserError
from odoo.tests import JsonRpcException, tagged
from odoo.tools import mute_logger

from .common import WecomCase

GUARDED = ({"state": "accepted"}, {"told": False})


@tagged("post_install", "-at_install")
class TestWecomTransferGuard(WecomCase):
    """A WeCom transfer's state (and whether WeCom told the customer) changes only through the
    transfer's own transitions: never by a direct write, for any role, over any door."""

    def _waiting_transfer(self):
        with self.clock():
            client = self._clients(1)
            self._import()
            handover = self._start(self._handover(client, self.succ_b))
        transfer = handover.wecom_transfer_ids
        self.assertEqual((transfer.state, transfer.told), ("waiting", True))
        return transfer

    def test_direct_write_refused_for_every_role(self):
        """ORM: the custody manager, the administrator and the superuser are all refused;
        creating a transfer in another state than 'to request' too."""
        transfer = self._waiting_transfer()
        admin = self.env.ref("base.user_admin")
        for env in (
            transfer.with_user(self.manager_user),
            transfer.with_user(admin),
            transfer.sudo(),
        ):
            for vals in GUARDED:
                with (
                    self.assertRaisesRegex(UserError, "change only through"),
                    self.env.cr.savepoint(),
                ):
                    env.write(vals)
        with self.assertRaisesRegex(UserError, "change only through"), self.env.cr.savepoint():
            transfer.sudo().copy({"state": "accepted"})
        self.assertEqual((transfer.state, transfer.told), ("waiting", True))

    def test_transition_table(self):
        """The one writer refuses a move the table does not allow; the buttons follow the
        same table (Retry and Resolve offered only where those moves exist)."""
        transfer = self._waiting_transfer()
        self.assertFalse(transfer.can_retry)
        self.assertTrue(transfer.can_resolve)
        with self.assertRaisesRegex(UserError, "cannot go from"), self.env.cr.savepoint():
            transfer._set_state("todo")
        with self.assertRaisesRegex(UserError, "Only failed"):
            transfer.with_user(self.manager_user).action_retry()
        transfer.with_user(self.manager_user).action_resolve()
        self.assertEqual(transfer.state, "resolved")
        self.assertFalse(transfer.can_resolve)
        with self.assertRaisesRegex(UserError, "cannot go from"), self.env.cr.savepoint():
            transfer._set_state("accepted")

    @mute_logger("odoo.http")
    def test_direct_write_refused_over_json_rpc(self):
        """Over HTTP: /web/dataset/call_kw with the manager's session, and /json/2 with the
        manager's API key, are refused; the transfer does not move."""
        transfer = self._waiting_transfer()
        self.authenticate("wecom_manager", "wecom_manager")
        for vals in GUARDED:
            with self.assertRaises(JsonRpcException):
                self.make_jsonrpc_request(
                    "/web/dataset/call_kw",
                    {
                        "model": "wecom.transfer",
                        "method": "write",
                        "args": [transfer.ids, vals],
                        "kwargs": {"context": {"custody_transition_grant": True}},
                    },
                )
        key = (
            self.env["res.users.apikeys"]
            .with_user(self.manager_user)
            ._generate(scope="rpc", name="test", expiration_date=datetime.now() + timedelta(days=1))
        )
        for vals in GUARDED:
            response = self.url_open(
                "/json/2/wecom.transfer/write",
                data=json.dumps({"ids": transfer.ids, "vals": vals}),
                headers={"Content-Type": "application/json", "Authorization": f"Bearer {key}"},
            )
            self.assertNotEqual(response.status_code, 200)
            self.assertIn("change only through", response.text)
        self.env.invalidate_all()
        self.assertEqual((transfer.state, transfer.told), ("waiting", True))
        # The transition itself still works for the manager, through its button.
        self.make_jsonrpc_request(
            "/web/dataset/call_kw",
            {
                "model": "wecom.transfer",
                "method": "action_resolve",
                "args": [transfer.ids],
                "kwargs": {},
            },
        )
        self.env.invalidate_all()
        self.assertEqual(transfer.state, "resolved")
