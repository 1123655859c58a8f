from odoo.exceptions import UserError
from odoo.tests import tagged

from odoo.addons.client_custody.models.custody_guarded_mixin import transition

from .common import WecomCase

ONJOB = "externalcontact/transfer_customer"
RESIGNED = "externalcontact/resigned/transfer_customer"


@tagged("post_install", "-at_install")
class TestWecomHolderRule(WecomCase):
    """One rule for who holds a customer when WeCom and Odoo both have an opinion, on every
    path (issue #23, cases 1, 3, 4 and 7)."""

    def test_decline_link_while_wecom_waits(self):
        """Case 1: the client declines through the e-mailed link while WeCom's transfer to A
        waits; WeCom completes it to A; the client is reassigned to B in Odoo. The request to
        B waits for A's result, then starts from A (the member WeCom has), and the client
        completes in Odoo only once WeCom has B."""
        with self.clock() as tick:
            client = self._clients(1)
            self._import()
            handover = self._start(self._handover(client, self.succ_b))
            line = handover.line_ids
            self.assertEqual(line.wecom_state, "waiting")
            # The decline link (client_custody_handover's controller calls exactly this).
            line._refuse(note="We would rather have someone else.", by_client=True)
            self.assertEqual(line.state, "refused")
            line.with_user(self.manager_user).write({"successor_id": self.succ_c.id})
            line.with_user(self.manager_user).action_reassign()
            self._poll()
            self.assertFalse(
                [c for c in self.fake.calls_to(ONJOB) if c["takeover_userid"] == "succ_c"],
                "not requested while WeCom's transfer to A still waits",
            )
            self.assertEqual(line.wecom_state, "todo")
            tick(25)  # WeCom's window closes: WeCom gives the customer to A.
            self._poll()
            self.assertEqual(self.fake.followers("wmClient000"), {"succ_b"})
            self.assertEqual(line.state, "waiting", "Odoo does not complete with B")
            tick(0.05)
            self._poll()
            request = [c for c in self.fake.calls_to(ONJOB) if c["takeover_userid"] == "succ_c"]
            self.assertEqual(len(request), 1)
            self.assertEqual(request[0]["handover_userid"], "succ_b", "from the member WeCom has")
            self.assertEqual(line.wecom_state, "waiting")
            self.assertEqual(handover.state, "in_progress")
            tick(25)
            self._poll()
            self.env["custody.handover"]._cron_process_batches()
            self.assertEqual(line.state, "accepted")
            self.assertEqual(self.fake.followers("wmClient000"), {"succ_c"})
            self.assertEqual(line.partner_id.custodian_id, self.succ_c)
            self.assertEqual(handover.state, "done")

    def test_transfer_in_progress_to_someone_else(self):
        """Case 3: 40129 because WeCom already moves the customer to another member is not
        taken for our own request: the transfer fails visibly (not polled forever); Retry,
        once WeCom gave the customer to that member, starts from them."""
        with self.clock() as tick:
            client = self._clients(1)
            self._import()
            # Somebody moved the customer to Du in WeCom's admin, outside Odoo.
            self.fake._transfer(
                {
                    "handover_userid": "leaver",
                    "takeover_userid": "succ_d",
                    "external_userid": ["wmClient000"],
                },
                "onjob",
            )
            handover = self._start(self._handover(client, self.succ_b))
            transfer = handover.wecom_transfer_ids
            self.assertEqual((transfer.state, transfer.errcode), ("failed", 40129))
            self.assertIn("another member", transfer.message)
            polls = len(self.fake.calls_to("externalcontact/transfer_result"))
            self._poll()
            self.assertEqual(len(self.fake.calls_to("externalcontact/transfer_result")), polls)
            self.assertIn("WeCom transfers failed: 1", "\n".join(handover._done_blockers()))
            tick(25)
            transfer.with_user(self.manager_user).action_retry()
            self._poll()  # the WeCom scheduled action, triggered by the button
            call = self.fake.calls_to(ONJOB)[-1]
            self.assertEqual(
                (call["handover_userid"], call["takeover_userid"]), ("succ_d", "succ_b")
            )
            self.assertEqual(transfer.state, "waiting")

    def test_undo_asks_wecom_to_move_back(self):
        """Case 4: undoing an on-the-job transfer asks WeCom to move the customer back to the
        previous holder; when WeCom cannot (previous holder without a WeCom account), the
        handover says why."""
        with self.clock() as tick:
            clients = self._clients(2)
            self._import()
            handover = self._start(self._handover(clients, self.succ_b, kind="transfer"))
            tick(25)
            self._poll()
            self.env["custody.handover"]._cron_process_batches()
            self.assertEqual(set(handover.line_ids.mapped("state")), {"accepted"})
            first, second = handover.line_ids
            first_ext, second_ext = first.wecom_external_userid, second.wecom_external_userid
            first.with_user(self.manager_user).action_undo()
            self.assertEqual(first.partner_id.custodian_id, self.leaver)
            self._poll()
            call = self.fake.calls_to(ONJOB)[-1]
            self.assertEqual(
                (call["handover_userid"], call["takeover_userid"], call["external_userid"]),
                ("succ_b", "leaver", [first_ext]),
            )
            tick(25)
            self._poll()
            self.assertEqual(self.fake.followers(first_ext), {"leaver"})
            # The leaver loses their WeCom account: WeCom cannot move the second one back.
            self.leaver.wecom_userid = False
            second.with_user(self.manager_user).action_undo()
            self.assertIn("has no WeCom userid", handover.message_ids[0].body)
            self.assertEqual(self.fake.followers(second_ext), {"succ_b"})

    def test_resigned_refusal_then_reassignment(self):
        """Case 7: after a 离职 refusal WeCom lists the customer under nobody. Reassigning it
        does not request it again (no 40131, no Retry): the transfer is marked lost in WeCom
        and the client is handed over in Odoo on its own."""
        with self.clock() as tick:
            clients = self._clients(2)
            self._import()
            self.fake.resign("leaver")
            handover = self._start(self._handover(clients, self.succ_b))
            self.fake.refuse("wmClient000")
            tick(25)
            self._poll()
            refused = handover.line_ids[0]
            self.assertEqual(refused.state, "refused")
            sent = len(self.fake.calls_to(RESIGNED))
            refused.with_user(self.manager_user).write({"successor_id": self.succ_c.id})
            refused.with_user(self.manager_user).action_reassign()
            self._poll()
            self.assertEqual(len(self.fake.calls_to(RESIGNED)), sent, "not requested again")
            self.assertEqual(refused.wecom_state, "lost")
            self.assertNotEqual(refused.wecom_errcode, 40131)
            with self.assertRaises(UserError):
                refused.wecom_transfer_ids.with_user(self.manager_user).action_retry()
            self.assertFalse(
                [b for b in handover._done_blockers() if "WeCom" in b], "WeCom blocks nothing"
            )
            refused.with_user(self.succ_c.user_id).action_told_by_call()
            tick(25)
            self.env["custody.handover"]._cron_process_batches()
            self.assertEqual(refused.state, "accepted")
            self.assertEqual(handover.state, "done")

    def test_daily_reconciliation(self):
        """The daily comparison on a world where WeCom and Odoo differ in every way: agree,
        on its way, accepted in Odoo but still with the leaver in WeCom (requested again),
        waiting in Odoo but given to another member in WeCom (queued, both sides shown), and
        lost in WeCom. Counts on the handover and in the report."""
        with self.clock() as tick:
            clients = self._clients(6)
            self._import()
            handover = self._start(self._handover(clients, self.succ_b))
            tick(25)
            self._poll()
            self.env["custody.handover"]._cron_process_batches()
            self.assertEqual(set(handover.line_ids.mapped("state")), {"accepted"})
            handover2_clients = self._clients(2, prefix="Late")
            self._import()
            late = self._start(self._handover(handover2_clients, self.succ_c))
            # WeCom changed behind Odoo's back:
            fake = self.fake
            # 001: moved back to the leaver in WeCom's admin (Odoo: accepted with Bai).
            fake.follows["wmClient001"] = {
                "leaver": dict(fake.follows["wmClient001"]["succ_b"], userid="leaver")
            }
            # 002: given to Du in WeCom (Odoo: accepted with Bai) — a member WeCom has.
            fake.follows["wmClient002"] = {
                "succ_d": dict(fake.follows["wmClient002"]["succ_b"], userid="succ_d")
            }
            # 003: deleted by everybody in WeCom: lost.
            fake.follows["wmClient003"] = {}
            # Late 000: waiting for Cao in Odoo, but somebody gave it to Du in WeCom and the
            # transfer to Cao has not been asked (Odoo's request got lost).
            fake.transfers = [t for t in fake.transfers if t["external_userid"] != "wmLate000"]
            fake.follows["wmLate000"] = {
                "succ_d": dict(fake.follows["wmLate000"]["leaver"], userid="succ_d")
            }
            # (The world is set up here: a transfer WeCom never had, marked failed.)
            lost_request = late.wecom_transfer_ids.filtered(
                lambda t: t.external_userid == "wmLate000"
            )
            transition(lost_request, "state").write({"state": "failed", "errcode": 40096})

            self.env["custody.handover"]._cron_wecom_reconcile()
            self.assertEqual(
                (
                    handover.wecom_agree_count,
                    handover.wecom_repaired_count,
                    handover.wecom_queued_count,
                    handover.wecom_lost_count,
                ),
                (3, 2, 0, 1),
            )
            self.assertTrue(handover.wecom_reconciled_on)
            rows = {row.external_userid: row for row in handover.wecom_reconcile_ids}
            self.assertEqual(rows["wmClient002"].wecom_holders, "Successor Du")
            self.assertEqual(rows["wmClient002"].odoo_holder_id, self.succ_b)
            self.assertEqual(rows["wmClient003"].outcome, "lost")
            # Late: one queued with both sides shown, one on its way.
            self.assertEqual((late.wecom_queued_count, late.wecom_agree_count), (1, 1))
            queued = late.line_ids.filtered(lambda line: line.wecom_external_userid == "wmLate000")
            self.assertEqual(queued.state, "refused", "in the reassignment queue")
            self.assertIn("Successor Du", queued.refusal_note)
            self.assertIn("Successor Cao", queued.refusal_note)
            # The repairs go to WeCom from the member WeCom has, and WeCom ends up agreeing.
            self._poll()
            repairs = [c for c in self.fake.calls_to(ONJOB) if c["takeover_userid"] == "succ_b"]
            self.assertEqual(
                sorted((c["handover_userid"], tuple(c["external_userid"])) for c in repairs[-2:]),
                [("leaver", ("wmClient001",)), ("succ_d", ("wmClient002",))],
            )
            tick(25)
            self._poll()
            self.assertEqual(self.fake.followers("wmClient001"), {"succ_b"})
            self.assertEqual(self.fake.followers("wmClient002"), {"succ_b"})
            self.env["custody.handover"]._cron_wecom_reconcile()
            self.assertEqual((handover.wecom_repaired_count, handover.wecom_lost_count), (0, 1))
            self.assertEqual(handover.wecom_agree_count, 5)
