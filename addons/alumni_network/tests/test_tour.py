from datetime import date

from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestAlumniTour(HttpCase):
    def test_talent_pool_tour(self):
        """An officer records consent, logs a contact, grants a benefit; then the consent ends."""
        new_test_user(
            self.env,
            login="alumni_tour_officer",
            groups="alumni_network.group_alumni_officer",
            name="Tour Officer",
        )
        member = self.env["alumni.member"].create(
            {
                "name": "Tour Alumnus",
                "email": "tour@example.com",
                "departure_date": date(2026, 1, 5),
                "rehire_eligibility": "eligible",
                "open_to_return": True,
            }
        )
        self.start_tour(
            "/odoo/action-alumni_network.alumni_member_action_talent_pool",
            "alumni_network_talent_pool_tour",
            login="alumni_tour_officer",
        )
        consent = member.consent_ids
        self.assertEqual((consent.purpose, consent.channel), ("contact", "paper"))
        self.assertIn("2026-031", consent.evidence)
        self.assertEqual(member.interaction_ids.kind, "first_contact")
        guide = self.env["mail.mail"].search(
            [
                ("model", "=", "alumni.member"),
                ("res_id", "=", member.id),
                ("subject", "=like", "Your alumni service guide%"),
            ]
        )
        self.assertEqual(len(guide), 1)
        self.assertEqual(member.benefit_ids.type_id.name, "Training Platform Access")
        self.assertEqual(member.benefit_ids.state, "active")
        self.assertEqual(consent.state, "withdrawn")
        self.assertFalse(member.email, "No purpose needs the e-mail any more: erased.")

    def test_dashboard_tour(self):
        """The dashboard warns without a default officer and filters its figures by year."""
        new_test_user(
            self.env,
            login="alumni_dashboard_officer",
            groups="alumni_network.group_alumni_officer",
            name="Dashboard Officer",
        )
        self.env.company.alumni_officer_id = False
        Member = self.env["alumni.member"]
        left_2025, _left_2026 = Member.create(
            [
                {"name": "Left 2025", "departure_date": date(2025, 6, 1)},
                {"name": "Left 2026", "departure_date": date(2026, 6, 1)},
            ]
        )
        self.env["alumni.consent"].create(
            {
                "member_id": left_2025.id,
                "purpose": "contact",
                "channel": "phone",
                "date": date(2025, 6, 1),
                "evidence": "Agreed on the phone, noted by the officer",
            }
        )
        self.env["alumni.interaction"].create(
            {"member_id": left_2025.id, "kind": "first_contact", "date": date(2025, 6, 3)}
        )
        self.start_tour(
            "/odoo/action-alumni_network.alumni_dashboard_action",
            "alumni_network_dashboard_tour",
            login="alumni_dashboard_officer",
        )
