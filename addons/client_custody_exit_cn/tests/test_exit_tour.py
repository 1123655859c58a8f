from datetime import date

from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestExitTour(HttpCase):
    def test_resignation_tour(self):
        """HR records a resignation in the browser and sees the exit's plan."""
        hr_user = new_test_user(
            self.env,
            login="exit_tour_hr",
            password="exit_tour_hr",
            groups="base.group_user,hr.group_hr_user",
            tz="UTC",
        )
        hr_user.lang = "en_US"
        leaver = self.env["hr.employee"].create(
            {
                "name": "Tour Leaver",
                "user_id": new_test_user(
                    self.env,
                    login="tour_leaver",
                    groups="base.group_user,client_custody.group_custody_user",
                ).id,
            }
        )
        clients = self.env["res.partner"].create(
            [{"name": f"Tour Client {n}", "is_company": True} for n in range(3)]
        )
        self.env["custody.assignment"]._move(clients, leaver, origin="assigned")
        self.start_tour(
            f"/odoo/employees/{leaver.id}",
            "client_custody_exit_cn_resignation_tour",
            login="exit_tour_hr",
        )
        exit_ = self.env["hr.exit"].search([("employee_id", "=", leaver.id)])
        self.assertEqual(exit_.state, "notice")
        self.assertEqual(exit_.notice_date, date(2026, 3, 2))
        self.assertEqual(exit_.last_working_day, date(2026, 4, 1))
        self.assertEqual(exit_.handover_id.line_ids.partner_id, clients)
