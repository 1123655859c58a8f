"""Every field a model guards (``custody.guarded.mixin``) is refused to every role, on every path.

For each model of the registry that inherits ``custody.guarded.mixin`` (the exit and WeCom
models too, once installed), each guarded field is written as each role: through the ORM
(``with_user``, and as superuser) and through a real HTTP JSON-RPC session (``call_kw`` of the
web client, and ``/json/2`` with an API key). Each write is refused and changes nothing.
"""

import base64
import json
from datetime import datetime, timedelta

from odoo.exceptions import UserError
from odoo.tests import HttpCase, new_test_user, tagged

from odoo.addons.client_custody.models.custody_guarded_mixin import (
    CustodyGuardedMixin,
    transition,
)

GUARD_MESSAGE = "change only through their own actions"
ROLES = {
    "custody_user": "base.group_user,client_custody.group_custody_user",
    "custody_manager": "base.group_user,base.group_partner_manager,"
    "client_custody.group_custody_manager",
    "hr_manager": "base.group_user,hr.group_hr_manager",
    "admin": "base.group_user,base.group_system,base.group_erp_manager,"
    "client_custody.group_custody_manager,hr.group_hr_manager",
}


def guarded_models(env):
    """The concrete models that guard fields, with the fields they guard."""
    return {
        name: tuple(model._guarded_fields)
        for name, model in env.registry.items()
        if not model._abstract
        and isinstance(env[name], CustodyGuardedMixin)
        and model._guarded_fields
    }


