import json
from datetime import date, datetime, timedelta

from odoo.tests import HttpCase, JsonRpcException, new_test_user, tagged

from .common import ExitCase


@tagged("post_install", "-at_install")
class TestExitOverHttp(ExitCase, HttpCase):
    """What the form hides is refused on the wire too: guarded fields over JSON-RPC and
    /json/2, and the certificate's report URL."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.portal = new_test_user(cls.env, login="exit_portal", groups="base.group_portal")
        cls.exit = cls.Exit.create(
            {
                "employee_id": cls.leaver.id,
                "termination_kind": "mutual_employer",
                "notice_date": date(2026, 3, 2),
                "severance_wage_average": 8000.0,
            }
        )
        cls.exit.write({"state": "departed", "departure_date": date(2026, 4, 1)})

    def _call_kw(self, login, vals):
        self.authenticate(login, login)
        return self.make_jsonrpc_request(
            "/web/dataset/call_kw",
            {
                "model": "hr.exit",
                "method": "write",
                "args": [self.exit.ids, vals],
                "kwargs": {},
            },
        )

    def test_guarded_fields_over_call_kw(self):
        """HR officer and HR manager write severance_state / the paid date over call_kw: refused."""
        for login in ("exit_hr_officer", "exit_hr_manager", "admin"):
            for vals in ({"severance_state": "paid"}, {"severance_paid_date": "2026-04-02"}):
                with self.subTest(login=login, vals=vals), self.assertRaises(JsonRpcException):
                    self._call_kw(login, vals)
        self.exit.invalidate_recordset()
        self.assertEqual(self.exit.severance_state, "payable")
        self.assertFalse(self.exit.severance_paid_date)

    def test_guarded_fields_over_json2(self):
        """The same write with an HR manager's API key on /json/2: refused, nothing written."""
        key = (
            self.env["res.users.apikeys"]
            .with_user(self.hr_manager)
            ._generate(scope="rpc", name="exit", expiration_date=datetime.now() + timedelta(days=1))
        )
        for vals in ({"severance_state": "paid"}, {"severance_paid_date": "2026-04-02"}):
            with self.subTest(vals=vals):
                response = self.url_open(
                    "/json/2/hr.exit/write",
                    data=json.dumps({"ids": self.exit.ids, "vals": vals}),
                    headers={
                        "Content-Type": "application/json",
                        "Authorization": f"Bearer {key}",
                    },
                )
                self.assertNotEqual(response.status_code, 200)
                self.assertIn("change only through their own actions", response.text)
        self.exit.invalidate_recordset()
        self.assertEqual(self.exit.severance_state, "payable")
        # The transition still works.
        self.exit.with_user(self.hr_manager).action_pay_severance()
        self.assertEqual(self.exit.severance_state, "paid")

    def test_certificate_url_only_for_hr_and_the_employee(self):
        """The report URL: HR and the employee themself get the certificate; a portal user and
        a colleague who know the id are refused."""
        url = f"/report/html/client_custody_exit_cn.report_termination_certificate/{self.exit.id}"
        for login in ("exit_portal", "exit_sales_1"):
            with self.subTest(login=login):
                self.authenticate(login, login)
                response = self.url_open(url)
                self.assertNotEqual(response.status_code, 200)
                self.assertNotIn("Account Manager", response.text)
        for login in ("exit_hr_officer", "exit_sales_0"):  # exit_sales_0 is the leaver
            with self.subTest(login=login):
                self.authenticate(login, login)
                response = self.url_open(url)
                self.assertEqual(response.status_code, 200)
                self.assertIn("Certificate of the Dissolution of the Labour Contract", response.text)
