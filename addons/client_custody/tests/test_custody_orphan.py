from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from odoo.addons.client_custody.models import custody_orphan

from .common import CustodyCase


@tagged("post_install", "-at_install")
class TestCustodyOrphanCore(CustodyCase):
    """The unassigned-clients queue is the core's: clients nobody holds, clients held by
    someone who left; retained clients never."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Orphan = cls.env["custody.orphan"]
        # A client whose custody was released: nobody holds it.
        cls.released = cls._clients(1, prefix="Released")
        cls._hold(cls.released, cls.sales_b)
        cls.Assignment._unassign(cls.released, cls.company)
        # A client held by a custodian who was archived (and whose handover, when the handover
        # addon prepared one, was cancelled).
        cls.abandoned = cls._clients(1, prefix="Abandoned")
        cls._hold(cls.abandoned, cls.sales_a)
        # A client the leaver keeps, with a reason.
        cls.kept = cls._clients(1, prefix="Kept", custody_tier="personal")
        cls._hold(cls.kept, cls.sales_a)
        cls.Assignment._retain(cls.kept, cls.company, cls.sales_a, "Brought in when hired")
        cls.sales_a.write({"active": False})
        if "custody.handover" in cls.env:
            cls.env["custody.handover"].search(
                [("employee_id", "=", cls.sales_a.id)]
            ).action_cancel()

    def _core_rows(self):
        """The rows of the core's own sources, as a database without the other addons has
        them: the core's implementation of the hooks, run on its own."""
        core = next(
            cls for cls in type(self.Orphan).mro() if cls.__module__ == custody_orphan.__name__
        )
        query = self.Orphan._orphan_query(
            core._orphan_ctes(self.Orphan), core._orphan_sources(self.Orphan)
        )
        self.env.flush_all()
        self.env.cr.execute(query)
        names = [column.name for column in self.env.cr.description]
        return [dict(zip(names, row, strict=True)) for row in self.env.cr.fetchall()], query

    def test_core_rows_without_other_addons(self):
        """The core alone lists a client nobody holds and one held by an archived custodian,
        from custody tables only; a retained client is not listed."""
        rows, query = self._core_rows()
        for table in ("crm_", "sale_order", "custody_handover"):
            self.assertNotIn(table, query.code, "the core's queue reads custody tables only")
        by_partner = {row["partner_id"]: row for row in rows}
        self.assertEqual(by_partner[self.released.id]["kind"], "no_custodian")
        self.assertEqual(by_partner[self.released.id]["employee_id"], self.sales_b.id)
        self.assertEqual(by_partner[self.abandoned.id]["kind"], "archived_custodian")
        self.assertEqual(by_partner[self.abandoned.id]["employee_id"], self.sales_a.id)
        self.assertNotIn(self.kept.id, by_partner, "a retained client is not unassigned")
        # The model the users open has the same core rows.
        rows = self.Orphan.with_user(self.manager_user).search(
            [("kind", "in", ("no_custodian", "archived_custodian"))]
        )
        self.assertIn(self.released, rows.partner_id)
        self.assertIn(self.abandoned, rows.partner_id)
        self.assertNotIn(self.kept, self.Orphan.with_user(self.manager_user).search([]).partner_id)
        model = self.env.ref("client_custody.model_custody_orphan")
        self.assertEqual(model.model, "custody.orphan", "the core defines the queue")
        self.assertTrue(self.env.ref("client_custody.custody_orphan_action"))

    def test_assign_moves_custody_and_never_ends_a_retention(self):
        """Assigning rows moves custody through the move service; a client retained since the
        rows were selected stays retained (only a manager's explicit action ends it)."""
        rows = self.Orphan.with_user(self.manager_user).search(
            [("partner_id", "in", (self.released | self.abandoned).ids)]
        )
        wizard = Form(
            self.env["custody.orphan.assign.wizard"]
            .with_user(self.manager_user)
            .with_context(active_model="custody.orphan", active_ids=rows.ids)
        )
        wizard.successor_id = self.sales_c
        wizard = wizard.save()
        # Meanwhile the released client is retained by its former holder, with a reason.
        self.Assignment._retain(self.released, self.company, self.sales_b, "Family business")
        wizard.action_confirm()
        self.assertEqual(self.abandoned.custodian_id, self.sales_c)
        record = self.released.custody_client_ids
        self.assertEqual(
            (record.state, record.retained_by_id, record.retain_reason),
            ("retained", self.sales_b, "Family business"),
        )
        self.assertFalse(self.released.custodian_id)

    def test_assign_needs_a_manager_and_an_eligible_colleague(self):
        """Bad input: an archived colleague cannot take over; nothing changes."""
        rows = self.Orphan.search([("partner_id", "=", self.released.id)])
        wizard = (
            self.env["custody.orphan.assign.wizard"]
            .with_user(self.manager_user)
            .with_context(active_model="custody.orphan", active_ids=rows.ids)
            .create({"successor_id": self.sales_a.id})
        )
        with self.assertRaises(UserError) as caught:
            wizard.action_confirm()
        self.assertIn("archived", str(caught.exception))
        self.assertFalse(self.released.custodian_id)
