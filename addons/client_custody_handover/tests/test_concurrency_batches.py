from odoo import SUPERUSER_ID, api
from odoo.tests import tagged
from odoo.tools import SQL

from odoo.addons.client_custody_handover.tests.common import (
    CommittedCase,
    close_windows,
    committed_departure,
    smtp_sink,
)


@tagged("post_install", "-at_install")
class TestTwoCronWorkers(CommittedCase):
    """Two cron workers on one handover, in two transactions: each claims its own lines
    (row locks that skip locked rows), no serialization failure, each client moved once.
    Committed data, real cursors."""

    @classmethod
    def _commit_fixture(cls, env):
        users, employees, clients, handover = committed_departure(env, "Workers", 10)
        close_windows(handover.line_ids)
        return {
            "users": users.ids,
            "employees": employees.ids,
            "handover": handover.id,
            "clients": clients.ids,
        }

    def test_two_workers_split_one_handover(self):
        """Worker 1 holds its batch while worker 2 runs the whole scheduled action: worker 2
        skips the locked lines and moves the others; both commit; every client moved once."""
        with self.registry.cursor() as cr1, self.registry.cursor() as cr2:
            env1 = api.Environment(cr1, SUPERUSER_ID, {})
            env2 = api.Environment(cr2, SUPERUSER_ID, {})
            # Both transactions take their snapshot before either claims anything.
            cr1.execute("SELECT 1 FROM custody_handover LIMIT 1")
            cr2.execute("SELECT 1 FROM custody_handover LIMIT 1")
            # A wait would be a failure (a lock error), not a hang of this one thread.
            cr1.execute("SET LOCAL lock_timeout = '5s'")
            cr2.execute("SET LOCAL lock_timeout = '5s'")
            domain = [
                ("handover_id", "=", self.ids["handover"]),
                ("state", "=", "waiting"),
                ("told_at", "!=", False),
            ]
            first = env1["custody.handover"]._claim_lines(domain, 4)
            self.assertEqual(len(first), 4)
            second = env2["custody.handover"]._claim_lines(domain, 4)
            self.assertEqual(len(second), 4)
            self.assertFalse(set(first.ids) & set(second.ids), "a locked line is skipped")
            cr2.rollback()  # worker 2 starts its run afresh
            cr2.execute("SET LOCAL lock_timeout = '5s'")
            env2["custody.handover"]._cron_process_batches(batch_size=3)
            env2.flush_all()
            env1["custody.handover"]._process_accept_batch(first)
            env1.flush_all()
            cr2.commit()
            cr1.commit()
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            cr.execute(
                SQL(
                    """SELECT partner_id, count(*), count(*) FILTER (WHERE date_end IS NULL)
                         FROM custody_assignment WHERE partner_id = ANY(%s)
                        GROUP BY partner_id""",
                    self.ids["clients"],
                )
            )
            rows = cr.fetchall()
            self.assertEqual(len(rows), 10)
            self.assertEqual(
                {(total, current) for _partner, total, current in rows},
                {(2, 1)},
                "each client moved exactly once: the leaver's closed period and one new",
            )
            lines = env["custody.handover.line"].search(
                [("handover_id", "=", self.ids["handover"])]
            )
            self.assertEqual(set(lines.mapped("state")), {"accepted"})
        with self.registry.cursor() as hold, self.registry.cursor() as cr:
            # A lane that finds the handover's row held by another transaction (the other
            # lane completing it) leaves it, without waiting or failing, and wakes the lanes.
            hold.execute(
                "SELECT id FROM custody_handover WHERE id = %s FOR NO KEY UPDATE",
                [self.ids["handover"]],
            )
            env = api.Environment(cr, SUPERUSER_ID, {})
            cr.execute("SET LOCAL lock_timeout = '5s'")
            triggers = env["ir.cron.trigger"].search_count([])
            env["custody.handover"]._cron_process_batches()
            self.assertEqual(
                env["custody.handover"].browse(self.ids["handover"]).state, "in_progress"
            )
            self.assertEqual(
                env["ir.cron.trigger"].search_count([]) - triggers, 2, "both lanes woken"
            )
            cr.rollback()
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            # The next run completes the handover the two workers finished together.
            env["custody.handover"]._cron_process_batches()
            self.assertEqual(env["custody.handover"].browse(self.ids["handover"]).state, "done")


@tagged("post_install", "-at_install")
class TestNoticeSentOnce(CommittedCase):
    """Two senders on the same notices (the mail queue and a lane, or two servers): a mail
    another transaction is sending is skipped, never sent twice. Committed data."""

    @classmethod
    def _commit_fixture(cls, env):
        users, employees, clients, handover = committed_departure(env, "Senders", 6)
        mails = handover.line_ids._send_notices()
        return {
            "users": users.ids,
            "employees": employees.ids,
            "handover": handover.id,
            "clients": clients.ids,
            "mails": mails.ids,
        }

    @classmethod
    def tearDownClass(cls):
        with cls.registry.cursor() as cr:
            cr.execute(SQL("DELETE FROM mail_mail WHERE id = ANY(%s)", cls.ids["mails"]))
        super().tearDownClass()

    def test_a_notice_being_sent_is_not_sent_again(self):
        outbox = []
        with self.registry.cursor() as cr1, self.registry.cursor() as cr2:
            env2 = api.Environment(cr2, SUPERUSER_ID, {})
            cr2.execute("SET LOCAL lock_timeout = '5s'")
            # Sender 1 holds two of the mails (it is sending them).
            held = self.ids["mails"][:2]
            cr1.execute(SQL("SELECT id FROM mail_mail WHERE id = ANY(%s) FOR UPDATE", held))
            with smtp_sink(env2, outbox=outbox):
                env2["mail.mail"].process_email_queue()
                cr2.commit()
                sent = {message["To"] for message in outbox}
                self.assertEqual(len(outbox), 4, "the two held mails are skipped")
                cr1.rollback()  # sender 1 gives them up
                env2.invalidate_all()
                env2["mail.mail"].process_email_queue()
                cr2.commit()
        self.assertEqual(len(outbox), 6, "each notice sent exactly once")
        self.assertEqual(len(sent), 4)
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            lines = env["custody.handover"].browse(self.ids["handover"]).line_ids
            self.assertEqual(set(lines.mapped("told_channel")), {"email"})
            self.assertFalse(env["mail.mail"].browse(self.ids["mails"]).exists())
