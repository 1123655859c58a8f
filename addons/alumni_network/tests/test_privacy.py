from datetime import date

from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import TODAY, AlumniCommon


@tagged("post_install", "-at_install")
@freeze_time(TODAY)
class TestPrivacy(AlumniCommon):
    def setUp(self):
        super().setUp()
        self.old = self.env["alumni.member"].create(
            {
                "name": "Old Timer",
                "email": "old@example.com",
                "phone": "+86 10 1234",
                "birthday": date(1970, 1, 1),
                "departure_date": date(2021, 3, 1),
                "new_employer": "Elsewhere",
                "notes": "<p>Personal story</p>",
                "rehire_eligibility": "eligible",
                "departure_reason_id": self.reason.id,
            }
        )
        self._consent(self.old, ("contact", "greetings"), date(2021, 3, 1))
        self.env["alumni.interaction"].create(
            {"member_id": self.old.id, "kind": "feedback", "satisfaction": "4", "notes": "Secret"}
        )

    def test_retention_date_from_setting(self):
        """Personal data is kept five years after departure (the setting's default)."""
        self.assertEqual(self.old.retention_date, date(2026, 3, 1))

    def test_retention_cron_anonymises(self):
        """After retention the cron anonymises member and contact, keeping the aggregates."""
        partner = self.old.partner_id
        anonymised = self.env["alumni.member"]._cron_apply_retention()
        self.assertIn(self.old, anonymised)
        self.assertNotIn(self.member, anonymised)
        self.assertEqual(self.old.state, "anonymized")
        self.assertNotIn("Old Timer", self.old.name)
        for field in ("email", "phone", "birthday", "new_employer", "notes", "consent_date"):
            self.assertFalse(self.old[field], field)
        self.assertNotIn("Old Timer", partner.with_context(active_test=False).name)
        self.assertFalse(partner.email or partner.phone)
        self.assertFalse(self.old.interaction_ids.notes)
        self.assertEqual(self.old.interaction_ids.satisfaction_score, 4)
        self.assertEqual(self.old.departure_date, date(2021, 3, 1))
        self.assertEqual(self.old.departure_reason_id, self.reason)
        self.assertEqual(self.old.rehire_eligibility, "eligible")
        self.assertEqual(self.old.anonymized_date, TODAY)
        self.assertIn("anonymised", self.old.message_ids[:1].body)
        self.assertEqual(len(self.old.message_ids), 1, "The history quoting old values is gone.")

    def test_renewed_consent_postpones(self):
        """Renewed consent restarts the retention period."""
        with freeze_time("2026-02-01"):
            self._consent(self.old, ("contact",), date(2026, 2, 1))
        self.assertEqual(self.old.retention_date, date(2031, 2, 1))
        self.env["alumni.member"]._cron_apply_retention()
        self.assertEqual(self.old.state, "active")

    def test_opted_out_consent_does_not_postpone(self):
        """An opted-out member's old consent no longer extends retention."""
        self._consent(self.old, ("contact",), date(2025, 1, 1))
        self.assertEqual(self.old.retention_date, date(2030, 1, 1))
        self.old.action_opt_out()
        self.assertEqual(self.old.retention_date, date(2026, 3, 1))

    def test_anonymisation_cannot_be_undone(self):
        """An anonymised member cannot be edited, re-consented or rehired."""
        self.env["alumni.member"]._cron_apply_retention()
        as_manager = self.old.with_user(self.manager)
        with self.assertRaises(UserError):
            as_manager.write({"name": "Old Timer"})
        with self.assertRaises(UserError):
            as_manager.action_renew_consent()
        with self.assertRaises(UserError):
            as_manager.action_rehire()
        with self.assertRaises(UserError):
            as_manager.action_anonymize()
        self.assertEqual(self.old.state, "anonymized")

    def test_only_manager_anonymises(self):
        """Officers cannot anonymise by hand; managers can."""
        with self.assertRaises(UserError):
            self.member.with_user(self.officer).action_anonymize()
        self.assertEqual(self.member.state, "active")
        self.member.with_user(self.manager).action_anonymize()
        self.assertEqual(self.member.state, "anonymized")

    def test_opted_out_gets_no_mail(self):
        """Opted-out members receive no greeting mail from the crons."""
        self.member.birthday = date(1990, 3, 2)
        self.member.action_opt_out()
        self.env["alumni.member"]._cron_send_greetings()
        self.assertFalse(
            self.env["mail.mail"].search(
                [("model", "=", "alumni.member"), ("res_id", "=", self.member.id)]
            )
        )
