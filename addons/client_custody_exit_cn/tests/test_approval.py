from odoo.exceptions import UserError, ValidationError
from odoo.tests import new_test_user, tagged

from .common import ExitCase


@tagged("post_install", "-at_install")
class TestApproval(ExitCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.custody_handover_approval = True
        # The leaver is a custody manager too: he must neither get nor give the approval.
        cls.leaver_user.group_ids |= cls.env.ref("client_custody.group_custody_manager")
        # The leaver's departure is recorded: a departure handover needs a leaver.
        cls.leaver.departure_date = "2026-12-31"

    def _start(self):
        handover = self.env["custody.handover"]._prepare(
            self.leaver,
            [
                {"partner_id": client.id, "successor_id": self.successor.id}
                for client in self.core_clients
            ],
            {"kind": "departure"},
        )
        handover.with_user(self.manager_user).action_start()
        self.assertEqual(handover.state, "to_approve")
        return handover

    def _approvers(self, handover):
        return handover.activity_ids.filtered(
            lambda a: a.summary == "Approve the handover of core clients"
        ).user_id

    def test_on_by_default(self):
        """A new company approves handovers of core clients by default."""
        company = self.env["res.company"].create({"name": "New Co"})
        self.assertTrue(company.custody_handover_approval)

    def test_activity_to_custody_managers_not_the_leaver(self):
        """The approval activity goes to the company's custody managers, never to the leaver
        nor to someone without the right (the leaver's own manager included when he lacks it)."""
        handover = self._start()
        approvers = self._approvers(handover)
        self.assertIn(self.manager_user, approvers)
        self.assertNotIn(self.leaver_user, approvers)
        for user in approvers:
            self.assertTrue(user.has_group("client_custody.group_custody_manager"))

    def test_configured_approver(self):
        """A configured approver receives the activity alone."""
        approver = new_test_user(
            self.env,
            login="exit_approver",
            groups="base.group_user,client_custody.group_custody_manager",
        )
        self.company.custody_approver_id = approver
        self.assertEqual(self._approvers(self._start()), approver)

    def test_approver_must_have_the_right(self):
        """An approver without the custody manager right is refused."""
        with self.assertRaises(ValidationError):
            self.company.custody_approver_id = self.hr_officer
        self.assertFalse(self.company.custody_approver_id)

    def test_leaver_as_approver_falls_back(self):
        """The configured approver handing over his own clients does not get the activity."""
        self.company.custody_approver_id = self.leaver_user
        approvers = self._approvers(self._start())
        self.assertTrue(approvers)
        self.assertNotIn(self.leaver_user, approvers)

    def test_nobody_approves_own_handover(self):
        """The leaver cannot approve the handover of his own clients."""
        handover = self._start()
        with self.assertRaises(UserError):
            handover.with_user(self.leaver_user).action_approve()
        self.assertEqual(handover.state, "to_approve")
        handover.with_user(self.manager_user).action_approve()
        self.assertEqual(handover.state, "in_progress")
