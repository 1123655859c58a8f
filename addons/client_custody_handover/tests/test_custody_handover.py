import base64
from datetime import datetime

from freezegun import freeze_time

from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, tagged

from odoo.addons.client_custody.tests.common import CustodyCase
from odoo.addons.client_custody_handover.tests.common import send_mail_queue, tell_clients

NOTICES_CRON = "client_custody_handover.ir_cron_custody_handover_notices"


@tagged("post_install", "-at_install")
class TestCustodyHandover(CustodyCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.clients = cls._clients(6, prefix="Leaver client", email="client@example.com")
        cls.personal = cls.clients[-1]
        cls.personal.write(
            {"custody_tier": "personal", "custody_tier_basis": "Brought in when hired"}
        )
        with freeze_time("2025-12-01"):  # held since before every date the tests freeze
            cls._hold(cls.clients, cls.sales_a)
        # Salesperson 0 leaves: the departure is recorded (a departure handover needs a leaver).
        cls.sales_a.departure_date = "2026-12-31"

    def _wizard(self, employees, **values):
        form = Form(
            self.env["custody.handover.wizard"]
            .with_user(self.manager_user)
            .with_context(active_model="hr.employee", active_ids=employees.ids)
        )
        for name, value in values.items():
            setattr(form, name, value)
        return form.save()

    def _handover(self, successors=None, **values):
        successors = successors or (self.sales_b | self.sales_c)
        wizard = self._wizard(self.sales_a, strategy="balanced", **values)
        wizard.successor_ids = successors
        wizard.action_preview()
        action = wizard.action_confirm()
        return self.env["custody.handover"].browse(action["res_id"]).with_user(self.manager_user)

    def test_wizard_defaults_and_balanced_preview(self):
        """The wizard takes all current clients and spreads them least-loaded first."""
        self._hold(self._clients(2, prefix="Already"), self.sales_b)
        wizard = self._wizard(self.sales_a, strategy="balanced")
        self.assertEqual(wizard.client_scope, "all")
        self.assertEqual(wizard.client_count, 6)
        self.assertFalse(wizard.partner_ids, "the book is read from the ledger, not copied")
        wizard.successor_ids = self.sales_b | self.sales_c
        wizard.action_preview()
        self.assertEqual(wizard.line_ids.partner_id, self.clients)
        per_successor = {
            s: len(wizard.line_ids.filtered(lambda line, s=s: line.successor_id == s))
            for s in (self.sales_b, self.sales_c)
        }
        # B already holds 2: C gets 4, B gets 2, so both end with 4.
        self.assertEqual(per_successor, {self.sales_b: 2, self.sales_c: 4})
        self.assertIn("Salesperson 2", wizard.preview_summary)
        self.assertFalse(
            self.env["custody.handover"].search([("employee_id", "=", self.sales_a.id)])
        )

    @freeze_time("2026-06-01 09:00:00")
    def test_full_departure_flow(self):
        """Departure: clients notified, window closes, custody moves, handover completes."""
        handover = self._handover()
        self.assertEqual(handover.state, "draft")
        self.assertEqual(len(handover.line_ids), 6)
        self.assertTrue(handover.item_ids.filtered(lambda i: i.category == "work_account"))
        handover.action_start()
        self.assertEqual(handover.state, "in_progress")
        self.assertEqual(set(handover.line_ids.mapped("state")), {"waiting"})
        self.assertEqual(set(handover.line_ids.mapped("notice_state")), {"queued"})
        notice_domain = [
            ("model", "=", "custody.handover.line"),
            ("res_id", "in", handover.line_ids.ids),
        ]
        self.assertFalse(
            self.env["mail.mail"].sudo().search(notice_domain),
            "the start request only queues the notices",
        )
        self.assertTrue(
            self.env["ir.cron.trigger"].search([("cron_id", "=", self.env.ref(NOTICES_CRON).id)]),
            "the notices are sent right away by their scheduled action",
        )
        with freeze_time("2026-06-01 09:05:00"):
            self.env["custody.handover"]._cron_send_notices()
        notices = self.env["mail.mail"].sudo().search(notice_domain)
        self.assertEqual(len(notices), 6, "one notice per client")
        self.assertIn("/custody/decline/", notices[0].body_html)
        self.assertEqual(set(handover.line_ids.mapped("notice_state")), {"outgoing"})
        self.assertFalse(any(handover.line_ids.mapped("told_at")), "queued is not told")
        with freeze_time("2026-06-01 09:07:00"):
            send_mail_queue(self.env)
        self.assertEqual(set(handover.line_ids.mapped("notice_state")), {"sent"})
        self.assertEqual(set(handover.line_ids.mapped("told_channel")), {"email"})
        self.assertEqual(
            set(handover.line_ids.mapped("window_end")),
            {datetime(2026, 6, 2, 9, 7)},
            "the refusal window counts from the moment the notice was sent",
        )
        with freeze_time("2026-06-02 09:06:00"):
            self.env["custody.handover"]._cron_process_batches()
        self.assertEqual(set(handover.line_ids.mapped("state")), {"waiting"})
        with freeze_time("2026-06-02 10:00:00"):
            self.env["custody.handover"]._cron_process_batches()
        self.assertEqual(set(handover.line_ids.mapped("state")), {"accepted"})
        for line in handover.line_ids:
            self.assertEqual(line.partner_id.custodian_id, line.successor_id)
            self.assertEqual(line.partner_id.user_id, line.successor_id.user_id)
            self.assertEqual(line.new_assignment_id.origin, "handover")
        self.assertEqual(handover.state, "in_progress", "mandatory items still pending")
        with self.assertRaises(UserError):
            handover.action_done()
        handover.item_ids.action_mark_returned()
        self.assertEqual(handover.state, "done")

    def test_window_still_open_keeps_waiting(self):
        """Before the window closes, the cron leaves waiting clients alone."""
        with freeze_time("2026-06-01 09:00:00"):
            handover = self._handover()
            handover.action_start()
        with freeze_time("2026-06-01 20:00:00"):
            self.env["custody.handover"]._cron_process_batches()
        self.assertEqual(set(handover.line_ids.mapped("state")), {"waiting"})
        self.assertEqual(self.clients.custodian_id, self.sales_a)

    def test_retain_personal_client_with_reason(self):
        """A personal client may stay with the leaver, with a reason; its documents become items."""
        handover = self._handover()
        line = handover.line_ids.filtered(lambda line: line.partner_id == self.personal)
        line.write({"decision": "retain", "retain_reason": "Family friend of the leaver"})
        items = handover.item_ids.filtered(lambda i: i.partner_id == self.personal)
        self.assertEqual(set(items.mapped("category")), {"contract", "document", "voucher"})
        handover.action_start()
        self.assertEqual(line.state, "accepted")
        self.assertFalse(self.personal.custodian_id, "the company no longer holds it")

    def test_retaining_core_client_refused(self):
        """A core trade-secret client cannot be retained by the leaver."""
        handover = self._handover()
        core_line = handover.line_ids.filtered(lambda line: line.tier == "core")[:1]
        with self.assertRaises(ValidationError):
            core_line.write({"decision": "retain", "retain_reason": "I like them"})
        self.assertEqual(core_line.decision, "transfer")

    def test_retain_without_reason_refused(self):
        """Retaining needs a reason."""
        handover = self._handover()
        line = handover.line_ids.filtered(lambda line: line.partner_id == self.personal)
        with self.assertRaises(ValidationError):
            line.write({"decision": "retain"})

    def test_successor_guards(self):
        """No successor, the leaver, an archived or foreign employee: clear errors, nothing made."""
        Handover = self.env["custody.handover"]
        cases = {
            "leaver": self.sales_a,
            "foreign": self.other_employee,
        }
        for label, successor in cases.items():
            with self.subTest(label), self.assertRaises(UserError):
                wizard = self._wizard(self.sales_a, strategy="single", successor_id=successor)
                wizard.action_confirm()
        self.sales_c.with_context(no_wizard=True).action_archive()
        with self.assertRaises(UserError):
            wizard = self._wizard(self.sales_a, strategy="balanced")
            wizard.successor_ids = self.sales_c.with_context(active_test=False)
            wizard.action_confirm()
        with self.assertRaises(UserError):
            self._wizard(self.sales_a, strategy="balanced").action_preview()
        self.assertFalse(Handover.search([("employee_id", "=", self.sales_a.id)]))

    def test_choose_clients_one_by_one(self):
        """Switching to the clients listed starts empty (issue #18: picking a few must not mean
        deleting the rest); only those listed are handed over."""
        form = Form(
            self.env["custody.handover.wizard"]
            .with_user(self.manager_user)
            .with_context(active_model="hr.employee", active_ids=self.sales_a.ids)
        )
        form.client_scope = "selected"
        self.assertEqual(len(form.partner_ids), 0)
        for client in self.clients[1:]:
            form.partner_ids.add(client)
        form.strategy = "single"
        form.successor_id = self.sales_b
        wizard = form.save()
        self.assertEqual(wizard.client_count, 5)
        handover = self.env["custody.handover"].browse(wizard.action_confirm()["res_id"])
        self.assertEqual(handover.line_ids.partner_id, self.clients[1:])

    def test_retained_in_preview(self):
        """A personal client retained in the preview becomes a retained line with its document
        items; a core client retained there is refused and no handover is made."""
        wizard = self._wizard(self.sales_a, strategy="single", successor_id=self.sales_b)
        wizard.action_preview()
        wizard.line_ids.filtered(lambda line: line.partner_id == self.personal).write(
            {"decision": "retain", "retain_reason": "Family friend of the leaver"}
        )
        handover = self.env["custody.handover"].browse(wizard.action_confirm()["res_id"])
        retained = handover.line_ids.filtered(lambda line: line.decision == "retain")
        self.assertEqual(retained.partner_id, self.personal)
        self.assertEqual(retained.retain_reason, "Family friend of the leaver")
        items = handover.item_ids.filtered(lambda i: i.partner_id == self.personal)
        self.assertEqual(set(items.mapped("category")), {"contract", "document", "voucher"})
        handover.with_user(self.manager_user).action_cancel()

        wizard = self._wizard(self.sales_a, strategy="single", successor_id=self.sales_b)
        wizard.action_preview()
        core = self.clients[0]
        wizard.line_ids.filtered(lambda line: line.partner_id == core).write(
            {"decision": "retain", "retain_reason": "I like them"}
        )
        with self.assertRaises(ValidationError) as caught:
            wizard.action_confirm()
        self.assertIn(core.name, str(caught.exception))
        self.assertFalse(
            self.env["custody.handover"].search(
                [("employee_id", "=", self.sales_a.id), ("state", "!=", "cancel")]
            )
        )

    def test_no_clients_refused(self):
        """A handover with no client cannot be prepared."""
        wizard = self._wizard(self.sales_b, strategy="single", successor_id=self.sales_c)
        with self.assertRaises(UserError):
            wizard.action_preview()

    def test_client_in_one_running_handover(self):
        """A client is in at most one running handover."""
        self._handover()
        with self.assertRaises(ValidationError):
            self._handover()

    def test_capacity_makes_lines_wait(self):
        """Lines beyond the successor's capacity wait as over capacity, never dropped."""
        self.sales_b.custody_capacity = 2
        wizard = self._wizard(self.sales_a, strategy="single", successor_id=self.sales_b)
        wizard.action_preview()
        handover = self.env["custody.handover"].browse(wizard.action_confirm()["res_id"])
        handover.with_user(self.manager_user).action_start()
        states = handover.line_ids.mapped("state")
        self.assertEqual(states.count("waiting"), 2)
        self.assertEqual(states.count("over_capacity"), 4)
        queue = handover.line_ids.filtered(lambda line: line.state == "over_capacity")
        queue.write({"successor_id": self.sales_c.id})
        queue.with_user(self.manager_user).action_reassign()
        self.assertEqual(set(queue.mapped("state")), {"waiting"})

    def test_transfer_frequency_limit(self):
        """One client may be transferred on the job at most twice in 90 days."""
        client = self.clients[0]
        self._hold(client, self.sales_b, origin="transfer")
        self._hold(client, self.sales_c, origin="transfer")
        wizard = Form(
            self.env["custody.handover.wizard"]
            .with_user(self.manager_user)
            .with_context(active_model="res.partner", active_ids=client.ids)
        )
        wizard.strategy = "single"
        wizard.successor_id = self.sales_a
        wizard = wizard.save()
        self.assertEqual(wizard.kind, "transfer")
        handover = self.env["custody.handover"].browse(wizard.action_confirm()["res_id"])
        with self.assertRaises(UserError) as caught:
            handover.with_user(self.manager_user).action_start()
        self.assertIn(client.name, str(caught.exception))
        self.assertEqual(handover.state, "draft")

    def test_approval_required_for_core_clients(self):
        """With approval on, a handover of core clients waits for a manager's approval."""
        self.company.custody_handover_approval = True
        handover = self._handover()
        handover.action_start()
        self.assertEqual(handover.state, "to_approve")
        with self.assertRaises(UserError):
            handover.with_user(self.user_b).action_approve()
        handover.action_approve()
        self.assertEqual(handover.state, "in_progress")

    def test_undo_within_window(self):
        """A manager undoes an accepted transfer within 7 days; not after."""
        with freeze_time("2026-06-01 09:00:00"):
            handover = self._handover(successors=self.sales_b, kind="transfer")
            handover.action_start()
            tell_clients(self.env)
        with freeze_time("2026-06-02 10:00:00"):
            self.env["custody.handover"]._cron_process_batches()
        first, second = handover.line_ids[:2]
        with freeze_time("2026-06-05 10:00:00"):
            first.with_user(self.manager_user).action_undo()
        self.assertEqual(first.partner_id.custodian_id, self.sales_a)
        self.assertEqual(first.partner_id.user_id, self.user_a)
        with freeze_time("2026-06-12 10:00:00"), self.assertRaises(UserError):
            second.with_user(self.manager_user).action_undo()
        self.assertEqual(second.partner_id.custodian_id, self.sales_b)

    def test_accepted_client_moves_on_and_undo_is_refused(self):
        """An accepted client leaves the running handover: it may be handed over again before
        the first handover ends, and undoing the first then no longer applies."""
        with freeze_time("2026-06-01 09:00:00"):
            handover = self._handover(successors=self.sales_b, kind="transfer")
            handover.action_start()
            tell_clients(self.env)
            moved, refusing = handover.line_ids[:2]
            refusing._refuse("We prefer somebody else")
        with freeze_time("2026-06-02 10:00:00"):
            self.env["custody.handover"]._cron_process_batches()
        self.assertEqual(moved.state, "accepted")
        self.assertEqual(handover.state, "in_progress", "the refusing client keeps it open")
        with self.assertRaises(ValidationError):  # still in the first handover
            self.env["custody.handover.line"].create(
                {"handover_id": handover.id, "partner_id": refusing.partner_id.id}
            )
        with freeze_time("2026-06-03 09:00:00"):
            wizard = Form(
                self.env["custody.handover.wizard"]
                .with_user(self.manager_user)
                .with_context(active_model="res.partner", active_ids=moved.partner_id.ids)
            )
            wizard.strategy = "single"
            wizard.successor_id = self.sales_c
            second = self.env["custody.handover"].browse(wizard.save().action_confirm()["res_id"])
            second.with_user(self.manager_user).action_start()
            tell_clients(self.env)
        with freeze_time("2026-06-04 10:00:00"):
            self.env["custody.handover"]._cron_process_batches()
        self.assertEqual(moved.partner_id.custodian_id, self.sales_c)
        with freeze_time("2026-06-05 10:00:00"), self.assertRaises(UserError) as caught:
            moved.with_user(self.manager_user).action_undo()
        self.assertIn("has moved on", str(caught.exception))
        self.assertEqual(moved.partner_id.custodian_id, self.sales_c)
        self.assertFalse(moved.undone)

    def test_waiver_needs_authorisation(self):
        """A checklist item is waived only with a written authorisation of substance (a
        reason that says something, or the signed document); "." is no authorisation."""
        handover = self._handover()
        item = handover.item_ids[:1]
        with self.assertRaises(ValidationError):
            item.action_waive()
        for note in (".", "ok ok", "  ...  "):
            item.waiver_note = note
            with self.assertRaises(ValidationError):
                item.action_waive()
            self.assertEqual(item.state, "pending")
        item.waiver_note = "Director approved in writing, 2026-05-30"
        item.action_waive()
        self.assertEqual(item.state, "waived")
        other = handover.item_ids[1:2]
        other.write(
            {"waiver_document": base64.b64encode(b"%PDF signed"), "waiver_document_name": "a.pdf"}
        )
        other.action_waive()
        self.assertEqual(other.state, "waived")

    def test_certificate_renders(self):
        """The handover certificate lists clients by successor, retained clients and items, and
        names its witness (监交人), the direct manager of the employee handing over."""
        self.sales_a.parent_id = self.sales_c
        handover = self._handover()
        line = handover.line_ids.filtered(lambda line: line.partner_id == self.personal)
        line.write({"decision": "retain", "retain_reason": "Brought from previous job"})
        handover.action_start()
        html, _format = self.env["ir.actions.report"]._render_qweb_html(
            "client_custody_handover.action_report_custody_handover", handover.ids
        )
        html = html.decode()
        self.assertIn(handover.name, html)
        self.assertIn("Brought from previous job", html)
        self.assertIn("Work WeChat / WeCom account", html)
        self.assertIn("Signature", html)
        self.assertIn("Witness (direct manager):</strong> <span>Salesperson 2</span>", html)

    def test_cancel(self):
        """Cancelling releases the clients for another handover; done cannot be cancelled."""
        handover = self._handover()
        handover.action_cancel()
        self.assertEqual(handover.state, "cancel")
        self.assertEqual(len(self._handover().line_ids), 6, "the clients are free again")

    def test_rules_strategy_with_fallback(self):
        """Rules route clients by state, country, industry or tags; the rest go to the fallback."""
        china = self.env.ref("base.cn")
        self.clients[:2].write({"country_id": china.id})
        self.sales_b.custody_rule_country_ids = china
        wizard = self._wizard(self.sales_a, strategy="rules", fallback_successor_id=self.sales_c)
        wizard.action_preview()
        routed = {line.partner_id: line.successor_id for line in wizard.line_ids}
        for client in self.clients[:2]:
            self.assertEqual(routed[client], self.sales_b)
        for client in self.clients[2:]:
            self.assertEqual(routed[client], self.sales_c)

    def test_several_leavers_one_handover_each(self):
        """From the employee list, several leavers get one draft handover each."""
        other_clients = self._clients(2, prefix="B's")
        with freeze_time("2025-12-01"):
            self._hold(other_clients, self.sales_b)
        wizard = self._wizard(
            self.sales_a | self.sales_b, strategy="single", successor_id=self.sales_c
        )
        wizard.action_preview()
        action = wizard.action_confirm()
        handovers = self.env["custody.handover"].search(action["domain"])
        self.assertEqual(handovers.employee_id, self.sales_a | self.sales_b)
        by_leaver = {h.employee_id: h.line_ids.partner_id for h in handovers}
        self.assertEqual(by_leaver[self.sales_b], other_clients)
        self.assertEqual(by_leaver[self.sales_a], self.clients)

    def test_done_handover_cannot_be_cancelled(self):
        """A completed handover cannot be cancelled."""
        with freeze_time("2026-06-01 09:00:00"):
            handover = self._handover()
            handover.action_start()
            tell_clients(self.env)
        with freeze_time("2026-06-03 09:00:00"):
            self.env["custody.handover"]._cron_process_batches()
        handover.item_ids.action_mark_returned()
        self.assertEqual(handover.state, "done")
        with self.assertRaises(UserError):
            handover.action_cancel()
        self.assertEqual(handover.state, "done")
