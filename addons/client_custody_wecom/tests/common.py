import base64
from contextlib import contextmanager
from datetime import datetime, timedelta
from unittest.mock import patch

from freezegun import freeze_time

from odoo import Command
from odoo.tests import HttpCase, new_test_user

from .fake_wecom import FakeWeCom

START = datetime(2026, 3, 2, 9, 0, 0)
CORP_ID = "ww0123456789abcdef"
SECRET = "app-secret-with-customer-contact"
CALLBACK_TOKEN = "callbacktoken42"
AES_KEY = base64.b64encode(bytes(range(32))).decode()[:-1]
DISABLED_MAIL = {
    "mail_create_nolog": True,
    "mail_create_nosubscribe": True,
    "mail_notrack": True,
    "no_reset_password": True,
    "tracking_disable": True,
}


class WecomCase(HttpCase):
    """A company connected to a fake WeCom: a leaver and three successors with WeCom
    accounts, a custody manager, and helpers for clients, contacts and handovers.

    HttpCase puts the registry in test mode, so that the access token's own cursor is the
    test's transaction too; the fake's clock follows the frozen time (``clock``).
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, **DISABLED_MAIL))
        cls.fake = FakeWeCom(CORP_ID, SECRET, CALLBACK_TOKEN, AES_KEY, now=cls._epoch(START))
        cls.fake.start()
        cls.addClassCleanup(cls.fake.stop)
        busy = patch.object(type(cls.env["wecom.api"]), "_busy_delay", 0)
        busy.start()
        cls.addClassCleanup(busy.stop)
        cls.company = cls.env.company
        cls.company.sudo().write(
            {
                "wecom_corp_id": CORP_ID,
                "wecom_secret": SECRET,
                "wecom_callback_token": CALLBACK_TOKEN,
                "wecom_aes_key": AES_KEY,
                "wecom_api_url": cls.fake.url,
            }
        )
        cls.manager_user = new_test_user(
            cls.env,
            login="wecom_manager",
            groups="base.group_user,base.group_partner_manager,"
            "client_custody.group_custody_manager",
        )
        cls.leaver = cls._employee("Leaver Liu", "leaver")
        # Liu resigned: the departure is recorded (a departure handover needs a leaver).
        cls.leaver.departure_date = "2026-12-31"
        cls.succ_b = cls._employee("Successor Bai", "succ_b")
        cls.succ_c = cls._employee("Successor Cao", "succ_c")
        cls.succ_d = cls._employee("Successor Du", "succ_d")

    def setUp(self):
        super().setUp()
        self.fake.reset()
        self._phone_seq = 1
        for userid in ("leaver", "succ_b", "succ_c", "succ_d"):
            self.fake.add_user(userid)
        # The tests share one transaction: forget the tokens and rests of the previous test.
        self.env.cr.cache.pop("wecom_tokens", None)
        self.env.cr.cache.pop("wecom_backoff", None)

    @classmethod
    def _epoch(cls, moment):
        return int((moment - datetime(1970, 1, 1)).total_seconds())

    @classmethod
    def _employee(cls, name, userid):
        user = new_test_user(
            cls.env,
            login=userid,
            name=name,
            groups="base.group_user,client_custody.group_custody_user",
        )
        return cls.env["hr.employee"].create(
            {"name": name, "user_id": user.id, "company_id": cls.company.id, "wecom_userid": userid}
        )

    def _clients(self, count, prefix="Client", follower="leaver", holder=None):
        """``count`` client companies held by ``holder`` in Odoo, each with a WeCom contact
        followed by ``follower`` and matched by mobile."""
        first = self._phone_seq
        self._phone_seq += count
        partners = self.env["res.partner"].create(
            [
                {
                    "name": f"{prefix} {index:03d}",
                    "is_company": True,
                    "phone": "+86 139 {:04d} {:04d}".format(*divmod(first + index, 10000)),
                }
                for index in range(count)
            ]
        )
        self.env["custody.assignment"]._move(partners, holder or self.leaver, origin="assigned")
        for index in range(count):
            self.fake.add_contact(
                f"wm{prefix}{index:03d}",
                f"Buyer {index:03d}",
                follower,
                mobile="139{:04d}{:04d}".format(*divmod(first + index, 10000)),
            )
        return partners

    @contextmanager
    def clock(self, moment=START):
        """Freeze Odoo's time and set the fake's clock; ``tick(hours)`` moves both."""
        with freeze_time(moment) as frozen:
            self.fake.now = self._epoch(moment)

            def tick(hours):
                frozen.tick(timedelta(hours=hours))
                self.fake.now += int(hours * 3600)

            yield tick

    def _handover(self, partners, successors, kind="departure", reason="Liu moves to Shenzhen."):
        """A draft handover of the leaver's ``partners``, round robin over ``successors``."""
        return self.env["custody.handover"].create(
            {
                "employee_id": self.leaver.id,
                "kind": kind,
                "reason": reason,
                "line_ids": [
                    Command.create(
                        {
                            "partner_id": partner.id,
                            "successor_id": successors[index % len(successors)].id,
                        }
                    )
                    for index, partner in enumerate(partners)
                ],
            }
        )

    def _import(self):
        return self.env["wecom.contact"]._wecom_import(self.company)

    def _poll(self):
        self.env["wecom.transfer"]._cron_sync()

    def _start(self, handover):
        """Start as the manager's button does (no WeCom call in the request), then run the
        WeCom scheduled action as the lanes do."""
        calls = len(self.fake.calls)
        handover.action_start()
        self.assertEqual(len(self.fake.calls), calls, "Start does not wait for WeCom")
        self._poll()
        return handover
