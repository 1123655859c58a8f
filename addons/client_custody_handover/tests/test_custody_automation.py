from odoo.exceptions import AccessError
from odoo.tests import tagged

from odoo.addons.client_custody.tests.common import CustodyCase


@tagged("post_install", "-at_install")
class TestCustodyAutomation(CustodyCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.boss_user = cls.manager_user
        cls.boss = cls.env["hr.employee"].create(
            {"name": "Boss", "user_id": cls.boss_user.id, "company_id": cls.company.id}
        )
        cls.sales_a.parent_id = cls.boss
        cls.clients = cls._clients(4, prefix="Archived's")
        cls._hold(cls.clients, cls.sales_a)
        cls.Handover = cls.env["custody.handover"]

    def _handovers(self):
        return self.Handover.search([("employee_id", "=", self.sales_a.id)])

    def test_rpc_archive_prepares_handover(self):
        """Archiving by a plain write prepares a draft departure handover of all clients."""
        self.sales_a.write({"active": False})
        handover = self._handovers()
        self.assertEqual(len(handover), 1)
        self.assertEqual((handover.state, handover.kind), ("draft", "departure"))
        self.assertEqual(handover.line_ids.partner_id, self.clients)
        self.assertEqual(set(handover.line_ids.successor_id.ids), {self.boss.id})
        self.assertTrue(handover.activity_ids.filtered(lambda a: a.user_id == self.boss_user))

    def test_list_archive_and_twice(self):
        """The list's Archive action triggers it too; archiving again creates no second one."""
        self.sales_a.with_context(no_wizard=True).action_archive()
        self.sales_a.action_unarchive()
        self.assertEqual(self._handovers().state, "cancel", "unarchiving cancels the draft")
        self.sales_a.with_context(no_wizard=True).action_archive()
        self.sales_a.write({"active": False})
        running = self._handovers().filtered(lambda h: h.state == "draft")
        self.assertEqual(len(running), 1)

    def test_access_revoked_in_same_transaction(self):
        """The leaver's user loses access to the custody data of their clients at once."""
        before = self.Assignment.with_user(self.user_a).search([])
        self.assertEqual(before.partner_id, self.clients)
        self.sales_a.write({"active": False})
        self.assertFalse(self.Assignment.with_user(self.user_a).search([]))
        with self.assertRaises(AccessError):
            before.with_user(self.user_a).read(["partner_id"])
