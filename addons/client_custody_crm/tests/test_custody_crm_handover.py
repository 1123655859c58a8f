"""Handovers with CRM installed: what moves with the clients (opportunities, activities) and
the sales teams as the leaver's team. (Moved from the handover addon, which does not depend
on CRM.)"""

from freezegun import freeze_time

from odoo.tests import Form, tagged

from odoo.addons.client_custody.tests.common import CustodyCase
from odoo.addons.client_custody_handover.tests.common import tell_clients


@tagged("post_install", "-at_install")
class TestCustodyCrmHandover(CustodyCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.clients = cls._clients(6, prefix="Leaver client", email="client@example.com")
        with freeze_time("2025-12-01"):  # held since before every date the tests freeze
            cls._hold(cls.clients, cls.sales_a)

    def _handover(self, successors):
        form = Form(
            self.env["custody.handover.wizard"]
            .with_user(self.manager_user)
            .with_context(active_model="hr.employee", active_ids=self.sales_a.ids)
        )
        form.strategy = "balanced"
        wizard = form.save()
        wizard.successor_ids = successors
        wizard.action_preview()
        action = wizard.action_confirm()
        return self.env["custody.handover"].browse(action["res_id"]).with_user(self.manager_user)

    def test_cascade_boundaries(self):
        """Open opportunities and activities move; won/lost ones and done activities stay."""
        client = self.clients[0]
        Lead = self.env["crm.lead"]
        open_lead = Lead.create(
            {
                "name": "Open",
                "type": "opportunity",
                "partner_id": client.id,
                "user_id": self.user_a.id,
            }
        )
        won_lead = Lead.create(
            {
                "name": "Won",
                "type": "opportunity",
                "partner_id": client.id,
                "user_id": self.user_a.id,
            }
        )
        won_lead.action_set_won()
        lost_lead = Lead.create(
            {
                "name": "Lost",
                "type": "opportunity",
                "partner_id": client.id,
                "user_id": self.user_a.id,
            }
        )
        lost_lead.action_set_lost()
        activity = client.activity_schedule("mail.mail_activity_data_todo", user_id=self.user_a.id)
        handover = self._handover(successors=self.sales_b)
        with freeze_time("2026-01-01 00:00:00"):
            handover.action_start()
            tell_clients(self.env)
        with freeze_time("2026-01-03 00:00:00"):
            self.env["custody.handover"]._cron_process_batches()
        self.assertEqual(open_lead.user_id, self.user_b)
        self.assertEqual(won_lead.user_id, self.user_a)
        self.assertEqual(lost_lead.with_context(active_test=False).user_id, self.user_a)
        self.assertEqual(activity.user_id, self.user_b)
        self.assertIn(self.user_b.partner_id, client.message_partner_ids)

    def test_balanced_over_sales_team(self):
        """With the balanced default, the sales team's other members succeed."""
        self.company.custody_departure_strategy = "balanced"
        self.env["crm.team"].create(
            {"name": "Team", "member_ids": [(6, 0, (self.user_a | self.user_b | self.user_c).ids)]}
        )
        self.sales_a.write({"active": False})
        handover = self.env["custody.handover"].search([("employee_id", "=", self.sales_a.id)])
        self.assertEqual(handover.line_ids.successor_id, self.sales_b | self.sales_c)
