import importlib.util
from datetime import date
from pathlib import Path

from odoo.tests import TransactionCase, tagged
from odoo.tools import SQL, sql

MIGRATION = Path(__file__).parents[1] / "migrations" / "19.0.2.0.0" / "post-migrate.py"


def _load_migration():
    spec = importlib.util.spec_from_file_location("alumni_network_post_migrate_2_0", MIGRATION)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@tagged("post_install", "-at_install")
class TestAlumniMigration(TransactionCase):
    def test_upgrade_from_1_0_keeps_consents(self):
        """Each consent of 19.0.1 (date and channel on the member) becomes consent records."""
        cr = self.env.cr
        Member = self.env["alumni.member"]
        active, opted_out, never = Member.create(
            [{"name": "Old Active"}, {"name": "Old Opted Out"}, {"name": "Old Never"}]
        )
        opted_out.state = "opted_out"
        # The database as 19.0.1 left it: the consent on the member, contacts not flagged.
        if not sql.column_exists(cr, "alumni_member", "consent_channel"):
            sql.create_column(cr, "alumni_member", "consent_channel", "varchar")
        self.env.flush_all()
        cr.execute(
            SQL(
                "UPDATE alumni_member SET consent_date = %s, consent_channel = %s WHERE id = %s",
                date(2025, 5, 1),
                "wechat",
                active.id,
            )
        )
        cr.execute(
            SQL(
                "UPDATE alumni_member SET consent_date = %s, consent_channel = NULL WHERE id = %s",
                date(2024, 1, 1),
                opted_out.id,
            )
        )
        cr.execute(
            SQL(
                "UPDATE res_partner SET alumni_private = FALSE WHERE id IN %s",
                tuple((active | opted_out | never).partner_id.ids),
            )
        )
        # What the upgrade's column default leaves: one secret shared by every member.
        cr.execute(SQL("UPDATE alumni_member SET feedback_token = 'shared'"))
        self.env.invalidate_all()

        _load_migration().migrate(cr, "19.0.1.0.0")
        self.env.invalidate_all()

        consents = active.consent_ids
        self.assertEqual(sorted(consents.mapped("purpose")), ["contact", "greetings"])
        self.assertEqual(set(consents.mapped("channel")), {"wechat"})
        self.assertEqual(set(consents.mapped("state")), {"given"})
        self.assertEqual(active.consent_date, date(2025, 5, 1))
        self.assertEqual(set(opted_out.consent_ids.mapped("state")), {"withdrawn"})
        self.assertEqual(set(opted_out.consent_ids.mapped("channel")), {"other"})
        self.assertEqual(opted_out.state, "opted_out")
        self.assertFalse(never.consent_ids)
        self.assertTrue(all((active | opted_out | never).partner_id.mapped("alumni_private")))
        self.assertFalse(sql.column_exists(cr, "alumni_member", "consent_channel"))
        tokens = (active | opted_out | never).mapped("feedback_token")
        self.assertEqual(len(set(tokens)), 3)
        self.assertNotIn("shared", tokens)
        # Run twice (a retried upgrade): nothing doubles.
        _load_migration().migrate(cr, "19.0.1.0.0")
        self.env.invalidate_all()
        self.assertEqual(len(active.consent_ids), 2)
