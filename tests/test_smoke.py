"""Wiring: both addons are installed and a browser reaches the apps they extend."""

from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestSmoke(HttpCase):
    def test_addons_installed(self):
        """The addons of the product, and the bridge installed with them, are installed."""
        names = (
            "client_custody",
            "client_custody_exit_cn",
            "alumni_network",
            "client_custody_alumni",
        )
        modules = self.env["ir.module.module"].search([("name", "in", names)])
        self.assertEqual(set(modules.mapped("state")), {"installed"})
        self.assertEqual(len(modules), 4)

    def test_tour_employees_and_contacts(self):
        """A user logs in and opens Employees and Contacts in a real browser."""
        self.start_tour("/odoo", "client_custody_smoke_tour", login="admin")
