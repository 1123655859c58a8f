import logging
from collections import defaultdict
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import split_every

from odoo.addons.client_custody.models.custody_guarded_mixin import transition

from .wecom_api import BUSY_ERRCODE, RATE_ERRCODES, TOKEN_ERRCODES
from .wecom_contact import from_epoch

_logger = logging.getLogger(__name__)

WECOM_STATES = [
    ("todo", "To request"),
    ("requested", "Requested"),
    ("waiting", "Waiting for takeover"),
    ("accepted", "Taken over"),
    ("refused", "Refused by the customer"),
    ("over_capacity", "Successor's customer limit reached"),
    ("no_record", "No transfer record"),
    ("failed", "Failed"),
    ("resolved", "Resolved by hand"),
    ("held", "Already with the successor in WeCom"),
    ("lost", "Lost in WeCom"),
]
# WeCom's transfer_result statuses: 1 接替完毕, 2 等待接替, 3 客户拒绝, 4 接替成员客户达到上限,
# 5 无接替记录.
STATUS_STATES = {1: "accepted", 2: "waiting", 3: "refused", 4: "over_capacity", 5: "no_record"}
# WeCom has not said its last word on these: the handover waits for them.
PENDING_STATES = ("todo", "requested", "waiting")
# Requested and not answered yet: WeCom's result is read for these.
AWAITING_STATES = ("requested", "waiting")
# WeCom could not move the client: a person retries or resolves it before the handover ends.
PROBLEM_STATES = ("failed", "no_record")
# WeCom has nothing to move (the successor already follows the customer, or nobody does any
# more): Odoo tells and hands over the client on its own.
NOTHING_TO_MOVE_STATES = ("held", "lost")
IN_PROGRESS_ERRCODES = (40100, 40129)
QUOTA_ERRCODE = 40099
NOT_RESIGNED = 40097
# Ours, not WeCom's: the successor has no WeCom userid, so no request could be made.
NO_TAKEOVER_USERID = -100
CUSTOMERS_PER_CALL = 100
RESULT_PAGE = 1000
MAX_ATTEMPTS = 5
BACKOFF = timedelta(minutes=1)
ENDPOINTS = {
    "onjob": ("externalcontact/transfer_customer", "externalcontact/transfer_result"),
    "resigned": (
        "externalcontact/resigned/transfer_customer",
        "externalcontact/resigned/transfer_result",
    ),
}
# The transfer's state machine: the moves ``_set_state`` allows (a state may always be written
# again with other values, e.g. a new takeover time). Buttons are shown from the same table.
TRANSITIONS = {
    "todo": {"requested", "failed", "over_capacity", "held", "lost", "resolved"},
    "requested": {"waiting", "accepted", "refused", "over_capacity", "no_record", "resolved"},
    "waiting": {"accepted", "refused", "over_capacity", "no_record", "resolved"},
    "failed": {"todo", "resolved"},
    "no_record": {"todo", "resolved"},
    "over_capacity": set(),
    "refused": set(),
    "accepted": set(),
    "resolved": set(),
    "held": set(),
    "lost": set(),
}
# WeCom caps transfer_success_msg at 200 characters.
SUCCESS_MSG_MAX = 200


