import json
from datetime import datetime, timedelta

from odoo.exceptions import ValidationError
from odoo.tests import HttpCase, TransactionCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestAlumniSettingBounds(TransactionCase):
    """Every alumni setting has a range; out of it, a clear error names the range."""

    def test_retention_of_two_billion_years_refused(self):
        """A retention of 2e9 years (or past int4) is refused with its range, nothing changed."""
        company = self.env.company
        before = (company.alumni_retention_years, company.alumni_retention_max_years)
        for value in (2_000_000_000, 10**10, 31, 0, -5):
            with self.subTest(value=value), self.assertRaises(ValidationError) as caught:
                company.write({"alumni_retention_years": value, "alumni_retention_max_years": 30})
            self.assertIn("between 1 and 30", str(caught.exception))
            self.assertIn(f"it is {value}", str(caught.exception))
        company.invalidate_recordset()
        self.assertEqual(
            (company.alumni_retention_years, company.alumni_retention_max_years), before
        )

    def test_settings_form_refuses_out_of_range(self):
        """The settings screen goes through the same check."""
        with self.assertRaises(ValidationError):
            self.env["res.config.settings"].create(
                {"alumni_retention_max_years": 2_000_000_000}
            ).execute()
        self.assertEqual(self.env.company.alumni_retention_max_years, 10)

    def test_each_window_bounded(self):
        """Cadence and answer time have an upper bound too; values inside the range are kept."""
        company = self.env.company
        for fname, high in (("alumni_contact_cadence_days", 3650), ("alumni_feedback_days", 90)):
            with self.subTest(fname=fname), self.assertRaises(ValidationError):
                company.write({fname: high + 1})
            company.write({fname: high})
            self.assertEqual(company[fname], high)
        company.write({"alumni_retention_years": 30, "alumni_retention_max_years": 30})
        self.assertEqual(company.alumni_retention_max_years, 30)


@tagged("post_install", "-at_install")
class TestMessagesOverRpc(HttpCase):
    """A zh_CN user gets constraint and duplicate messages in Chinese over every RPC path."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("zh_CN")
        cls.env["ir.module.module"]._load_module_terms(["alumni_network"], ["zh_CN"])
        cls.officer = new_test_user(
            cls.env,
            login="alumni_rpc_officer_zh",
            password="alumni_rpc_officer_zh",
            groups="alumni_network.group_alumni_officer,hr.group_hr_user,base.group_system",
            lang="zh_CN",
        )
        employee = cls.env["hr.employee"].create({"name": "Rpc Leaver"})
        cls.member_a, cls.member_b = cls.env["alumni.member"].create(
            [{"name": "Rpc Alumnus A", "employee_id": employee.id}, {"name": "Rpc Alumnus B"}]
        )
        cls.employee = employee
        cls.key = (
            cls.env["res.users.apikeys"]
            .with_user(cls.officer)
            ._generate(scope="rpc", name="test", expiration_date=datetime.now() + timedelta(days=1))
        )

    def _call_kw(self, model, method, args):
        self.authenticate("alumni_rpc_officer_zh", "alumni_rpc_officer_zh")
        payload = {
            "jsonrpc": "2.0",
            "method": "call",
            "params": {"model": model, "method": method, "args": args, "kwargs": {}},
        }
        res = self.url_open(
            f"/web/dataset/call_kw/{model}/{method}",
            data=json.dumps(payload),
            headers={"Content-Type": "application/json"},
        )
        return res.json()["error"]["data"]["message"]

    def _json2(self, model, method, body):
        res = self.url_open(
            f"/json/2/{model}/{method}",
            data=json.dumps(body),
            headers={
                "Content-Type": "application/json",
                "Authorization": f"Bearer {self.key}",
                "Accept-Language": "en-US,en;q=0.9",
            },
        )
        self.assertEqual(res.status_code, 422, res.text)
        return res.json()["message"]

    def test_duplicate_in_chinese_over_call_kw(self):
        """A duplicate reference over the web client's RPC: the constraint's message in zh_CN."""
        message = self._call_kw(
            "alumni.member", "write", [self.member_b.ids, {"ref": self.member_a.ref}]
        )
        self.assertIn("成员编号在每家公司内必须唯一。", message)
        self.assertNotIn("must be unique", message)

    def test_duplicate_in_chinese_over_json2(self):
        """The same over /json/2 with an API key, whatever the HTTP client's Accept-Language:
        a write flushed after the call, and a create refused at once (a unique index)."""
        message = self._json2(
            "alumni.member", "write", {"ids": self.member_b.ids, "vals": {"ref": self.member_a.ref}}
        )
        self.assertIn("操作无法完成：成员编号在每家公司内必须唯一。", message)
        message = self._json2(
            "alumni.member",
            "create",
            {"vals_list": [{"name": "Rpc Again", "employee_id": self.employee.id}]},
        )
        self.assertIn("每位员工只有一条企业校友记录。", message)
        self.assertFalse(self.env["alumni.member"].search([("name", "=", "Rpc Again")]))

    def test_validation_in_chinese_over_json2(self):
        """A Python constraint (the retention range) over /json/2: in zh_CN."""
        company = self.officer.company_id
        message = self._json2(
            "res.company",
            "write",
            {"ids": company.ids, "vals": {"alumni_retention_years": 2_000_000_000}},
        )
        self.assertIn("30", message)
        self.assertNotIn("must be between", message)
