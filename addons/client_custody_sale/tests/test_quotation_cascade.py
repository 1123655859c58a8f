from odoo.tests import Form, tagged

from .common import SaleCustodyCase


@tagged("post_install", "-at_install")
class TestQuotationCascade(SaleCustodyCase):
    """Draft and sent quotations follow the client; confirmed orders and invoices stay."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.clients = cls._clients(2, prefix="Quoted")
        cls.contact = cls.env["res.partner"].create(
            {"name": "Buyer", "parent_id": cls.clients[0].id}
        )
        cls._hold(cls.clients, cls.sales_a)
        cls.draft = cls._order(cls.contact, 500, cls.user_a, state="draft")
        cls.sent = cls._order(cls.clients[1], 700, cls.user_a, state="sent")
        cls.confirmed = cls._order(cls.clients[0], 900, cls.user_a, state="sale")
        cls.cancelled = cls._order(cls.clients[0], 300, cls.user_a, state="cancel")
        cls.invoice = cls._invoice(cls.clients[0], 900, "2026-01-10")
        cls.invoice.invoice_user_id = cls.user_a
        # Somebody else's quotation of the same client is theirs.
        cls.colleague_quote = cls._order(cls.clients[0], 100, cls.user_c, state="draft")
        # The same client's quotation in another company is that company's business.
        cls.user_a.company_ids += cls.other_company
        cls.foreign = cls._order(
            cls.clients[0], 400, cls.user_a, state="draft", company=cls.other_company
        )
        # A client not in the handover keeps its quotation.
        cls.outsider = cls._clients(1, prefix="Outsider")
        cls._hold(cls.outsider, cls.sales_a)
        cls.outsider_quote = cls._order(cls.outsider, 200, cls.user_a, state="draft")

    def test_quotations_follow_orders_stay(self):
        """Open quotations of the handed-over clients move; history keeps its salesperson."""
        self._handover(
            self.clients, self.sales_a, self.sales_b, "2026-03-01 09:00", "2026-03-02 10:00"
        )
        self.assertEqual((self.draft | self.sent).user_id, self.user_b)
        self.assertEqual(self.confirmed.user_id, self.user_a, "earned orders keep their seller")
        self.assertEqual(self.cancelled.user_id, self.user_a)
        self.assertEqual(self.invoice.invoice_user_id, self.user_a)
        self.assertEqual(self.colleague_quote.user_id, self.user_c)
        self.assertEqual(self.foreign.user_id, self.user_a, "another company's quotation stays")
        self.assertEqual(self.outsider_quote.user_id, self.user_a)

    def test_option_off_keeps_quotations(self):
        """A handover told not to move quotations leaves them with the leaver."""
        self._handover(
            self.clients,
            self.sales_a,
            self.sales_b,
            "2026-03-01 09:00",
            "2026-03-02 10:00",
            cascade_quotations=False,
        )
        self.assertEqual(self.draft.user_id, self.user_a)
        self.assertEqual(self.clients.custodian_id, self.sales_b, "custody moved all the same")

    def test_other_company_handover_moves_its_own(self):
        """A handover in the other company moves that company's quotations only."""
        other_client = self.clients[0]
        leaver_there = self.env["hr.employee"].create(
            {
                "name": "Seller A there",
                "user_id": self.user_a.id,
                "company_id": self.other_company.id,
            }
        )
        self.manager_user.company_id = self.other_company
        self._hold(other_client, leaver_there)
        successor_there = self.other_employee
        self._handover(
            other_client,
            leaver_there,
            successor_there,
            "2026-03-01 09:00",
            "2026-03-02 10:00",
        )
        self.assertEqual(self.foreign.user_id, self.other_user)
        self.assertEqual(self.draft.user_id, self.user_a, "this company's quotation stays")

    def test_unassigned_queue_lists_departed_quotations(self):
        """A departed seller's open quotations show in the queue; one step gives them away."""
        self.user_a.sudo().action_archive()
        rows = (
            self.env["custody.orphan"]
            .with_user(self.manager_user)
            .with_context(allowed_company_ids=self.company.ids)
            .search([("kind", "=", "quotation")])
        )
        self.assertEqual(
            rows.order_id & (self.draft | self.sent | self.outsider_quote | self.confirmed),
            self.draft | self.sent | self.outsider_quote,
            "open quotations only, never a confirmed order",
        )
        self.assertNotIn(self.colleague_quote, rows.order_id)
        self.assertNotIn(self.foreign, rows.order_id, "another company's rows stay hidden")
        row = rows.filtered(lambda r: r.order_id == self.draft)
        self.assertEqual(row.partner_id, self.clients[0], "listed under the client")
        self.assertEqual(row.user_id, self.user_a)
        mine = rows.filtered(lambda r: r.order_id in (self.draft | self.sent))
        wizard = Form(
            self.env["custody.orphan.assign.wizard"]
            .with_user(self.manager_user)
            .with_context(active_model="custody.orphan", active_ids=mine.ids)
        )
        wizard.successor_id = self.sales_c
        wizard.save().action_confirm()
        self.assertEqual((self.draft | self.sent).user_id, self.user_c)
        self.assertEqual(self.confirmed.user_id, self.user_a)
        left = (
            self.env["custody.orphan"]
            .with_user(self.manager_user)
            .search([("kind", "=", "quotation")])
        )
        self.assertNotIn(self.draft, left.order_id)

    def test_retained_client_quotation_not_in_queue(self):
        """A client the leaver retained (with a reason) is never in the queue, its open
        quotations included; assigning every quotation row in bulk leaves the retention and
        that quotation alone."""
        kept = self._clients(1, prefix="Kept")
        self._hold(kept, self.sales_a)
        kept_quote = self._order(kept, 800, self.user_a, state="sent")
        self.env["custody.assignment"]._retain(
            kept, self.company, self.sales_a, "Brought in when hired"
        )
        self.user_a.sudo().action_archive()
        Orphan = (
            self.env["custody.orphan"]
            .with_user(self.manager_user)
            .with_context(allowed_company_ids=self.company.ids)
        )
        rows = Orphan.search([("kind", "=", "quotation")])
        self.assertIn(self.draft, rows.order_id, "a quotation of a client nobody kept shows")
        self.assertNotIn(kept_quote, rows.order_id)
        self.assertNotIn(kept, Orphan.search([]).partner_id)
        wizard = Form(
            self.env["custody.orphan.assign.wizard"]
            .with_user(self.manager_user)
            .with_context(active_model="custody.orphan", active_ids=Orphan.search([]).ids)
        )
        wizard.successor_id = self.sales_c
        wizard.save().action_confirm()
        self.assertEqual(self.draft.user_id, self.user_c)
        self.assertEqual(kept_quote.user_id, self.user_a, "the retained client's stays")
        record = kept.custody_client_ids.filtered(lambda c: c.company_id == self.company)
        self.assertEqual(
            (record.state, record.retained_by_id, record.retain_reason),
            ("retained", self.sales_a, "Brought in when hired"),
        )
