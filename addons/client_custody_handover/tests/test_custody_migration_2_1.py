import importlib.util
from datetime import datetime

from odoo.tests import tagged
from odoo.tools import SQL, mute_logger
from odoo.tools.misc import file_path

from odoo.addons.client_custody.tests.common import CustodyCase

MIGRATION = file_path("client_custody_handover/migrations/19.0.2.1.0/pre-migrate.py")
CHECK = "CHECK(state <> 'accepted' OR decision = 'retain' OR told_at IS NOT NULL)"


def _load_migration():
    spec = importlib.util.spec_from_file_location("client_custody_handover_pre_2_1", MIGRATION)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@tagged("post_install", "-at_install")
class TestCustodyMigrationTold(CustodyCase):
    """Upgrading from 19.0.2.0.0: the lines of a database made before told_at existed get
    it, so that the CHECK holds; history is kept as it happened."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Salesperson 0 leaves: the departure is recorded (a departure handover needs a leaver).
        cls.sales_a.departure_date = "2026-12-31"

    def _constraint_name(self):
        self.env.cr.execute(
            """SELECT conname FROM pg_constraint
                WHERE conrelid = 'custody_handover_line'::regclass AND contype = 'c'
                  AND pg_get_constraintdef(oid) LIKE '%told_at%'"""
        )
        return self.env.cr.fetchone()[0]

    def test_upgrade_records_who_was_told(self):
        """Sent notices become told by e-mail; accepted but never told lines 'legacy' with
        told_at = accepted_on; waiting untold lines go back to the notices queue."""
        clients = self._clients(4, prefix="Old", email="old@example.com")
        self._hold(clients, self.sales_a)
        handover = self.env["custody.handover"]._prepare(
            self.sales_a, [{"partner_id": c.id, "successor_id": self.sales_b.id} for c in clients]
        )
        sent_accepted, untold_accepted, sent_waiting, untold_waiting = handover.line_ids
        self.env.flush_all()
        cr = self.env.cr
        name = self._constraint_name()
        # The database as 19.0.2.0.0 left it: no CHECK, told_at never set.
        cr.execute(
            SQL("ALTER TABLE custody_handover_line DROP CONSTRAINT %s", SQL.identifier(name))
        )
        sent, accepted = datetime(2026, 5, 1, 8), datetime(2026, 5, 2, 9)
        for line, state, notice, notified, accepted_on in (
            (sent_accepted, "accepted", "sent", sent, accepted),
            (untold_accepted, "accepted", "no_email", None, accepted),
            (sent_waiting, "waiting", "sent", sent, None),
            (untold_waiting, "waiting", "no_email", None, None),
        ):
            cr.execute(
                SQL(
                    """UPDATE custody_handover_line
                          SET state = %s, notice_state = %s, notified_at = %s, accepted_on = %s,
                              told_at = NULL, told_channel = NULL, window_end = %s
                        WHERE id = %s""",
                    state,
                    notice,
                    notified,
                    accepted_on,
                    sent,
                    line.id,
                )
            )
        _load_migration().migrate(cr, "19.0.2.0.0")
        # The upgrade then adds the CHECK: it holds.
        cr.execute(
            SQL(
                "ALTER TABLE custody_handover_line ADD CONSTRAINT %s %s",
                SQL.identifier(name),
                SQL(CHECK),
            )
        )
        self.env.invalidate_all()
        self.assertEqual((sent_accepted.told_at, sent_accepted.told_channel), (sent, "email"))
        self.assertEqual(
            (untold_accepted.told_at, untold_accepted.told_channel), (accepted, "legacy")
        )
        self.assertEqual((sent_waiting.told_at, sent_waiting.told_channel), (sent, "email"))
        self.assertFalse(untold_waiting.told_at)
        self.assertEqual(untold_waiting.notice_state, "queued", "its successor will call it")
        self.assertFalse(untold_waiting.window_end)

    def test_upgrade_is_harmless_on_a_current_database(self):
        """Run again on a database already upgraded, it changes nothing."""
        clients = self._clients(1, prefix="Current", email="c@example.com")
        self._hold(clients, self.sales_a)
        handover = self.env["custody.handover"]._prepare(
            self.sales_a, [{"partner_id": c.id, "successor_id": self.sales_b.id} for c in clients]
        )
        self.env.flush_all()
        with mute_logger("odoo.sql_db"):
            _load_migration().migrate(self.env.cr, "19.0.2.0.0")
        self.env.invalidate_all()
        self.assertEqual(handover.line_ids.state, "draft")
        self.assertFalse(handover.line_ids.told_at)
