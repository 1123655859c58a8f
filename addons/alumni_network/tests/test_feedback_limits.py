import re
from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError
from odoo.tests import HttpCase, new_test_user, tagged

from odoo.addons.alumni_network.controllers.main import (
    LIMIT_PER_ADDRESS,
    LIMIT_PER_LINK,
    address_digest,
)


@tagged("post_install", "-at_install")
class TestFeedbackLinkLimits(HttpCase):
    """The no-login feedback link: duplicates folded, limits per link and per address (HTTP 429
    in the alumnus' language), a link that expires and can be reissued."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("zh_CN")
        cls.env["ir.module.module"]._load_module_terms(["alumni_network"], ["zh_CN"])
        cls.officer = new_test_user(
            cls.env,
            login="alumni_limits_officer",
            groups="alumni_network.group_alumni_officer",
            name="Lin Limits",
        )
        cls.env.company.alumni_officer_id = cls.officer
        cls.member = cls.env["alumni.member"].create({"name": "Gao Yuan"})
        cls.member.partner_id.lang = "zh_CN"

    def _path(self, member=None):
        member = member or self.member
        return member._alumni_feedback_url().replace(member.get_base_url(), "")

    def _csrf(self, path):
        page = self.url_open(path)
        return re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)

    def _post(self, path, csrf, text):
        return self.url_open(
            path, data={"kind": "complaint", "description": text, "csrf_token": csrf}
        )

    def _feedback(self, member=None):
        return self.env["alumni.feedback"].search([("member_id", "=", (member or self.member).id)])

    def test_hundred_identical_posts_make_one_complaint(self):
        """100 posts of the same message through one link: one complaint, one activity."""
        path = self._path()
        csrf = self._csrf(path)
        for _i in range(100):
            answer = self._post(path, csrf, "Nobody called me back")
            self.assertEqual(answer.status_code, 200)
        feedback = self._feedback()
        self.assertEqual(len(feedback), 1)
        self.assertEqual(len(feedback.activity_ids), 1)

    def test_per_link_limit_answers_429_in_the_alumnus_language(self):
        """Past LIMIT_PER_LINK different messages in an hour, HTTP 429, in Chinese for a
        Chinese-speaking alumnus whatever the browser says, and nothing more is recorded."""
        path = self._path()
        csrf = self._csrf(path)
        for number in range(LIMIT_PER_LINK):
            self.assertEqual(self._post(path, csrf, f"Message {number}").status_code, 200)
        answer = self.url_open(
            path,
            data={"kind": "complaint", "description": "One more", "csrf_token": csrf},
            headers={"Accept-Language": "en-US,en;q=0.9"},
        )
        self.assertEqual(answer.status_code, 429)
        self.assertIn("o_alumni_feedback_limited", answer.text)
        self.assertIn("请一小时后再试", answer.text)
        self.assertEqual(len(self._feedback()), LIMIT_PER_LINK)

    def test_per_address_limit(self):
        """Past LIMIT_PER_ADDRESS messages in an hour from one address, HTTP 429 on any link."""
        others = self.env["alumni.member"].create([{"name": "Other 1"}, {"name": "Other 2"}])
        key = address_digest(self.env, "127.0.0.1")
        self.env["alumni.feedback"].create(
            [
                {"member_id": others[0].id, "description": f"Old {n}", "submitted_from": key}
                for n in range(LIMIT_PER_ADDRESS)
            ]
        )
        path = self._path(others[1])
        answer = self._post(path, self._csrf(path), "From the same office")
        self.assertEqual(answer.status_code, 429)
        self.assertFalse(self._feedback(others[1]))

    def test_link_expires_and_the_next_mail_renews_it(self):
        """An expired link shows so (HTTP 410) and records nothing; the next mail quotes a new,
        working link; a mail within the year pushes the expiry back."""
        path = self._path()
        self.member.feedback_token_expiry = fields.Datetime.now() - timedelta(days=1)
        page = self.url_open(path)
        self.assertEqual(page.status_code, 410)
        self.assertIn("o_alumni_feedback_expired", page.text)
        new_path = self._path()
        self.assertNotEqual(new_path, path)
        self.assertEqual(self.url_open(new_path).status_code, 200)
        self.assertEqual(self.url_open(path).status_code, 404)
        self.member.feedback_token_expiry = fields.Datetime.now() + timedelta(days=100)
        self.assertEqual(self._path(), new_path)
        self.assertGreater(
            self.member.feedback_token_expiry, fields.Datetime.now() + timedelta(days=300)
        )

    def test_officer_reissues_the_link(self):
        """The officer revokes a leaked link: the old one is dead, the new one works."""
        path = self._path()
        self.member.with_user(self.officer).action_reissue_feedback_link()
        self.assertEqual(self.url_open(path).status_code, 404)
        self.assertEqual(self.url_open(self._path()).status_code, 200)


@tagged("post_install", "-at_install")
class TestAlumniAddressesHiddenFromMarketing(HttpCase):
    """A marketing user without alumni or HR rights reads no alumnus' private address: not in
    mailing traces, not through the members (read or export)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.marketer = new_test_user(
            cls.env,
            login="alumni_marketer",
            groups="mass_mailing.group_mass_mailing_user,base.group_allow_export",
        )
        cls.officer = new_test_user(
            cls.env,
            login="alumni_trace_officer",
            groups="alumni_network.group_alumni_officer,mass_mailing.group_mass_mailing_user",
        )
        cls.member = cls.env["alumni.member"].create(
            {"name": "Private Person", "email": "private.person@example.com"}
        )
        mailing = cls.env["mailing.mailing"].create(
            {
                "subject": "Alumni news",
                "mailing_model_id": cls.env["ir.model"]._get_id("alumni.member"),
            }
        )
        partner_mailing = cls.env["mailing.mailing"].create(
            {
                "subject": "Product news",
                "mailing_model_id": cls.env["ir.model"]._get_id("res.partner"),
            }
        )
        Trace = cls.env["mailing.trace"]
        cls.trace = Trace.create(
            {
                "mass_mailing_id": mailing.id,
                "model": "alumni.member",
                "res_id": cls.member.id,
                "email": "private.person@example.com",
            }
        )
        cls.partner_trace = Trace.create(
            {
                "mass_mailing_id": partner_mailing.id,
                "model": "res.partner",
                "res_id": cls.env.user.partner_id.id,
                "email": "customer@example.com",
            }
        )

    def test_marketing_user_reads_no_alumni_trace(self):
        """Traces of alumni mailings are invisible to the marketing user; others stay visible."""
        Trace = self.env["mailing.trace"].with_user(self.marketer)
        found = Trace.search([("id", "in", (self.trace | self.partner_trace).ids)])
        self.assertEqual(found, self.partner_trace)
        self.assertFalse(Trace.search([("email", "ilike", "private.person")]))
        with self.assertRaises(AccessError):
            self.trace.with_user(self.marketer).read(["email"])
        exported = Trace.browse(self.trace.ids).with_context(active_test=False)
        with self.assertRaises(AccessError):
            exported.export_data(["email"])

    def test_officer_reads_alumni_traces(self):
        """The alumni officer still sees them (and the mailing's statistics count them)."""
        trace = self.trace.with_user(self.officer)
        self.assertEqual(trace.email, "private.person@example.com")

    def test_marketing_user_cannot_read_or_export_members(self):
        """The members themselves are closed to the marketing user (read and export)."""
        member = self.member.with_user(self.marketer)
        with self.assertRaises(AccessError):
            member.read(["email"])
        with self.assertRaises(AccessError):
            member.export_data(["email"])
