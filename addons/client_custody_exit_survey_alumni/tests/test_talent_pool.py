from odoo.tests import tagged

from odoo.addons.client_custody_exit_survey.tests.common import ExitInterviewCase


@tagged("post_install", "-at_install")
class TestTalentPool(ExitInterviewCase):
    """The alumnus' "would you come back" answer feeds the talent pool, with their consent."""

    def _member(self):
        return self.env["alumni.member"].sudo().create({"employee_id": self.leaver.id})

    def _consent(self, member):
        return (
            self.env["alumni.consent"]
            .sudo()
            .create(
                {
                    "member_id": member.id,
                    "purpose": "job_offers",
                    "channel": "email",
                    "evidence": "Reply to the farewell e-mail",
                }
            )
        )

    def test_yes_with_consent_joins_the_pool(self):
        """Answered "yes", consenting to job offers: open to return as soon as both hold."""
        member = self._member()
        self._consent(member)
        self._answer(self._sent(), {"relocation"}, would_return=True)
        self.assertTrue(member.open_to_return)
        pool = (
            self.env["alumni.member"]
            .sudo()
            .search(
                [
                    ("rehire_eligibility", "=", "eligible"),
                    ("open_to_return", "=", True),
                    ("state", "=", "active"),
                ]
            )
        )
        self.assertIn(member, pool, "the talent pool's own domain lists them")

    def test_without_consent_nothing_crosses(self):
        """Without consent the HR-only answer stays with HR; a later consent brings it over."""
        member = self._member()
        self._answer(self._sent(), {"family"}, would_return=True)
        self.assertFalse(member.open_to_return)
        self._consent(member)
        self.assertTrue(member.open_to_return)

    def test_no_changes_nothing(self):
        """A "no" never puts anyone in the pool."""
        member = self._member()
        self._consent(member)
        self._answer(self._sent(), {"pay"}, would_return=False)
        self.assertFalse(member.open_to_return)

    def test_member_registered_after_the_interview(self):
        """The member registered at departure, after the answer, with consent on record."""
        self._answer(self._sent(), {"growth"}, would_return=True)
        member = self._member()
        self.assertFalse(member.open_to_return, "no consent yet")
        self._consent(member)
        self.assertTrue(member.open_to_return)
