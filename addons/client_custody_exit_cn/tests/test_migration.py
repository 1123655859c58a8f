from datetime import date

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
        departed_exit.write({"state": "cancel"})
        departed_exit.unlink()
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