class WecomTransfer(models.Model):
    """One WeCom inheritance request: one external contact of a handover line, from the
    leaver's WeCom account to the successor's, with WeCom's answer and result."""

    _name = "wecom.transfer"
    _description = "WeCom Customer Transfer"
    _inherit = ["custody.guarded.mixin"]
    _order = "id"
    _guarded_fields = ("state", "told")

    active = fields.Boolean(
        default=True,
        readonly=True,
        help="Archived when a later request for the same contact and client replaces it.",
    )
    company_id = fields.Many2one("res.company", required=True, index=True, readonly=True)
    line_id = fields.Many2one(
        "custody.handover.line", required=True, index=True, ondelete="cascade", readonly=True
    )
    handover_id = fields.Many2one(
        related="line_id.handover_id", store=True, index=True, string="Handover"
    )
    partner_id = fields.Many2one(related="line_id.partner_id", string="Client")
    contact_id = fields.Many2one("wecom.contact", readonly=True, ondelete="set null")
    external_userid = fields.Char(required=True, readonly=True, index=True)
    mode = fields.Selection(
        [("onjob", "On-the-job"), ("resigned", "Resigned")],
        required=True,
        readonly=True,
    )
    handover_userid = fields.Char(required=True, readonly=True)
    takeover_userid = fields.Char(readonly=True)
    state = fields.Selection(WECOM_STATES, default="todo", required=True, readonly=True, index=True)
    errcode = fields.Integer(readonly=True)
    message = fields.Char(compute="_compute_message")
    takeover_time = fields.Datetime(readonly=True)
    requested_on = fields.Datetime(readonly=True)
    told = fields.Boolean(
        readonly=True, help="WeCom accepted the request: the customer is told by WeCom."
    )
    attempts = fields.Integer(readonly=True)
    retry_after = fields.Datetime(readonly=True)

    can_retry = fields.Boolean(compute="_compute_can")
    can_resolve = fields.Boolean(compute="_compute_can")

    @api.depends("state")
    def _compute_can(self):
        for transfer in self:
            transfer.can_retry = transfer._can_retry()
            transfer.can_resolve = transfer._can_move("resolved")

    @api.depends("errcode", "state")
    def _compute_message(self):
        for transfer in self:
            transfer.message = transfer._state_message()

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_retry(self):
        """Ask WeCom again for failed requests (after the cause has been fixed)."""
        retry = self.filtered(lambda t: t._can_retry())
        if not retry:
            raise UserError(self.env._("Only failed WeCom transfers can be requested again."))
        retry._check_manager()
        # The request asks WeCom's directory again: a leaver who resigned in WeCom since the
        # first request is retried with the 离职 API (``_wecom_choose_mode``).
        for line, transfers in retry.grouped("line_id").items():
            successor = line.successor_id.sudo()
            transfers._set_state(
                "todo",
                takeover_userid=successor.wecom_userid or False,
                retry_after=False,
                attempts=0,
            )
        # Sent by the WeCom scheduled action, at once, out of this request.
        self.env.ref("client_custody_wecom.ir_cron_wecom_sync")._trigger()
        return True

    def action_resolve(self):
        """The client was moved in WeCom by hand (or cannot be): stop waiting for WeCom."""
        self._check_manager()
        self.filtered(lambda t: t._can_move("resolved"))._set_state("resolved")
        return True

    # ------------------------------------------------------------------
    # State machine
    # ------------------------------------------------------------------
    def _can_move(self, state):
        """Whether the table allows this transfer to move to ``state``."""
        self.ensure_one()
        return state in TRANSITIONS[self.state]

    def _can_retry(self):
        """A failed request may be asked again, and one still to request may be sent now."""
        self.ensure_one()
        return self.state == "todo" or self._can_move("todo")

    def _set_state(self, state, **vals):
        """The one writer of ``state`` (and ``told``): refuses a move the table does not
        allow, whoever asks."""
        wrong = self.filtered(lambda t: t.state != state and not t._can_move(state))
        if wrong:
            labels = dict(WECOM_STATES)
            raise UserError(
                self.env._(
                    "A WeCom transfer cannot go from %(from)s to %(to)s.",
                    **{"from": labels[wrong[0].state], "to": labels[state]},
                )
            )
        return transition(self, "state", "told").write(dict(vals, state=state))

    def _check_manager(self):
        if not self.env.su and not self.env.user.has_group("client_custody.group_custody_manager"):
            raise UserError(self.env._("Only a client custody manager can act on WeCom transfers."))

    # ------------------------------------------------------------------
    # Requests
    # ------------------------------------------------------------------
    def _request(self):
        """Send the transfers in state 'to request' to WeCom, 100 customers a call, grouped by
        (handover, mode, leaver, successor); record each customer's errcode."""
        todo = self.filtered(lambda t: t.state == "todo")
        missing = todo.filtered(lambda t: not t.takeover_userid)
        missing._set_state("failed", errcode=NO_TAKEOVER_USERID)
        ready = (todo - missing)._wecom_read_back()
        ready._wecom_choose_mode()
        groups = defaultdict(self.browse)
        for transfer in ready:
            key = (
                transfer.handover_id,
                transfer.mode,
                transfer.handover_userid,
                transfer.takeover_userid,
            )
            groups[key] |= transfer
        Api = self.env["wecom.api"]
        for (handover, mode, handover_userid, takeover_userid), transfers in groups.items():
            path = ENDPOINTS[mode][0]
            for ids in split_every(CUSTOMERS_PER_CALL, transfers.ids):
                chunk = self.browse(ids)
                payload = {
                    "handover_userid": handover_userid,
                    "takeover_userid": takeover_userid,
                    "external_userid": chunk.mapped("external_userid"),
                }
                if mode == "onjob":
                    payload["transfer_success_msg"] = handover._wecom_success_msg(takeover_userid)
                try:
                    answer = Api._call(
                        handover.company_id, path, payload, handover=handover, count=len(chunk)
                    )
                except UserError as error:
                    # Unreachable: try again later, like a busy answer.
                    _logger.warning("WeCom transfer request deferred: %s", error)
                    answer = {"errcode": BUSY_ERRCODE}
                chunk._apply_request_answer(answer)
        todo._fallback_onjob()
        todo.line_id._wecom_ask_if_untold()
        todo.line_id._wecom_apply_results()

    def _wecom_read_back(self):
        """WeCom's state, read back before a request: the one rule for who holds a customer.

        - one of our own earlier requests for the customer is still waiting in WeCom (a client
          reassigned while WeCom had not answered): this one waits for its result;
        - the successor already follows the customer: nothing to move ("held");
        - the member named as handing over no longer follows it but another of ours does (a
          transfer WeCom completed after Odoo changed its mind): the request starts from the
          member WeCom has, never from one it does not;
        - none of ours follows it (WeCom lost it after a 离职 refusal): "lost", not requested
          (WeCom would answer 40131) and not offered for Retry.

        Returns the transfers to send now.
        """
        if not self:
            return self
        now = fields.Datetime.now()
        earlier = (
            self.sudo()
            .with_context(active_test=False)
            .search(
                [
                    ("external_userid", "in", self.mapped("external_userid")),
                    ("state", "in", AWAITING_STATES),
                    ("told", "=", True),
                    ("id", "not in", self.ids),
                ]
            )
        )
        ends = {}
        for transfer in earlier:
            end = transfer.takeover_time or now + BACKOFF
            key = (transfer.company_id.id, transfer.external_userid)
            ends[key] = max(ends.get(key, end), end)
        blocked = self.filtered(lambda t: (t.company_id.id, t.external_userid) in ends)
        for end, transfers in blocked.grouped(
            lambda t: ends[t.company_id.id, t.external_userid]
        ).items():
            transfers.write({"retry_after": max(end, now) + BACKOFF})
        if blocked:
            self.env.ref("client_custody_wecom.ir_cron_wecom_sync")._trigger(
                min(ends.values()) + BACKOFF
            )
        ready = self - blocked
        followers = ready._wecom_followers()
        if followers is None:
            return ready
        held, lost, moved = self.browse(), self.browse(), defaultdict(self.browse)
        for transfer in ready:
            following = followers.get((transfer.company_id.id, transfer.external_userid), set())
            if transfer.takeover_userid in following:
                held |= transfer
            elif transfer.handover_userid in following:
                continue
            elif following:
                moved[sorted(following)[0]] |= transfer
            else:
                lost |= transfer
        held._set_state("held", errcode=0, requested_on=now)
        lost._set_state("lost", errcode=0, requested_on=now)
        for userid, transfers in moved.items():
            transfers.write({"handover_userid": userid})
        return ready - held - lost

    def _wecom_followers(self):
        """{(company id, external userid): userids following it}, read from WeCom now
        (``wecom.contact._wecom_current_followers``); None when WeCom cannot be read (the
        requests then go as planned)."""
        Employee = self.env["hr.employee"].sudo().with_context(active_test=False)
        followers = {}
        for company, transfers in self.grouped("company_id").items():
            userids = set(transfers.mapped("handover_userid")) | set(
                transfers.mapped("takeover_userid")
            )
            userids |= set(
                self.with_context(active_test=False)
                .search([("line_id", "in", transfers.line_id.ids)])
                .mapped("takeover_userid")
            )
            members = Employee.search(
                [("company_id", "=", company.id), ("wecom_userid", "in", list(userids))]
            )
            try:
                found = self.env["wecom.contact"]._wecom_current_followers(
                    company, transfers.mapped("external_userid"), members
                )
            except UserError as error:
                _logger.warning("WeCom followers not read back: %s", error)
                return None
            for external, following in found.items():
                followers[company.id, external] = following
        return followers

    def _wecom_choose_mode(self):
        """离职 or 在职 API for each request, as WeCom's directory says of the member handing
        the customer over at this very call (not as it said when the transfer was planned)."""
        Employee = self.env["hr.employee"].sudo().with_context(active_test=False)
        for company, transfers in self.grouped("company_id").items():
            for userid, same in transfers.grouped("handover_userid").items():
                member = Employee.search(
                    [("company_id", "=", company.id), ("wecom_userid", "=", userid)], limit=1
                )
                if not member:
                    continue
                mode = member._wecom_mode()
                same.filtered(lambda t, mode=mode: t.mode != mode).write({"mode": mode})

    def _fallback_onjob(self):
        """A leaver archived in Odoo but still in WeCom's directory (40097 on the resigned
        transfer) is transferred on the job instead, unless marked resigned in WeCom by hand
        or by the unassigned list (then 40097 stays visible: WeCom and Odoo disagree)."""
        retry = self.filtered(
            lambda t: (
                t.state == "failed"
                and t.errcode == NOT_RESIGNED
                and t.mode == "resigned"
                and not t.handover_id.employee_id.sudo().wecom_resigned
            )
        )
        if retry:
            retry._set_state("todo", mode="onjob", errcode=0)
            retry._request()

    def _apply_request_answer(self, answer):
        now = fields.Datetime.now()
        errcode = answer.get("errcode", 0)
        if errcode in (*RATE_ERRCODES, BUSY_ERRCODE, *TOKEN_ERRCODES):
            for attempts, transfers in self.grouped("attempts").items():
                if attempts + 1 >= MAX_ATTEMPTS:
                    transfers._set_state("failed", errcode=errcode)
                    continue
                transfers._set_state(
                    "todo",
                    errcode=errcode,
                    attempts=attempts + 1,
                    retry_after=now + BACKOFF * 2**attempts,
                )
            self.env.ref("client_custody_wecom.ir_cron_wecom_sync")._trigger(
                now + BACKOFF * 2 ** min(self.mapped("attempts") or [0])
            )
            return
        if errcode:
            # The whole call was refused (permission, member not resigned, bad parameter…).
            self._set_state("failed", errcode=errcode, requested_on=now)
            return
        codes = {
            customer.get("external_userid"): customer.get("errcode", 0)
            for customer in answer.get("customer") or []
        }
        ours = self._wecom_ours_in_progress(
            [ext for ext, code in codes.items() if code in IN_PROGRESS_ERRCODES]
        )
        groups = defaultdict(list)
        for transfer in self:
            code = codes.get(transfer.external_userid, 40096)
            if code == 0 or (code in IN_PROGRESS_ERRCODES and transfer.external_userid in ours):
                # 40100 / 40129 for a request of ours already on its way (an answer lost to a
                # timeout): its result is read like any other.
                state = "requested"
            elif code == QUOTA_ERRCODE:
                state = "over_capacity"
            else:
                state = "failed"
            groups[state, code].append(transfer.id)
        for (state, code), ids in groups.items():
            vals = {"errcode": code, "requested_on": now, "retry_after": False}
            if code == 0:
                vals["told"] = True
            self.browse(ids)._set_state(state, **vals)
            if code == 0:
                # WeCom tells the customer of the new contact: the client is told (the
                # handover's invariant), and the refusal window opens now.
                self.browse(ids).line_id._mark_told("wecom", when=now)

    def _wecom_ours_in_progress(self, external_userids):
        """The external userids for which one of our own requests is waiting in WeCom. A
        40100 / 40129 for any other is somebody else's transfer: not ours to wait for (it
        fails, visibly, instead of being polled forever)."""
        if not external_userids:
            return set()
        return set(
            self.sudo()
            .search(
                [
                    ("external_userid", "in", external_userids),
                    ("state", "in", AWAITING_STATES),
                    ("told", "=", True),
                    ("id", "not in", self.ids),
                ]
            )
            .mapped("external_userid")
        )

    # ------------------------------------------------------------------
    # Results
    # ------------------------------------------------------------------
    def _poll(self):
        """Read WeCom's results for these pending transfers: one call (≤ 1000 customers a
        page) per (mode, leaver, successor), whatever the number of customers."""
        pending = self.filtered(lambda t: t.state in AWAITING_STATES)
        groups = defaultdict(self.browse)
        for transfer in pending:
            key = (
                transfer.company_id,
                transfer.mode,
                transfer.handover_userid,
                transfer.takeover_userid,
            )
            groups[key] |= transfer
        Api = self.env["wecom.api"]
        for (company, mode, handover_userid, takeover_userid), transfers in groups.items():
            results, cursor = {}, ""
            while True:
                try:
                    answer = Api._call(
                        company,
                        ENDPOINTS[mode][1],
                        {
                            "handover_userid": handover_userid,
                            "takeover_userid": takeover_userid,
                            "cursor": cursor,
                        },
                        handover=transfers.handover_id,
                        count=len(transfers),
                    )
                except UserError as error:
                    _logger.warning("WeCom transfer results not read: %s", error)
                    break
                if answer.get("errcode"):
                    break
                for customer in answer.get("customer") or []:
                    results[customer.get("external_userid")] = customer
                cursor = answer.get("next_cursor")
                if not cursor:
                    break
            transfers._apply_results(results)
        pending.line_id._wecom_apply_results()

    def _apply_results(self, results):
        groups = defaultdict(list)
        for transfer in self:
            customer = results.get(transfer.external_userid)
            if not customer:
                continue
            state = STATUS_STATES.get(customer.get("status"), "no_record")
            takeover = from_epoch(customer.get("takeover_time")) or transfer.takeover_time
            if (state, takeover) != (transfer.state, transfer.takeover_time):
                groups[state, takeover].append(transfer.id)
        for (state, takeover), ids in groups.items():
            self.browse(ids)._set_state(state, takeover_time=takeover)
        ends = [takeover for state, takeover in groups if state == "waiting" and takeover]
        if ends:
            # Read the result as soon as WeCom's window closes, not at the next round.
            self.env.ref("client_custody_wecom.ir_cron_wecom_sync")._trigger(
                min(ends) + timedelta(minutes=1)
            )

    # ------------------------------------------------------------------
    # Scheduled action
    # ------------------------------------------------------------------
    @api.model
    def _cron_sync(self):
        """Request what is due, read the results of what is pending, process queued events."""
        now = fields.Datetime.now()
        transfers = self.sudo()
        due = transfers.search(
            [("state", "=", "todo"), "|", ("retry_after", "=", False), ("retry_after", "<=", now)]
        )
        if due:
            due._request()
            self._commit_cron()
        # Superseded requests (archived) are still read: WeCom goes on with them, and the
        # request that replaced them waits for their outcome (``_wecom_read_back``).
        pending = (
            transfers.with_context(active_test=False)
            .search([("state", "in", AWAITING_STATES)])
            .with_context(active_test=True)
        )
        if pending:
            pending._poll()
            self._commit_cron()
        for handover in self.env["custody.handover"]._wecom_groupchats_due():
            try:
                handover._wecom_transfer_groupchats()
            except UserError as error:
                _logger.warning("WeCom group chats of %s not moved: %s", handover.name, error)
            self._commit_cron()
        self.env["wecom.event"].sudo()._process_queued()
        self.env["wecom.callback.seen"].sudo()._gc()

    @api.model
    def _commit_cron(self):
        if self.env.context.get("cron_id"):
            self.env["ir.cron"]._commit_progress(1)

    # ------------------------------------------------------------------
    # Messages
    # ------------------------------------------------------------------
    def _state_message(self):
        self.ensure_one()
        if self.state == "no_record":
            return self.env._("WeCom has no record of this transfer (status 5): check it in WeCom.")
        if self.state == "over_capacity" and self.errcode != QUOTA_ERRCODE:
            return self.env._("The successor has reached WeCom's customer limit (status 4).")
        if self.state == "refused":
            return self.env._("The customer refused the successor in WeCom (status 3).")
        if not self.errcode:
            return False
        return self._errcode_message({"errcode": self.errcode})

    @api.model
    def _errcode_message(self, answer):
        """A clear sentence for a WeCom errcode (unknown ones with WeCom's own errmsg)."""
        env = self.env
        errcode = answer.get("errcode")
        messages = {
            NO_TAKEOVER_USERID: env._("The successor has no WeCom userid: set it on the employee."),
            -1: env._("WeCom was busy; the request is tried again later."),
            40014: env._("WeCom refused the access token; it is renewed at the next call."),
            42001: env._("The WeCom access token expired; it is renewed at the next call."),
            45009: env._("WeCom's call limit was reached; the request waits and is tried again."),
            45033: env._("Too many WeCom calls at once; the request waits and is tried again."),
            48002: env._(
                "The WeCom app has no permission for this (Customer Contact permission missing)."
            ),
            60011: env._("The WeCom app may not see this member: widen its visible range."),
            84061: env._("The customer is not in contact with this member in WeCom."),
            40096: env._("WeCom does not know this external_userid."),
            40097: env._("The member has not resigned in WeCom: use the on-the-job transfer."),
            40098: env._("The successor has not verified their WeCom account."),
            40099: env._("The successor's WeCom customer quota is full."),
            40100: env._(
                "WeCom is already transferring this customer to another member (not at this "
                "handover's request): check in WeCom who takes it over, then retry or resolve."
            ),
            40128: env._(
                "This customer was already transferred twice in 90 days in WeCom and cannot "
                "be transferred again yet."
            ),
            40129: env._(
                "WeCom is already transferring this customer to another member (not at this "
                "handover's request): check in WeCom who takes it over, then retry or resolve."
            ),
            40130: env._("The leaver and the successor are the same WeCom member."),
            40131: env._("The leaver does not follow this customer in WeCom."),
        }
        if errcode in messages:
            return messages[errcode]
        return env._(
            "WeCom error %(errcode)s: %(errmsg)s",
            errcode=errcode,
            errmsg=answer.get("errmsg") or "",
        )
