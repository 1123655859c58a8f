"""Issue #22: every state changes only through its own transition, each rule in one place.

One test per finding, each tried as the role that found it; each fails on the code before.
"""

import json
from datetime import datetime, timedelta

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import HttpCase, new_test_user, tagged

from odoo.addons.client_custody.tests.common import CustodyCase
from odoo.addons.client_custody_handover.states import LINE_TRANSITIONS


@tagged("post_install", "-at_install")
class TestOneWriter(CustodyCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.clients = cls._clients(4, prefix="Writer client", email="client@example.com")
        with freeze_time("2025-12-01"):
            cls._hold(cls.clients, cls.sales_a)
        # The leaver of these departure handovers: their departure is recorded.
        cls.sales_a.departure_date = "2026-12-31"

    def _handover(self, clients=None, successor=None, kind="departure", leaver=None):
        clients = clients or self.clients
        return (
            self.env["custody.handover"]
            ._prepare(
                leaver or self.sales_a,
                [
                    {"partner_id": c.id, "successor_id": (successor or self.sales_b).id}
                    for c in clients
                ],
                {"kind": kind},
            )
            .with_user(self.manager_user)
        )

    # ------------------------------------------------------------------
    # One writer per state machine
    # ------------------------------------------------------------------
    def test_line_moves_follow_the_table(self):
        """A line moves only along LINE_TRANSITIONS: an accepted client never goes back to
        waiting, a cancelled one is never accepted (ORM and SQL paths alike)."""
        handover = self._handover(self.clients[:2])
        line, other = handover.line_ids.sudo()
        line._set_state("cancelled")
        with self.assertRaises(UserError):
            line._set_state("waiting")
        with self.assertRaises(UserError), self.env.cr.savepoint():
            line._set_state("accepted", closing={line.id: [self.sales_a.id, None, None]})
        line.invalidate_recordset()
        self.assertEqual(line.state, "cancelled")
        self.assertEqual(LINE_TRANSITIONS["accepted"], ())
        other._set_state("waiting")
        self.assertEqual(other.state, "waiting")

    def test_handover_moves_follow_the_table(self):
        """A completed handover is never cancelled nor reopened, even by its own writer."""
        handover = self._handover(self.clients[:1]).sudo()
        handover._set_state("cancel")
        for state in ("draft", "in_progress", "done"):
            with self.assertRaises(UserError):
                handover._set_state(state)
        self.assertEqual(handover.state, "cancel")

    def test_preview_line_shows_the_company_record(self):
        """A manager editing the "current custodian" of a preview line (his own clients into
        someone else's handover) is refused; the handover is made from the company's record."""
        wizard = (
            self.env["custody.handover.wizard"]
            .with_user(self.manager_user)
            .with_context(active_model="hr.employee", active_ids=self.sales_a.ids)
            .create({"strategy": "single", "successor_id": self.sales_c.id})
        )
        wizard.action_preview()
        preview = wizard.line_ids[:1]
        for vals in (
            {"employee_id": self.sales_b.id},
            {"tier": "personal"},
            {"partner_id": self.clients[3].id},
        ):
            with self.assertRaises(UserError):
                preview.write(vals)
        self.assertEqual(preview.employee_id, self.sales_a)
        handover = self.env["custody.handover"].browse(wizard.action_confirm()["res_id"])
        self.assertEqual(handover.employee_id, self.sales_a)

    def test_checklist_after_start(self):
        """Once started, a mandatory item stays mandatory and cannot be deleted; a waiver
        needs a written reason of substance; the state is written by its actions only."""
        handover = self._handover(self.clients[:1])
        item = handover.item_ids[:1]
        item.mandatory = False  # a draft is still being prepared
        item.mandatory = True
        handover.action_start()
        with self.assertRaises(UserError):
            item.mandatory = False
        with self.assertRaises(UserError):
            item.unlink()
        with self.assertRaises(UserError):
            item.write({"state": "waived", "waiver_note": "Director approved in writing"})
        item.waiver_note = "."
        with self.assertRaises(ValidationError):
            item.action_waive()
        self.assertEqual(item.state, "pending")
        item.waiver_note = "Director Wang authorised it in writing on 2026-05-30"
        item.action_waive()
        self.assertEqual(item.state, "waived")
        with self.assertRaises(UserError):
            item.waiver_note = "."

    # ------------------------------------------------------------------
    # Custody of the clients
    # ------------------------------------------------------------------
    def test_custody_client_fields_only_through_the_move_service(self):
        """A custody manager writing custodian, retention or status of custody.client directly
        is refused (no period would be recorded); the client's Custodian field still moves."""
        record = self.env["custody.client"].search(
            [("partner_id", "=", self.clients[0].id), ("company_id", "=", self.company.id)]
        )
        for vals in (
            {"custodian_id": self.sales_b.id},
            {"retained_by_id": self.sales_a.id},
            {"state": "unassigned"},
        ):
            with self.assertRaises(UserError):
                record.with_user(self.manager_user).write(vals)
        self.assertEqual(record.custodian_id, self.sales_a)
        self.clients[0].with_user(self.manager_user).custodian_id = self.sales_b
        self.assertEqual(record.custodian_id, self.sales_b)
        periods = self.Assignment.search([("partner_id", "=", self.clients[0].id)])
        self.assertEqual(len(periods), 2, "the move recorded its period")

    def test_cross_company_custodian_refused(self):
        """A company-A manager setting an A client's custodian to a company-B employee is
        refused: no custody is created in B, A's custodian stays."""
        client = self._clients(1, prefix="A only", company_id=self.company.id)
        self._hold(client, self.sales_a)
        with self.assertRaises(ValidationError):
            client.with_user(self.manager_user).custodian_id = self.other_employee
        self.assertFalse(
            self.env["custody.client"].search(
                [("partner_id", "=", client.id), ("company_id", "=", self.other_company.id)]
            )
        )
        client.invalidate_recordset()
        self.assertEqual(client.custodian_id, self.sales_a)
        with self.assertRaises(ValidationError):
            self.Assignment._move(client, self.other_employee)

    def test_custodian_of_a_client_in_a_running_handover(self):
        """Changing by hand the custodian of a client in a running handover is refused, with
        the handover named; the handover moves it."""
        handover = self._handover(self.clients[:1])
        handover.action_start()
        with self.assertRaises(UserError) as caught:
            self.clients[0].with_user(self.manager_user).custodian_id = self.sales_c
        self.assertIn(handover.name, str(caught.exception))
        self.assertEqual(self.clients[0].custodian_id, self.sales_a)

    def test_departure_needs_a_leaver(self):
        """A departure handover hands over the clients of someone who is leaving (archived or
        with the departure recorded): for anyone else it is refused when it is made, by any
        role, the superuser and the wizard included, and when a draft starts after the
        departure was called off; their clients change hands on the job, with its limits."""
        staying = self.sales_b
        client = self._clients(1, prefix="Staying")
        self._hold(client, staying)
        for env in (self.env, self.env(user=self.manager_user)):
            with self.assertRaises(ValidationError) as caught, self.env.cr.savepoint():
                env["custody.handover"].create({"employee_id": staying.id, "kind": "departure"})
            self.assertIn("not leaving", str(caught.exception))
        with self.assertRaises(ValidationError), self.env.cr.savepoint():
            self._handover(client, successor=self.sales_c, kind="departure", leaver=staying)
        transfer = self._handover(client, successor=self.sales_c, kind="transfer", leaver=staying)
        with self.assertRaises(ValidationError), self.env.cr.savepoint():
            transfer.kind = "departure"
        self.assertEqual(transfer.kind, "transfer")
        # The wizard proposes an on-the-job transfer for someone who stays, and refuses a
        # departure.
        wizard = (
            self.env["custody.handover.wizard"]
            .with_user(self.manager_user)
            .with_context(active_model="hr.employee", active_ids=staying.ids)
        )
        self.assertEqual(wizard.default_get(["kind"])["kind"], "transfer")
        # Once the departure is recorded, the departure handover goes; called off, the draft
        # no longer starts.
        transfer.sudo().action_cancel()
        staying.departure_date = "2026-03-31"
        departure = self._handover(client, successor=self.sales_c, kind="departure", leaver=staying)
        staying.departure_date = False
        with self.assertRaises(ValidationError) as caught:
            departure.action_start()
        self.assertIn("not leaving", str(caught.exception))
        self.assertEqual(departure.state, "draft")

    # ------------------------------------------------------------------
    # One eligibility rule
    # ------------------------------------------------------------------
    def test_successor_losing_custody_access_goes_to_reassignment(self):
        """A successor whose user loses the custody group while the employee stays active is
        no longer eligible: their clients wait for reassignment, the others are accepted."""
        handover = self._handover(self.clients[:2])
        handover.line_ids[1].successor_id = self.sales_c
        handover.item_ids.action_mark_returned()
        with freeze_time("2026-04-01"):
            handover.action_start()
            handover.line_ids.sudo()._mark_told("email")
        self.user_c.group_ids = [(3, self.env.ref("client_custody.group_custody_user").id)]
        self.assertFalse(self.sales_c._custody_eligible(self.company))
        with freeze_time("2026-04-30"):
            self.env["custody.handover"]._cron_process_batches()
        by_successor = {line.successor_id: line.state for line in handover.line_ids}
        self.assertEqual(by_successor, {self.sales_b: "accepted", self.sales_c: "successor_left"})
        self.assertEqual(self.clients[0].custodian_id, self.sales_b)
        self.assertEqual(self.clients[1].custodian_id, self.sales_a)

    # ------------------------------------------------------------------
    # Settings
    # ------------------------------------------------------------------
    def test_bad_batch_size(self):
        """ "abc" as batch size is refused where it is set; stored anyway, the batches fall
        back to the default with a warning instead of failing."""
        Param = self.env["ir.config_parameter"].sudo()
        for value in ("abc", "0", "-5"):
            with self.assertRaises(ValidationError), self.env.cr.savepoint():
                Param.set_param("client_custody.batch_size", value)
        self.env.cr.execute(
            "INSERT INTO ir_config_parameter (key, value) VALUES ('client_custody.batch_size', "
            "'abc') ON CONFLICT (key) DO UPDATE SET value = 'abc'"
        )
        self.env.registry.clear_cache()
        with self.assertLogs(
            "odoo.addons.client_custody_handover.models.custody_handover_lanes", "WARNING"
        ):
            self.assertEqual(self.env["custody.handover"]._batch_size(), 1000)
        Param.set_param("client_custody.batch_size", "250")
        self.assertEqual(self.env["custody.handover"]._batch_size(), 250)

    # ------------------------------------------------------------------
    # Wizards are private
    # ------------------------------------------------------------------
    def test_wizard_private_over_orm(self):
        """Another manager, of the same or another company, neither reads nor writes a
        manager's open handover wizard."""
        wizard = (
            self.env["custody.handover.wizard"]
            .with_user(self.manager_user)
            .with_context(active_model="hr.employee", active_ids=self.sales_a.ids)
            .create({"strategy": "single", "successor_id": self.sales_b.id})
        )
        wizard.action_preview()
        others = [
            new_test_user(
                self.env,
                login=f"other_manager_{n}",
                groups="base.group_user,client_custody.group_custody_manager",
                company_ids=[(6, 0, company.ids)],
                company_id=company.id,
            )
            for n, company in enumerate((self.company, self.other_company))
        ]
        for other in others:
            for record in (wizard, wizard.line_ids[:1]):
                with self.assertRaises(AccessError):
                    record.with_user(other).read(["id"])
                with self.assertRaises(AccessError):
                    record.with_user(other).write({"successor_id": self.sales_c.id})
        self.assertEqual(wizard.successor_id, self.sales_b)


@tagged("post_install", "-at_install")
class TestWizardPrivateOverHttp(HttpCase):
    def test_wizard_private_over_http(self):
        """Over a real session, another manager's call_kw and /json/2 on a wizard are refused."""
        env = self.env(context=dict(self.env.context, no_reset_password=True))
        owner, other = (
            new_test_user(
                env,
                login=login,
                password=f"{login}_pw",
                groups="base.group_user,client_custody.group_custody_manager",
            )
            for login in ("wizard_owner", "wizard_other")
        )
        wizard = env["custody.handover.wizard"].with_user(owner).create({"reason": "Mine"})
        self.authenticate("wizard_other", "wizard_other_pw")
        for method, args in (("read", [[wizard.id], ["reason"]]), ("write", [[wizard.id], {}])):
            if method == "write":
                args[1] = {"reason": "Taken"}
            answer = self.url_open(
                "/web/dataset/call_kw",
                data=json.dumps(
                    {
                        "jsonrpc": "2.0",
                        "method": "call",
                        "params": {
                            "model": "custody.handover.wizard",
                            "method": method,
                            "args": args,
                            "kwargs": {},
                        },
                    }
                ),
                headers={"Content-Type": "application/json"},
            ).json()
            self.assertIn("error", answer, method)
        key = (
            other.with_user(other)
            .env["res.users.apikeys"]
            ._generate(scope="rpc", name="t", expiration_date=datetime.now() + timedelta(hours=12))
        )
        response = self.url_open(
            "/json/2/custody.handover.wizard/read",
            data=json.dumps({"ids": [wizard.id], "fields": ["reason"]}),
            headers={"Content-Type": "application/json", "Authorization": f"Bearer {key}"},
        )
        self.assertGreaterEqual(response.status_code, 400)
        wizard.invalidate_recordset()
        self.assertEqual(wizard.reason, "Mine")


@tagged("post_install", "-at_install")
class TestDepartureLeaverOverHttp(HttpCase):
    def test_departure_of_someone_staying_refused_over_rpc(self):
        """Over a real session, a custody manager's call_kw creating a departure handover of
        an employee who is not leaving is refused with the rule's message; nothing is made."""
        env = self.env(context=dict(self.env.context, no_reset_password=True))
        new_test_user(
            env,
            login="departure_rpc",
            password="departure_rpc_pw",
            groups="base.group_user,client_custody.group_custody_manager",
        )
        staying = env["hr.employee"].create({"name": "Staying on"})
        self.authenticate("departure_rpc", "departure_rpc_pw")
        answer = self.url_open(
            "/web/dataset/call_kw",
            data=json.dumps(
                {
                    "jsonrpc": "2.0",
                    "method": "call",
                    "params": {
                        "model": "custody.handover",
                        "method": "create",
                        "args": [{"employee_id": staying.id, "kind": "departure"}],
                        "kwargs": {},
                    },
                }
            ),
            headers={"Content-Type": "application/json"},
        ).json()
        self.assertIn("error", answer)
        self.assertIn("not leaving", answer["error"]["data"]["message"])
        self.assertFalse(env["custody.handover"].search([("employee_id", "=", staying.id)]))
