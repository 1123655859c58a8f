from freezegun import freeze_time

from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import TODAY, AlumniCommon


@tagged("post_install", "-at_install")
@freeze_time(TODAY)
class TestReferral(AlumniCommon):
    def _referral(self, **vals):
        return (
            self.env["alumni.referral"]
            .with_user(self.officer)
            .create(
                {
                    "member_id": self.member.id,
                    "kind": "candidate",
                    "referred_name": "Zhou Ning",
                    **vals,
                }
            )
        )

    def test_reward_due_needs_amount(self):
        """A reward cannot be due (or paid) without a positive amount; the referral is unchanged."""
        referral = self._referral(state="won")
        with self.assertRaises(ValidationError):
            referral.action_reward_due()
        self.assertEqual(referral.reward_state, "none")
        with self.assertRaises(ValidationError):
            self._referral(reward_state="due")

    def test_reward_flow(self):
        """A won referral with an amount becomes due, then paid."""
        referral = self._referral(reward_amount=2000)
        self.assertTrue(referral.name.startswith("REF/"))
        referral.action_start()
        with self.assertRaises(UserError):
            referral.action_reward_due()
        referral.action_won()
        referral.action_reward_due()
        referral.action_reward_paid()
        self.assertEqual((referral.state, referral.reward_state), ("won", "paid"))

    def test_business_referral_needs_partner(self):
        """A business referral names the customer it brings."""
        with self.assertRaises(ValidationError):
            self._referral(kind="business", referred_name="Big deal")
        customer = self.env["res.partner"].create({"name": "Customer Co"})
        referral = self._referral(kind="business", referred_name="Big deal", partner_id=customer.id)
        self.assertEqual(referral.partner_id, customer)

    def test_opportunity_link_optional(self):
        """The opportunity link follows CRM's presence; there is no hard dependency."""
        referral = self._referral()
        crm = "crm.lead" in self.env
        self.assertEqual(referral.crm_installed, crm)
        selection = self.env["alumni.referral"]._selection_opportunity_ref()
        self.assertEqual(bool(selection), crm)
        if not crm:
            with self.assertRaises(UserError):
                referral.action_create_opportunity()

    def test_won_count_by_read_group(self):
        """Referrals won are counted for the dashboard."""
        self._referral(state="won")
        self._referral(state="lost")
        groups = dict(
            self.env["alumni.referral"]
            .with_user(self.officer)
            ._read_group([("member_id", "=", self.member.id)], ["state"], ["__count"])
        )
        self.assertEqual(groups, {"won": 1, "lost": 1})
