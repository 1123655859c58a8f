from unittest.mock import patch

from odoo import Command
from odoo.tests import Form, new_test_user, tagged

from .common import SECRET, WecomCase

BUYER = "wmClient"


@tagged("post_install", "-at_install")
class TestWecomTransfer(WecomCase):
    def _launch(self, handover):
        self._start(handover)
        self.assertEqual(handover.state, "in_progress")
        return handover

    def test_departure_250_clients_none_lost(self):
        """A departure of 250 WeCom clients: three chunks of ≤ 100, refusals, over quota,
        a too-frequent transfer and a lost record; every client ends accepted or in the
        reassignment queue, and the handover completes only once WeCom agrees."""
        with self.clock() as tick:
            handover, by_ext = self._departure_launched()
            tick(2)
            self._departure_refusals(handover, by_ext)
            tick(23)
            self._poll()
            self.env["custody.handover"]._cron_process_batches()
            queue = self._departure_after_window(handover)
            # Customer 007 was never told (WeCom refused the transfer, no e-mail address):
            # it waits, untold, until its successor calls it.
            untold = by_ext[f"{BUYER}007"]
            self.assertEqual(untold.state, "waiting")
            self.assertFalse(untold.told_at)
            untold.with_user(self.succ_b.user_id).action_told_by_call()
            self.assertEqual(untold.told_channel, "call")
            # The reassignment queue: another successor, requested again in WeCom.
            sent = len(self.fake.calls_to("externalcontact/transfer_customer"))
            queue.write({"successor_id": self.succ_c.id})
            queue.action_reassign()
            self._poll()
            retried = self.fake.calls_to("externalcontact/transfer_customer")[sent:]
            self.assertEqual(sum(len(call["external_userid"]) for call in retried), 18)
            self.assertEqual(set(queue.mapped("state")), {"waiting"})
            tick(24)
            self._poll()
            self.env["custody.handover"]._cron_process_batches()
            self.assertEqual(set(queue.mapped("state")), {"accepted"})
            self.assertEqual(untold.state, "accepted", "accepted once told and its window closed")
            self.assertEqual(handover.state, "in_progress")
            self.assertIn("WeCom transfers failed: 2", "\n".join(handover._done_blockers()))
            handover.wecom_transfer_ids.filtered(
                lambda t: t.state in ("failed", "no_record")
            ).action_resolve()
            handover.action_done()
            self.assertEqual(handover.state, "done")
            self.assertEqual(set(handover.line_ids.mapped("state")), {"accepted"})
            self._departure_log(handover)

    def _departure_launched(self):
        clients = self._clients(250)
        self._import()
        self.fake.users["succ_b"]["quota"] = 230
        self.fake.users["succ_d"]["quota"] = 0
        # Customer 007 was moved twice in the last 90 days already (40128).
        self.fake.history[f"{BUYER}007"] = [self.fake.now - 86400 * 30] * 2
        handover = self._handover(clients, self.succ_b)
        handover.line_ids[245:].successor_id = self.succ_d
        self._launch(handover)
        calls = self.fake.calls_to("externalcontact/transfer_customer")
        self.assertEqual(sorted(len(call["external_userid"]) for call in calls), [5, 45, 100, 100])
        names = {"succ_b": "Successor Bai", "succ_d": "Successor Du"}
        for call in calls:
            # WeCom's own wording, from the leaver's account, naming the colleague.
            self.assertEqual(
                call["transfer_success_msg"],
                f"Hello, due to a change in my work, my colleague {names[call['takeover_userid']]} "
                "will take over from me and continue to serve you.",
            )
            self.assertNotIn(handover.reason, call["transfer_success_msg"])
        lines = handover.line_ids
        by_ext = {line.wecom_external_userid: line for line in lines}
        self.assertEqual(len(by_ext), 250, "one WeCom contact per client")
        self.assertEqual(by_ext[f"{BUYER}007"].wecom_errcode, 40128)
        self.assertIn("twice in 90 days", by_ext[f"{BUYER}007"].wecom_message)
        self.assertFalse(by_ext[f"{BUYER}007"].wecom_told)
        quota_full = lines.filtered(lambda line: line.successor_id == self.succ_d)
        self.assertEqual(set(quota_full.mapped("state")), {"over_capacity"})
        self.assertEqual(set(quota_full.mapped("wecom_errcode")), {40099})
        self.assertEqual(len(lines.filtered("wecom_told")), 244)
        return handover, by_ext

    def _departure_refusals(self, handover, by_ext):
        refusing = [f"{BUYER}{index:03d}" for index in (3, 50, 150, 240)]
        for external in refusing:
            self.fake.refuse(external)
        self.fake.lose_record(f"{BUYER}011")
        self._poll()
        for external in refusing:
            self.assertEqual(by_ext[external].state, "refused")
            self.assertEqual(by_ext[external].wecom_state, "refused")
            self.assertIn("leaver", self.fake.followers(external), "not lost in WeCom")
        waiting = handover.line_ids.filtered(lambda line: line.wecom_state == "waiting")
        self.assertEqual(len(waiting), 239)
        self.assertEqual(
            set(waiting.mapped("window_end")), set(waiting.mapped("wecom_takeover_time"))
        )
        self.assertEqual(by_ext[f"{BUYER}011"].wecom_state, "no_record")

    def _departure_after_window(self, handover):
        """Nothing lost: accepted, or refused / over capacity in the reassignment queue."""
        lines = handover.line_ids
        by_state = lines.grouped("state")
        self.assertEqual(set(by_state), {"accepted", "refused", "over_capacity", "waiting"})
        self.assertEqual(len(by_state["accepted"]), 231)
        self.assertEqual(
            set(by_state["accepted"].mapped("told_channel")), {"wecom"}, "told by WeCom"
        )
        self.assertEqual(len(by_state["refused"]), 4)
        self.assertEqual(len(by_state["over_capacity"]), 14)
        taken = by_state["accepted"].filtered(lambda line: line.wecom_state == "accepted")
        self.assertEqual(len(taken), 230)
        self.assertEqual(taken.partner_id.custodian_id, self.succ_b)
        for line in taken[:5]:
            self.assertEqual(self.fake.followers(line.wecom_external_userid), {"succ_b"})
        # Status 4: WeCom kept the customer with the leaver; Odoo queues it.
        over_wecom = by_state["over_capacity"].filtered(
            lambda line: line.successor_id == self.succ_b
        )
        self.assertEqual(len(over_wecom), 9)
        self.assertEqual(set(over_wecom.mapped("wecom_state")), {"over_capacity"})
        self.assertEqual(handover.state, "in_progress")
        return by_state["refused"] | by_state["over_capacity"]

    def _departure_log(self, handover):
        """Every call on the handover's log, with its errcodes, and no secret anywhere."""
        log = handover.wecom_call_log_ids
        self.assertIn("externalcontact/transfer_result", log.mapped("endpoint"))
        self.assertTrue(any("40128×1" in (row.item_errcodes or "") for row in log))
        dumped = str(self.env["wecom.call.log"].search([]).read([]))
        self.assertNotIn(SECRET, dumped)
        self.assertTrue(self.fake.tokens)
        for token in self.fake.tokens:
            self.assertNotIn(token, dumped)

    def test_successor_already_follows(self):
        """A contact the successor already has in WeCom is not transferred; the client moves
        in Odoo alone."""
        with self.clock():
            clients = self._clients(2)
            self.fake.follow("wmClient000", "succ_b")
            self._import()
            handover = self._launch(self._handover(clients, self.succ_b))
            calls = self.fake.calls_to("externalcontact/transfer_customer")
            self.assertEqual([call["external_userid"] for call in calls], [["wmClient001"]])
            self.assertFalse(handover.line_ids[0].wecom_state)
            self.assertEqual(handover.line_ids[1].wecom_state, "waiting")

    def test_company_without_wecom(self):
        """Another company without WeCom settings hands over in Odoo alone: no call, and
        its handover completes without waiting for WeCom."""
        # Core handovers need no approval there: the handover runs start to done here.
        other = self.env["res.company"].create(
            {"name": "No WeCom Co", "custody_handover_approval": False}
        )
        user, leaver_user = (
            new_test_user(
                self.env,
                login=login,
                groups="base.group_user,client_custody.group_custody_user",
                company_id=other.id,
                company_ids=[(6, 0, other.ids)],
            )
            for login in ("other_successor", "other_leaver")
        )
        leaver, successor = self.env["hr.employee"].create(
            [
                {
                    "name": "Other leaver",
                    "company_id": other.id,
                    # The departure is recorded: a departure handover needs a leaver.
                    "departure_date": "2026-12-31",
                    "wecom_userid": "leaver",
                    "user_id": leaver_user.id,
                },
                {"name": "Other successor", "company_id": other.id, "user_id": user.id},
            ]
        )
        with self.clock() as tick:
            client = self.env["res.partner"].create({"name": "Other client", "is_company": True})
            self.env["custody.assignment"]._move(client, leaver, origin="assigned")
            handover = self.env["custody.handover"].create(
                {
                    "employee_id": leaver.id,
                    "line_ids": [
                        Command.create({"partner_id": client.id, "successor_id": successor.id})
                    ],
                }
            )
            handover.action_start()
            tick(25)
            self.env["custody.handover"]._cron_process_batches()
            self.assertEqual(handover.state, "in_progress", "never accepted untold")
            self.env["custody.handover"]._cron_send_notices()
            line = handover.line_ids
            self.assertEqual(line.notice_state, "no_email")
            self.assertEqual(line.told_activity_id.user_id, successor.user_id)
            line.told_activity_id.with_user(successor.user_id).action_done()
            self.assertEqual(line.told_channel, "call")
            tick(25)
            self.env["custody.handover"]._cron_process_batches()
            self.assertEqual(handover.state, "done")
            self.assertFalse(self.fake.calls)

    def test_manager_sees_the_wecom_page(self):
        """A custody manager (not an administrator) opens the handover with its WeCom page,
        transfers, group chats and call log, and reads the lines' WeCom status."""
        with self.clock():
            clients = self._clients(2)
            self._import()
            handover = self._launch(self._handover(clients, self.succ_b))
            self.env.invalidate_all()
            as_manager = handover.with_user(self.manager_user)
            form = Form(as_manager)
            self.assertEqual(len(form.wecom_transfer_ids), 2)
            self.assertTrue(form.wecom_call_log_ids)
            self.assertEqual(set(as_manager.line_ids.mapped("wecom_state")), {"waiting"})
            self.assertEqual(as_manager.wecom_pending_count, 2)

    def test_completes_only_when_wecom_agrees(self):
        """Odoo's window closing first does not move a client WeCom has not taken over yet;
        the handover completes when WeCom's result arrives."""
        with self.clock() as tick:
            clients = self._clients(2)
            self._import()
            handover = self._handover(clients, self.succ_b)
            handover.refusal_hours = 1
            self._launch(handover)
            tick(2)
            self.env["custody.handover"]._cron_process_batches()
            self.assertEqual(set(handover.line_ids.mapped("state")), {"waiting"})
            with self.assertRaisesRegex(Exception, "WeCom transfers not finished"):
                handover.action_done()
            tick(23)
            self._poll()
            self.assertEqual(set(handover.line_ids.mapped("state")), {"accepted"})
            self.assertEqual(handover.state, "done")

    def test_completes_as_every_path_completes(self):
        """When WeCom's result accepts the last clients, the handover completes through the
        handover addon's one rule of completion (``custody.handover._try_complete``), not a
        copy of it."""
        Handover = type(self.env["custody.handover"])
        completed = []
        try_complete = Handover._try_complete

        def spy(handovers):
            completed.append(handovers.ids)
            return try_complete(handovers)

        with self.clock() as tick, patch.object(Handover, "_try_complete", spy):
            clients = self._clients(1)
            self._import()
            handover = self._handover(clients, self.succ_b)
            handover.refusal_hours = 1
            self._launch(handover)
            tick(25)
            completed.clear()
            self._poll()
        self.assertEqual(handover.state, "done")
        self.assertIn(handover.ids, completed)

    def test_resigned_member(self):
        """A leaver removed from WeCom's directory but still active in Odoo goes through
        离职继承 (WeCom's directory decides, at the call), without a message; a customer who
        refuses is lost in WeCom and queued in Odoo."""
        with self.clock() as tick:
            clients = self._clients(3)
            self._import()
            self.fake.resign("leaver")
            handover = self._handover(clients, self.succ_b)
            self._launch(handover)
            self.assertFalse(self.fake.calls_to("externalcontact/transfer_customer"))
            call = self.fake.calls_to("externalcontact/resigned/transfer_customer")[-1]
            self.assertNotIn("transfer_success_msg", call)
            self.assertEqual(set(handover.wecom_transfer_ids.mapped("mode")), {"resigned"})
            self.assertTrue(self.leaver.wecom_resigned, "WeCom's directory noted on the employee")
            self.assertEqual(set(handover.line_ids.mapped("wecom_state")), {"waiting"})
            self.fake.refuse("wmClient001")
            tick(25)
            self._poll()
            refused = handover.line_ids.filtered(
                lambda line: line.wecom_external_userid == "wmClient001"
            )
            self.assertEqual(refused.state, "refused", "WeCom loses it; Odoo queues it")
            self.assertFalse(self.fake.followers("wmClient001"))
            self.assertEqual(set((handover.line_ids - refused).mapped("state")), {"accepted"})

    def test_retry_switches_to_resigned_api(self):
        """Issue case 2: the directory could not be read at Start (the 在职 API was used and
        every customer answered 40131, the leaver having resigned in WeCom); Retry asks the
        directory again and switches to the 离职 API."""
        with self.clock():
            clients = self._clients(2)
            self._import()
            self.fake.resign("leaver")
            self.fake.fail_next("user/get", 60011)
            handover = self._launch(self._handover(clients, self.succ_b))
            self.assertEqual(set(handover.line_ids.mapped("wecom_errcode")), {40131})
            self.assertEqual(handover.wecom_problem_count, 2)
            calls = len(self.fake.calls)
            handover.wecom_transfer_ids.with_user(self.manager_user).action_retry()
            self.assertEqual(len(self.fake.calls), calls, "Retry does not wait for WeCom")
            self._poll()  # the WeCom scheduled action, triggered by the button
            calls = self.fake.calls_to("externalcontact/resigned/transfer_customer")
            self.assertEqual(len(calls[-1]["external_userid"]), 2)
            self.assertEqual(set(handover.wecom_transfer_ids.mapped("mode")), {"resigned"})
            self.assertEqual(set(handover.line_ids.mapped("wecom_state")), {"waiting"})
            self.assertEqual(handover.wecom_problem_count, 0)

    def test_archived_leaver_still_in_wecom(self):
        """Archived in Odoo but still a WeCom member: WeCom's directory says so, and the
        customers go on the job, with WeCom's own message."""
        with self.clock():
            clients = self._clients(2)
            self._import()
            handover = self._handover(clients, self.succ_b)
            self.leaver.with_context(no_wizard=True).action_archive()
            self._launch(handover)
            self.assertFalse(self.fake.calls_to("externalcontact/resigned/transfer_customer"))
            onjob = self.fake.calls_to("externalcontact/transfer_customer")
            self.assertEqual(len(onjob[0]["external_userid"]), 2)
            self.assertIn("Successor Bai", onjob[0]["transfer_success_msg"])
            self.assertEqual(set(handover.wecom_transfer_ids.mapped("mode")), {"onjob"})
            self.assertEqual(set(handover.line_ids.mapped("wecom_state")), {"waiting"})

    def test_busy_and_rate_limit(self):
        """−1 is retried up to three times at once; 45009 puts the request off with a
        back-off and the scheduled action sends it when due."""
        with self.clock() as tick:
            clients = self._clients(2)
            self._import()
            self.fake.fail_next("externalcontact/transfer_customer", -1, times=3)
            handover = self._launch(self._handover(clients[:1], self.succ_b))
            self.assertEqual(handover.line_ids.wecom_state, "waiting")
            log = handover.wecom_call_log_ids.filtered(
                lambda row: row.endpoint == "externalcontact/transfer_customer"
            )
            self.assertEqual(log.attempts, 4)

            self.fake.fail_next("externalcontact/transfer_customer", 45009)
            other = self._launch(self._handover(clients[1:], self.succ_b))
            transfer = other.wecom_transfer_ids
            self.assertEqual(
                (transfer.state, transfer.errcode, transfer.attempts), ("todo", 45009, 1)
            )
            self._poll()
            self.assertEqual(transfer.state, "todo", "not before the back-off")
            tick(0.05)
            self._poll()
            self.assertEqual(transfer.state, "waiting", "requested, then its result read")
            self.assertTrue(transfer.told)

    def test_poll_queries_do_not_grow(self):
        """Reading WeCom's results costs the same queries for 10 or 40 clients."""
        with self.clock():
            clients = self._clients(50)
            self._import()
            self._launch(self._handover(clients[:10], self.succ_b))
            self.env.flush_all()
            before = self.env.cr.sql_log_count
            self._poll()
            self.env.flush_all()
            small = self.env.cr.sql_log_count - before
            self._launch(self._handover(clients[10:], self.succ_b))
            self.env.flush_all()
            before = self.env.cr.sql_log_count
            self._poll()
            self.env.flush_all()
            large = self.env.cr.sql_log_count - before
            self.assertEqual(small, large)
