from freezegun import freeze_time
from lxml import etree

from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from odoo.addons.client_custody.tests.common import CustodyCase
from odoo.addons.client_custody_handover.tests.common import tell_clients


@tagged("post_install", "-at_install")
class TestCustodyHandoverScreens(CustodyCase):
    """What the handover screens promise a sales manager, checked against the database."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.clients = cls._clients(5, prefix="Screen client", email="client@example.com")
        cls.clients[-1].write(
            {"custody_tier": "personal", "custody_tier_basis": "Brought in when hired"}
        )
        with freeze_time("2025-12-01"):
            cls._hold(cls.clients, cls.sales_a)
        cls.Handover = cls.env["custody.handover"].with_user(cls.manager_user)

    def _wizard(self, **values):
        form = Form(
            self.env["custody.handover.wizard"]
            .with_user(self.manager_user)
            .with_context(active_model="hr.employee", active_ids=self.sales_a.ids)
        )
        for name, value in values.items():
            setattr(form, name, value)
        return form.save()

    def test_new_opens_the_wizard_never_an_empty_handover(self):
        """New on the handovers opens the wizard: no view creates a bare handover, and an empty
        handover cannot be started."""
        action = self.env.ref("client_custody_handover.custody_handover_action")
        views = self.Handover.get_views([(False, mode) for mode in ("list", "kanban", "form")])
        for mode in ("list", "kanban", "form"):
            arch = etree.fromstring(views["views"][mode]["arch"])
            self.assertIn(arch.get("create"), ("0", "false", "False"), f"{mode} creates")
        for mode in ("list", "kanban"):
            arch = etree.fromstring(views["views"][mode]["arch"])
            [button] = arch.xpath("//header/button[hasclass('o_custody_new_handover')]")
            wizard_action = self.env.ref("client_custody_handover.custody_handover_wizard_action")
            self.assertEqual(button.get("name"), str(wizard_action.id))
            self.assertEqual(wizard_action.res_model, "custody.handover.wizard")
        self.assertIn("kanban", action.view_mode)
        before = self.Handover.search_count([])
        wizard = self.env["custody.handover.wizard"].with_user(self.manager_user).create({})
        with self.assertRaises(UserError):
            wizard.action_preview()
        self.assertEqual(self.Handover.search_count([]), before, "the wizard alone creates none")
        self.sales_b.departure_date = "2026-12-31"  # a departure handover needs a leaver
        empty = self.Handover.create({"employee_id": self.sales_b.id})
        with self.assertRaises(UserError):
            empty.action_start()
        self.assertEqual(empty.state, "draft")

    def test_preview_title_headers_load_and_capacity(self):
        """The preview keeps the wizard's title and shows, per successor, the clients of each tier
        received and the load against capacity."""
        self.sales_c.sudo().custody_capacity = 3
        wizard = self._wizard(strategy="balanced")
        wizard.successor_ids = self.sales_b | self.sales_c
        action = wizard.action_preview()
        self.assertEqual(action["name"], "Hand over clients")
        summary = str(wizard.preview_summary)
        for header in (
            "Successor",
            "Core trade secret",
            "Personal accumulation",
            "Load / capacity",
        ):
            self.assertIn(f">{header}</th>", summary)
        loads = {
            s: len(wizard.line_ids.filtered(lambda line, s=s: line.successor_id == s))
            for s in (self.sales_b, self.sales_c)
        }
        self.assertEqual(sum(loads.values()), 5)
        self.assertIn(f"{loads[self.sales_c]} / 3", summary)
        self.assertIn(f"{loads[self.sales_b]} / ∞", summary)
        # Balanced per tier: the only personal client and the core ones are both spread.
        personal = wizard.line_ids.filtered(lambda line: line.tier == "personal")
        self.assertEqual(len(personal), 1)

    def test_clients_listed_starts_empty(self):
        """Choosing "The clients listed" starts from no client: the manager picks the few."""
        wizard = self._wizard(client_scope="selected", strategy="single", successor_id=self.sales_b)
        self.assertFalse(wizard.partner_ids)
        self.assertEqual(wizard.client_count, 0)
        wizard.partner_ids = self.clients[:2]
        wizard.action_preview()
        self.assertEqual(wizard.line_ids.partner_id, self.clients[:2])

    def test_one_name_for_one_action(self):
        """The wizard is "Hand over clients" from employees, contacts and the handovers."""
        for xmlid in (
            "custody_handover_wizard_action",
            "custody_handover_wizard_action_employees",
            "custody_handover_wizard_action_partners",
        ):
            self.assertEqual(
                self.env.ref(f"client_custody_handover.{xmlid}").name, "Hand over clients"
            )
        self.assertEqual(self.sales_a.action_open_handover_wizard()["name"], "Hand over clients")

    @freeze_time("2026-06-01 09:00:00")
    def test_decline_activity_bulk_reassign_and_done(self):
        """A decline gives the handover's manager an activity; several waiting clients get one new
        successor in one step; completing the handover closes its To-Dos."""
        wizard = self._wizard(strategy="single", successor_id=self.sales_b)
        handover = self.Handover.browse(wizard.action_confirm()["res_id"])
        handover.activity_schedule(
            "mail.mail_activity_data_todo", user_id=self.manager_user.id, summary="Prepared"
        )
        handover.action_start()
        self.assertEqual(handover.state, "in_progress")
        declined = handover.line_ids[:2]
        declined.sudo()._refuse("We prefer our former contact's colleague")
        activities = handover.activity_ids.filtered(lambda a: "declined" in (a.summary or ""))
        self.assertEqual(len(activities), 2)
        self.assertEqual(activities.user_id, self.manager_user)
        self.assertIn("former contact", activities[0].note)
        self.assertTrue(all(declined.mapped("can_notify_again")), "the successor can receive")
        no_login = self.env["hr.employee"].create({"name": "No login"})
        declined.with_user(self.manager_user).write({"successor_id": no_login.id})
        self.assertFalse(any(declined.mapped("can_notify_again")), "nothing to fix by notifying")
        reassign = Form(
            self.env["custody.handover.reassign.wizard"]
            .with_user(self.manager_user)
            .with_context(active_model="custody.handover.line", active_ids=declined.ids)
        )
        reassign.successor_id = self.sales_c
        result = reassign.save().action_confirm()
        self.assertEqual(result["tag"], "display_notification")
        self.assertEqual(declined.successor_id, self.sales_c)
        self.assertEqual(set(declined.mapped("state")), {"waiting"})
        with freeze_time("2026-06-01 09:05:00"):
            tell_clients(self.env)  # nobody moves before being told (issue #14)
        with freeze_time("2026-06-03 10:00:00"):
            self.env["custody.handover"]._cron_process_batches()
        self.assertEqual(set(handover.line_ids.mapped("state")), {"accepted"})
        handover.item_ids.action_mark_returned()
        self.assertEqual(handover.state, "done")
        self.assertFalse(handover.activity_ids, "the handover's To-Dos are closed with it")

    def test_reassign_refuses_rows_not_waiting(self):
        """Only clients waiting for a successor can be given a new one; nothing changes else."""
        wizard = self._wizard(strategy="single", successor_id=self.sales_b)
        handover = self.Handover.browse(wizard.action_confirm()["res_id"])
        handover.action_start()
        reassign = (
            self.env["custody.handover.reassign.wizard"]
            .with_user(self.manager_user)
            .create({"line_ids": [(6, 0, handover.line_ids.ids)], "successor_id": self.sales_c.id})
        )
        with self.assertRaises(UserError):
            reassign.action_confirm()
        self.assertEqual(handover.line_ids.successor_id, self.sales_b)

    def test_dashboard_counts_by_team(self):
        """The dashboard counts the running handovers' clients by team and what they wait for."""
        team = self.env["hr.department"].create({"name": "North sales"})
        self.sales_a.department_id = team
        wizard = self._wizard(strategy="single", successor_id=self.sales_b)
        handover = self.Handover.browse(wizard.action_confirm()["res_id"])
        handover.action_start()
        handover.line_ids[:1].sudo()._refuse("No")
        groups = (
            self.env["custody.handover.analysis"]
            .with_user(self.manager_user)
            ._read_group(
                [("running", "=", True)],
                ["department_id"],
                [
                    "client_count:sum",
                    "waiting_count:sum",
                    "refused_count:sum",
                    "to_reassign_count:sum",
                ],
            )
        )
        self.assertEqual(groups, [(team, 5, 4, 1, 1)])
