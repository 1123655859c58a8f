from odoo.exceptions import UserError
from odoo.tests import Form, new_test_user, tagged

from odoo.addons.client_custody.tests.common import CustodyCase


@tagged("post_install", "-at_install")
class TestCustodyOrphanQueue(CustodyCase):
    """Clients nobody holds, and what still points at people who left, assigned in one step."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Orphan = cls.env["custody.orphan"]
        # The leaver's account is kept (without client access): what still points at it shows.
        cls.company.custody_leaver_account = "strip"
        # A client whose custody was released: nobody holds it.
        cls.released = cls._clients(1, prefix="Released")
        cls._hold(cls.released, cls.sales_b)
        cls.Assignment._unassign(cls.released, cls.company)
        # A client of a leaver whose prepared handover was cancelled: held by an archived employee.
        cls.abandoned = cls._clients(1, prefix="Abandoned", user_id=cls.user_a.id)
        cls._hold(cls.abandoned, cls.sales_a)
        cls.lead = cls.env["crm.lead"].create(
            {
                "name": "Big deal",
                "type": "opportunity",
                "partner_id": cls.abandoned.id,
                "user_id": cls.user_a.id,
            }
        )
        cls.won_lead = cls.env["crm.lead"].create(
            {"name": "Old deal", "type": "opportunity", "user_id": cls.user_a.id}
        )
        cls.won_lead.action_set_won()
        cls.team = cls.env["crm.team"].create(
            {"name": "North", "user_id": cls.user_a.id, "member_ids": [(6, 0, cls.user_a.ids)]}
        )
        cls.sales_a.write({"active": False})
        cls.env["custody.handover"].search([("employee_id", "=", cls.sales_a.id)]).action_cancel()
        # A client refused its successor: it waits in a running handover.
        cls.refusing = cls._clients(1, prefix="Refusing", email="refusing@example.com")
        cls._hold(cls.refusing, cls.sales_b)
        wizard = (
            cls.env["custody.handover.wizard"]
            .with_user(cls.manager_user)
            .with_context(active_model="res.partner", active_ids=cls.refusing.ids)
            .create({"strategy": "single", "successor_id": cls.sales_c.id})
        )
        cls.handover = cls.env["custody.handover"].browse(wizard.action_confirm()["res_id"])
        cls.handover.action_start()
        cls.handover.line_ids._refuse("Prefers somebody else")
        # A client held by an active colleague and no departed person: not an orphan.
        cls.fine = cls._clients(1, prefix="Fine", user_id=cls.user_b.id)
        cls._hold(cls.fine, cls.sales_b)

    def _rows(self, **filters):
        domain = [(field, "=", value) for field, value in filters.items()]
        return self.Orphan.with_user(self.manager_user).search(domain)

    def test_queue_contents(self):
        """Every kind of orphan shows, once; held clients and won deals do not."""
        rows = self._rows()
        by_kind = {
            kind: rows.filtered(lambda r, k=kind: r.kind == k) for kind in set(rows.mapped("kind"))
        }
        self.assertEqual(by_kind["no_custodian"].partner_id & self.released, self.released)
        self.assertEqual(by_kind["no_custodian"].employee_id & self.sales_b, self.sales_b)
        archived = by_kind["archived_custodian"]
        self.assertEqual(archived.partner_id, self.abandoned)
        self.assertEqual(archived.employee_id, self.sales_a)
        line_row = by_kind["handover_line"]
        self.assertEqual(line_row.partner_id, self.refusing)
        self.assertEqual(line_row.handover_id, self.handover)
        self.assertEqual(by_kind["salesperson"].partner_id, self.abandoned)
        self.assertEqual(by_kind["salesperson"].user_id, self.user_a)
        self.assertEqual(by_kind["opportunity"].lead_id, self.lead, "won deals keep their owner")
        self.assertEqual(by_kind["team_member"].team_id, self.team)
        self.assertEqual(by_kind["team_leader"].team_id, self.team)
        self.assertNotIn(self.fine, rows.partner_id)
        self.assertEqual(len(rows), len(set(rows.ids)), "row ids are unique")

    def test_queue_is_for_managers(self):
        """Salespeople do not see the queue."""
        with self.assertRaises(Exception):  # noqa: B017 - AccessError from the ACL
            self.Orphan.with_user(self.user_b).search([])

    def test_assign_everything_in_one_step(self):
        """One wizard: custody, Salesperson, opportunity, team and the waiting client move."""
        rows = self._rows()
        action = rows.action_assign()
        wizard = Form(
            self.env[action["res_model"]]
            .with_user(self.manager_user)
            .with_context(**action["context"])
        )
        wizard.successor_id = self.sales_c
        wizard = wizard.save()
        self.assertEqual(wizard.orphan_count, len(rows))
        wizard.action_confirm()

        self.assertEqual(self.released.custodian_id, self.sales_c)
        # The same move as every other path: ledger, custody record, Salesperson, follower.
        self.assertEqual(
            self.released.custody_assignment_ids.filtered(lambda a: not a.date_end).employee_id,
            self.sales_c,
        )
        self.assertEqual(self.released.user_id, self.user_c)
        self.assertIn(self.user_c.partner_id, self.released.message_partner_ids)
        self.assertEqual(self.abandoned.custodian_id, self.sales_c)
        self.assertEqual(self.abandoned.user_id, self.user_c)
        self.assertEqual(self.lead.user_id, self.user_c)
        self.assertEqual(self.won_lead.user_id, self.user_a, "history keeps its owner")
        self.assertEqual(self.team.user_id, self.user_c)
        self.assertIn(self.user_c, self.team.member_ids)
        self.assertNotIn(self.user_a, self.team.member_ids)
        line = self.handover.line_ids
        self.assertEqual((line.state, line.successor_id), ("waiting", self.sales_c))
        self.assertFalse(self._rows(), "the queue is empty")

    def test_assign_refuses_a_successor_without_custody_access(self):
        """Bad input: a successor without custody access; nothing changes."""
        plain = self.env["hr.employee"].create(
            {"name": "No access", "user_id": new_test_user(self.env, login="no_access").id}
        )
        rows = self._rows(kind="no_custodian")
        wizard = (
            self.env["custody.orphan.assign.wizard"]
            .with_user(self.manager_user)
            .with_context(active_model="custody.orphan", active_ids=rows.ids)
            .create({"successor_id": plain.id})
        )
        with self.assertRaises(UserError) as caught:
            wizard.action_confirm()
        self.assertIn("client custody access", str(caught.exception))
        self.assertFalse(self.released.custodian_id)
        self.assertEqual(self._rows(kind="no_custodian"), rows)

    def test_declined_note_shows_and_toast_counts(self):
        """The queue shows what the declining client wrote; the toast names the successor and the
        number of items taken over, without "(s)"."""
        row = self._rows(kind="handover_line")
        self.assertEqual(row.note, "Prefers somebody else")
        self.assertEqual(self.Orphan._fields["name"].string, "Client or item")
        wizard = (
            self.env["custody.orphan.assign.wizard"]
            .with_user(self.manager_user)
            .with_context(active_model="custody.orphan", active_ids=row.ids)
            .create({"successor_id": self.sales_c.id})
        )
        message = wizard.action_confirm()["params"]["message"]
        self.assertEqual(message, "Salesperson 2 takes over the selected item.")

    def test_retained_client_never_in_the_queue(self):
        """A client the leaver retained (with a reason) is not "Salesperson departed" nor its
        opportunities orphans: assigning the queue in bulk cannot end the retention."""
        kept = self._clients(1, prefix="Kept", user_id=self.user_a.id)
        self.env["crm.lead"].create(
            {
                "name": "Kept deal",
                "type": "opportunity",
                "partner_id": kept.id,
                "user_id": self.user_a.id,
            }
        )
        self.Assignment._retain(kept, self.company, self.sales_a, "Brought in when hired")
        rows = self._rows()
        self.assertNotIn(kept, rows.partner_id)
        self.assertEqual(kept.custody_state, "retained")
