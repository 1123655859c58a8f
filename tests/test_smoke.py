"""Wiring: both addons are installed and a browser reaches the apps they extend."""

from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestSmoke(HttpCase):
    def test_addons_installed(self):
        """Both addons of the product, and the bridge installed with them, are installed."""
        modules = self.env["ir.module.module"].search(
            [("name", "in", ("client_custody", "alumni_network", "client_custody_alumni"))]
        )
        self.assertEqual(set(modules.mapped("state")), {"installed"})
        self.assertEqual(len(modules), 3)

    def test_tour_employees_and_contacts(self):
        """A user logs in and opens Employees and Contacts in a real browser."""
        self.start_tour("/odoo", "client_custody_smoke_tour", login="admin")
