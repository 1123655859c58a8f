from psycopg2.errors import SerializationFailure

from odoo import SUPERUSER_ID, api
from odoo.tests import tagged
from odoo.tools import SQL, mute_logger

from odoo.addons.client_custody_handover.tests.common import (
    CommittedCase,
    custody_users,
)


@tagged("post_install", "-at_install")
class TestCapacityUnderConcurrency(CommittedCase):
    """Two handovers started at the same moment, in two transactions, against one successor
    whose capacity is 3: never more than 3 clients promised. Committed data, real cursors."""

    @classmethod
    def _commit_fixture(cls, env):
        users, employees = custody_users(
            env, ["Concurrency successor", "Concurrency leaver_1", "Concurrency leaver_2"]
        )
        successor, *leavers = employees
        successor.custody_capacity = 3
        handovers = env["custody.handover"]
        clients = env["res.partner"]
        for index, leaver in enumerate(leavers):
            book = env["res.partner"].create(
                [{"name": f"Concurrency client {index}-{n}", "is_company": True} for n in range(3)]
            )
            env["custody.assignment"]._move(book, leaver)
            handovers |= env["custody.handover"]._prepare(
                leaver,
                [{"partner_id": c.id, "successor_id": successor.id} for c in book],
                {"kind": "transfer"},
            )
            clients |= book
        return {
            "users": users.ids,
            "employees": employees.ids,
            "handovers": handovers.ids,
            "clients": clients.ids,
            "successor": successor.id,
        }

    def _start(self, cr, handover_id):
        env = api.Environment(cr, SUPERUSER_ID, {})
        env["custody.handover"].browse(handover_id).action_start()
        env.flush_all()

    @mute_logger("odoo.sql_db")
    def test_two_starts_at_once_respect_capacity(self):
        """The second start fails to serialize, is retried on fresh data, and waits."""
        first, second = self.ids["handovers"]
        with self.registry.cursor() as cr1, self.registry.cursor() as cr2:
            # Both transactions take their snapshot before either starts its handover.
            cr1.execute("SELECT 1 FROM custody_handover LIMIT 1")
            cr2.execute("SELECT 1 FROM custody_handover LIMIT 1")
            self._start(cr1, first)
            cr1.commit()
            with self.assertRaises(SerializationFailure):
                self._start(cr2, second)
            cr2.rollback()
            # What Odoo does with a serialization failure: the request runs again.
            self._start(cr2, second)
            cr2.commit()
        with self.registry.cursor() as cr:
            cr.execute(
                SQL(
                    """SELECT state, count(*) FROM custody_handover_line
                        WHERE successor_id = %s GROUP BY state""",
                    self.ids["successor"],
                )
            )
            counts = dict(cr.fetchall())
        self.assertEqual(counts, {"waiting": 3, "over_capacity": 3})
