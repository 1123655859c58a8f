from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestHandoverTour(HttpCase):
    def test_handover_tour(self):
        """A sales manager runs the wizard (balanced), starts it and sees each client's status."""
        new_test_user(
            self.env,
            login="tour_custody_manager",
            groups="base.group_user,base.group_partner_manager,hr.group_hr_user,"
            "client_custody.group_custody_manager",
        )
        employees = self.env["hr.employee"]
        for name in ("Tour Leaver", "Tour Successor A", "Tour Successor B"):
            user = new_test_user(
                self.env,
                login=name.lower().replace(" ", "_"),
                name=name,
                groups="base.group_user,client_custody.group_custody_user",
            )
            employees |= employees.create({"name": name, "user_id": user.id})
        leaver = employees[0]
        leaver.departure_date = "2026-12-31"  # a departure handover needs a leaver
        clients = self.env["res.partner"].create(
            [{"name": f"Tour Client {n}", "is_company": True} for n in range(1, 5)]
        )
        self.env["custody.assignment"]._move(clients, leaver)
        self.start_tour(
            f"/odoo/employees/{leaver.id}",
            "client_custody_handover_tour",
            login="tour_custody_manager",
        )
        lines = self.env["custody.handover.line"].search([("partner_id", "in", clients.ids)])
        self.assertEqual(len(lines), 4)
        self.assertEqual(set(lines.mapped("state")), {"waiting"})
        self.assertEqual(len(lines.successor_id), 2)
