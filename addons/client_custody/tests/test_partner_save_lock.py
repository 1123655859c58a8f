from odoo import sql_db
from odoo.exceptions import UserError
from odoo.tests import TransactionCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestClientSaveWhileMoved(TransactionCase):
    """A client whose row a running handover batch holds answers a save with a clear message
    (after a short lock timeout) instead of making the salesperson wait for the batch."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user = new_test_user(
            cls.env,
            login="save_lock_salesperson",
            groups="base.group_user,base.group_partner_manager",
        )
        # A committed row no other part of this test touches: another connection locks it as
        # a handover batch would.
        cls.client = cls.env.ref("base.public_partner")

    def test_save_of_a_locked_client_is_refused_with_a_message(self):
        """The batch holds the row: the save is refused with a translated UserError, nothing
        changed; once the batch committed, the same save goes through."""
        before = self.client.phone
        batch = sql_db.db_connect(self.env.cr.dbname).cursor()
        try:
            # NOWAIT: if this test's own transaction held the row, fail here rather than hang.
            batch.execute(
                "SELECT id FROM res_partner WHERE id = %s FOR UPDATE NOWAIT", [self.client.id]
            )
            with self.assertRaises(UserError) as caught:
                self.client.with_user(self.user).write({"phone": "+86 21 5555 0101"})
            self.assertIn("is being changed right now", str(caught.exception))
            self.client.invalidate_recordset()
            self.assertEqual(self.client.phone, before)
        finally:
            batch.rollback()
            batch.close()
        self.client.with_user(self.user).write({"phone": "+86 21 5555 0101"})
        self.assertEqual(self.client.phone, "+86 21 5555 0101")

    def test_jobs_wait_as_before(self):
        """Superuser writes (the batches themselves, crons) take no early lock."""
        self.env.cr.execute("SELECT current_setting('lock_timeout')")
        previous = self.env.cr.fetchone()[0]
        self.client.write({"phone": "+86 21 5555 0102"})
        self.client.with_user(self.user).write({"phone": "+86 21 5555 0103"})
        self.env.cr.execute("SELECT current_setting('lock_timeout')")
        self.assertEqual(self.env.cr.fetchone()[0], previous, "the lock timeout is restored")


@tagged("post_install", "-at_install")
class TestClientSaveAfterMove(TransactionCase):
    """Its own class (its own transaction): it commits a change from another connection, which
    every later save in the same transaction would then find changed."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user = new_test_user(
            cls.env,
            login="save_moved_salesperson",
            groups="base.group_user,base.group_partner_manager",
        )
        cls.client = cls.env.ref("base.public_partner")

    def test_save_of_a_client_moved_since_the_form_was_read(self):
        """The batch moved the client (committed) after this transaction began: the save is
        refused with the same message at once, instead of Odoo's retries with growing pauses."""
        batch = sql_db.db_connect(self.env.cr.dbname).cursor()
        batch.execute("SELECT phone FROM res_partner WHERE id = %s", [self.client.id])
        before = batch.fetchone()[0]
        try:
            batch.execute(
                "UPDATE res_partner SET phone = %s WHERE id = %s",
                ["+86 21 5555 0199", self.client.id],
            )
            batch.commit()
            with self.assertRaises(UserError) as caught:
                self.client.with_user(self.user).write({"phone": "+86 21 5555 0104"})
            self.assertIn("is being changed right now", str(caught.exception))
        finally:
            batch.execute(
                "UPDATE res_partner SET phone = %s WHERE id = %s", [before, self.client.id]
            )
            batch.commit()
            batch.close()
