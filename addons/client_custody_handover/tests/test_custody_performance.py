from odoo.tests import tagged, warmup

from odoo.addons.client_custody.tests.common import CustodyCase


@tagged("post_install", "-at_install")
class TestCustodyPerformance(CustodyCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        small = cls._clients(50, prefix="Small")
        large = cls._clients(500, prefix="Large")
        large[:120].write({"custody_tier": "personal", "custody_tier_basis": "Own network"})
        cls._hold(small, cls.sales_a)
        cls._hold(large, cls.sales_b)

    def _read_counts(self, employee):
        employee.invalidate_recordset()
        return employee.read(
            ["custody_client_count", "custody_core_count", "custody_personal_count"]
        )[0]

    @warmup
    def test_count_and_split_cost_does_not_grow(self):
        """Reading an employee's client count and tier split costs the same for 50 and 500."""
        employees = self.env["hr.employee"].with_user(self.hr_officer)
        small, large = employees.browse(self.sales_a.id), employees.browse(self.sales_b.id)
        with self.assertQueryCount(2):
            counts = self._read_counts(small)
        self.assertEqual(counts["custody_client_count"], 50)
        with self.assertQueryCount(2):
            counts = self._read_counts(large)
        self.assertEqual(counts["custody_client_count"], 500)
        self.assertEqual(counts["custody_personal_count"], 120)
        self.assertEqual(counts["custody_core_count"], 380)
