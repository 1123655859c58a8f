from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged
from odoo.tools import SQL

from .common import TODAY, AlumniCommon


@tagged("post_install", "-at_install")
@freeze_time(TODAY)
class TestConsent(AlumniCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        groups = "base.group_user"
        if cls.env.ref("sales_team.group_sale_salesman", raise_if_not_found=False):
            groups += ",sales_team.group_sale_salesman"
        cls.salesman = new_test_user(
            cls.env, login="alumni_salesman_test", groups=groups, name="Sam Salesman"
        )

    def _archive(self, name, **vals):
        employee = self._create_employee(name, birthday=date(1990, 3, 5), **vals)
        employee.with_user(self.hr_user).write({"active": False})
        return employee, self.env["alumni.member"].search([("employee_id", "=", employee.id)])

    # -- who reads the private contact

    def test_salesman_cannot_read_private_contact(self):
        """A salesman gets an AccessError on an alumnus' private contact; officers, HR read it."""
        partner = self.member.partner_id
        with self.assertRaises(AccessError):
            partner.with_user(self.salesman).read(["email", "phone"])
        with self.assertRaises(AccessError):
            self.member.with_user(self.salesman).read(["email"])
        found = self.env["res.partner"].with_user(self.salesman).search([("name", "=", "Li Wei")])
        self.assertFalse(found)
        self.assertEqual(partner.with_user(self.officer).email, "li.wei@example.com")
        self.assertEqual(partner.with_user(self.hr_user).email, "li.wei@example.com")
        self.assertEqual(self.member.with_user(self.hr_user).email, "li.wei@example.com")

    def test_private_fields_are_group_restricted(self):
        """Private fields: alumni officers and HR only; hardship notes alumni officers only."""
        Member = self.env["alumni.member"]
        for fname in ("email", "phone", "birthday", "partner_id", "cv_file"):
            self.assertEqual(
                Member._fields[fname].groups,
                "alumni_network.group_alumni_officer,hr.group_hr_user",
                fname,
            )
        self.assertEqual(
            Member._fields["sensitive_notes"].groups, "alumni_network.group_alumni_officer"
        )

    # -- registration keeps only what the relationship needs

    def test_registration_copies_no_private_data(self):
        """Archiving copies no private e-mail, phone or birthday: no consent was recorded yet."""
        _employee, member = self._archive("Zhao Lei")
        self.assertFalse(member.email or member.phone or member.birthday)
        self.assertFalse(member.partner_id.email or member.partner_id.phone)
        self.assertTrue(member.partner_id.alumni_private)

    def test_consent_copies_what_the_purpose_needs(self):
        """A contact consent copies e-mail and phone; only greetings copy the birthday."""
        _employee, member = self._archive("Zhao Lei")
        self._consent(member, ("contact",), TODAY)
        self.assertEqual(member.email, "zhao.lei@private.example.com")
        self.assertEqual(member.partner_id.phone, "+86 138 0000 0000")
        self.assertFalse(member.birthday)
        self._consent(member, ("greetings",), TODAY)
        self.assertEqual(member.birthday, date(1990, 3, 5))

    # -- bad input

    def test_future_consent_refused(self):
        """A consent dated in the future (2099) is refused and changes nothing."""
        with self.assertRaises(ValidationError):
            self._consent(self.member_no_consent, ("contact",), date(2099, 1, 1))
        self.assertFalse(self.member_no_consent.consent_ids)
        self.assertEqual(self.member_no_consent.retention_date, date(2031, 2, 1))

    def test_future_birthday_refused(self):
        """A birthday in the future is refused."""
        with self.assertRaises(ValidationError):
            self.member.with_user(self.officer).birthday = date(2030, 1, 1)

    def test_consent_needs_evidence_and_channel(self):
        """Without evidence or channel, no consent is recorded."""
        Consent = self.env["alumni.consent"].with_user(self.officer)
        base = {"member_id": self.member_no_consent.id, "purpose": "contact", "date": TODAY}
        with self.assertRaises(ValidationError):
            Consent.create({**base, "channel": "email", "evidence": "   "})
        with self.assertRaises(ValidationError):
            Consent.create({**base, "evidence": "Signed form"})
        self.assertFalse(self.member_no_consent.consent_ids)

    def test_consent_cannot_be_rewritten(self):
        """A recorded consent is evidence: it is withdrawn, never edited."""
        consent = self.member.consent_ids[:1]
        with self.assertRaises(ValidationError):
            consent.with_user(self.officer).write({"date": date(2026, 2, 1)})

    def test_contact_without_consent_refused(self):
        """Logging a contact, a job offer or a hardship service without that consent is refused."""
        with self.assertRaises(UserError):
            self.env["alumni.interaction"].with_user(self.officer).create(
                {"member_id": self.member_no_consent.id, "kind": "career_advice"}
            )
        with self.assertRaises(UserError):
            self.env["alumni.interaction"].with_user(self.officer).create(
                {"member_id": self.member.id, "kind": "job_recommendation"}
            )
        hardship = self.env.ref("alumni_network.alumni_service_type_hardship")
        with self.assertRaises(UserError):
            self.env["alumni.service"].with_user(self.officer).create(
                {"member_id": self.member.id, "type_id": hardship.id}
            )
        self.assertFalse(self.member_no_consent.interaction_ids | self.member.interaction_ids)

    def test_sensitive_notes_need_their_own_consent(self):
        """Hardship notes are refused without the separate consent to sensitive notes."""
        with self.assertRaises(ValidationError):
            self.member.with_user(self.officer).sensitive_notes = "Long illness"
        self._consent(self.member, ("sensitive",), TODAY)
        self.member.with_user(self.officer).sensitive_notes = "Long illness"
        self.assertEqual(self.member.sensitive_notes, "Long illness")

    def test_sensitive_consent_is_written_and_carries_the_statement(self):
        """Sensitive notes need a written or electronic consent (never a call or a word in
        person) that carries the statement of their necessity and impact (PIPL arts. 29-30)."""
        for channel in ("phone", "in_person", "other"):
            with self.subTest(channel=channel), self.assertRaises(ValidationError):
                self._consent(self.member, ("sensitive",), TODAY, channel=channel)
        with self.assertRaises(ValidationError):
            self.env["alumni.consent"].with_user(self.officer).create(
                {
                    "member_id": self.member.id,
                    "purpose": "sensitive",
                    "channel": "paper",
                    "evidence": "Signed form 2026-018",
                    "statement": " ",
                }
            )
        consent = self._consent(self.member, ("sensitive",), TODAY, channel="wechat")
        self.assertIn("Why we ask", consent.statement)
        self.assertIn("How it affects you", consent.statement)
        self.assertIn("erased when you withdraw", consent.statement)
        self.member.with_user(self.officer).sensitive_notes = "Long illness"
        contact = self._consent(self.member, ("newsletter",), TODAY, channel="phone")
        self.assertFalse(contact.statement, "other purposes may be given by phone")
        # The statement says who reads the notes, and it is true: alumni officers, not HR.
        self.assertIn("read only by the company's alumni officers", consent.statement)
        self.assertNotIn("HR", consent.statement)
        self.assertEqual(self.member.with_user(self.officer).sensitive_notes, "Long illness")
        with self.assertRaises(AccessError):
            self.member.with_user(self.hr_user).read(["sensitive_notes"])

    # -- withdrawal

    def test_withdrawal_stops_purpose_and_erases(self):
        """Withdrawing stops the purpose at once and erases the data no other purpose needs."""
        member = self.member.with_user(self.officer)
        member.write({"phone": "+86 139 1111 2222", "birthday": date(1990, 5, 1)})
        self._consent(self.member, ("sensitive", "job_offers"), TODAY)
        member.sensitive_notes = "Family hardship"
        referral = self.env.ref("alumni_network.alumni_service_type_job_referral")
        service = (
            self.env["alumni.service"]
            .with_user(self.officer)
            .create({"member_id": self.member.id, "type_id": referral.id})
        )
        consents = {c.purpose: c for c in self.member.consent_ids}

        consents["greetings"].with_user(self.officer).action_withdraw()
        self.assertFalse(self.member.birthday, "Only greetings needed the birthday.")
        self.assertEqual(self.member.email, "li.wei@example.com", "Contact still needs it.")
        with self.assertRaises(UserError):
            self.member.with_user(self.officer).action_send_greeting()

        consents["job_offers"].with_user(self.officer).action_withdraw()
        self.assertEqual(service.state, "cancelled")

        consents["sensitive"].with_user(self.officer).action_withdraw()
        self.assertFalse(self.member.sensitive_notes)

        consents["contact"].with_user(self.officer).action_withdraw()
        self.assertFalse(self.member.email or self.member.phone)
        self.assertFalse(self.member.partner_id.email or self.member.partner_id.phone)
        self.assertFalse(self.member.can_receive_mail)
        self.assertEqual(consents["contact"].withdrawal_date, TODAY)
        with self.assertRaises(UserError):
            self.env["alumni.interaction"].with_user(self.officer).create(
                {"member_id": self.member.id, "kind": "career_advice"}
            )

    # -- retention

    def test_retention_capped_by_company_maximum(self):
        """A renewed consent extends retention, never beyond the company maximum after exit."""
        self.company.alumni_retention_max_years = 6
        old = self.env["alumni.member"].create(
            {"name": "Lao Zhang", "departure_date": date(2021, 3, 1)}
        )
        self._consent(old, ("contact",), date(2026, 2, 1))
        self.assertEqual(old.retention_date, date(2027, 3, 1))
        with self.assertRaises(ValidationError):
            self.company.alumni_retention_max_years = 4

    # -- anonymisation

    def _text_columns(self, table):
        self.env.cr.execute(
            SQL(
                "SELECT column_name FROM information_schema.columns WHERE table_name = %s "
                "AND data_type IN ('character varying', 'text', 'jsonb')",
                table,
            )
        )
        return [row[0] for row in self.env.cr.fetchall()]

    def _texts(self, table, ids):
        """Every text, char and jsonb value of the rows ``ids`` of ``table``, as one string."""
        if not ids:
            return ""
        columns = self._text_columns(table)
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                "SELECT concat_ws(' ', %s) FROM %s WHERE id = ANY(%s)",
                SQL(", ").join(SQL("%s::text", SQL.identifier(col)) for col in columns),
                SQL.identifier(table),
                list(ids),
            )
        )
        return " ".join(row[0] or "" for row in self.env.cr.fetchall())

    def test_anonymisation_leaves_nothing_personal(self):
        """Anonymisation erases member, private contact (chatter, attachments), CV and notes."""
        _employee, member = self._archive("Qin Yue")
        self._consent(member, ("contact", "greetings", "sensitive"), TODAY)
        officer_member = member.with_user(self.officer)
        officer_member.write(
            {
                "notes": "<p>Qin Yue wants to travel</p>",
                "sensitive_notes": "Qin Yue is ill",
                "new_employer": "Qin Yue Consulting",
                "cv_file": b"UWluIFl1ZSBDVg==",
                "cv_filename": "Qin Yue CV.pdf",
            }
        )
        self.env["alumni.interaction"].with_user(self.officer).create(
            {"member_id": member.id, "kind": "career_advice", "notes": "Called Qin Yue"}
        )
        self.env["alumni.feedback"].create(
            {"member_id": member.id, "kind": "complaint", "description": "I am Qin Yue"}
        )
        partner = member.partner_id
        partner.message_post(body="Private note about Qin Yue, qin.yue@private.example.com")
        self.env["ir.attachment"].create(
            {
                "name": "Qin Yue ID.png",
                "res_model": "res.partner",
                "res_id": partner.id,
                "raw": b"Qin Yue",
            }
        )
        event = self.env["event.event"].create(
            {
                "name": "Alumni Talk",
                "date_begin": "2026-04-01 10:00:00",
                "date_end": "2026-04-01 12:00:00",
            }
        )
        registration = self.env["event.registration"].create(
            {"event_id": event.id, "partner_id": partner.id}
        )
        self.assertEqual(registration.email, "qin.yue@private.example.com")
        self.assertEqual(member.email, "qin.yue@private.example.com")
        related = {
            "event_registration": registration.ids,
            "alumni_interaction": member.interaction_ids.ids,
            "alumni_feedback": member.feedback_ids.ids,
            "alumni_consent": member.consent_ids.ids,
        }

        member.with_user(self.manager).action_anonymize()

        personal = ("Qin Yue", "qin.yue", "138 0000 0000", "0000 0000")
        texts = self._texts("alumni_member", member.ids) + self._texts("res_partner", partner.ids)
        for table, ids in related.items():
            texts += self._texts(table, ids)
        messages = self.env["mail.message"].search(
            [
                "|",
                "&",
                ("model", "=", "alumni.member"),
                ("res_id", "=", member.id),
                "&",
                ("model", "=", "res.partner"),
                ("res_id", "=", partner.id),
            ]
        )
        texts += self._texts("mail_message", messages.ids)
        for value in personal:
            self.assertNotIn(value, texts)
        attachments = self.env["ir.attachment"].search(
            [
                "|",
                "&",
                ("res_model", "=", "alumni.member"),
                ("res_id", "=", member.id),
                "&",
                ("res_model", "=", "res.partner"),
                ("res_id", "=", partner.id),
            ]
        )
        self.assertFalse(attachments, "CV and contact attachments are deleted.")
        self.assertFalse(member.employee_id)
        self.assertEqual(member.state, "anonymized")
        self.assertEqual(member.department_id, self.department, "Statistics stay.")

    def test_anonymised_member_is_locked(self):
        """Every write to an anonymised member is refused, for managers too."""
        self.member.with_user(self.manager).action_anonymize()
        for user in (self.officer, self.manager):
            with self.assertRaises(UserError):
                self.member.with_user(user).write({"notes": "<p>back</p>"})
            with self.assertRaises(UserError):
                self.member.with_user(user).write({"job_title": "Anything"})
        with self.assertRaises(ValidationError):
            self._consent(self.member, ("contact",), TODAY)
        self.assertEqual(self.member.state, "anonymized")
