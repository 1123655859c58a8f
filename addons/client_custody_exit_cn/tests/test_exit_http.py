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
        cls.exit._register_departure(date(2026, 4, 1))

    def _call_kw(self, login, vals, records=None):
        records = records or self.exit
        self.authenticate(login, login)
        return self.make_jsonrpc_request(
            "/web/dataset/call_kw",
            {
                "model": records._name,
                "method": "write",
                "args": [records.ids, vals],
                "kwargs": {},
            },
        )

    def _json2(self, user, records, vals):
        key = (
            self.env["res.users.apikeys"]
            .with_user(user)
            ._generate(scope="rpc", name="exit", expiration_date=datetime.now() + timedelta(days=1))
        )
        return self.url_open(
            f"/json/2/{records._name}/write",
            data=json.dumps({"ids": records.ids, "vals": vals}),
            headers={"Content-Type": "application/json", "Authorization": f"Bearer {key}"},
        )

    def test_noncompete_guarded_fields_over_rpc(self):
        """Issue 22: a started non-compete's state, its months' amounts and states, and its
        amendments, written over call_kw (HR officer, HR manager, admin) and /json/2 (HR
        manager): refused, nothing written."""
        self.leaver.exit_confidentiality_date = date(2024, 5, 6)
        self.leaver.sudo().departure_date = date(2026, 4, 1)
        noncompete = (
            self.env["custody.noncompete"]
            .with_user(self.hr_manager)
            .create({"employee_id": self.leaver.id, "average_wage": 10000.0, "duration_months": 3})
        )
        noncompete.action_start()
        amendment = (
            self.env["custody.noncompete.amendment"]
            .with_user(self.hr_manager)
            .create(
                {
                    "noncompete_id": noncompete.id,
                    "date_effective": date(2026, 5, 1),
                    "monthly_compensation": 3500.0,
                    "reason": "Raised after the mediation",
                }
            )
        )
        month = noncompete.month_ids[0]
        cases = [
            (noncompete, {"state": "expired"}),
            (noncompete, {"ended_date": "2026-05-01"}),
            (month, {"amount": 1.0}),
            (month, {"state": "paid"}),
            (amendment, {"monthly_compensation": 1.0}),
        ]
        for records, vals in cases:
            for login in ("exit_hr_officer", "exit_hr_manager", "admin"):
                with self.subTest(model=records._name, vals=vals, login=login):
                    with self.assertRaises(JsonRpcException):
                        self._call_kw(login, vals, records)
            with self.subTest(model=records._name, vals=vals, path="json2"):
                response = self._json2(self.hr_manager, records, vals)
                self.assertNotEqual(response.status_code, 200)
        for record in (noncompete, month, amendment):
            record.invalidate_recordset()
        self.assertEqual(noncompete.state, "active")
        self.assertEqual((month.sudo().amount, month.state), (3000.0, "unpaid"))
        self.assertEqual(amendment.sudo().monthly_compensation, 3500.0)

    def test_guarded_fields_over_call_kw(self):
        """HR officer and HR manager write severance_state / the paid date over call_kw: refused."""
        for login in ("exit_hr_officer", "exit_hr_manager", "admin"):
            for vals in (
                {"state": "closed"},
                {"severance_state": "paid"},
                {"severance_paid_date": "2026-04-02"},
            ):
                with self.subTest(login=login, vals=vals), self.assertRaises(JsonRpcException):
                    self._call_kw(login, vals)
        self.exit.invalidate_recordset()
        self.assertEqual((self.exit.state, self.exit.severance_state), ("departed", "payable"))
        self.assertFalse(self.exit.severance_paid_date)

    def test_guarded_fields_over_json2(self):
        """The same write with an HR manager's API key on /json/2: refused, nothing written."""
        key = (
            self.env["res.users.apikeys"]
            .with_user(self.hr_manager)
            ._generate(scope="rpc", name="exit", expiration_date=datetime.now() + timedelta(days=1))
        )
        for vals in (
            {"state": "closed"},
            {"severance_state": "paid"},
            {"severance_paid_date": "2026-04-02"},
        ):
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
                self.assertIn(
                    "Certificate of the Dissolution of the Labour Contract", response.text
                )

    def test_certificate_pdf_only_for_hr_and_the_employee(self):
        """Issue 27 item 6, the PDF route: HR and the employee themself download the
        certificate; a portal user, a colleague and a custody manager who know the id get an
        access error and no PDF."""
        url = f"/report/pdf/client_custody_exit_cn.report_termination_certificate/{self.exit.id}"
        for login in ("exit_portal", "exit_sales_1", "exit_custody_manager"):
            with self.subTest(login=login):
                self.authenticate(login, login)
                response = self.url_open(url)
                self.assertEqual(response.status_code, 403)
                self.assertNotEqual(response.headers.get("Content-Type"), "application/pdf")
                self.assertIn(
                    "Only HR and the employee themself may print a termination certificate",
                    response.text,
                )
        for login in ("exit_hr_officer", "exit_sales_0"):  # exit_sales_0 is the leaver
            with self.subTest(login=login):
                self.authenticate(login, login)
                response = self.url_open(url)
                self.assertEqual(response.status_code, 200)
                self.assertEqual(response.headers.get("Content-Type"), "application/pdf")
                # Odoo renders the PDF route's body as HTML under test (no wkhtmltopdf run).
                self.assertIn(
                    b"Certificate of the Dissolution of the Labour Contract", response.content
                )

    def test_certificate_pdf_refused_without_contract_dates(self):
        """Contract dates unknown (neither on the exit nor on the employee's contract
        versions): the PDF route refuses, naming the missing fact, and prints nothing."""
        self.exit.sudo().write({"contract_term_start": False, "contract_term_end": False})
        self.leaver.version_ids.sudo().write(
            {"contract_date_start": False, "contract_date_end": False}
        )
        self.authenticate("exit_hr_officer", "exit_hr_officer")
        response = self.url_open(
            f"/report/pdf/client_custody_exit_cn.report_termination_certificate/{self.exit.id}"
        )
        self.assertNotEqual(response.status_code, 200)
        self.assertNotEqual(response.headers.get("Content-Type"), "application/pdf")
        self.assertIn("the start date of the employee", response.text)
