from functools import partial
from unittest.mock import patch

from odoo import SUPERUSER_ID, api
from odoo.exceptions import UserError
from odoo.service.model import retrying
from odoo.tests import tagged
from odoo.tools import SQL

from odoo.addons.client_custody_handover.tests.common import (
    CommittedCase,
    close_windows,
    committed_departure,
    salesperson,
)

MOVED = "is being moved by a running handover"


@tagged("post_install", "-at_install")
class TestClientSaveDuringHandover(CommittedCase):
    """A salesperson's save of a client the running handover moves answers at once with a clear
    message instead of waiting for the batch; a save of any other client is Odoo's own (two
    salespeople on one client: the later save is retried and wins, never refused).
    Committed data, real cursors: one is the batch or the other salesperson."""

    @classmethod
    def _commit_fixture(cls, env):
        users, employees, clients, handover = committed_departure(env, "SaveLock", 2)
        seller = salesperson(env, "SaveLock salesperson")
        quiet = env["res.partner"].create({"name": "SaveLock quiet client", "is_company": True})
        assert handover.state == "in_progress", "the fixture's handover is under way"
        return {
            "users": (users | seller).ids,
            "salesperson": seller.id,
            "employees": employees.ids,
            "handover": handover.id,
            "moving": clients[0].id,
            "quiet": quiet.id,
            "clients": (clients | quiet).ids,
        }

    def _save(self, cr, partner_id, phone):
        env = api.Environment(cr, self.ids["salesperson"], {})
        env["res.partner"].browse(partner_id).write({"phone": phone})
        env.flush_all()

    def _phone(self, partner_id):
        with self.registry.cursor() as cr:
            cr.execute(SQL("SELECT phone FROM res_partner WHERE id = %s", partner_id))
            return cr.fetchone()[0]

    def test_save_of_a_client_the_batch_holds_is_refused_with_a_message(self):
        """The batch holds the client's row: the save is refused with a translated UserError,
        nothing changed; once the batch committed, the same save goes through."""
        before = self._phone(self.ids["moving"])
        with self.registry.cursor() as batch, self.registry.cursor() as cr:
            batch.execute(
                SQL(
                    "SELECT id FROM res_partner WHERE id = %s FOR UPDATE NOWAIT", self.ids["moving"]
                )
            )
            cr.execute("SELECT current_setting('lock_timeout')")
            timeout = cr.fetchone()[0]
            with self.assertRaises(UserError) as caught:
                self._save(cr, self.ids["moving"], "+86 21 5555 0101")
            self.assertIn(MOVED, str(caught.exception))
            cr.execute("SELECT current_setting('lock_timeout')")
            self.assertEqual(cr.fetchone()[0], timeout, "the lock timeout is Odoo's again")
            cr.rollback()
            batch.rollback()
        self.assertEqual(self._phone(self.ids["moving"]), before)
        with self.registry.cursor() as cr:
            self._save(cr, self.ids["moving"], "+86 21 5555 0101")
        self.assertEqual(self._phone(self.ids["moving"]), "+86 21 5555 0101")

    def test_save_of_a_client_moved_since_the_form_was_read(self):
        """The batch moved the client (committed) after the save's transaction began: the save
        is refused with the same message at once, instead of Odoo's retries with growing pauses
        while the batches go on."""
        with self.registry.cursor() as cr:
            cr.execute(SQL("SELECT phone FROM res_partner WHERE id = %s", self.ids["moving"]))
            with self.registry.cursor() as batch:
                batch.execute(
                    SQL(
                        "UPDATE res_partner SET phone = %s WHERE id = %s",
                        "+86 21 5555 0199",
                        self.ids["moving"],
                    )
                )
            with self.assertRaises(UserError) as caught:
                self._save(cr, self.ids["moving"], "+86 21 5555 0104")
            self.assertIn(MOVED, str(caught.exception))
            cr.rollback()
        self.assertEqual(self._phone(self.ids["moving"]), "+86 21 5555 0199")

    def test_two_salespeople_save_a_client_no_handover_moves(self):
        """No handover moves the client: the other salesperson's save committed after this
        save's transaction began, Odoo retries this save on fresh data and it wins (last write
        wins); it is never answered "being moved by a running handover"."""
        with self.registry.cursor() as cr:
            env = api.Environment(cr, self.ids["salesperson"], {})
            cr.execute(SQL("SELECT phone FROM res_partner WHERE id = %s", self.ids["quiet"]))
            with self.registry.cursor() as other:
                self._save(other, self.ids["quiet"], "+86 21 5555 0201")
            retrying(partial(self._save, cr, self.ids["quiet"], "+86 21 5555 0202"), env)
        self.assertEqual(self._phone(self.ids["quiet"]), "+86 21 5555 0202")

    def test_jobs_wait_as_before(self):
        """Superuser writes (the batches themselves, crons) take no early lock on a client the
        handover moves; a salesperson's save of it does."""
        Partner = self.registry["res.partner"]
        with (
            self.registry.cursor() as cr,
            patch.object(Partner, "_lock_for_save", autospec=True) as lock,
        ):
            env = api.Environment(cr, SUPERUSER_ID, {})
            env["res.partner"].browse(self.ids["moving"]).write({"phone": "+86 21 5555 0102"})
            self.assertFalse(lock.called)
            env(user=self.ids["salesperson"])["res.partner"].browse(self.ids["moving"]).write(
                {"phone": "+86 21 5555 0103"}
            )
            self.assertEqual(lock.call_count, 1)
            cr.rollback()