@tagged("post_install", "-at_install")
class TestGuardedFields(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, no_reset_password=True))
        company = cls.env.company
        cls.users = {
            role: new_test_user(
                cls.env,
                login=f"guard_{role}",
                password=f"guard_{role}_pw",
                groups=groups,
                company_ids=[(6, 0, company.ids)],
            )
            for role, groups in ROLES.items()
        }
        Employee = cls.env["hr.employee"]
        cls.leaver, cls.successor = Employee.create(
            [
                {"name": "Guard Leaver", "user_id": cls.users["custody_user"].id},
                {
                    "name": "Guard Successor",
                    "user_id": new_test_user(
                        cls.env,
                        login="guard_successor",
                        groups="base.group_user,client_custody.group_custody_user",
                    ).id,
                },
            ]
        )
        clients = cls.env["res.partner"].create(
            [{"name": f"Guard client {n}", "is_company": True} for n in range(2)]
        )
        cls.env["custody.assignment"]._move(clients, cls.leaver)
        # A draft handover with its line and checklist, and a wizard preview line: at least one
        # record of each guarded model of the custody and handover addons.
        Handover = cls.env["custody.handover"]
        cls.handover = Handover._prepare(
            cls.leaver,
            [{"partner_id": clients[0].id, "successor_id": cls.successor.id}],
            {"kind": "transfer"},
        )
        manager = cls.users["custody_manager"]
        wizard = (
            cls.env["custody.handover.wizard"]
            .with_user(manager)
            .create(
                {
                    "employee_ids": [(6, 0, cls.leaver.ids)],
                    "client_scope": "all",
                    "strategy": "single",
                    "successor_id": cls.successor.id,
                }
            )
        )
        wizard.action_preview()
        cls._other_addons_records()
        cls.keys = {
            role: user.with_user(user)
            .env["res.users.apikeys"]
            ._generate(
                scope="rpc", name="guard test", expiration_date=datetime.now() + timedelta(hours=12)
            )
            for role, user in cls.users.items()
        }

    @classmethod
    def _other_addons_records(cls):
        """One record of each guarded model of the exit and WeCom addons, where installed.

        They are fixtures, not the flows under test (each addon tests its own transitions):
        created through the models' own grant so that every guarded field has a record to be
        refused on."""

        def granted(model):
            records = cls.env[model].sudo()
            return transition(records, *records._guarded_fields)

        if "hr.exit" in cls.env:
            employee = cls.env["hr.employee"].create(
                {"name": "Guard Exit", "exit_noncompete_category": "senior_management"}
            )
            employee.sudo().departure_date = "2026-01-31"
            granted("hr.exit").create({"employee_id": employee.id})
            noncompete = granted("custody.noncompete").create(
                {"employee_id": employee.id, "average_wage": 10000.0}
            )
            transition(noncompete, "state").write({"state": "active"})
            granted("custody.noncompete.month").create(
                {
                    "noncompete_id": noncompete.id,
                    "date_from": "2026-02-01",
                    "date_to": "2026-02-28",
                    "amount": 3000.0,
                }
            )
            granted("custody.noncompete.amendment").create(
                {
                    "noncompete_id": noncompete.id,
                    "monthly_compensation": 5000.0,
                    "reason": "Agreed in writing with the employee on 2026-01-05",
                }
            )
            granted("custody.noncompete.breach").create(
                {
                    "noncompete_id": noncompete.id,
                    "date": "2026-02-10",
                    "evidence": "Seen working for a competitor",
                }
            )
        if "wecom.transfer" in cls.env:
            granted("wecom.transfer").create(
                {
                    "company_id": cls.handover.company_id.id,
                    "line_id": cls.handover.line_ids[:1].id,
                    "external_userid": "wmGuardCustomer",
                    "mode": "onjob",
                    "handover_userid": "guard.leaver",
                }
            )

    def _samples(self):
        """(model, record, field, forged value) for every guarded field of every model."""
        samples = []
        for model_name, fnames in sorted(guarded_models(self.env).items()):
            record = self.env[model_name].sudo().search([], limit=1, order="id desc")
            self.assertTrue(
                record,
                f"{model_name} guards {fnames} but the test has no record of it to write to: "
                "add one to this test's setUpClass",
            )
            samples.extend(
                (model_name, record, fname, self._forged(record, fname)) for fname in fnames
            )
        return samples

    def _forged(self, record, fname):  # noqa: PLR0911 (one value per field type)
        """A value different from the record's, of the field's type."""
        field = record._fields[fname]
        current = record[fname]
        if field.type == "selection":
            values = [value for value, _label in field._description_selection(self.env)]
            return next(value for value in values if value != current)
        if field.type == "many2one":
            other = self.env[field.comodel_name].sudo().search([("id", "!=", current.id)], limit=1)
            return other.id
        if field.type == "boolean":
            return not current
        if field.type in ("integer", "float", "monetary"):
            return (current or 0) + 1
        if field.type == "date":
            return "2031-01-02"
        if field.type == "datetime":
            return "2031-01-02 03:04:05"
        if field.type == "binary":
            return base64.b64encode(b"forged").decode()
        return "forged by a direct write"

    def _snapshot(self, record, fname):
        record.invalidate_recordset()
        value = record.sudo()[fname]
        return value.ids if hasattr(value, "ids") else value

    def test_guarded_fields_refused_over_orm(self):
        """Each guarded field written directly (every role, superuser included) is refused and
        changes nothing."""
        samples = self._samples()
        self.assertTrue(
            {"custody.client", "custody.handover", "custody.handover.line"}
            <= {sample[0] for sample in samples}
        )
        # Every case is tried and the failures listed together (pytest would hide a subTest's).
        failures = []
        for model_name, record, fname, value in samples:
            before = self._snapshot(record, fname)
            for role, user in [*self.users.items(), ("superuser", None)]:
                target = record.sudo() if user is None else record.with_user(user)
                case = f"{model_name}.{fname} as {role}"
                try:
                    with self.env.cr.savepoint():
                        target.write({fname: value})
                        target.env.flush_all()
                    failures.append(f"{case}: accepted")
                except UserError as error:
                    if (user is None or role == "admin") and GUARD_MESSAGE not in str(error):
                        failures.append(f"{case}: refused by something else: {error}")
                if self._snapshot(record, fname) != before:
                    failures.append(f"{case}: changed")
        self.assertEqual(failures, [])

    def test_guarded_fields_refused_on_create(self):
        """A record cannot be created with a guarded field away from where its model starts it
        (a line born 'accepted', a handover born 'done')."""
        line = self.handover.line_ids[:1]
        cases = [
            ("custody.handover", {"employee_id": self.leaver.id, "state": "done"}),
            (
                "custody.handover.line",
                {
                    "handover_id": self.handover.id,
                    "partner_id": line.partner_id.id,
                    "state": "accepted",
                },
            ),
            (
                "custody.handover.item",
                {"handover_id": self.handover.id, "name": "Badge", "state": "waived"},
            ),
        ]
        failures = []
        for model_name, vals in cases:
            for role in ("custody_manager", "admin"):
                Model = self.env[model_name].with_user(self.users[role])
                count = Model.sudo().search_count([])
                try:
                    with self.env.cr.savepoint():
                        Model.create(vals)
                    failures.append(f"{model_name} created as {role}")
                except UserError:
                    pass
                if Model.sudo().search_count([]) != count:
                    failures.append(f"{model_name}: a record was left as {role}")
        self.assertEqual(failures, [])

    def _call_kw(self, model, record_id, vals):
        return self.url_open(
            "/web/dataset/call_kw",
            data=json.dumps(
                {
                    "jsonrpc": "2.0",
                    "method": "call",
                    "id": 1,
                    "params": {
                        "model": model,
                        "method": "write",
                        "args": [[record_id], vals],
                        # What a caller may send: any JSON, never the server's grant object.
                        "kwargs": {"context": {"custody_transition_grant": True}},
                    },
                }
            ),
            headers={"Content-Type": "application/json"},
        ).json()

    def _json2(self, role, model, record_id, vals):
        return self.url_open(
            f"/json/2/{model}/write",
            data=json.dumps(
                {"ids": [record_id], "vals": vals, "context": {"custody_transition_grant": True}}
            ),
            headers={
                "Content-Type": "application/json; charset=utf-8",
                "Authorization": f"Bearer {self.keys[role]}",
            },
        )

    def test_guarded_fields_refused_over_http(self):
        """Each guarded field written over a real HTTP session (the web client's call_kw, and
        /json/2 with an API key), as each role, is refused and changes nothing."""
        samples = self._samples()
        failures = []
        for role, user in self.users.items():
            self.authenticate(user.login, f"guard_{role}_pw")
            for model_name, record, fname, value in samples:
                before = self._snapshot(record, fname)
                case = f"{model_name}.{fname} as {role}"
                answer = self._call_kw(model_name, record.id, {fname: value})
                if "error" not in answer:
                    failures.append(f"{case} over call_kw: accepted")
                if self._snapshot(record, fname) != before:
                    failures.append(f"{case} over call_kw: changed")
                response = self._json2(role, model_name, record.id, {fname: value})
                if response.status_code < 400:
                    failures.append(f"{case} over /json/2: accepted ({response.text[:80]})")
                if self._snapshot(record, fname) != before:
                    failures.append(f"{case} over /json/2: changed")
            self.logout()
        self.assertEqual(failures, [])

    def test_manager_gets_the_guard_over_http(self):
        """A custody manager, who may write the model, is stopped by the guard itself (its
        translated message), not by missing rights."""
        self.authenticate("guard_custody_manager", "guard_custody_manager_pw")
        client = (
            self.env["custody.client"]
            .sudo()
            .search([("custodian_id", "=", self.leaver.id)], limit=1)
        )
        answer = self._call_kw("custody.client", client.id, {"custodian_id": self.successor.id})
        self.assertIn(GUARD_MESSAGE, answer["error"]["data"]["message"])
        response = self._json2(
            "custody_manager", "custody.client", client.id, {"custodian_id": self.successor.id}
        )
        self.assertIn(GUARD_MESSAGE, response.text)
        client.invalidate_recordset()
        self.assertEqual(client.custodian_id, self.leaver)
