from datetime import date

from freezegun import freeze_time
from psycopg2 import IntegrityError

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged
from odoo.tools import mute_logger

from .common import CustodyCase


@tagged("post_install", "-at_install")
class TestCustodyLedger(CustodyCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.client = cls._clients(1, prefix="Acme")

    def _current(self, partner):
        return self.Assignment.search([("partner_id", "=", partner.id), ("date_end", "=", False)])

    @freeze_time("2026-03-02")
    def test_set_custodian_on_form_opens_then_closes(self):
        """Setting the custodian on the client form closes the current period and opens one."""
        partner = self.client.with_user(self.manager_user)
        with Form(partner) as form:
            form.custodian_id = self.sales_a
        first = self._current(self.client)
        self.assertEqual(first.employee_id, self.sales_a)
        self.assertEqual(first.origin, "assigned")
        self.assertEqual(self.client.custody_since, date(2026, 3, 2))
        with freeze_time("2026-04-01"), Form(partner) as form:
            form.custodian_id = self.sales_b
        current = self._current(self.client)
        self.assertEqual(len(current), 1, "never two current custodians")
        self.assertEqual(current.employee_id, self.sales_b)
        self.assertEqual(first.date_end, date(2026, 4, 1))
        self.assertEqual(self.client.custodian_id, self.sales_b)
        self.assertEqual(len(self.client.custody_assignment_ids), 2)

    def test_clearing_custodian_closes_period(self):
        """Emptying the custodian ends the current custody: the client is held by nobody."""
        self._hold(self.client, self.sales_a)
        self.client.with_user(self.manager_user).custodian_id = False
        self.assertFalse(self._current(self.client))
        self.assertFalse(self.client.custodian_id)

    def test_contact_follows_commercial_entity(self):
        """Custody of a company's contact is held on the company and shown on the contact."""
        contact = self.env["res.partner"].create({"name": "Buyer", "parent_id": self.client.id})
        assignment = self.Assignment.create(
            {"partner_id": contact.id, "employee_id": self.sales_a.id}
        )
        self.assertEqual(assignment.partner_id, self.client)
        self.assertEqual(contact.custodian_id, self.sales_a)

    def test_second_current_by_rpc_is_refused(self):
        """A second current assignment for the same client and company is refused by create."""
        self._hold(self.client, self.sales_a)
        with self.assertRaises(ValidationError) as caught:
            self.Assignment.with_user(self.manager_user).create(
                {"partner_id": self.client.id, "employee_id": self.sales_b.id}
            )
        self.assertIn("already have a current custodian", str(caught.exception))
        self.assertEqual(self._current(self.client).employee_id, self.sales_a)

    def test_two_current_in_one_batch_refused(self):
        """One create call cannot open two current periods for the same client either."""
        with self.assertRaises(ValidationError):
            self.Assignment.create(
                [
                    {"partner_id": self.client.id, "employee_id": self.sales_a.id},
                    {"partner_id": self.client.id, "employee_id": self.sales_b.id},
                ]
            )
        self.assertFalse(self._current(self.client))

    @mute_logger("odoo.sql_db")
    def test_database_enforces_single_current(self):
        """The database itself refuses a second current period (partial unique index)."""
        self._hold(self.client, self.sales_a)
        self.env.flush_all()
        with self.assertRaises(IntegrityError), self.env.cr.savepoint():
            self.env.cr.execute(
                """INSERT INTO custody_assignment
                       (partner_id, employee_id, company_id, date_start, origin)
                   VALUES (%s, %s, %s, CURRENT_DATE, 'assigned')""",
                (self.client.id, self.sales_b.id, self.company.id),
            )

    def test_history_rows_may_coexist(self):
        """Closed periods do not count against the one-current rule."""
        self._hold(self.client, self.sales_a)
        self._hold(self.client, self.sales_b)
        self._hold(self.client, self.sales_c)
        self.assertEqual(len(self.client.custody_assignment_ids), 3)
        self.assertEqual(len(self._current(self.client)), 1)

    def test_end_before_start_refused(self):
        """A period cannot end before it starts."""
        with self.assertRaises(ValidationError) as caught:
            self.Assignment.create(
                {
                    "partner_id": self.client.id,
                    "employee_id": self.sales_a.id,
                    "date_start": "2026-05-01",
                    "date_end": "2026-04-01",
                }
            )
        self.assertIn("cannot end", str(caught.exception))
        self.assertFalse(self.client.custody_assignment_ids)

    def test_archived_custodian_refused(self):
        """An archived employee cannot be given a client."""
        self.sales_c.with_context(no_wizard=True).action_archive()
        with self.assertRaises(ValidationError) as caught:
            self.client.with_user(self.manager_user).custodian_id = self.sales_c
        self.assertIn("archived", str(caught.exception))
        self.assertFalse(self._current(self.client))

    def test_custodian_of_other_company_refused(self):
        """A client of this company cannot be held by another company's employee."""
        with self.assertRaises(ValidationError) as caught:
            self.Assignment.create(
                {
                    "partner_id": self.client.id,
                    "employee_id": self.other_employee.id,
                    "company_id": self.company.id,
                }
            )
        self.assertIn("works for", str(caught.exception))
        self.assertFalse(self._current(self.client))

    def test_closed_period_is_read_only(self):
        """Closed periods are history: managers cannot edit or delete them, superuser can."""
        first = self._hold(self.client, self.sales_a)
        self._hold(self.client, self.sales_b)
        with self.assertRaises(UserError) as caught:
            first.with_user(self.manager_user).write({"note": "rewritten"})
        self.assertIn("history", str(caught.exception))
        with self.assertRaises(AccessError):
            first.with_user(self.manager_user).unlink()
        first.sudo().write({"note": "corrected by the superuser"})
        self.assertEqual(first.note, "corrected by the superuser")

    def test_identity_of_current_period_is_fixed(self):
        """Changing the custodian of a period in place is refused: it would rewrite history."""
        current = self._hold(self.client, self.sales_a)
        with self.assertRaises(UserError) as caught:
            current.with_user(self.manager_user).write({"employee_id": self.sales_b.id})
        self.assertIn("cannot be", str(caught.exception))
        self.assertEqual(current.employee_id, self.sales_a)

    def test_import_sets_origin_and_refuses_duplicates(self):
        """Standard CSV import creates rows with origin Import and refuses a second current one."""
        other = self._clients(1, prefix="Imported")
        model = self.Assignment.with_user(self.manager_user).with_context(import_file=True)
        columns = ["partner_id/.id", "employee_id/.id", "date_start"]
        result = model.load(columns, [[str(other.id), str(self.sales_a.id), "2026-01-05"]])
        self.assertFalse(result["messages"], result["messages"])
        imported = self.Assignment.browse(result["ids"])
        self.assertEqual(imported.origin, "import")
        self.assertEqual(other.custodian_id, self.sales_a)
        again = model.load(columns, [[str(other.id), str(self.sales_b.id), "2026-02-01"]])
        self.assertFalse(again["ids"])
        self.assertIn("already have a current custodian", again["messages"][0]["message"])
        self.assertEqual(other.custodian_id, self.sales_a)

    def test_tier_default_and_tracking(self):
        """New clients are core trade secrets; a tier change is tracked with who decided it."""
        self.assertEqual(self.client.custody_tier, "core")
        # Close the creation's transaction work: changes made while a record is being created
        # are not tracked.
        self.env.cr.precommit.run()
        partner = self.client.with_user(self.manager_user)
        partner.write(
            {
                "custody_tier": "personal",
                "custody_tier_basis": "Brought from previous employer",
            }
        )
        self.assertEqual(self.client.custody_tier_decided_by_id, self.manager_user)
        self.assertTrue(self.client.custody_tier_decided_on)
        self.env.flush_all()
        self.env.cr.precommit.run()  # tracking values are written when the transaction commits
        record = self.client.custody_client_ids.filtered(lambda c: c.company_id == self.company)
        record.invalidate_recordset(["message_ids"])
        # Tracked on the company's custody record of the client, where the tier lives.
        tracked = record.message_ids.tracking_value_ids.filtered(
            lambda t: t.field_id.name == "tier"
        )
        self.assertEqual(len(tracked), 1)
        self.assertEqual(tracked.old_value_char, "Core trade secret")
        self.assertEqual(tracked.new_value_char, "Personal accumulation")

    def test_user_cannot_change_tier_or_custodian(self):
        """A custody user cannot change a tier nor move a client, even one they hold."""
        self._hold(self.client, self.sales_a)
        partner = self.client.with_user(self.user_a)
        with self.assertRaises(AccessError):
            partner.write({"custody_tier": "personal"})
        with self.assertRaises(AccessError):
            partner.write({"custodian_id": self.sales_b.id})
        self.assertEqual(self.client.custody_tier, "core")
        self.assertEqual(self.client.custodian_id, self.sales_a)

    def test_mass_tier_wizard(self):
        """A manager sets the tier of many selected clients at once, with the evidence."""
        clients = self._clients(5, prefix="Mass")
        contact = self.env["res.partner"].create({"name": "Person", "parent_id": clients[0].id})
        wizard_form = Form(
            self.env["custody.tier.wizard"]
            .with_user(self.manager_user)
            .with_context(active_model="res.partner", active_ids=(clients | contact).ids)
        )
        wizard_form.custody_tier = "personal"
        wizard_form.custody_tier_basis = "Personal network of the salesperson"
        wizard = wizard_form.save()
        self.assertEqual(wizard.partner_count, 5, "a contact counts as its company")
        wizard.action_apply()
        self.assertEqual(set(clients.mapped("custody_tier")), {"personal"})
        self.assertEqual(
            set(clients.mapped("custody_tier_basis")), {"Personal network of the salesperson"}
        )

    def test_mass_tier_wizard_is_for_managers(self):
        """Custody users cannot use the mass tier wizard."""
        with self.assertRaises(AccessError):
            self.env["custody.tier.wizard"].with_user(self.user_a).create(
                {"custody_tier": "personal", "partner_ids": [(6, 0, self.client.ids)]}
            )

    def test_tier_of_many_clients_in_a_few_queries(self):
        """Setting the tier of 30 clients costs what it costs for 3: one write per decision."""
        warm, small = self._clients(3, prefix="Warm"), self._clients(3, prefix="Few")
        large = self._clients(30, prefix="Many")
        vals = {"custody_tier": "personal", "custody_tier_basis": "Own network"}
        counts = []
        for batch in (warm, small, large):
            self.env.flush_all()
            self.env.invalidate_all()
            before = self.cr.sql_log_count
            batch.with_user(self.manager_user).write(vals)
            self.env.flush_all()
            counts.append(self.cr.sql_log_count - before)
        self.assertEqual(counts[1], counts[2], counts)  # counts[0] fills the caches
        self.assertEqual(set(large.mapped("custody_tier")), {"personal"})