@tagged("post_install", "-at_install")
class TestBatchHoldsItsClients(CommittedCase):
    """An accepting batch holds its clients' rows from its start: a salesperson's save that
    comes in while the batch runs is answered "being moved" and the batch commits, instead of
    the save committing under the batch and the whole batch failing to serialize."""

    @classmethod
    def _commit_fixture(cls, env):
        users, employees, clients, handover = committed_departure(env, "BatchLock", 3)
        close_windows(handover.line_ids)
        seller = salesperson(env, "BatchLock salesperson")
        return {
            "users": (users | seller).ids,
            "salesperson": seller.id,
            "employees": employees.ids,
            "handover": handover.id,
            "clients": clients.ids,
        }

    def test_save_during_an_accepting_batch(self):
        """The save arrives once the batch has claimed its lines: refused with the message,
        nothing changed; the batch accepts every client and commits."""
        client = self.ids["clients"][1]
        answers = []

        def save_meanwhile():
            try:
                with self.registry.cursor() as cr:  # commits when the save went through
                    env = api.Environment(cr, self.ids["salesperson"], {})
                    env["res.partner"].browse(client).write({"phone": "+86 21 5555 0301"})
                    env.flush_all()
                answers.append("saved")
            except UserError as error:
                answers.append(str(error))

        Line = self.registry["custody.handover.line"]
        ineligible = Line._successor_ineligible

        def during_batch(lines):
            save_meanwhile()
            return ineligible(lines)

        with (
            self.registry.cursor() as batch,
            patch.object(Line, "_successor_ineligible", during_batch),
        ):
            env = api.Environment(batch, SUPERUSER_ID, {})
            lines = env["custody.handover"]._claim_lines(
                [("handover_id", "=", self.ids["handover"]), ("state", "=", "waiting")], 10
            )
            self.assertEqual(len(lines), 3)
            env["custody.handover"]._process_accept_batch(lines)
            env.flush_all()
        self.assertEqual(len(answers), 1)
        self.assertIn(MOVED, answers[0])
        with self.registry.cursor() as cr:
            cr.execute(
                SQL(
                    """SELECT count(*) FILTER (WHERE state = 'accepted'), count(*)
                         FROM custody_handover_line WHERE handover_id = %s""",
                    self.ids["handover"],
                )
            )
            self.assertEqual(cr.fetchone(), (3, 3))
            cr.execute(SQL("SELECT phone FROM res_partner WHERE id = %s", client))
            self.assertFalse(cr.fetchone()[0])
