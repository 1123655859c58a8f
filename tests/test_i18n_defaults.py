"""Records created from data speak the reader's language (issue 15): a Chinese company's default
checklist is in Chinese, an officer reading Chinese gets Chinese activity summaries."""

from odoo.tests import TransactionCase, new_test_user, tagged

from odoo.addons.base.tests.common import DISABLED_MAIL_CONTEXT


@tagged("post_install", "-at_install")
class TestDefaultsInLanguage(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # The creating user works in English: the language must come from the company / recipient.
        cls.env = cls.env(context=dict(cls.env.context, lang="en_US", **DISABLED_MAIL_CONTEXT))
        cls.env["res.lang"]._activate_lang("zh_CN")
        cls.env["ir.module.module"]._load_module_terms(
            ["client_custody_handover", "alumni_network", "client_custody_alumni"], ["zh_CN"]
        )
        cls.company_cn = cls.env["res.company"].create({"name": "Shanghai Custody Test Co."})
        cls.company_cn.partner_id.lang = "zh_CN"
        cls.company_en = cls.env["res.company"].create({"name": "London Custody Test Ltd."})
        cls.company_en.partner_id.lang = "en_US"

    def _handover_items(self, company):
        employee = self.env["hr.employee"].create(
            # The departure is recorded: a departure handover needs a leaver.
            {"name": "Li Lei", "company_id": company.id, "departure_date": "2026-12-31"}
        )
        handover = self.env["custody.handover"]._prepare(employee, [])
        return set(handover.item_ids.mapped("name"))

    def test_default_checklist_in_company_language(self):
        """The default checklist is named in the company's language, whoever creates it."""
        self.assertLessEqual({"公司邮箱", "笔记本电脑"}, self._handover_items(self.company_cn))
        self.assertLessEqual({"Company mailbox", "Laptop"}, self._handover_items(self.company_en))

    def test_transfer_certificate_names_no_leaver(self):
        """The Chinese certificate of an on-the-job transfer names the employee handing over,
        never a leaver (离职员工), and says 在职继承."""
        employee = self.env["hr.employee"].create(
            {"name": "Han Meimei", "company_id": self.company_cn.id}
        )
        employee.work_contact_id.lang = "zh_CN"
        handover = self.env["custody.handover"]._prepare(employee, [], {"kind": "transfer"})
        html, _format = self.env["ir.actions.report"]._render_qweb_html(
            "client_custody_handover.action_report_custody_handover", handover.ids
        )
        html = html.decode()
        self.assertIn("移交人", html)
        self.assertIn("在职继承", html)
        self.assertIn("公司邮箱", html, "the checklist is in the company's language")
        self.assertNotIn("离职", html)

    def test_first_contact_activity_in_officer_language(self):
        """The first-contact activity's summary is in the language of the officer it goes to."""
        summaries = {}
        for lang in ("zh_CN", "en_US"):
            officer = new_test_user(
                self.env,
                login=f"i18n_officer_{lang}",
                groups="alumni_network.group_alumni_officer",
                lang=lang,
            )
            member = self.env["alumni.member"].create(
                {"name": f"Alumnus {lang}", "user_id": officer.id, "email": f"{lang}@example.com"}
            )
            member._schedule_first_contact()
            summaries[lang] = member.activity_ids.filtered(
                lambda a, officer=officer: a.user_id == officer
            ).mapped("summary")
        self.assertEqual(summaries["zh_CN"], ["首次联系并发送服务指南"])
        self.assertEqual(summaries["en_US"], ["First contact: send the service guide"])
