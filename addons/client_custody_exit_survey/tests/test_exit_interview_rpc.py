from datetime import datetime, timedelta

from odoo.tests import HttpCase, JsonRpcException, tagged

from .common import ExitInterviewCase

READ = "odoo.exceptions.AccessError"


@tagged("post_install", "-at_install")
class TestExitInterviewRpc(ExitInterviewCase, HttpCase):
    """Over HTTP as well: a salesperson (even a Survey manager) reads no exit interview, through
    the web client's RPC nor the external JSON-2 API; HR does."""

    def setUp(self):
        super().setUp()
        self.answer = self._answer(self._sent(), {"pay"}, would_return=False)
        self.line_ids = self.answer.user_input_line_ids.ids

    def _call_kw(self, model, method, args, kwargs=None):
        return self.make_jsonrpc_request(
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": args, "kwargs": kwargs or {}},
        )

    def _json2(self, user, model, method, payload):
        key = (
            self.env["res.users.apikeys"]
            .with_user(user)
            ._generate(scope="rpc", name="exit", expiration_date=datetime.now() + timedelta(1))
        )
        return self.url_open(
            f"/json/2/{model}/{method}",
            json=payload,
            headers={"Authorization": f"Bearer {key}"},
        )

    def test_call_kw_refused_to_salespeople(self):
        """The web client's RPC refuses the answers to salespeople; HR reads them."""
        for user in (self.sales_users[1], self.survey_seller):
            self.authenticate(user.login, user.login)
            for model, ids in (
                ("survey.user_input", self.answer.ids),
                ("survey.user_input.line", self.line_ids),
            ):
                with self.subTest(user=user.login, model=model):
                    with self.assertRaises(JsonRpcException) as caught:
                        self._call_kw(model, "read", [ids, ["id"]])
                    self.assertEqual(caught.exception.args[0], READ)
        self.authenticate(self.survey_seller.login, self.survey_seller.login)
        found = self._call_kw(
            "survey.user_input", "search_read", [[("id", "=", self.answer.id)], ["id"]]
        )
        self.assertEqual(found, [], "not even found")
        self.authenticate(self.hr_officer.login, self.hr_officer.login)
        [row] = self._call_kw("survey.user_input", "read", [self.answer.ids, ["state"]])
        self.assertEqual(row["state"], "done")

    def test_json2_refused_to_salespeople(self):
        """The external JSON-2 API refuses them too, with an access error."""
        response = self._json2(
            self.survey_seller,
            "survey.user_input",
            "read",
            {"ids": self.answer.ids, "fields": ["id"]},
        )
        self.assertEqual(response.status_code, 403, response.text)
        self.assertEqual(response.json()["name"], READ)
        response = self._json2(
            self.hr_officer,
            "survey.user_input",
            "read",
            {"ids": self.answer.ids, "fields": ["state"]},
        )
        self.assertEqual(response.status_code, 200, response.text)
        self.assertEqual(response.json()[0]["state"], "done")
