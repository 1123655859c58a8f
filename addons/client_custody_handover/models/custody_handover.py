import heapq
import logging
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from odoo.addons.client_custody.models.custody_guarded_mixin import transition

from ..states import (  # noqa: F401  (re-exported for addons that imported them from here)
    CLOSED_LINE_STATES,
    HANDOVER_STATES,
    HANDOVER_TRANSITIONS,
    LINE_STATES,
    NOTICE_CLIENT,
    NOTICE_DEADLINE,
    NOTICE_URL,
    OPEN_LINE_STATES,
    REASSIGNABLE_STATES,
    RUNNING_STATES,
)

_logger = logging.getLogger(__name__)

CUSTODY_MANAGER = "client_custody.group_custody_manager"
CUSTODY_USER = "client_custody.group_custody_user"
# The longest refusal window a company or a handover may give (30 days, in hours).
MAX_REFUSAL_HOURS = 30 * 24


class CustodyHandover(models.Model):
    """Moving custody of a set of clients, and the items around them, from one employee.

    draft → (to_approve) → in_progress (clients notified, refusal window open) → done;
    cancel from any state but done.
    """

    _name = "custody.handover"
    _description = "Client Handover"
    _inherit = ["mail.thread", "mail.activity.mixin", "custody.guarded.mixin"]
    _order = "create_date desc, id desc"
    # Written by the handover's own transitions only (``_set_state``).
    _guarded_fields = ("state", "started_on", "approved_by_id", "done_on")

    name = fields.Char(
        string="Reference", required=True, readonly=True, copy=False, default="/", index=True
    )
    employee_id = fields.Many2one(
        "hr.employee",
        string="Handing over",
        required=True,
        index=True,
        tracking=True,
        ondelete="restrict",
        context={"active_test": False},
    )
    kind = fields.Selection(
        [("departure", "Departure"), ("transfer", "On-the-job transfer")],
        required=True,
        default="departure",
        tracking=True,
    )
    state = fields.Selection(
        HANDOVER_STATES,
        default="draft",
        required=True,
        tracking=True,
        index=True,
        copy=False,
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    reason = fields.Text(
        string="Internal reason",
        help="Why these clients change hands, for the handover's file and its certificate. "
        "Never sent to the clients: their notice names the new contact, not the leaver's "
        "reasons or dates (PIPL arts. 6 and 13).",
    )
    refusal_hours = fields.Integer(
        string="Refusal window (hours)",
        default=lambda self: self.env.company.custody_refusal_hours,
        required=True,
    )
    line_ids = fields.One2many("custody.handover.line", "handover_id", string="Clients handed over")
    item_ids = fields.One2many("custody.handover.item", "handover_id", string="Checklist")
    auto_created = fields.Boolean(
        readonly=True, copy=False, help="Prepared by the automation when the employee was archived."
    )
    started_on = fields.Datetime(readonly=True, copy=False)
    approved_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    done_on = fields.Datetime(readonly=True, copy=False)
    requires_approval = fields.Boolean(compute="_compute_requires_approval")
    # The buttons, from the same table the writer checks (``HANDOVER_TRANSITIONS``).
    can_start = fields.Boolean(compute="_compute_can_move")
    can_approve = fields.Boolean(compute="_compute_can_move")
    can_complete = fields.Boolean(compute="_compute_can_move")
    can_cancel = fields.Boolean(compute="_compute_can_move")
    line_count = fields.Integer(compute="_compute_line_counts", string="Clients")
    draft_count = fields.Integer(compute="_compute_line_counts")
    waiting_count = fields.Integer(compute="_compute_line_counts", string="Waiting")
    accepted_count = fields.Integer(compute="_compute_line_counts", string="Accepted")
    refused_count = fields.Integer(compute="_compute_line_counts", string="Refused")
    over_capacity_count = fields.Integer(compute="_compute_line_counts", string="Over capacity")
    cancelled_count = fields.Integer(compute="_compute_line_counts", string="Cancelled")
    retained_count = fields.Integer(compute="_compute_line_counts", string="Retained")
    item_pending_count = fields.Integer(compute="_compute_item_pending_count")
    successor_left_count = fields.Integer(compute="_compute_line_counts", string="Successor left")
    background_state = fields.Selection(
        [("running", "Processing in the background"), ("done", "Processed")],
        string="Background processing",
        readonly=True,
        copy=False,
        help="Handovers above the company's threshold are processed by a scheduled action in "
        "batches; the progress shows here.",
    )
    notice_error = fields.Text(
        string="Notice error",
        readonly=True,
        copy=False,
        help="Why the last client notices could not be rendered or sent; those clients stay "
        "untold (and are not handed over) until a retry succeeds.",
    )
    untold_count = fields.Integer(
        compute="_compute_untold_count",
        string="Not told yet",
        help="Clients waiting whose notice has not reached them yet.",
    )
    progress_notified = fields.Float(
        compute="_compute_line_counts",
        string="Clients processed (%)",
        help="Share of the clients notified, retained or set aside for reassignment.",
    )
    progress_accepted = fields.Float(
        compute="_compute_line_counts",
        string="Clients handed over (%)",
        help="Share of the clients whose custody has moved (or that were cancelled).",
    )

    @api.depends("state")
    def _compute_can_move(self):
        for handover in self:
            moves = HANDOVER_TRANSITIONS.get(handover.state, ())
            handover.can_start = handover.state == "draft" and "in_progress" in moves
            handover.can_approve = handover.state == "to_approve" and "in_progress" in moves
            handover.can_complete = "done" in moves
            handover.can_cancel = "cancel" in moves

    @api.depends("line_ids.tier", "company_id.custody_handover_approval")
    def _compute_requires_approval(self):
        stored = self.filtered(lambda h: isinstance(h.id, int))
        with_core = {
            handover.id
            for [handover] in self.env["custody.handover.line"]._read_group(
                [("handover_id", "in", stored.ids), ("tier", "=", "core")], ["handover_id"]
            )
        }
        for handover in self:
            if isinstance(handover.id, int):
                has_core = handover.id in with_core
            else:
                has_core = any(line.tier == "core" for line in handover.line_ids)
            handover.requires_approval = handover.company_id.custody_handover_approval and has_core

    @api.depends("line_ids.state", "line_ids.decision")
    def _compute_line_counts(self):
        groups = self.env["custody.handover.line"]._read_group(
            [("handover_id", "in", self.ids)], ["handover_id", "state", "decision"], ["__count"]
        )
        counts = {}
        for handover, state, decision, count in groups:
            by_state = counts.setdefault(handover.id, dict.fromkeys((*LINE_STATES, "retain"), 0))
            by_state[state] += count
            if decision == "retain":
                by_state["retain"] += count
        for handover in self:
            by_state = counts.get(handover.id, dict.fromkeys((*LINE_STATES, "retain"), 0))
            handover.line_count = sum(by_state[state] for state in LINE_STATES)
            handover.draft_count = by_state["draft"]
            handover.waiting_count = by_state["waiting"]
            handover.accepted_count = by_state["accepted"]
            handover.refused_count = by_state["refused"]
            handover.over_capacity_count = by_state["over_capacity"]
            handover.cancelled_count = by_state["cancelled"]
            handover.successor_left_count = by_state["successor_left"]
            handover.retained_count = by_state["retain"]
            total = handover.line_count or 1
            handover.progress_notified = 100.0 * (total - by_state["draft"]) / total
            handover.progress_accepted = (
                100.0 * (by_state["accepted"] + by_state["cancelled"]) / total
            )

    @api.depends("line_ids.told_at", "line_ids.state")
    def _compute_untold_count(self):
        counts = dict(
            self.env["custody.handover.line"]._read_group(
                [
                    ("handover_id", "in", self.ids),
                    ("state", "=", "waiting"),
                    ("told_at", "=", False),
                ],
                ["handover_id"],
                ["__count"],
            )
        )
        for handover in self:
            handover.untold_count = counts.get(handover, 0)

    @api.depends("item_ids.state", "item_ids.mandatory")
    def _compute_item_pending_count(self):
        for handover in self:
            handover.item_pending_count = len(handover._pending_mandatory_items())

    @api.constrains("refusal_hours")
    def _check_refusal_hours(self):
        for handover in self:
            if not 0 <= handover.refusal_hours <= MAX_REFUSAL_HOURS:
                raise ValidationError(
                    self.env._(
                        "The refusal window must be between 0 and %(hours)s hours (30 days).",
                        hours=MAX_REFUSAL_HOURS,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                vals["name"] = self.env["ir.sequence"].next_by_code("custody.handover") or "/"
            if vals.get("employee_id") and not vals.get("company_id"):
                employee = self.env["hr.employee"].sudo().browse(vals["employee_id"])
                vals["company_id"] = employee.company_id.id
        return super().create(vals_list)

    def write(self, vals):
        fixed = {"employee_id", "kind", "company_id"} & set(vals)
        if fixed:
            started = self.filtered(lambda h: h.state != "draft")
            if started:
                raise UserError(
                    self.env._(
                        "Who hands over, the kind and the company of a handover are fixed once it "
                        "has started (%(names)s).",
                        names=", ".join(started.mapped("name")),
                    )
                )
        return super().write(vals)

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_start(self):
        """Send the handover on its way: approval first when required, else notify clients."""
        self._check_manager()
        for handover in self:
            if handover.state != "draft":
                raise UserError(
                    self.env._(
                        "Only a draft handover can be started (%(name)s).", name=handover.name
                    )
                )
            handover._check_can_start()
            if handover.requires_approval or handover._is_own():
                handover._set_state("to_approve")
                handover._schedule_approval_activity()
                handover.message_post(
                    body=self.env._("Waiting for approval: the handover holds core clients.")
                )
            else:
                handover._launch()
        return True

    def action_approve(self):
        if not self.env.user.has_group(CUSTODY_MANAGER):
            raise UserError(self.env._("Only a client custody manager can approve a handover."))
        for handover in self:
            if handover._is_own():
                raise UserError(
                    self.env._(
                        "Nobody approves the handover of their own clients (%(name)s): another "
                        "custody manager must.",
                        name=handover.name,
                    )
                )
            if handover.state != "to_approve":
                raise UserError(
                    self.env._("%(name)s is not waiting for approval.", name=handover.name)
                )
            # Approving is the first step of launching (``_launch`` moves the state on).
            transition(handover, "approved_by_id").write({"approved_by_id": self.env.user.id})
            handover.activity_feedback(["mail.mail_activity_data_todo"])
            handover.message_post(body=self.env._("Approved."))
            handover._launch()
        return True

    def action_cancel(self):
        self._check_manager()
        if self.filtered(lambda h: h.state == "done"):
            raise UserError(self.env._("A completed handover cannot be cancelled."))
        open_lines = self.line_ids.filtered(lambda line: line.state != "accepted")
        open_lines._set_state("cancelled")
        self._set_state("cancel")
        for handover in self:
            handover.message_post(body=self.env._("Handover cancelled."))
        return True

    def action_done(self):
        """Complete the handover once nothing is left open; says what is when something is."""
        self._check_manager()
        for handover in self:
            blockers = handover._done_blockers()
            if blockers:
                raise UserError(
                    self.env._(
                        "%(name)s cannot be completed yet:\n%(blockers)s",
                        name=handover.name,
                        blockers="\n".join(f"- {b}" for b in blockers),
                    )
                )
        self._mark_done()
        return True

    def action_print_certificate(self):
        return self.env.ref("client_custody_handover.action_report_custody_handover").report_action(
            self
        )

    def action_view_lines(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Clients of %(name)s", name=self.name),
            "res_model": "custody.handover.line",
            "view_mode": "list,form",
            "domain": [("handover_id", "=", self.id)],
            "context": {"default_handover_id": self.id, "search_default_group_state": 1},
        }

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------
    def _is_own(self):
        """The person handing over is the one running the handover."""
        self.ensure_one()
        return not self.env.su and self.employee_id.sudo().user_id == self.env.user

    def _check_manager(self):
        if not self.env.su and not self.env.user.has_group(CUSTODY_MANAGER):
            raise UserError(self.env._("Only a client custody manager can run a handover."))

    def _check_can_start(self):
        """Checks that cost the same for 10 or 100,000 clients: one per successor."""
        self.ensure_one()
        Line = self.env["custody.handover.line"]
        if not Line.search_count([("handover_id", "=", self.id)], limit=1):
            raise UserError(self.env._("%(name)s has no client to hand over.", name=self.name))
        self._check_can_start_successors()
        if self.kind == "transfer":
            self.line_ids.filtered(
                lambda line: line.decision == "transfer"
            )._check_transfer_frequency()
        else:
            # The leaver may have stayed since the handover was prepared (notice withdrawn).
            self._check_departure_leaver()

    @api.constrains("kind", "employee_id")
    def _check_departure_leaver(self):
        """A departure handover hands over the clients of someone who is leaving (archived,
        or with their departure recorded: ``hr.employee._custody_is_leaving``, which the exit
        addon extends with a notice recorded); anyone else's clients change hands as an
        on-the-job transfer, with its limits. Checked on every path (wizard, RPC, import,
        automation) when the handover is made, and again when it starts."""
        departures = self.filtered(lambda h: h.kind == "departure")
        staying = departures.employee_id - departures.employee_id._custody_is_leaving()
        if staying:
            raise ValidationError(
                self.env._(
                    "%(employees)s is not leaving (neither archived nor with a departure or a "
                    "resignation notice recorded): hand the clients over as an on-the-job "
                    "transfer, or record the departure first.",
                    employees=", ".join(staying.sudo().mapped("name")),
                )
            )

    def _check_can_start_successors(self):
        """Every successor checked once, naming the first of their clients."""
        self.ensure_one()
        Line = self.env["custody.handover.line"]
        for successor, first_line in Line._read_group(
            [
                ("handover_id", "=", self.id),
                ("decision", "=", "transfer"),
                ("state", "!=", "cancelled"),
            ],
            ["successor_id"],
            ["id:min"],
        ):
            Line.browse(first_line)._check_successor(successor)

    @api.model
    def _prepare(self, employee, lines_vals, vals=None):
        """A draft handover of ``employee`` with its checklist and one line per client."""
        handover = self.create(
            dict(vals or {}, employee_id=employee.id, company_id=employee.sudo().company_id.id)
        )
        self.env["custody.handover.item"].create(handover._default_items())
        self.env["custody.handover.line"]._create_planned(handover, lines_vals)
        return handover

    def _schedule_approval_activity(self):
        """The approval goes to the configured approver, else to the company's client custody
        managers: never to someone without the right to approve, never to the leaver."""
        for handover in self:
            approvers = handover._approvers()
            if not approvers:
                handover.message_post(
                    body=self.env._(
                        "No client custody manager of %(company)s can approve this handover: "
                        "appoint one (Settings > Client Custody).",
                        company=handover.company_id.name,
                    )
                )
                continue
            for user in approvers:
                handover.activity_schedule(
                    "mail.mail_activity_data_todo",
                    user_id=user.id,
                    summary=self.env._("Approve the handover of core clients"),
                )

    def _approvers(self):
        self.ensure_one()
        company = self.company_id
        leaver = self.employee_id.sudo().user_id

        def may_approve(user):
            return (
                user.active
                and user != leaver
                and company in user.company_ids
                and user.has_group(CUSTODY_MANAGER)
            )

        approver = company.sudo().custody_approver_id
        if approver and may_approve(approver):
            return approver
        managers = self.env.ref(CUSTODY_MANAGER).sudo().all_user_ids
        return managers.filtered(lambda user: not user.share and may_approve(user))

    def _launch(self):
        """Validate successors, apply capacity, notify clients, open the refusal window.

        Above the company's threshold only the state changes here: the request returns at once
        and the scheduled action processes the clients in batches.
        """
        self.ensure_one()
        self._set_state("in_progress", {"started_on": fields.Datetime.now()})
        threshold = self.company_id.custody_background_threshold
        if threshold and self.line_count > threshold:
            self.background_state = "running"
            self._trigger_batches()
            self.message_post(
                body=self.env._(
                    "Started in the background: %(count)s clients are processed in batches; "
                    "the progress shows on this handover.",
                    count=self.line_count,
                )
            )
            return
        notified, retained, over = self._launch_lines(
            self.line_ids.filtered(lambda line: line.state == "draft")
        )
        self._post_launch_summary(len(notified), len(retained), len(over))

    def _launch_lines(self, lines):
        """Retained clients stay, the rest go to their successor or wait for capacity.

        Returns the lines (notice queued, retained, over capacity).
        """
        retained = lines.filtered(lambda line: line.decision == "retain")
        retained._accept()
        # A successor who stopped being able to hold clients meanwhile is caught when their
        # clients are accepted (``_process_accept_batch``): the client waits for another.
        transfer = lines - retained
        over = transfer._apply_capacity()
        notified = transfer - over
        notified._queue_notices()
        return notified, retained, over

    def _post_launch_summary(self, notified, retained, over):
        self.message_post(
            body=self.env._(
                "Handover started: %(notified)s client(s) to be told of their new contact (each "
                "refusal window opens when the client is told), %(retained)s retained by the "
                "leaver, %(over)s over the successors' capacity.",
                notified=notified,
                retained=retained,
                over=over,
            )
        )

    def _post_notice_summary(self, by_handover, rendered, no_email, failed):
        """One message per handover and batch of notices (``by_handover``: handover id -> line
        ids): what went to the mail queue, who waits for a call or visit, and what failed
        (with the error)."""
        rendered, no_email = set(rendered), set(no_email)
        for handover in self:
            ids = by_handover[handover.id]
            handover_failed = failed.get(handover.id, {})
            body = self.env._(
                "Client notices: %(mailed)s handed to the mail queue, %(no_email)s client(s) "
                "without e-mail address to be called or visited by their successor, %(failed)s "
                "failed.",
                mailed=len(ids & rendered),
                no_email=len(ids & no_email),
                failed=len(handover_failed),
            )
            if handover_failed:
                body = self.env._(
                    "%(summary)s Error: %(error)s",
                    summary=body,
                    error=next(iter(handover_failed.values())),
                )
            handover.sudo().message_post(body=body)

    def _notice_lang(self, internal=False):
        """The handover's language (its manager's), used for what employees read; and, for
        a client without a language of their own, the company's."""
        self.ensure_one()
        if internal:
            user = self._manager_user() or self.env.user
            return user.lang or "en_US"
        return self.company_id.partner_id.lang or self._manager_user().lang or "en_US"

    def _manager_user(self):
        """The custody manager answerable for this handover: who approved it, else who made it."""
        self.ensure_one()
        sudo = self.sudo()
        return sudo.approved_by_id or sudo.create_uid

    def _done_blockers(self):
        """What keeps the handover open, in words; the same few queries at any size."""
        self.ensure_one()
        blockers = []
        if self.state != "in_progress":
            blockers.append(self.env._("the handover is not in progress"))
        open_domain = self._open_lines_domain()
        Line = self.env["custody.handover.line"]
        open_lines = Line.search(open_domain, limit=10, order="id")
        if open_lines:
            open_count = Line.search_count(open_domain)
            clients = ", ".join(open_lines.partner_id.mapped("display_name"))
            if open_count > len(open_lines):
                clients = self.env._(
                    "%(clients)s and %(more)s more", clients=clients, more=open_count - 10
                )
            blockers.append(self.env._("clients not handed over yet: %(clients)s", clients=clients))
        pending = self._pending_mandatory_items()
        if pending:
            blockers.append(
                self.env._(
                    "mandatory items neither returned nor waived: %(items)s",
                    items=", ".join(pending.mapped("name")),
                )
            )
        return blockers

    def _open_lines_domain(self, tier=None):
        """The lines that keep these handovers from completing: clients not handed over yet
        (of ``tier`` when given). The one definition: completion, the exit's outstanding
        obligations and the dashboards read it."""
        domain = [("handover_id", "in", self.ids), ("state", "in", OPEN_LINE_STATES)]
        if tier:
            domain.append(("tier", "=", tier))
        return domain

    def _pending_mandatory_items(self):
        """The mandatory checklist items of these handovers neither returned nor waived: they
        keep a handover from completing."""
        return self.item_ids.filtered(lambda item: item.mandatory and item.state == "pending")

    def _set_state(self, state, vals=None):
        """The one writer of a handover's state, checked against ``HANDOVER_TRANSITIONS``;
        ``vals`` are the other fields the move sets (who approved, when it started or ended)."""
        self._check_transition(HANDOVER_TRANSITIONS, state)
        vals = dict(vals or {}, state=state)
        transition(self, *vals).write(vals)
        return self

    def _mark_done(self):
        self._set_state("done", {"done_on": fields.Datetime.now()})
        # Nothing is left to do on a completed handover: its To-Dos (the one prepared with an
        # automatic departure handover, those for declined clients) are closed with it.
        self.sudo().activity_feedback(
            ["mail.mail_activity_data_todo"], feedback=self.env._("Handover completed.")
        )
        for handover in self:
            handover.message_post(body=self.env._("Handover completed."))

    def _try_complete(self):
        """Complete, silently, the handovers that have nothing left open.

        Called after every batch: a handover with an open client is passed over on one indexed
        lookup, without counting or listing what is still open.
        """
        Line = self.env["custody.handover.line"]
        for handover in self.filtered(lambda h: h.state == "in_progress"):
            if Line.search_count(handover._open_lines_domain(), limit=1):
                continue
            if not handover._lock_for_lane():
                continue
            if not handover._done_blockers():
                handover._mark_done()

    def _default_items(self):
        """The checklist every handover starts with: company accounts, devices, documents.

        Named in the company's language (the records stay as created, whoever reads them)."""
        self.ensure_one()
        env = self.with_context(lang=self.company_id.partner_id.lang or self.env.lang).env
        items = [
            (env._("Work WeChat / WeCom account"), "work_account"),
            (env._("Company mailbox"), "work_account"),
            (env._("CRM login"), "work_account"),
            (env._("Laptop"), "device"),
            (env._("Company phone"), "device"),
            (env._("Client files and working documents"), "document"),
        ]
        return [
            {"handover_id": self.id, "name": name, "category": category, "mandatory": True}
            for name, category in items
        ]

    def _cascade(self, partners, successor):
        """What moves with the clients besides their custody: a hook (the CRM addon moves open
        opportunities and activities). The move service itself makes the successor follow."""
        self.ensure_one()

    # ------------------------------------------------------------------
    # Strategies: who receives which client
    # ------------------------------------------------------------------
    @api.model
    def _distribute(self, strategy, client_ids, successors, fallback=None):
        """Map client id -> successor by ``strategy`` (``_distribute_<strategy>``), for the wizard
        and the archival automation alike."""
        method = getattr(self, f"_distribute_{strategy}", None)
        if method is None:
            raise UserError(
                self.env._("Unknown distribution strategy: %(strategy)s.", strategy=strategy)
            )
        return method(client_ids, successors, fallback=fallback)

    @api.model
    def _distribute_single(self, client_ids, successors, fallback=None):
        return dict.fromkeys(client_ids, successors[:1])

    @api.model
    def _distribute_balanced(self, client_ids, successors, fallback=None):
        """Each tier balanced on its own, least loaded first (what they hold of that tier, then
        in all), and nobody filled beyond their capacity while someone has room."""
        if not successors:
            return {}
        successors = successors.sudo()
        tiers = self._client_tiers(client_ids, successors[:1].company_id)
        held = {
            (employee.id, tier): count
            for employee, tier, count in self.env["custody.client"]
            .sudo()
            ._read_group(
                [("custodian_id", "in", successors.ids)], ["custodian_id", "tier"], ["__count"]
            )
        }
        totals = {
            s.id: sum(held.get((s.id, t), 0) for t in ("core", "personal")) for s in successors
        }
        result = {}
        for tier in ("core", "personal"):
            tier_clients = [cid for cid in client_ids if tiers.get(cid, "core") == tier]
            if not tier_clients:
                continue
            heap = []
            for index, successor in enumerate(successors):
                full = (
                    bool(successor.custody_capacity)
                    and totals[successor.id] >= successor.custody_capacity
                )
                heapq.heappush(
                    heap,
                    (
                        full,
                        held.get((successor.id, tier), 0),
                        totals[successor.id],
                        index,
                        successor,
                    ),
                )
            for client_id in tier_clients:
                full, load, total, index, successor = heapq.heappop(heap)
                result[client_id] = successor
                total += 1
                full = bool(successor.custody_capacity) and total >= successor.custody_capacity
                totals[successor.id] = total
                heapq.heappush(heap, (full, load + 1, total, index, successor))
        return result

    @api.model
    def _distribute_rules(self, client_ids, successors, fallback=None):
        result = {}
        ruled = (successors - (fallback or successors.browse())).sudo()
        for client in self.env["res.partner"].sudo().browse(client_ids):
            result[client.id] = next((s for s in ruled if self._rule_matches(s, client)), fallback)
        return result

    @api.model
    def _rule_matches(self, successor, client):
        """Most specific first: state, then country, industry, tags."""
        return bool(
            (client.state_id and client.state_id in successor.custody_rule_state_ids)
            or (client.country_id and client.country_id in successor.custody_rule_country_ids)
            or (client.industry_id and client.industry_id in successor.custody_rule_industry_ids)
            or (client.category_id & successor.custody_rule_category_ids)
        )

    @api.model
    def _client_tiers(self, client_ids, company):
        """{client id: tier} in ``company`` (core where the company never decided)."""
        records = (
            self.env["custody.client"]
            .sudo()
            .search_read(
                [("partner_id", "in", list(client_ids)), ("company_id", "=", company.id)],
                ["partner_id", "tier"],
            )
        )
        return {record["partner_id"][0]: record["tier"] for record in records}

    def _undo_deadline(self, accepted_on):
        return accepted_on + timedelta(days=self.company_id.custody_undo_days)
