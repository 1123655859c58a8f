from freezegun import freeze_time

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import new_test_user, tagged

from .common import SaleCustodyCase

START, ACCEPT, LATER = "2026-03-01 09:00:00", "2026-03-03 10:00:00", "2026-09-15 06:00:00"


@tagged("post_install", "-at_install")
class TestHandoverOutcome(SaleCustodyCase):
    """Did the clients stay: sales, invoices and contacts before and after; kept, at risk, lost."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # The successor's manager receives the to-do of a client at risk.
        cls.sales_b.parent_id = cls.sales_c
        cls.kept, cls.lost, cls.silent, cls.falling = cls._clients(4, prefix="Outcome")
        cls.contact = cls.env["res.partner"].create({"name": "Buyer", "parent_id": cls.kept.id})
        clients = cls.kept | cls.lost | cls.silent | cls.falling
        cls._hold(clients, cls.sales_a)
        u_a, u_b = cls.user_a, cls.user_b
        # The kept client: 1,500 in the 180 days before (1,000 of it in the last 90), more after.
        cls._order(cls.contact, 1000, u_a, "2026-01-15 10:00:00")
        cls._order(cls.kept, 500, u_a, "2025-11-01 10:00:00")
        cls._order(cls.kept, 9999, u_a, "2025-06-01 10:00:00")  # before both windows
        cls._order(cls.kept, 7777, u_a, state="draft")  # a quotation is no sale
        cls._order(cls.kept, 6666, u_a, "2026-01-20 10:00:00", state="cancel")
        cls.user_a.company_ids += cls.other_company
        cls._order(cls.kept, 5555, u_a, "2026-01-20 10:00:00", company=cls.other_company)
        cls._invoice(cls.kept, 1000, "2026-02-01")
        cls._invoice(cls.kept, 200, "2026-02-10", refund=True)
        cls._invoice(cls.kept, 800, "2026-04-01")
        # The lost client bought before and nothing after.
        cls._order(cls.lost, 2000, u_a, "2026-02-01 10:00:00")
        # The silent client still buys, but the successor never got in touch.
        cls._order(cls.silent, 1000, u_a, "2026-02-01 10:00:00")
        # The falling client buys far less after.
        cls._order(cls.falling, 1000, u_a, "2026-02-01 10:00:00")
        cls._activity_done(cls.kept, "mail.mail_activity_data_meeting", u_a, "2026-02-15 10:00")
        cls.handover = cls._handover(clients, cls.sales_a, cls.sales_b, START, ACCEPT)
        cls._order(cls.kept, 800, u_b, "2026-03-20 10:00:00")
        cls._order(cls.kept, 600, u_b, "2026-05-10 10:00:00")
        cls._order(cls.kept, 400, u_b, "2026-08-01 10:00:00")
        cls._order(cls.kept, 300, u_b, "2026-10-01 10:00:00")  # after the refresh date
        cls._order(cls.silent, 1000, u_b, "2026-04-01 10:00:00")
        cls._order(cls.falling, 200, u_b, "2026-04-01 10:00:00")
        for client in (cls.kept, cls.falling):
            with freeze_time("2026-03-05 09:00:00"):
                client.sudo().message_post(
                    body="Hello, I am your new contact.",
                    author_id=u_b.partner_id.id,
                    message_type="comment",
                    subtype_xmlid="mail.mt_comment",
                )
        cls._activity_done(cls.kept, "mail.mail_activity_data_call", u_b, "2026-03-10 10:00")

    @classmethod
    def _activity_done(cls, partner, activity_type, user, when):
        with freeze_time(when):
            activity = (
                cls.env["mail.activity"]
                .sudo()
                .create(
                    {
                        "res_model_id": cls.env["ir.model"]._get_id("res.partner"),
                        "res_id": partner.id,
                        "activity_type_id": cls.env.ref(activity_type).id,
                        "user_id": user.id,
                    }
                )
            )
            activity.with_user(user).sudo().action_feedback("Done")

    def _refresh(self, when=LATER):
        with freeze_time(when):
            self.Outcome._refresh()
        return {
            row.partner_id: row
            for row in self.Outcome.search([("handover_id", "=", self.handover.id)])
        }

    def test_worked_example(self):
        """Sales and invoices over 90 and 180 days before and after, contacts, revenue kept."""
        row = self._refresh()[self.kept]
        self.assertEqual(row.successor_id, self.sales_b)
        self.assertEqual(row.employee_id, self.sales_a)
        self.assertEqual(row.currency_id, self.company.currency_id)
        self.assertEqual(row.sales_before_90, 1000)
        self.assertEqual(row.sales_before_180, 1500)
        self.assertEqual(row.sales_after_90, 1400)
        self.assertEqual(row.sales_after_180, 1800)
        self.assertEqual(row.invoiced_before_90, 800, "the credit note is deducted")
        self.assertEqual(row.invoiced_after_90, 800)
        self.assertEqual(row.meetings_before, 1)
        self.assertEqual(row.calls_after, 1)
        self.assertEqual(row.emails_after, 1)
        self.assertEqual(str(row.first_contact_on), "2026-03-05 09:00:00")
        self.assertEqual(str(row.last_order_on), "2026-08-01 10:00:00")
        self.assertEqual(row.baseline_amount, 1500)
        self.assertAlmostEqual(row.revenue_kept_pct, 120.0)
        self.assertEqual(row.status, "kept")

    def test_lost_and_at_risk(self):
        """Bought nothing since: lost, with its last order; silent or falling: at risk."""
        rows = self._refresh()
        self.assertEqual(rows[self.lost].status, "lost")
        self.assertEqual(str(rows[self.lost].last_order_on), "2026-02-01 10:00:00")
        self.assertEqual(rows[self.silent].status, "at_risk")
        self.assertEqual(rows[self.silent].risk_reason, "no_contact")
        self.assertEqual(rows[self.falling].status, "at_risk")
        self.assertEqual(rows[self.falling].risk_reason, "orders_down")
        todo = self.env["mail.activity"].search(
            [("res_model", "=", "res.partner"), ("user_id", "=", self.user_c.id)]
        )
        self.assertEqual(set(todo.mapped("res_id")), {self.silent.id, self.falling.id})
        self._refresh("2026-09-16 06:00:00")
        again = self.env["mail.activity"].search(
            [("res_model", "=", "res.partner"), ("user_id", "=", self.user_c.id)]
        )
        self.assertEqual(again, todo, "one to-do per spell at risk, not one per refresh")

    def test_thresholds_are_company_settings(self):
        """Within the contact days nobody is at risk; a lower drop threshold spares the fall."""
        rows = self._refresh("2026-03-10 10:00:00")
        self.assertEqual(rows[self.silent].status, "kept", "7 days: still within 14")
        self.company.custody_outcome_contact_days = 5
        self.company.custody_outcome_drop_percent = 90
        rows = self._refresh()
        self.assertEqual(rows[self.silent].status, "at_risk")
        self.assertEqual(rows[self.falling].status, "kept", "a fall of 80 % is within 90 %")
        with self.assertRaises(ValidationError):
            self.company.custody_outcome_drop_percent = 150

    def test_report_per_successor_and_leaver(self):
        """Counts and revenue kept by successor, leaver and handover, in one read."""
        self._refresh()
        for groupby in ("successor_id", "employee_id", "handover_id"):
            [(_key, clients, kept, at_risk, lost, pct)] = self.Outcome.with_user(
                self.manager_user
            )._read_group(
                [("handover_id", "=", self.handover.id)],
                [groupby],
                [
                    "client_count:sum",
                    "kept_count:sum",
                    "at_risk_count:sum",
                    "lost_count:sum",
                    "revenue_kept_pct:avg",
                ],
            )
            self.assertEqual((clients, kept, at_risk, lost), (4, 1, 2, 1))
            # (1,800 + 0 + 1,000 + 200) / (1,500 + 2,000 + 1,000 + 1,000)
            self.assertAlmostEqual(float(pct), 54.5)

    def test_access(self):
        """Custody and sales managers read outcomes; a salesperson does not; companies apart."""
        self._refresh()
        with self.assertRaises(AccessError):
            self.Outcome.with_user(self.user_b).search([])
        sale_manager = new_test_user(
            self.env, login="sale_mgr", groups="base.group_user,sales_team.group_sale_manager"
        )
        self.assertEqual(len(self.Outcome.with_user(sale_manager).search([])), 4)
        self.assertFalse(
            self.Outcome.with_user(self.manager_user)
            .with_context(allowed_company_ids=self.other_company.ids)
            .search([])
        )
        handover = self.handover.with_user(self.manager_user)
        self.assertEqual(
            (
                handover.outcome_kept_count,
                handover.outcome_at_risk_count,
                handover.outcome_lost_count,
            ),
            (1, 2, 1),
        )

    def test_undone_line_leaves(self):
        """A client whose line no longer counts as handed over leaves the outcomes."""
        self._refresh()
        line = self.handover.line_ids.filtered(lambda ln: ln.partner_id == self.lost)
        self.env.cr.execute(
            "UPDATE custody_handover_line SET undone = TRUE WHERE id = %s", [line.id]
        )
        self.env.invalidate_all()
        rows = self._refresh()
        self.assertNotIn(self.lost, rows)
        self.assertEqual(len(rows), 3)
