from datetime import date

from odoo.exceptions import UserError
from odoo.tests import TransactionCase, new_test_user, tagged

from odoo.addons.base.tests.common import DISABLED_MAIL_CONTEXT
from odoo.addons.client_custody.models.custody_guarded_mixin import transition


def set_state(handover, state):
    """The fixture puts the handover in each state directly (the state is guarded: only a
    transition writes it)."""
    transition(handover, "state").write({"state": state})


@tagged("post_install", "-at_install")
class TestRehireWhileHandoverOpen(TransactionCase):
    """A leaver cannot be rehired while their departure handover is still open."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, **DISABLED_MAIL_CONTEXT))
        cls.officer = new_test_user(
            cls.env, login="handover_rehire_officer", groups="alumni_network.group_alumni_officer"
        )
        cls.hr_user = new_test_user(
            cls.env, login="handover_rehire_hr", groups="base.group_user,hr.group_hr_user"
        )
        cls.env.company.alumni_officer_id = cls.officer
        cls.leaver = cls.env["hr.employee"].create({"name": "Boomerang Leaver"})
        cls.leaver.write({"active": False})
        cls.member = cls.env["alumni.member"].search([("employee_id", "=", cls.leaver.id)])
        # Whatever the archiving prepared, this test controls the handover itself.
        set_state(
            cls.env["custody.handover"].search([("employee_id", "=", cls.leaver.id)]), "cancel"
        )
        cls.handover = cls.env["custody.handover"].create(
            {"employee_id": cls.leaver.id, "kind": "departure"}
        )

    def _propose(self):
        return (
            self.env["alumni.rehire.request"]
            .with_user(self.officer)
            .create({"member_id": self.member.id, "rehire_date": date(2026, 3, 1)})
        )

    def test_proposal_refused_while_handover_open(self):
        """Draft, to approve or in progress: the proposal is refused, the leaver stays archived."""
        for state in ("draft", "to_approve", "in_progress"):
            set_state(self.handover, state)
            with self.assertRaisesRegex(UserError, "handover"):
                self._propose()
        self.assertFalse(self.member.rehire_request_ids)
        self.assertFalse(self.leaver.active)
        self.assertIn(self.handover.display_name, " ".join(self.member._rehire_blockers()))

    def test_approval_refused_while_handover_open(self):
        """A proposal made once the handover closed is still refused if one opens again."""
        set_state(self.handover, "done")
        request = self._propose()
        reopened = self.env["custody.handover"].create(
            {"employee_id": self.leaver.id, "kind": "departure"}
        )
        with self.assertRaisesRegex(UserError, "handover"):
            request.with_user(self.hr_user).action_approve()
        self.assertFalse(self.leaver.active)
        self.assertEqual(self.handover.state, "done")
        self.assertEqual(reopened.state, "draft")
        set_state(reopened, "cancel")
        request.with_user(self.hr_user).action_approve()
        self.assertTrue(self.leaver.active)
        self.assertEqual(self.member.boomerang_count, 1)

    def test_transfer_handover_does_not_block(self):
        """Only a departure handover blocks; an on-the-job transfer does not."""
        set_state(self.handover, "done")
        self.env["custody.handover"].create({"employee_id": self.leaver.id, "kind": "transfer"})
        self.assertEqual(self.member._rehire_blockers(), [])
