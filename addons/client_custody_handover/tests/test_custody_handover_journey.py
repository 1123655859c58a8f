from odoo.tests import HttpCase, new_test_user, tagged

MODULES = ["web", "mail", "client_custody", "client_custody_handover", "client_custody_crm"]
HANDOVERS = "/odoo/action-client_custody_handover.custody_handover_action"
QUEUE = "/odoo/action-client_custody_handover.custody_handover_line_action_queue"
DASHBOARD = "/odoo/action-client_custody_handover.custody_handover_analysis_action"
MANAGER_GROUPS = (
    "base.group_user,base.group_partner_manager,hr.group_hr_user,"
    "client_custody.group_custody_manager"
)


@tagged("post_install", "-at_install")
class TestHandoverManagerJourney(HttpCase):
    """The sales manager's screens in Chromium, in English and in Chinese."""

    def _setup(self, lang):
        if lang != "en_US":
            self.env["res.lang"]._activate_lang(lang)
            installed = self.env["ir.module.module"].search(
                [("name", "in", MODULES), ("state", "=", "installed")]
            )
            self.env["ir.module.module"]._load_module_terms(installed.mapped("name"), [lang])
        self.manager = new_test_user(
            self.env, login=f"tour_manager_{lang}", groups=MANAGER_GROUPS, lang=lang
        )
        self.team = self.env["hr.department"].create({"name": "Tour Team"})
        employees = self.env["hr.employee"]
        for name in ("Tour Leaver", "Tour Successor A", "Tour Successor B", "Tour Successor C"):
            user = new_test_user(
                self.env,
                login=f"{name.lower().replace(' ', '_')}_{lang}",
                name=name,
                groups="base.group_user,client_custody.group_custody_user",
            )
            employees |= employees.create(
                {"name": name, "user_id": user.id, "department_id": self.team.id}
            )
        self.leaver, self.succ_a, self.succ_b, self.succ_c = employees
        self.leaver.departure_date = "2026-12-31"  # a departure handover needs a leaver
        self.succ_a.custody_capacity = 5
        self.clients = self.env["res.partner"].create(
            [{"name": f"Tour Client {n}", "is_company": True} for n in range(1, 4)]
        )
        self.env["custody.assignment"]._move(self.clients, self.leaver)

    def _journey(self, lang):
        self._setup(lang)
        login = self.manager.login
        self.start_tour(HANDOVERS, "client_custody_manager_journey_start", login=login)
        handover = self.env["custody.handover"].search([("employee_id", "=", self.leaver.id)])
        self.assertEqual(handover.state, "in_progress")
        lines = handover.line_ids
        self.assertEqual(lines.partner_id, self.clients[:2], "only the two clients picked")
        self.assertEqual(lines.successor_id, self.succ_a | self.succ_b, "balanced over both")
        self.assertEqual(set(lines.mapped("state")), {"waiting"})
        # Both clients decline, as through their link.
        lines.sudo()._refuse("We want another contact")
        self.start_tour(
            f"/odoo/custody.handover/{handover.id}",
            "client_custody_manager_journey_reassign",
            login=login,
        )
        self.start_tour(QUEUE, "client_custody_manager_journey_queue", login=login)
        self.assertEqual(lines.successor_id, self.succ_c)
        self.assertEqual(set(lines.mapped("state")), {"waiting"})
        # The checklist is done and the refusal window closes without a new decline.
        handover.item_ids.sudo().action_mark_returned()
        # The clients have no e-mail: the new successor called each of them (issue #14).
        lines.with_user(self.manager).action_told_by_call()
        lines.sudo()._accept()
        self.assertEqual(handover.state, "in_progress")
        self.start_tour(
            f"/odoo/custody.handover/{handover.id}",
            "client_custody_manager_journey_done",
            login=login,
        )
        self.assertEqual(handover.state, "done")
        self.assertEqual(self.clients[:2].custodian_id, self.succ_c)
        self.assertFalse(handover.activity_ids)

    def _kanban_and_dashboard(self, lang):
        self._setup(lang)
        wizard = (
            self.env["custody.handover.wizard"]
            .with_user(self.manager)
            .with_context(active_model="hr.employee", active_ids=self.leaver.ids)
            .create({"strategy": "single", "successor_id": self.succ_b.id})
        )
        wizard.partner_ids = self.clients[:2]
        wizard.client_scope = "selected"
        handover = self.env["custody.handover"].browse(wizard.action_confirm()["res_id"])
        handover.with_user(self.manager).action_start()
        handover.line_ids[:1].sudo()._refuse("No")
        login = self.manager.login
        self.start_tour(HANDOVERS, "client_custody_handover_kanban_dashboard", login=login)
        self.start_tour(DASHBOARD, "client_custody_handover_dashboard", login=login)

    def test_journey_en(self):
        """Wizard, preview with headers, start, a decline, the activity, bulk reassignment, done."""
        self._journey("en_US")

    def test_journey_zh_cn(self):
        """The same journey for a manager reading Chinese."""
        self._journey("zh_CN")

    def test_kanban_and_dashboard_en(self):
        """Handovers by state with their progress; the dashboard's graph and pivot by team."""
        self._kanban_and_dashboard("en_US")

    def test_kanban_and_dashboard_zh_cn(self):
        """The kanban and the dashboard for a manager reading Chinese."""
        self._kanban_and_dashboard("zh_CN")
