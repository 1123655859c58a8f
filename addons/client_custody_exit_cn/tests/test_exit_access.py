import json
from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError
from odoo.tests import HttpCase, JsonRpcException, tagged

from .common import ExitCase

SECRET = "Redundancy: compensation 832,000"


def web_spec(result, model):
    """The fields spec the web client sends with a form's get_views result: every field of
    the views, many2ones with their name, x2manys with their subviews' fields."""
    spec = {}
    for fname, field in result["models"][model]["fields"].items():
        if field["type"] == "many2one":
            spec[fname] = {"fields": {"display_name": {}}}
        elif field["type"] in ("one2many", "many2many"):
            comodel = field["relation"]
            sub = result["models"].get(comodel, {}).get("fields", {})
            spec[fname] = {"fields": {name: {} for name in sub if sub[name]["type"] != "many2one"}}
        else:
            spec[fname] = {}
    return spec


@tagged("post_install", "-at_install")
class TestCustodyManagerReadsHandoverStatusOnly(ExitCase, HttpCase):
    """Issue 27, item 8: a custody manager sees the handover status of a leaver's exit and
    whether the compensation waits for the employee's handover, from the employee and the
    handover; never the exit, its chatter (messages, tracking values, attachments), nor a
    non-compete's internals and amounts."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.leaver.exit_confidentiality_date = date(2024, 5, 6)
        form_exit = cls.Exit.with_user(cls.hr_officer).create(
            {
                "employee_id": cls.leaver.id,
                "termination_kind": "resignation",
                "notice_date": date(2026, 3, 2),
            }
        )
        form_exit.action_open()
        cls.exit = form_exit.sudo()
        cls.env.cr.precommit.run()  # the opening's own tracking
        # A tracked change (kind of termination) and a figure, as HR records them.
        cls.exit.with_user(cls.hr_manager).write(
            {"termination_kind": "redundancy", "severance_wage_average": 50000.0}
        )
        cls.env.cr.precommit.run()  # the tracking values are written at commit
        cls.exit.with_user(cls.hr_officer).message_post(body="HR note: " + SECRET)
        # What the access right alone would let through: a message the custody manager
        # authored on the exit (an action of theirs ending the handover posts on it) and an
        # attachment they created there.
        cls.authored = (
            cls.exit.with_user(cls.manager_user)
            .sudo()
            .message_post(body="Posted during the manager's action: " + SECRET)
        )
        cls.attachment = (
            cls.env["ir.attachment"]
            .with_user(cls.manager_user)
            .sudo()
            .create(
                {
                    "name": "settlement.txt",
                    "raw": SECRET.encode(),
                    "res_model": "hr.exit",
                    "res_id": cls.exit.id,
                }
            )
        )
        cls.noncompete = cls.env["custody.noncompete"].create(
            {
                "employee_id": cls.leaver.id,
                "duration_months": 6,
                "average_wage": 10000.0,
                "scope": "Industrial pumps",
            }
        )
        cls.noncompete.message_post(body="Agreed at 3,000 a month")
        cls.noncompete_attachment = cls.env["ir.attachment"].create(
            {
                "name": "noncompete.txt",
                "raw": b"3,000 a month",
                "res_model": "custody.noncompete",
                "res_id": cls.noncompete.id,
            }
        )

    def assertNothing(self, read):
        """Nothing comes back: an empty result, or a refusal."""
        try:
            result = read()
        except (AccessError, JsonRpcException):
            return
        self.assertFalse(result)

    def test_no_access_to_the_exit(self):
        """The exit itself is HR's: no read, no search, whatever the field."""
        as_manager = self.exit.with_user(self.manager_user)
        for fname in ("handover_state", "termination_kind", "state", "display_name"):
            with self.subTest(field=fname), self.assertRaises(AccessError):
                as_manager.read([fname])
        with self.assertRaises(AccessError):
            self.Exit.with_user(self.manager_user).search([])

    def test_chatter_of_exits_and_noncompetes_hidden_orm(self):
        """Messages (their own included), tracking values and attachments of exits and of
        non-competes: nothing found, refused by id; HR still reads them."""
        manager = self.manager_user
        Message = self.env["mail.message"]
        for model, record in (("hr.exit", self.exit), ("custody.noncompete", self.noncompete)):
            with self.subTest(model=model):
                messages = Message.search([("model", "=", model), ("res_id", "=", record.id)])
                self.assertTrue(messages)
                self.assertFalse(Message.with_user(manager).search([("model", "=", model)]))
                self.assertFalse(
                    Message.with_user(manager)
                    .search([("res_id", "=", record.id)])
                    .filtered(lambda m, model=model: m.sudo().model == model)
                )
                self.assertFalse(
                    Message.with_user(manager)._read_group(
                        [("model", "=", model)], [], ["__count"]
                    )[0][0]
                )
                for message in messages:
                    with self.assertRaises(AccessError):
                        message.with_user(manager).read(["body"])
        with self.assertRaises(AccessError):
            self.authored.with_user(manager).read(["body"])
        tracking = self.env["mail.tracking.value"].search(
            [
                ("mail_message_id.model", "=", "hr.exit"),
                ("mail_message_id.res_id", "=", self.exit.id),
            ]
        )
        self.assertTrue(
            {"termination_kind", "severance_wage_average"} <= set(tracking.field_id.mapped("name"))
        )
        with self.assertRaises(AccessError):
            self.env["mail.tracking.value"].with_user(manager).search([])
        with self.assertRaises(AccessError):
            tracking.with_user(manager).read(["old_value_char", "new_value_char"])
        Attachment = self.env["ir.attachment"].with_user(manager)
        for model, attachment in (
            ("hr.exit", self.attachment),
            ("custody.noncompete", self.noncompete_attachment),
        ):
            with self.subTest(model=model):
                self.assertNothing(lambda m=model: Attachment.search([("res_model", "=", m)]))
                self.assertNothing(lambda a=attachment: Attachment.search([("id", "=", a.id)]))
                with self.assertRaises(AccessError):
                    attachment.with_user(manager).read(["raw"])
        # HR reads all of it; custody managers still read the non-compete register.
        self.assertIn(
            self.authored, Message.with_user(self.hr_officer).search([("model", "=", "hr.exit")])
        )
        self.assertEqual(
            self.env["ir.attachment"]
            .with_user(self.hr_officer)
            .search([("res_model", "=", "hr.exit")]),
            self.attachment,
        )
        self.assertEqual(self.noncompete.with_user(manager).scope, "Industrial pumps")

    def test_chatter_hidden_over_json_rpc(self):
        """The same searches over JSON-RPC as the custody manager: nothing comes back."""
        self.authenticate("exit_custody_manager", "exit_custody_manager")

        def call(model, method, args, **kwargs):
            return self.make_jsonrpc_request(
                "/web/dataset/call_kw",
                {"model": model, "method": method, "args": args, "kwargs": kwargs},
            )

        for model in ("hr.exit", "custody.noncompete"):
            with self.subTest(model=model):
                self.assertNothing(
                    lambda m=model: call(
                        "mail.message", "search_read", [[("model", "=", m)]], fields=["body"]
                    )
                )
                self.assertNothing(
                    lambda m=model: call(
                        "ir.attachment", "search_read", [[("res_model", "=", m)]], fields=["raw"]
                    )
                )
                groups = call(
                    "mail.message",
                    "formatted_read_group",
                    [[("model", "=", model)]],
                    aggregates=["__count"],
                )
                self.assertEqual(sum(group["__count"] for group in groups), 0)
        for model, method, args in (
            ("mail.tracking.value", "search_read", [[]]),
            ("hr.exit", "search_read", [[]]),
            ("hr.exit", "read", [self.exit.ids, ["handover_state"]]),
            ("mail.message", "read", [[self.authored.id], ["body"]]),
            ("ir.attachment", "read", [self.attachment.ids, ["raw"]]),
        ):
            with self.subTest(model=model, method=method), self.assertRaises(JsonRpcException):
                call(model, method, args)
        response = self.make_jsonrpc_request(
            "/mail/thread/messages",
            {"thread_model": "custody.noncompete", "thread_id": self.noncompete.id},
        )
        self.assertEqual(response["messages"], [])
        # Odoo answers an unreadable thread with the user's own inbox, never the exit's.
        response = self.make_jsonrpc_request(
            "/mail/thread/messages", {"thread_model": "hr.exit", "thread_id": self.exit.id}
        )
        returned = self.env["mail.message"].browse(response["messages"])
        self.assertFalse(returned.filtered(lambda m: m.model in ("hr.exit", "custody.noncompete")))
        self.assertNotIn("832,000", json.dumps(response))

    def test_handover_status_from_the_handover(self):
        """The handover form, as the custody manager opens it: whether the compensation waits
        for the employee's own handover, and when it no longer does; the same facts on the
        employee; never the exit."""
        self._register_departure(self.leaver, departure_date=date(2026, 4, 1))
        self.assertEqual(self.exit.state, "departed")
        handover = self.exit.handover_id
        Handover = self.env["custody.handover"].with_user(self.manager_user)
        result = Handover.get_views([(False, "form")])
        arch = result["views"]["form"]["arch"]
        for fname in ("exit_employee_handover_done", "exit_compensation_waits_for_handover"):
            self.assertIn(f'name="{fname}"', arch)
        [values] = Handover.browse(handover.id).web_read(web_spec(result, "custody.handover"))
        self.assertEqual(values["state"], "draft")
        self.assertFalse(values["exit_employee_handover_done"], "the laptop is not returned")
        self.assertTrue(values["exit_compensation_waits_for_handover"])
        Employee = self.env["hr.employee"].with_user(self.manager_user)
        spec = {
            "exit_handover_id": {"fields": {"display_name": {}}},
            "exit_handover_state": {},
            "exit_employee_handover_done": {},
            "exit_compensation_waits_for_handover": {},
            "exit_last_working_day": {},
        }
        [values] = Employee.browse(self.leaver.id).web_read(spec)
        self.assertEqual(values["exit_handover_id"]["id"], handover.id)
        self.assertEqual(values["exit_handover_state"], "draft")
        self.assertTrue(values["exit_compensation_waits_for_handover"])
        self.assertEqual(values["exit_last_working_day"], self.exit.last_working_day)
        with self.assertRaises(AccessError):
            Employee.browse(self.leaver.id).web_read({"exit_current_id": {}})
        # The mandatory items returned and the introductions made: the compensation no longer
        # waits (art. 50), whatever the clients decide.
        handover.item_ids.filtered("mandatory").with_user(self.manager_user).action_mark_returned()
        handover.line_ids.filtered("introduction_state").with_user(self.manager_user).write(
            {
                "introduction_state": "done",
                "introduction_date": date(2026, 3, 20),
                "introduction_channel": "visit",
            }
        )
        self.env.invalidate_all()
        [values] = Handover.browse(handover.id).web_read(
            {"exit_employee_handover_done": {}, "exit_compensation_waits_for_handover": {}}
        )
        self.assertTrue(values["exit_employee_handover_done"])
        self.assertFalse(values["exit_compensation_waits_for_handover"])
        [values] = Employee.browse(self.leaver.id).web_read(
            {"exit_employee_handover_done": {}, "exit_compensation_waits_for_handover": {}}
        )
        self.assertTrue(values["exit_employee_handover_done"])
        self.assertFalse(values["exit_compensation_waits_for_handover"])

    def test_forms_the_custody_manager_opens_load(self):
        """The handover and non-compete forms and lists load for the custody manager (views
        and data), without a field they may not read. (Odoo 19 opens colleagues as public
        employees for users outside HR: the employee's exit fields are read above.)"""
        for record in (self.exit.handover_id, self.noncompete):
            with self.subTest(model=record._name):
                Model = self.env[record._name].with_user(self.manager_user)
                result = Model.get_views([(False, "form"), (False, "list")])
                [values] = Model.browse(record.id).web_read(web_spec(result, record._name))
                self.assertEqual(values["id"], record.id)
                for fname in ("monthly_compensation", "month_ids", "liquidated_damages"):
                    self.assertNotIn(fname, values)

    def test_plan_of_the_handover_on_the_handover(self):
        """The custody manager's part of the plan is on the handover they can open, not on
        the exit; HR's interview stays on the exit."""
        handover = self.exit.handover_id
        mine = handover.activity_ids.filtered(lambda a: a.user_id == self.manager_user)
        self.assertEqual(
            set(mine.mapped("summary")),
            {
                "Plan the handover",
                "Introduce the successor to each core client",
                "Return company items",
            },
        )
        self.assertFalse(self.exit.activity_ids.filtered(lambda a: a.user_id == self.manager_user))
        self.assertNotIn(self.manager_user.partner_id, self.exit.message_partner_ids)
        self.assertEqual(self.exit.activity_ids.mapped("summary"), ["Exit interview"])

    def test_handover_chatter_speaks_of_compensation_only_when_owed(self):
        """The departure's note on the handover (custody managers read it) says that the
        compensation waits only when one is owed: not for a resignation."""
        self._register_departure(self.leaver, departure_date=date(2026, 4, 1))
        notes = self._messages(self.exit.handover_id)
        self.assertIn("the economic compensation waits only for the employee's own", notes)
        client = self._clients(1, prefix="Colleague's")
        with freeze_time("2025-12-01"):
            self.env["custody.assignment"]._move(client, self.colleague, origin="assigned")
        self._notice(self.colleague, termination_kind="resignation")
        self._register_departure(self.colleague, departure_date=date(2026, 4, 1))
        other = self.Exit.search([("employee_id", "=", self.colleague.id)]).handover_id
        self.assertTrue(other)
        notes = self._messages(other)
        self.assertIn("was registered on 2026-04-01 with this handover still open.", notes)
        self.assertNotIn("compensation", notes)
