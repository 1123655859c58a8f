from unittest.mock import patch

from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import ExitCase


@tagged("post_install", "-at_install")
class TestExitUsesTheHandoverRules(ExitCase):
    """The exit asks the handover addon, never a copy of its own: who is leaving, the running
    departure handovers, preparing one, and what keeps a handover from completing."""

    def test_notice_prepares_through_the_one_method(self):
        """Recording the notice prepares the departure handover through
        ``_custody_prepare_departure`` (and finds a running one through
        ``_custody_running_departures``); the outstanding obligations read the same reader."""
        Employee = type(self.env["hr.employee"])
        calls = []
        prepare, running = Employee._custody_prepare_departure, Employee._custody_running_departures

        def spy_prepare(employees, vals=None):
            calls.append(("prepare", employees.ids))
            return prepare(employees, vals)

        def spy_running(employees):
            calls.append(("running", employees.ids))
            return running(employees)

        with (
            patch.object(Employee, "_custody_prepare_departure", spy_prepare),
            patch.object(Employee, "_custody_running_departures", spy_running),
        ):
            exit_ = self._notice()
            self.assertIn(("prepare", self.leaver.ids), calls)
            handover = exit_.handover_id
            self.assertEqual((handover.kind, handover.employee_id), ("departure", self.leaver))
            self.assertIn("gave notice", handover.reason)
            calls.clear()
            self.leaver._get_exit_blockers()
            self.assertEqual(calls, [("running", self.leaver.ids)])

    def test_outstanding_items_follow_what_blocks_completion(self):
        """The exit lists the mandatory items the handover addon says block completion
        (``_pending_mandatory_items``): when that rule says none, the exit says none."""
        self._notice()
        messages = [message for message, _ in self.leaver._get_exit_blockers()]
        self.assertTrue([m for m in messages if "mandatory items" in m], messages)
        Handover = type(self.env["custody.handover"])
        with patch.object(Handover, "_pending_mandatory_items", lambda h: h.item_ids.browse()):
            messages = [message for message, _ in self.leaver._get_exit_blockers()]
        self.assertFalse([m for m in messages if "mandatory items" in m], messages)

    def test_a_notice_makes_the_employee_a_leaver(self):
        """Without a notice (or a departure) a departure handover is refused; once the notice
        is recorded, the employee is leaving and their departure handover is prepared."""
        with self.assertRaises(ValidationError), self.env.cr.savepoint():
            self.env["custody.handover"].create(
                {"employee_id": self.colleague.id, "kind": "departure"}
            )
        self.assertFalse(self.colleague._custody_is_leaving())
        self._notice(employee=self.colleague)
        self.assertEqual(self.colleague._custody_is_leaving(), self.colleague)
