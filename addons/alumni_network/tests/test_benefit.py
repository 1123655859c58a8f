from datetime import date

from freezegun import freeze_time

from odoo.exceptions import ValidationError
from odoo.tests import Form, tagged

from .common import TODAY, AlumniCommon


@tagged("post_install", "-at_install")
@freeze_time(TODAY)
class TestBenefit(AlumniCommon):
    def _grant(self, member=None, **vals):
        return (
            self.env["alumni.benefit"]
            .with_user(self.officer)
            .create({"member_id": (member or self.member).id, "type_id": self.training.id, **vals})
        )

    def _mails(self, records):
        """Mails to the alumni (not the officers' activity notifications)."""
        return self.env["mail.mail"].search(
            [
                ("model", "=", records._name),
                ("res_id", "in", records.ids),
                ("recipient_ids", "in", records.member_id.partner_id.ids),
            ]
        )

    def test_default_duration_from_type(self):
        """A benefit lasts the type's default duration from its start."""
        benefit = self._grant()
        self.assertEqual(benefit.date_start, TODAY)
        self.assertEqual(benefit.date_end, date(2027, 3, 2))
        self.assertEqual(benefit.state, "active")

    def test_grant_through_member_button(self):
        """The member's Grant Benefit button opens a form that creates the benefit."""
        action = self.member.with_user(self.officer).action_grant_benefit()
        form = Form(
            self.env["alumni.benefit"].with_user(self.officer).with_context(**action["context"]),
            view="alumni_network.alumni_benefit_view_form_quick",
        )
        form.type_id = self.training
        benefit = form.save()
        self.assertEqual(benefit.member_id, self.member)

    def test_end_before_start_refused(self):
        """A benefit ending before it starts is refused and nothing is created."""
        count = self.env["alumni.benefit"].search_count([])
        with self.assertRaises(ValidationError):
            self._grant(date_start=date(2026, 3, 10), date_end=date(2026, 3, 1))
        self.assertEqual(self.env["alumni.benefit"].search_count([]), count)

    def test_opted_out_or_anonymised_member_refused(self):
        """Opted-out and anonymised members cannot be granted benefits."""
        self.member.action_opt_out()
        with self.assertRaises(ValidationError):
            self._grant()
        self.member_no_consent.with_user(self.manager).action_anonymize()
        with self.assertRaises(ValidationError):
            self._grant(member=self.member_no_consent)

    def test_cron_warns_seven_days_before_end(self):
        """7 days before the end: expiring, a mail to the alumnus, an activity to the officer."""
        benefit = self._grant(date_start=date(2025, 3, 10), date_end=date(2026, 3, 20))
        self.assertEqual(benefit.state, "active")
        self.env["alumni.benefit"]._cron_update_states()
        self.assertEqual(benefit.state, "active")
        with freeze_time("2026-03-13"):
            self.env["alumni.benefit"]._cron_update_states()
        self.assertEqual(benefit.state, "expiring")
        mails = self._mails(benefit)
        self.assertEqual(len(mails), 1)
        self.assertIn(self.member.partner_id, mails.recipient_ids)
        activity = benefit.activity_ids
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.user_id, self.officer)
        with freeze_time("2026-03-14"):
            self.env["alumni.benefit"]._cron_update_states()
        self.assertEqual(len(self._mails(benefit)), 1, "The warning goes out once.")
        self.assertEqual(len(benefit.activity_ids), 1)
        with freeze_time("2026-03-21"):
            self.env["alumni.benefit"]._cron_update_states()
        self.assertEqual(benefit.state, "expired")

    def test_no_warning_mail_for_opted_out(self):
        """An opted-out alumnus gets no warning mail; the officer still gets the activity."""
        benefit = self._grant(date_start=date(2025, 3, 10), date_end=date(2026, 3, 20))
        self.member.action_opt_out()
        with freeze_time("2026-03-13"):
            self.env["alumni.benefit"]._cron_update_states()
        self.assertEqual(benefit.state, "expiring")
        self.assertFalse(self._mails(benefit))
        self.assertEqual(len(benefit.activity_ids), 1)

    def test_revoked_stays_revoked(self):
        """The cron never moves a revoked benefit."""
        benefit = self._grant(date_start=date(2025, 1, 1), date_end=date(2026, 3, 5))
        self.assertEqual(benefit.state, "expiring")
        benefit.action_revoke()
        with freeze_time("2026-03-10"):
            self.env["alumni.benefit"]._cron_update_states()
        self.assertEqual(benefit.state, "revoked")

    def test_cron_query_count_is_flat(self):
        """The state cron's query count does not grow with the number of benefits."""
        Benefit = self.env["alumni.benefit"]
        vals = {"member_id": self.member_no_consent.id, "type_id": self.training.id}
        Benefit.create([{**vals, "date_start": date(2025, 1, 1), "date_end": date(2026, 2, 1)}] * 2)
        self.env.flush_all()
        self.env.invalidate_all()
        queries_small = self._count_queries(Benefit._cron_update_states)
        Benefit.create(
            [{**vals, "date_start": date(2025, 1, 1), "date_end": date(2026, 2, 1)}] * 10
        )
        self.env.flush_all()
        self.env.invalidate_all()
        queries_big = self._count_queries(Benefit._cron_update_states)
        self.assertEqual(queries_small, queries_big)

    def _count_queries(self, func):
        start = self.env.cr.sql_log_count
        func()
        self.env.flush_all()
        return self.env.cr.sql_log_count - start
