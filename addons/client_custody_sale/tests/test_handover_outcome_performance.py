from freezegun import freeze_time

from odoo.tests import tagged

from .common import SaleCustodyCase

# The flush, the statements (drop, rows, sales, invoices, contacts, one upsert), the search of new
# risks and the batch of to-dos with their flag: measured, and the same for 2 or 12 clients.
REFRESH_QUERIES = 25


@tagged("post_install", "-at_install")
class TestHandoverOutcomePerformance(SaleCustodyCase):
    """The refresh is set-based: its statements do not grow with the number of clients."""

    def _batch(self, count, prefix):
        clients = self._clients(count, prefix=prefix)
        self._hold(clients, self.sales_a)
        for client in clients:
            self._order(client, 100, self.user_a, "2026-02-01 10:00:00")
        self._handover(
            clients, self.sales_a, self.sales_b, "2026-03-01 09:00:00", "2026-03-03 10:00:00"
        )
        # They still buy, but the successor never got in touch: at risk.
        for client in clients:
            self._order(client, 100, self.user_b, "2026-04-01 10:00:00")
        self.env.flush_all()
        self.env.invalidate_all()

    def test_refresh_query_count(self):
        """2 clients or 12 (each at risk and given a to-do), the refresh runs the same queries."""
        self.sales_b.parent_id = self.sales_c
        self._batch(1, "Warm")
        with freeze_time("2026-09-15 06:00:00"):
            self.Outcome._refresh()
        self._batch(2, "Small")
        with freeze_time("2026-09-15 06:00:00"), self.assertQueryCount(REFRESH_QUERIES):
            self.Outcome._refresh()
        self._batch(12, "Large")
        with freeze_time("2026-09-15 06:00:00"), self.assertQueryCount(REFRESH_QUERIES):
            self.Outcome._refresh()
        rows = self.Outcome.search([])
        self.assertEqual(len(rows), 15)
        self.assertEqual(set(rows.mapped("status")), {"at_risk"})
        todos = self.env["mail.activity"].search(
            [("res_model", "=", "res.partner"), ("user_id", "=", self.user_c.id)]
        )
        self.assertEqual(len(todos), 15)
