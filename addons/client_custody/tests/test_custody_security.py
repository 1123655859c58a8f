from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import CustodyCase


@tagged("post_install", "-at_install")
class TestCustodySecurity(CustodyCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.clients_a = cls._clients(3, prefix="A")
        cls.clients_b = cls._clients(2, prefix="B")
        cls._hold(cls.clients_a, cls.sales_a)
        cls._hold(cls.clients_b, cls.sales_b)
        cls.foreign_client = cls._clients(1, prefix="Foreign", company_id=cls.other_company.id)
        cls._hold(cls.foreign_client, cls.other_employee)

    def test_user_sees_only_own_periods(self):
        """A custody user sees the custody periods of the clients they hold, nobody else's."""
        visible = self.Assignment.with_user(self.user_a).search([])
        self.assertEqual(visible.partner_id, self.clients_a)
        other = self.clients_b.custody_assignment_ids[:1]
        with self.assertRaises(AccessError):
            other.with_user(self.user_a).read(["partner_id"])

    def test_user_cannot_create_or_edit_periods(self):
        """Custody users read; only managers create or edit periods."""
        with self.assertRaises(AccessError):
            self.Assignment.with_user(self.user_a).create(
                {"partner_id": self._clients(1).id, "employee_id": self.sales_a.id}
            )
        mine = self.clients_a.custody_assignment_ids[:1]
        with self.assertRaises(AccessError):
            mine.with_user(self.user_a).write({"note": "mine now"})

    def test_user_reads_custody_and_tier_of_own_clients(self):
        """A custody user reads the custodian and tier of the clients they hold."""
        values = self.clients_a.with_user(self.user_a).read(["custodian_id", "custody_tier"])
        self.assertEqual({v["custodian_id"][0] for v in values}, {self.sales_a.id})
        self.assertEqual({v["custody_tier"] for v in values}, {"core"})

    def test_internal_user_without_group_reads_nothing(self):
        """An internal user without custody access cannot read the ledger nor the fields."""
        with self.assertRaises(AccessError):
            self.Assignment.with_user(self.plain_user).search([])
        with self.assertRaises(AccessError):
            self.clients_a.with_user(self.plain_user).read(["custodian_id"])

    def test_hr_officer_sees_counts(self):
        """HR officers see custody counts on employees without access to the ledger."""
        employee = self.sales_a.with_user(self.hr_officer)
        self.assertEqual(employee.custody_client_count, 3)
        with self.assertRaises(AccessError):
            self.Assignment.with_user(self.hr_officer).search([])

    def test_manager_sees_all_clients_of_allowed_companies(self):
        """A manager sees every period of the companies they are allowed in, not others."""
        manager = self.manager_user
        in_company = self.Assignment.with_user(manager).search([])
        self.assertIn(self.foreign_client, in_company.partner_id, "both companies allowed")
        manager.company_ids = self.company
        restricted = self.Assignment.with_user(manager).search([])
        self.assertEqual(restricted.partner_id, self.clients_a | self.clients_b)
