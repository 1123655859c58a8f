from odoo.tests import tagged

from .common import WecomCase

GET_BY_USER = "externalcontact/batch/get_by_user"


@tagged("post_install", "-at_install")
class TestWecomContacts(WecomCase):
    def test_import_pages_and_chunks(self):
        """Members are asked 100 userids a call and contacts read 100 a page, cursor after
        cursor; every contact is stored once, with its followers, remarks and tags."""
        with self.clock():
            members = self.env["hr.employee"].create(
                [
                    {"name": f"Member {index}", "wecom_userid": f"member{index:03d}"}
                    for index in range(130)
                ]
            )
            for index in range(130):
                self.fake.add_user(f"member{index:03d}")
            clients = self._clients(150)
            self.fake.follow("wmClient000", "succ_b", tags=["etTAG1"])
            self.fake.add_contact("wmMember", "Member contact", "member129")
            contacts = self._import()
            calls = self.fake.calls_to(GET_BY_USER)
            self.assertTrue(all(len(call["userid_list"]) <= 100 for call in calls))
            self.assertEqual(
                {userid for call in calls for userid in call["userid_list"]},
                {*members.mapped("wecom_userid"), "leaver", "succ_b", "succ_c", "succ_d"},
            )
            self.assertGreaterEqual(len(calls), 3, "two chunks, the first read in two pages")
            self.assertEqual(len(contacts), 151)
            first = contacts.filtered(lambda c: c.external_userid == "wmClient000")
            self.assertEqual(set(first.follow_ids.mapped("userid")), {"leaver", "succ_b"})
            self.assertEqual(
                first.follow_ids.filtered(lambda f: f.userid == "succ_b").tags, "etTAG1"
            )
            self.assertEqual(first.follow_ids.employee_id, self.leaver | self.succ_b)
            self.assertEqual(first.partner_id, clients[0])
            self.assertEqual(first.match_method, "mobile")
            # A second import updates, never duplicates.
            self.assertEqual(len(self._import()), 151)
            self.assertEqual(self.env["wecom.contact"].search_count([]), 151)

    def test_matching(self):
        """Mobile first, then an e-mail in the description, then a company's unique name;
        the others are listed unmatched, to match by hand or create."""
        with self.clock():
            by_mail = self.env["res.partner"].create(
                {"name": "Zhao Lei", "email": "Zhao.Lei@example.cn"}
            )
            company = self.env["res.partner"].create({"name": "深圳星河科技", "is_company": True})
            self.env["res.partner"].create([{"name": "Twin Co", "is_company": True}] * 2)
            self.fake.add_contact(
                "wmMail", "Zhao", "leaver", description="mail: zhao.lei@example.cn"
            )
            self.fake.add_contact("wmCorp", "Wang", "leaver", corp_name="深圳星河科技")
            self.fake.add_contact("wmTwin", "Twin buyer", "leaver", corp_name="Twin Co")
            self.fake.add_contact("wmNobody", "Stranger", "leaver", mobile="13512345678")
            contacts = self._import()
            by_ext = {c.external_userid: c for c in contacts}
            self.assertEqual(by_ext["wmMail"].partner_id, by_mail)
            self.assertEqual(by_ext["wmMail"].match_method, "email")
            self.assertEqual(by_ext["wmCorp"].partner_id, company)
            self.assertEqual(by_ext["wmCorp"].match_method, "company")
            self.assertFalse(by_ext["wmTwin"].partner_id, "two companies of that name")
            unmatched = self.env["wecom.contact"].search([("partner_id", "=", False)])
            self.assertEqual(set(unmatched.mapped("external_userid")), {"wmTwin", "wmNobody"})
            self.assertEqual(set(unmatched.mapped("reconcile_state")), {"unmatched"})

            manager = self.env(user=self.manager_user)
            manager["wecom.contact"].browse(by_ext["wmNobody"].id).action_create_partner()
            created = by_ext["wmNobody"].partner_id
            self.assertEqual((created.name, created.phone), ("Stranger", "13512345678"))
            self.assertEqual(by_ext["wmNobody"].match_method, "created")
            manager["wecom.contact"].browse(by_ext["wmTwin"].id).partner_id = company
            self.assertEqual(by_ext["wmTwin"].match_method, "manual")

    def test_reconciliation(self):
        """Listed where Odoo's custodian does not follow the client in WeCom."""
        with self.clock():
            agree, differ = self._clients(2)
            self.env["custody.assignment"]._move(differ, self.succ_c, origin="assigned")
            contacts = self._import()
            by_partner = {c.partner_id: c for c in contacts}
            self.assertEqual(by_partner[agree].reconcile_state, "agree")
            self.assertEqual(by_partner[differ].reconcile_state, "differ")
            self.assertEqual(by_partner[differ].custodian_id, self.succ_c)
            action = self.env.ref("client_custody_wecom.wecom_contact_action_reconcile")
            disagree = self.env["wecom.contact"].search(
                [("reconcile_state", "in", ("differ", "no_custodian"))]
            )
            self.assertEqual(disagree, by_partner[differ])
            self.assertIn("search_default_disagree", action.context)
            # Custody moves to a follower: they agree again.
            self.env["custody.assignment"]._move(differ, self.leaver, origin="assigned")
            self.assertEqual(by_partner[differ].reconcile_state, "agree")
