import logging
from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import split_every

from odoo.addons.client_custody_handover.states import LAUNCHED_LINE_STATES

from .wecom_transfer import PENDING_STATES, PROBLEM_STATES, SUCCESS_MSG_MAX

_logger = logging.getLogger(__name__)

CHATS_PER_CALL = 100
CHAT_PAGE = 1000


class CustodyHandover(models.Model):
    _inherit = "custody.handover"

    wecom_call_log_ids = fields.One2many(
        "wecom.call.log", "handover_id", string="WeCom calls", readonly=True
    )
    wecom_transfer_ids = fields.One2many(
        "wecom.transfer", "handover_id", string="WeCom transfers", readonly=True
    )
    wecom_groupchat_ids = fields.One2many(
        "wecom.groupchat.transfer", "handover_id", string="WeCom group chats", readonly=True
    )
    wecom_groupchat_owner_id = fields.Many2one(
        "hr.employee",
        string="New owner of WeCom group chats",
        help="Who takes over the leaver's customer group chats in WeCom; by default the "
        "successor receiving the most clients.",
    )
    wecom_groupchats_listed = fields.Boolean(
        string="WeCom group chats listed",
        readonly=True,
        copy=False,
        help="The leaver's group chats were listed and sent to their new owner once.",
    )
    wecom_pending_count = fields.Integer(
        string="Waiting for WeCom", compute="_compute_wecom_counts"
    )
    wecom_problem_count = fields.Integer(
        string="To retry or resolve", compute="_compute_wecom_counts"
    )

    wecom_reconciled_on = fields.Datetime(
        string="Last compared with WeCom", readonly=True, copy=False
    )
    wecom_reconcile_ids = fields.One2many(
        "wecom.reconcile.line", "handover_id", string="Comparison with WeCom", readonly=True
    )
    wecom_agree_count = fields.Integer(
        string="Agree with WeCom", compute="_compute_wecom_reconcile_counts"
    )
    wecom_repaired_count = fields.Integer(
        string="Requested again in WeCom", compute="_compute_wecom_reconcile_counts"
    )
    wecom_queued_count = fields.Integer(
        string="Queued after comparing with WeCom", compute="_compute_wecom_reconcile_counts"
    )
    wecom_lost_count = fields.Integer(
        string="Lost in WeCom", compute="_compute_wecom_reconcile_counts"
    )

    @api.depends("wecom_reconcile_ids.outcome")
    def _compute_wecom_reconcile_counts(self):
        groups = self.env["wecom.reconcile.line"]._read_group(
            [("handover_id", "in", self.ids)], ["handover_id", "outcome"], ["__count"]
        )
        counts = defaultdict(int)
        for handover, outcome, count in groups:
            counts[handover.id, outcome] = count
        for handover in self:
            handover.wecom_agree_count = (
                counts[handover.id, "agree"] + counts[handover.id, "in_progress"]
            )
            handover.wecom_repaired_count = counts[handover.id, "repaired"]
            handover.wecom_queued_count = counts[handover.id, "queued"]
            handover.wecom_lost_count = counts[handover.id, "lost"]

    @api.depends("wecom_transfer_ids.state")
    def _compute_wecom_counts(self):
        groups = self.env["wecom.transfer"]._read_group(
            [("handover_id", "in", self.ids)], ["handover_id", "state"], ["__count"]
        )
        counts = {}
        for handover, state, count in groups:
            counts.setdefault(handover.id, {})[state] = count
        for handover in self:
            by_state = counts.get(handover.id, {})
            handover.wecom_pending_count = sum(by_state.get(s, 0) for s in PENDING_STATES)
            handover.wecom_problem_count = sum(by_state.get(s, 0) for s in PROBLEM_STATES)

    # ------------------------------------------------------------------
    # Integration with the handover
    # ------------------------------------------------------------------
    def _launch_lines(self, lines):
        """The clients notified in Odoo are also transferred in WeCom, when the leaver
        follows one of their WeCom contacts; the leaver's group chats move too.

        Nothing is asked of WeCom here: the transfers are planned and the WeCom scheduled
        action (the lanes) requests them, lists and moves the chats, so that Start returns at
        once however slowly WeCom answers."""
        result = super()._launch_lines(lines)
        if not self.company_id._wecom_configured():
            return result
        result[0]._wecom_plan_transfers()
        self.env.ref("client_custody_wecom.ir_cron_wecom_sync")._trigger()
        return result

    def _done_blockers(self):
        """WeCom must agree: no transfer still pending, none failed and left unresolved."""
        blockers = super()._done_blockers()
        if not self.company_id._wecom_configured():
            return blockers
        counts = dict(
            self.env["wecom.transfer"]
            .sudo()
            ._read_group(
                [
                    ("handover_id", "=", self.id),
                    ("state", "in", (*PENDING_STATES, *PROBLEM_STATES)),
                ],
                ["state"],
                ["__count"],
            )
        )
        pending = sum(counts.get(state, 0) for state in PENDING_STATES)
        problems = sum(counts.get(state, 0) for state in PROBLEM_STATES)
        blockers += self._wecom_groupchat_blockers()
        if pending:
            blockers.append(
                self.env._(
                    "WeCom transfers not finished: %(count)s client contact(s) still waiting "
                    "for WeCom's result",
                    count=pending,
                )
            )
        if problems:
            blockers.append(
                self.env._(
                    "WeCom transfers failed: %(count)s client contact(s) to retry or resolve "
                    "by hand",
                    count=problems,
                )
            )
        return blockers

    def _wecom_groupchat_blockers(self):
        """A customer group chat still owned by the leaver keeps the handover open, like a
        client: until the chats were listed in WeCom, and while one failed to move."""
        self.ensure_one()
        handover = self.sudo()
        if not handover.employee_id.wecom_userid or not handover._wecom_groupchat_owner():
            return []
        if not handover.wecom_groupchats_listed:
            return [
                self.env._(
                    "WeCom group chats of the leaver not listed yet: they are listed and moved "
                    "with the transfers"
                )
            ]
        failed = len(handover.wecom_groupchat_ids.filtered(lambda chat: chat.state == "failed"))
        if failed:
            return [
                self.env._(
                    "WeCom group chats not moved: %(count)s still owned by the leaver, tried "
                    "again with the transfers",
                    count=failed,
                )
            ]
        return []

    @api.model
    def _wecom_groupchats_due(self):
        """Running handovers whose leaver's group chats are still to list or to move."""
        return (
            self.sudo()
            .search([("state", "=", "in_progress"), ("employee_id.wecom_userid", "!=", False)])
            .filtered(
                lambda handover: (
                    handover.company_id._wecom_configured()
                    and (
                        not handover.wecom_groupchats_listed
                        or "failed" in handover.wecom_groupchat_ids.mapped("state")
                    )
                )
            )
        )

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_wecom_sync(self):
        """Read WeCom's results for this handover now: the WeCom scheduled action is run at
        once (it requests what is due and reads what is pending), out of this request."""
        self._check_manager()
        return self._wecom_run_lanes(self.env._("WeCom's results are being read."))

    def action_wecom_groupchats(self):
        """Move the leaver's customer group chats in WeCom (again: chats opened since, and
        the failed ones), by the WeCom scheduled action, out of this request."""
        self._check_manager()
        self.sudo().wecom_groupchats_listed = False
        return self._wecom_run_lanes(self.env._("The WeCom group chats are being moved."))

    def _wecom_run_lanes(self, message):
        """Run the WeCom scheduled action now and tell the user so (no call to WeCom waits in
        the user's request)."""
        self.env.ref("client_custody_wecom.ir_cron_wecom_sync")._trigger()
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {"type": "info", "message": message, "sticky": False},
        }

    def action_view_wecom_transfers(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("WeCom transfers of %(name)s", name=self.name),
            "res_model": "wecom.transfer",
            "view_mode": "list,form",
            "domain": [("handover_id", "=", self.id)],
        }

    def _wecom_success_msg(self, takeover_userid):
        """What WeCom sends the customer from the leaver's account (transfer_success_msg):
        WeCom's own wording, naming the colleague who takes over, in the clients' language
        (the company's). Never the handover's internal reason (PIPL art. 6: the customer
        needs the new contact, not why the leaver leaves)."""
        self.ensure_one()
        successor = (
            self.env["hr.employee"]
            .sudo()
            .with_context(active_test=False)
            .search(
                [("company_id", "=", self.company_id.id), ("wecom_userid", "=", takeover_userid)],
                limit=1,
            )
        )
        env = self.with_context(lang=self._notice_lang()).env
        return env._(
            "Hello, due to a change in my work, my colleague %(successor)s will take over from "
            "me and continue to serve you.",
            successor=successor.name or takeover_userid,
        )[:SUCCESS_MSG_MAX]

    # ------------------------------------------------------------------
    # Daily reconciliation
    # ------------------------------------------------------------------
    @api.model
    def _cron_wecom_reconcile(self):
        """Compare every launched handover's customers with WeCom, once a day."""
        handovers = self.sudo().search(
            [("state", "in", ("in_progress", "done")), ("wecom_transfer_ids", "!=", False)]
        )
        for handover in handovers.filtered(lambda h: h.company_id._wecom_configured()):
            try:
                handover._wecom_reconcile()
            except UserError as error:
                _logger.warning("WeCom reconciliation of %s skipped: %s", handover.name, error)
            if self.env.context.get("cron_id"):
                self.env["ir.cron"]._commit_progress(1)

    def _wecom_reconcile(self):
        """Read WeCom's followers back for the leaver and the successors, and apply the holder
        rule to each customer of the handover (``custody.handover.line._wecom_holder_rule``):
        agree, on its way, requested again, queued for reassignment (both sides shown) or lost
        in WeCom. The result replaces the handover's previous one (counts and report)."""
        self.ensure_one()
        handover = self.sudo()
        lines = handover.line_ids.filtered(
            lambda line: line.decision == "transfer" and line.state in LAUNCHED_LINE_STATES
        )
        members = (handover.employee_id | lines.successor_id).filtered("wecom_userid")
        rows = lines._wecom_holder_rule(members) if lines else []
        handover.wecom_reconcile_ids.unlink()
        now = fields.Datetime.now()
        self.env["wecom.reconcile.line"].sudo().create(
            [dict(row, handover_id=handover.id, checked_on=now) for row in rows]
        )
        handover.wecom_reconciled_on = now
        return rows

    # ------------------------------------------------------------------
    # Group chats
    # ------------------------------------------------------------------
    def _wecom_groupchat_owner(self):
        self.ensure_one()
        if self.wecom_groupchat_owner_id:
            return self.wecom_groupchat_owner_id.sudo()
        groups = self.env["custody.handover.line"]._read_group(
            [
                ("handover_id", "=", self.id),
                ("decision", "=", "transfer"),
                ("successor_id", "!=", False),
            ],
            ["successor_id"],
            ["__count"],
            order="__count desc",
            limit=1,
        )
        return groups[0][0].sudo() if groups else self.env["hr.employee"]

    def _wecom_transfer_groupchats(self):
        """List the leaver's customer group chats (groupchat/list) and hand them to the new
        owner, 100 a call: groupchat/onjob_transfer while the leaver is a member,
        groupchat/transfer once resigned. Chats already moved are not sent again."""
        self.ensure_one()
        leaver = self.employee_id.sudo()
        owner = self._wecom_groupchat_owner()
        if not leaver.wecom_userid or not owner.wecom_userid:
            return
        Api = self.env["wecom.api"]
        chat_ids, cursor = [], ""
        while True:
            answer = Api._call(
                self.company_id,
                "externalcontact/groupchat/list",
                {
                    "status_filter": 0,
                    "owner_filter": {"userid_list": [leaver.wecom_userid]},
                    "cursor": cursor,
                    "limit": CHAT_PAGE,
                },
                handover=self,
            )
            if answer.get("errcode"):
                # Listed again by the next batch or the button; the call log shows why.
                return
            chat_ids += [chat["chat_id"] for chat in answer.get("group_chat_list") or []]
            cursor = answer.get("next_cursor")
            if not cursor:
                break
        self.wecom_groupchats_listed = True
        Chat = self.env["wecom.groupchat.transfer"].sudo()
        # A chat that failed before and the leaver no longer owns was moved in WeCom meanwhile.
        self.wecom_groupchat_ids.filtered(
            lambda c: c.state == "failed" and c.chat_id not in chat_ids
        ).unlink()
        done = set(self.wecom_groupchat_ids.filtered(lambda c: c.state == "done").mapped("chat_id"))
        chat_ids = [chat_id for chat_id in chat_ids if chat_id not in done]
        if not chat_ids:
            return
        path = (
            "externalcontact/groupchat/transfer"
            if leaver._wecom_mode() == "resigned"
            else "externalcontact/groupchat/onjob_transfer"
        )
        self.wecom_groupchat_ids.filtered(lambda c: c.chat_id in chat_ids).unlink()
        vals_list = []
        for chunk in split_every(CHATS_PER_CALL, chat_ids):
            answer = Api._call(
                self.company_id,
                path,
                {"chat_id_list": list(chunk), "new_owner": owner.wecom_userid},
                handover=self,
                count=len(chunk),
            )
            errcode = answer.get("errcode", 0)
            failed = {
                chat.get("chat_id"): chat.get("errcode")
                for chat in answer.get("failed_chat_list") or []
            }
            for chat_id in chunk:
                code = errcode or failed.get(chat_id, 0)
                vals_list.append(
                    {
                        "handover_id": self.id,
                        "chat_id": chat_id,
                        "new_owner_userid": owner.wecom_userid,
                        "state": "failed" if code else "done",
                        "errcode": code,
                    }
                )
        Chat.create(vals_list)
