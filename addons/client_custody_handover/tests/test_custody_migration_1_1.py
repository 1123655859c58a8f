import importlib.util

from odoo.tests import TransactionCase, tagged
from odoo.tools import SQL, sql
from odoo.tools.misc import file_path

# client_custody held the handover in 19.0.1.x: its migrations run when such a database upgrades.
MIGRATION = file_path("client_custody/migrations/19.0.1.1.0/post-migrate.py")


def _load_migration():
    spec = importlib.util.spec_from_file_location("client_custody_post_migrate_1_1", MIGRATION)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


OBSOLETE_INDEXES = set(_load_migration().OBSOLETE_INDEXES)


@tagged("post_install", "-at_install")
class TestCustodyMigration(TransactionCase):
    def _migrate(self):
        _load_migration().migrate(self.env.cr, "19.0.1.0.0")

    def _line_indexes(self):
        self.env.cr.execute(
            "SELECT indexname FROM pg_indexes WHERE tablename = 'custody_handover_line'"
        )
        return {row[0] for row in self.env.cr.fetchall()}

    def test_upgrade_from_1_0_removes_its_leftovers(self):
        """The status copy, its indexes and the old scheduled action go; the new index stays."""
        cr = self.env.cr
        sql.create_column(cr, "custody_handover_line", "handover_state", "varchar")
        for index in OBSOLETE_INDEXES:
            column = index.removeprefix("custody_handover_line__").removesuffix("_index")
            sql.create_index(cr, index, "custody_handover_line", [SQL.identifier(column)])
        cron = self.env["ir.cron"].create(
            {
                "name": "Client custody: close refusal windows",
                "model_id": self.env["ir.model"]._get_id("custody.handover"),
                "state": "code",
                "code": "model._cron_process_batches()",
                "interval_number": 1,
                "interval_type": "hours",
            }
        )
        self.env["ir.model.data"].create(
            {
                "module": "client_custody",
                "name": "ir_cron_custody_close_refusal_windows",
                "model": "ir.cron",
                "res_id": cron.id,
                "noupdate": True,
            }
        )

        self._migrate()

        self.assertFalse(sql.column_exists(cr, "custody_handover_line", "handover_state"))
        indexes = self._line_indexes()
        self.assertFalse(indexes & OBSOLETE_INDEXES)
        self.assertIn("custody_handover_line_handover_state_id", indexes)
        self.assertFalse(cron.exists())
        self.assertTrue(
            self.env.ref("client_custody_handover.ir_cron_custody_handover_batches").active
        )

    def test_upgrade_is_harmless_on_a_current_database(self):
        """Run where nothing is left over (a fresh install), it changes nothing."""
        before = self._line_indexes()
        self._migrate()
        self.assertEqual(self._line_indexes(), before)
