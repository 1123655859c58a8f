from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged
from odoo.tools.safe_eval import safe_eval

from odoo.addons.client_custody.tests.common import CustodyCase


@tagged("post_install", "-at_install")
class TestSalespersonClientAccess(CustodyCase):
    """A salesperson with "Own documents only" reads the custody of their own clients only."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.seller = new_test_user(
            cls.env,
            login="own_docs_seller",
            name="Own Docs Seller",
            groups="base.group_user,sales_team.group_sale_salesman,"
            "client_custody.group_custody_user",
        )
        cls.seller_employee = cls.env["hr.employee"].create(
            {"name": "Own Docs Seller", "user_id": cls.seller.id}
        )
        cls.mine = cls._clients(
            1, prefix="Mine", custody_tier="personal", custody_tier_basis="Brought by me"
        )
        cls.theirs = cls._clients(
            1,
            prefix="Theirs",
            custody_tier="core",
            custody_tier_basis="Found by the company's trade fair",
            custody_confidentiality_measures="NDA and restricted CRM",
        )
        cls._hold(cls.mine, cls.seller_employee)
        cls._hold(cls.theirs, cls.sales_b)
        cls.contact = cls.env["res.partner"].create(
            {"name": "Buyer at Mine", "parent_id": cls.mine.id}
        )

    def test_other_custodians_tier_and_evidence_unreadable(self):
        """Another custodian's client: its custody record cannot be read, and the client's tier
        and evidence fields show nothing."""
        self.assertTrue(self.seller.has_group("sales_team.group_sale_salesman"))
        self.assertFalse(self.seller.has_group("sales_team.group_sale_salesman_all_leads"))
        record = self.env["custody.client"].search([("partner_id", "=", self.theirs.id)])
        Client = self.env["custody.client"].with_user(self.seller)
        self.assertNotIn(record, Client.search([]))
        with self.assertRaises(AccessError):
            record.with_user(self.seller).read(["tier", "tier_basis", "confidentiality_measures"])
        theirs = self.theirs.with_user(self.seller)
        values = theirs.read(
            [
                "custodian_id",
                "custody_tier",
                "custody_tier_basis",
                "custody_confidentiality_measures",
            ]
        )[0]
        self.assertFalse(values["custodian_id"])
        self.assertFalse(values["custody_tier"])
        self.assertFalse(values["custody_tier_basis"])
        self.assertFalse(values["custody_confidentiality_measures"])
        mine = self.mine.with_user(self.seller).read(["custody_tier", "custody_tier_basis"])[0]
        self.assertEqual(
            (mine["custody_tier"], mine["custody_tier_basis"]), ("personal", "Brought by me")
        )

    def test_my_clients_lists_commercial_entities_only(self):
        """ "My Clients" lists the clients held, not the contacts of client companies."""
        action = self.env.ref("client_custody.custody_client_action_mine")
        domain = safe_eval(action.domain, {"uid": self.seller.id})
        mine = self.env["custody.client"].with_user(self.seller).search(domain)
        self.assertEqual(mine.partner_id, self.mine)
        search = self.env.ref("client_custody.res_partner_view_search_inherit_client_custody")
        self.assertIn("('parent_id', '=', False)", search.arch_db)
        partners = (
            self.env["res.partner"]
            .with_user(self.seller)
            .search(
                [
                    ("custodian_id.user_id", "=", self.seller.id),
                    "|",
                    ("is_company", "=", True),
                    ("parent_id", "=", False),
                ]
            )
        )
        self.assertEqual(partners, self.mine, "the buyer at the client is a contact, not a client")
