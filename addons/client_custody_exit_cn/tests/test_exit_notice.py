from datetime import date

from psycopg2 import IntegrityError

from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, tagged
from odoo.tools import mute_logger

from .common import ExitCase


@tagged("post_install", "-at_install")
class TestExitNotice(ExitCase):
    def test_last_working_day_thirty_days(self):
        """A resignation notice gives a last working day 30 days later (art. 37)."""
        exit_ = self._notice(notice_date=date(2026, 3, 2))
        self.assertEqual(exit_.last_working_day, date(2026, 4, 1))
        self.assertEqual(exit_.notice_days, 30)
        self.assertFalse(exit_.in_probation)
        self.assertEqual(self.leaver.exit_notice_date, date(2026, 3, 2))

    def test_last_working_day_in_probation(self):
        """A notice given during the trial period needs only 3 days (art. 37)."""
        self.colleague.version_id.trial_date_end = date(2026, 3, 31)
        exit_ = self._notice(self.colleague, notice_date=date(2026, 3, 10))
        self.assertTrue(exit_.in_probation)
        self.assertEqual(exit_.last_working_day, date(2026, 3, 13))

    def test_notice_shorter_than_the_law_refused(self):
        """A resignation ending before the legal notice is refused unless mutually agreed."""
        form = Form(self.Exit.with_user(self.hr_officer))
        form.employee_id = self.leaver
        form.termination_kind = "resignation"
        form.notice_date = date(2026, 3, 2)
        form.last_working_day = date(2026, 3, 20)
        with self.assertRaises(ValidationError) as caught:
            form.save()
        self.assertIn("shorter than the law requires", str(caught.exception))
        self.assertFalse(self.Exit.search([("employee_id", "=", self.leaver.id)]))
        form.termination_kind = "mutual_employee"
        form.last_working_day = date(2026, 3, 20)
        exit_ = form.save()
        self.assertEqual(exit_.last_working_day, date(2026, 3, 20))
        self.assertFalse(exit_.severance_due, "proposed by the employee: no compensation")

    def test_last_working_day_before_notice_refused(self):
        """A last working day before the notice date is refused and writes nothing."""
        exit_ = self._notice(termination_kind="mutual_employer")
        with self.assertRaises(ValidationError) as caught:
            exit_.last_working_day = date(2026, 3, 1)
        self.assertIn("cannot be before the notice date", str(caught.exception))
        self.assertEqual(exit_.last_working_day, date(2026, 3, 2))

    def test_open_needs_notice_and_kind(self):
        """An exit opens only with the notice date and the kind; nothing is prepared before."""
        exit_ = self.Exit.with_user(self.hr_officer).create({"employee_id": self.leaver.id})
        with self.assertRaises(UserError):
            exit_.action_open()
        self.assertEqual(exit_.state, "draft")
        self.assertFalse(exit_.handover_id)

    @mute_logger("odoo.sql_db")
    def test_one_exit_in_progress(self):
        """An employee has at most one exit in progress."""
        self._notice()
        with self.assertRaises(IntegrityError), self.env.cr.savepoint():
            self.Exit.create({"employee_id": self.leaver.id})
            self.env.flush_all()

    def test_archive_without_notice(self):
        """Archiving without a notice still prepares the handover, and the exit says the
        notice was skipped."""
        self.leaver.with_context(no_wizard=True).action_archive()
        exit_ = self.Exit.search([("employee_id", "=", self.leaver.id)])
        self.assertEqual(len(exit_), 1)
        self.assertTrue(exit_.notice_skipped)
        self.assertEqual(exit_.state, "departed")
        self.assertEqual(exit_.handover_id.state, "draft")
        self.assertTrue(exit_.handover_id.auto_created, "the custody automation prepared it")
        self.assertIn("the notice was skipped", self._messages(exit_))

    def test_archive_during_notice_registers_departure(self):
        """An employee archived during the notice: the open exit registers the departure and
        keeps its handover (no second one)."""
        exit_ = self._notice()
        handover = exit_.handover_id
        self.leaver.with_context(no_wizard=True).action_archive()
        self.assertEqual(exit_.state, "departed")
        self.assertEqual(exit_.handover_id, handover)
        self.assertEqual(
            self.env["custody.handover"].search_count([("employee_id", "=", self.leaver.id)]), 1
        )
        self.assertEqual(self.Exit.search_count([("employee_id", "=", self.leaver.id)]), 1)

    def test_wizard_proposes_last_working_day(self):
        """The departure wizard proposes the last working day of the notice."""
        self._notice(self.colleague, notice_date=date(2026, 3, 2))
        form = self._departure_form(self.colleague)
        self.assertEqual(form.departure_date, date(2026, 4, 1))

    def test_wizard_refuses_departure_before_notice(self):
        """A departure dated before the notice is bad input: refused, nobody archived."""
        self._notice(self.colleague, notice_date=date(2026, 3, 10))
        with self.assertRaises(UserError) as caught:
            self._register_departure(self.colleague, departure_date=date(2026, 3, 5))
        self.assertIn("cannot be dated after the departure date", str(caught.exception))
        self.assertTrue(self.colleague.active)

    def test_rehire_clears_current_exit(self):
        """An employee back at work no longer carries the last exit's notice."""
        self._notice(self.colleague, notice_date=date(2026, 3, 2))
        self._register_departure(self.colleague, departure_date=date(2026, 4, 1))
        self.assertEqual(self.colleague.exit_notice_date, date(2026, 3, 2))
        self.colleague.action_unarchive()
        self.assertFalse(self.colleague.exit_notice_date)
        self.assertEqual(self.colleague.exit_count, 1, "the exit stays in the history")

    def test_employee_button_opens_exit(self):
        """The employee form's button opens a new exit, then the one in progress."""
        action = self.leaver.with_user(self.hr_officer).action_exit_record_notice()
        self.assertFalse(action["res_id"])
        exit_ = self._notice()
        action = self.leaver.with_user(self.hr_officer).action_exit_record_notice()
        self.assertEqual(action["res_id"], exit_.id)

    def test_other_company_exit_invisible(self):
        """An HR officer of one company does not see the exits of another company."""
        other = self.env["res.company"].create({"name": "Exit Other Co"})
        foreign = self.env["hr.employee"].create({"name": "Foreign", "company_id": other.id})
        exit_ = self.Exit.create(
            {
                "employee_id": foreign.id,
                "notice_date": date(2026, 3, 2),
                "termination_kind": "resignation",
            }
        )
        self.assertEqual(exit_.company_id, other)
        visible = self.Exit.with_user(self.hr_officer).search([("employee_id", "=", foreign.id)])
        self.assertFalse(visible)
