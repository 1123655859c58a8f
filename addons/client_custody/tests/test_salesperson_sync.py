from odoo.tests import Form, tagged

from .common import CustodyCase


@tagged("post_install", "-at_install")
class TestSalespersonSync(CustodyCase):
    def test_salesperson_follows_custody(self):
        """When custody changes, the client's Salesperson becomes the custodian's user."""
        clients = self._clients(3)
        contact = self.env["res.partner"].create({"name": "Buyer", "parent_id": clients[0].id})
        self._hold(clients, self.sales_a)
        self.assertEqual(clients.mapped("user_id"), self.user_a)
        self.assertEqual(contact.user_id, self.user_a, "contacts follow their company")
        self._hold(clients, self.sales_b)
        self.assertEqual(clients.mapped("user_id"), self.user_b)

    def test_custody_follows_salesperson_set_by_manager(self):
        """A custody manager setting the Salesperson to an employee's user moves custody."""
        client = self._clients(1)
        self._hold(client, self.sales_a)
        with Form(client.with_user(self.manager_user)) as form:
            form.user_id = self.user_b
        self.assertEqual(client.custodian_id, self.sales_b)
        current = client.custody_assignment_ids.filtered(lambda a: not a.date_end)
        self.assertEqual(len(current), 1)

    def test_salesperson_without_employee_keeps_custody(self):
        """A Salesperson with no employee record does not change custody."""
        client = self._clients(1)
        self._hold(client, self.sales_a)
        client.with_user(self.manager_user).user_id = self.plain_user
        self.assertEqual(client.custodian_id, self.sales_a)

    def test_setting_turns_sync_off(self):
        """With the setting off, custody and Salesperson are independent."""
        self.company.custody_sync_salesperson = False
        client = self._clients(1)
        client.user_id = self.user_c
        self._hold(client, self.sales_a)
        self.assertEqual(client.user_id, self.user_c)
        client.with_user(self.manager_user).user_id = self.user_b
        self.assertEqual(client.custodian_id, self.sales_a)

    def test_batch_sync_is_one_write_per_user(self):
        """Moving many clients costs the same number of queries for 10 as for 60 clients."""
        small, large = self._clients(10, prefix="S"), self._clients(60, prefix="L")
        self._hold(small | large, self.sales_a)
        # Warm the registry-level caches (subtypes, groups) the first move of a test fills.
        self.Assignment._move(self._clients(2, prefix="W"), self.sales_b)
        self.env.flush_all()
        self.env.invalidate_all()
        counts = []
        for batch in (small, large):
            before = self.cr.sql_log_count
            self.Assignment._move(batch, self.sales_b)
            self.env.flush_all()
            counts.append(self.cr.sql_log_count - before)
            self.env.invalidate_all()
        self.assertEqual(counts[0], counts[1], counts)
        self.assertEqual((small | large).mapped("user_id"), self.user_b)
