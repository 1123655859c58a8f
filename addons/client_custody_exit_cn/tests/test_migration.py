import importlib.util
from datetime import date
from pathlib import Path
from unittest.mock import patch

from odoo.tests import tagged
from odoo.tools import SQL

from .common import ExitCase


@tagged("post_install", "-at_install")
class TestMigration(ExitCase):
    def test_employee_notices_become_exits(self):
        """A database where client_custody kept the notice on the employee: each notice
        becomes an exit (once), the departed employee's as departed."""
        cr = self.env.cr
        cr.execute(SQL("ALTER TABLE hr_employee ADD COLUMN IF NOT EXISTS exit_notice_date date"))
        self.colleague.write({"active": False})
        departed_exit = self.Exit.search([("employee_id", "=", self.colleague.id)])
        # A database from before the exit existed: no exit row for this departure.
        self.env.flush_all()
        cr.execute(SQL("DELETE FROM hr_exit WHERE id = %s", departed_exit.id))
        departed_exit.invalidate_recordset()
        cr.execute(
            SQL(
                "UPDATE hr_employee SET exit_notice_date = %s WHERE id IN %s",
                date(2026, 3, 2),
                (self.leaver.id, self.colleague.id),
            )
        )
        created = self.Exit._migrate_from_client_custody()
        self.assertEqual(created.employee_id, self.leaver | self.colleague)
        by_employee = {record.employee_id: record for record in created}
        self.assertEqual(by_employee[self.leaver].state, "notice")
        self.assertEqual(by_employee[self.leaver].last_working_day, date(2026, 4, 1))
        self.assertEqual(by_employee[self.colleague].state, "departed")
        self.assertFalse(self.Exit._migrate_from_client_custody(), "run twice, created once")

    def test_lower_compensation_keeps_who_justified_it(self):
        """A lower compensation justified before the reason's author was recorded keeps its
        author (who registered it), so that the agreement stays valid."""
        self.leaver.exit_confidentiality_date = date(2024, 1, 1)
        hr_manager_env = self.env(user=self.hr_manager)
        noncompete = hr_manager_env["custody.noncompete"].create(
            {
                "employee_id": self.leaver.id,
                "average_wage": 10000.0,
                "monthly_compensation": 2800.0,
                "compensation_reason": "Agreed in the settlement",
            }
        )
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                "UPDATE custody_noncompete SET compensation_reason_user_id = NULL WHERE id = %s",
                noncompete.id,
            )
        )
        noncompete.invalidate_recordset()
        self.Exit._migrate_from_client_custody()
        self.assertEqual(noncompete.compensation_reason_user_id, self.hr_manager)
        noncompete.write({"monthly_compensation": 2800.0})  # the compensation check passes
        self.assertEqual(noncompete.monthly_compensation, 2800.0)

    def test_severance_figures_of_19_0_2_recomputed(self):
        """19.0.2 stored N+1 as one held amount (3 × 8,000 + 9,000 = 33,000) and the status on
        hold for the whole handover: the migration splits it into 24,000 of 经济补偿 and the
        9,000 month due at departure, and leaves a paid exit's figures alone."""
        exit_ = self.Exit.create(
            {
                "employee_id": self.leaver.id,
                "termination_kind": "incapacity_pay",
                "notice_date": date(2025, 12, 31),
                "service_date_start": date(2023, 1, 1),
                "severance_wage_average": 8000.0,
                "last_month_wage": 9000.0,
                "severance_formula_reason": "No notice given: a month's wage instead",
            }
        )
        exit_._register_departure(date(2025, 12, 31))
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                "UPDATE hr_exit SET severance_amount = 33000, notice_pay_amount = NULL, "
                "severance_total = NULL, severance_state = 'on_hold' WHERE id = %s",
                exit_.id,
            )
        )
        exit_.invalidate_recordset()
        self.assertEqual(exit_.severance_amount, 33000.0)
        self.Exit._migrate_severance_figures()
        exit_.invalidate_recordset()
        self.assertEqual(exit_.severance_amount, 24000.0)
        self.assertEqual(exit_.notice_pay_amount, 9000.0)
        self.assertEqual(exit_.severance_total, 33000.0)
        self.assertEqual(exit_.severance_state, "payable", "no handover: nothing to wait for")

    def test_custody_managers_leave_the_exits_of_19_0_2(self):
        """19.0.2 planned the handover's activities on the exit for the leaver's manager (a
        custody manager), who then followed it: after the upgrade the activities are on the
        handover and the manager follows no exit; HR's activities and following stay."""
        exit_ = self._notice().sudo()
        handover = exit_.handover_id
        # What 19.0.2 left: the manager's plan on the exit, the manager among its followers.
        moved = handover.activity_ids.filtered(lambda a: a.user_id == self.manager_user)
        self.assertTrue(moved)
        moved.write({"res_model_id": self.env["ir.model"]._get_id("hr.exit"), "res_id": exit_.id})
        exit_.message_subscribe(partner_ids=self.manager_user.partner_id.ids)
        hr_activities = exit_.activity_ids - moved
        self.Exit._migrate_exit_readers()
        self.Exit._migrate_exit_readers()
        self.assertEqual(
            handover.activity_ids.filtered(lambda a: a.user_id == self.manager_user), moved
        )
        self.assertEqual(exit_.activity_ids, hr_activities)
        self.assertNotIn(self.manager_user.partner_id, exit_.message_partner_ids)
        self.assertIn(self.hr_officer.partner_id, exit_.message_partner_ids)

    def test_exit_readers_migrated_from_the_released_19_0_3(self):
        """A database of the released 19.0.3.0.0 already ran that version's script: moving the
        custody managers off the exits is in 19.0.3.1.0, which it runs when upgrading."""
        path = Path(__file__).parent.parent / "migrations" / "19.0.3.1.0" / "post-migrate.py"
        spec = importlib.util.spec_from_file_location("exit_cn_post_migrate_19_0_3_1", path)
        script = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(script)
        Exit = type(self.env["hr.exit"])
        with patch.object(Exit, "_migrate_exit_readers", autospec=True) as migrate_readers:
            script.migrate(self.env.cr, "19.0.3.0.0")
        migrate_readers.assert_called_once()
        released = (path.parent.parent / "19.0.3.0.0" / "post-migrate.py").read_text()
        self.assertNotIn("_migrate_exit_readers", released, "a released script is never edited")
