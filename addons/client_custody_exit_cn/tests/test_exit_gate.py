from datetime import date

from freezegun import freeze_time

from odoo.tests import new_test_user, tagged

from .common import ExitCase


@tagged("post_install", "-at_install")
class TestExitGate(ExitCase):
    """The demo's case: a leaver whose core clients are all in a running departure handover."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.many_core = cls._clients(45, prefix="Key")
        with freeze_time("2025-12-01"):
            cls.env["custody.assignment"]._move(cls.many_core, cls.colleague, origin="assigned")

    def _running_handover(self, employee, clients):
        employee.departure_date = "2026-12-31"  # a departure handover needs a leaver
        handover = self.env["custody.handover"]._prepare(
            employee,
            [{"partner_id": client.id, "successor_id": self.successor.id} for client in clients],
            {"kind": "departure"},
        )
        handover.with_user(self.manager_user).action_start()
        return handover

    def test_clients_in_running_handover_are_not_outside_it(self):
        """45 core clients in a running departure handover are reported as not accepted yet,
        never as 'not in a departure handover'."""
        handover = self._running_handover(self.colleague, self.many_core)
        self.assertEqual(handover.state, "in_progress")
        blockers = self.colleague._get_exit_blockers()
        messages = [message for message, _ in blockers]
        self.assertFalse([m for m in messages if "not in a departure handover" in m], messages)
        waiting = [m for m in messages if "not accepted yet" in m]
        self.assertEqual(len(waiting), 1)
        self.assertIn(f"{handover.name}: 45 core client(s) not accepted yet", waiting[0])
        self.assertIn("and 35 more", waiting[0])
        self.assertEqual(
            [record for message, record in blockers if "not accepted" in message], [handover]
        )

    def test_clients_outside_handover_counted(self):
        """Only the core clients outside the running handover are 'not in a handover'."""
        self._running_handover(self.colleague, self.many_core[:40])
        messages = [message for message, _ in self.colleague._get_exit_blockers()]
        outside = [m for m in messages if "not in a departure handover" in m]
        self.assertEqual(len(outside), 1)
        self.assertIn("holds 5 core client(s) not in a departure handover", outside[0])
        self.assertIn("Key 40", outside[0])
        self.assertNotIn("Key 0,", outside[0])

    def test_personal_clients_are_not_outstanding(self):
        """A leaver keeping only personal-accumulation clients has nothing outstanding."""
        self.env["custody.assignment"]._move(self.core_clients, self.successor, origin="assigned")
        self.assertEqual(self.leaver._get_exit_blockers(), [])

    def test_departure_never_refused(self):
        """Core clients outstanding: the wizard shows them, HR confirms, the departure goes
        through, and what was outstanding is logged."""
        form = self._departure_form(self.leaver)
        self.assertTrue(form.exit_has_outstanding)
        self.assertIn("Core 0", form.exit_outstanding_html)
        self.assertNotIn("Personal 0", form.exit_outstanding_html)
        form.departure_date = date(2026, 6, 30)
        form.save().action_register_departure()
        self.assertFalse(self.leaver.active)
        self.assertEqual(self.leaver.departure_date, date(2026, 6, 30))
        exit_ = self.Exit.search([("employee_id", "=", self.leaver.id)])
        self.assertEqual(exit_.state, "departed")
        self.assertIn("Core 0", self._messages(exit_))
        self.assertTrue(exit_.notice_skipped)

    def test_links_follow_access(self):
        """The wizard links the handover for who may open it, the exit for HR without custody."""
        exit_ = self._notice()
        handover = exit_.handover_id
        both = new_test_user(
            self.env,
            login="exit_hr_custody",
            groups="base.group_user,hr.group_hr_manager,client_custody.group_custody_manager",
        )
        html = self._departure_form(self.leaver, user=both).exit_outstanding_html
        self.assertIn(f"/odoo/custody.handover/{handover.id}", html)
        html = self._departure_form(self.leaver).exit_outstanding_html
        self.assertNotIn("/odoo/custody.handover/", html)
        self.assertIn(f"/odoo/hr.exit/{exit_.id}", html)

    def test_blockers_are_an_extensible_hook(self):
        """Another addon appends its own outstanding obligations through the hook."""
        employee_cls = type(self.env["hr.employee"])
        original = employee_cls._get_exit_blockers

        def extended(employee):
            return [*original(employee), ("laptop still at home", employee)]

        self.patch(employee_cls, "_get_exit_blockers", extended)
        form = self._departure_form(self.leaver)
        self.assertIn("laptop still at home", form.exit_outstanding_html)
