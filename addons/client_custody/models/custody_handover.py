from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

CUSTODY_MANAGER = "client_custody.group_custody_manager"
CUSTODY_USER = "client_custody.group_custody_user"
RUNNING_STATES = ("draft", "to_approve", "in_progress")
LINE_STATES = ("draft", "waiting", "accepted", "refused", "over_capacity", "cancelled")


class CustodyHandover(models.Model):
    """Moving custody of a set of clients, and the items around them, from one employee.

    draft → (to_approve) → in_progress (clients notified, refusal window open) → done;
    cancel from any state but done.
    """

    _name = "custody.handover"
    _description = "Client Handover"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "create_date desc, id desc"

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
        [("departure", "Departure (离职继承)"), ("transfer", "On-the-job transfer (在职继承)")],
        required=True,
        default="departure",
        tracking=True,
    )
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("to_approve", "To Approve"),
            ("in_progress", "In Progress"),
            ("done", "Done"),
            ("cancel", "Cancelled"),
        ],
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
        help="Why the clients get a new contact; quoted in the notice the clients receive."
    )
    refusal_hours = fields.Integer(
        string="Refusal window (hours)",
        default=lambda self: self.env.company.custody_refusal_hours,
        required=True,
    )
    cascade_opportunities = fields.Boolean(string="Move open opportunities", default=True)
    cascade_activities = fields.Boolean(string="Move open activities", default=True)
    cascade_followers = fields.Boolean(string="Successor follows the client", default=True)
    line_ids = fields.One2many("custody.handover.line", "handover_id", string="Clients handed over")
    item_ids = fields.One2many("custody.handover.item", "handover_id", string="Checklist")
    auto_created = fields.Boolean(
        readonly=True, copy=False, help="Prepared by the automation when the employee was archived."
    )
    started_on = fields.Datetime(readonly=True, copy=False)
    approved_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    done_on = fields.Datetime(readonly=True, copy=False)
    requires_approval = fields.Boolean(compute="_compute_requires_approval")
    line_count = fields.Integer(compute="_compute_line_counts", string="Clients")
    draft_count = fields.Integer(compute="_compute_line_counts")
    waiting_count = fields.Integer(compute="_compute_line_counts", string="Waiting")
    accepted_count = fields.Integer(compute="_compute_line_counts", string="Accepted")
    refused_count = fields.Integer(compute="_compute_line_counts", string="Refused")
    over_capacity_count = fields.Integer(compute="_compute_line_counts", string="Over capacity")
    cancelled_count = fields.Integer(compute="_compute_line_counts", string="Cancelled")
    retained_count = fields.Integer(compute="_compute_line_counts", string="Retained")
    item_pending_count = fields.Integer(compute="_compute_item_pending_count")

    @api.depends("line_ids.tier", "company_id.custody_handover_approval")
    def _compute_requires_approval(self):
        for handover in self:
            handover.requires_approval = handover.company_id.custody_handover_approval and any(
                line.tier == "core" for line in handover.line_ids
            )

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
            handover.retained_count = by_state["retain"]

    @api.depends("item_ids.state", "item_ids.mandatory")
    def _compute_item_pending_count(self):
        for handover in self:
            handover.item_pending_count = len(
                handover.item_ids.filtered(lambda i: i.mandatory and i.state == "pending")
            )

    @api.constrains("refusal_hours")
    def _check_refusal_hours(self):
        if any(handover.refusal_hours < 0 for handover in self):
            raise ValidationError(self.env._("The refusal window cannot be negative."))

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                vals["name"] = self.env["ir.sequence"].next_by_code("custody.handover") or "/"
            if vals.get("employee_id") and not vals.get("company_id"):
                employee = self.env["hr.employee"].sudo().browse(vals["employee_id"])
                vals["company_id"] = employee.company_id.id
        return super().create(vals_list)

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
            if handover.requires_approval:
                handover.state = "to_approve"
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
            if handover.state != "to_approve":
                raise UserError(
                    self.env._("%(name)s is not waiting for approval.", name=handover.name)
                )
            handover.approved_by_id = self.env.user
            handover.activity_feedback(["mail.mail_activity_data_todo"])
            handover.message_post(body=self.env._("Approved."))
            handover._launch()
        return True

    def action_cancel(self):
        self._check_manager()
        if self.filtered(lambda h: h.state == "done"):
            raise UserError(self.env._("A completed handover cannot be cancelled."))
        open_lines = self.line_ids.filtered(lambda line: line.state != "accepted")
        open_lines.write({"state": "cancelled"})
        self.write({"state": "cancel"})
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
        return self.env.ref("client_custody.action_report_custody_handover").report_action(self)

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
    def _check_manager(self):
        if not self.env.su and not self.env.user.has_group(CUSTODY_MANAGER):
            raise UserError(self.env._("Only a client custody manager can run a handover."))

    def _check_can_start(self):
        self.ensure_one()
        if not self.line_ids:
            raise UserError(self.env._("%(name)s has no client to hand over.", name=self.name))
        self.line_ids._check_decisions()
        if self.kind == "transfer":
            self.line_ids.filtered(
                lambda line: line.decision == "transfer"
            )._check_transfer_frequency()

    def _schedule_approval_activity(self):
        manager_user = self.employee_id.parent_id.user_id or self.env.user
        self.activity_schedule(
            "mail.mail_activity_data_todo",
            user_id=manager_user.id,
            summary=self.env._("Approve the handover of core clients"),
        )

    def _launch(self):
        """Validate successors, apply capacity, notify clients, open the refusal window."""
        self.ensure_one()
        self.write({"state": "in_progress", "started_on": fields.Datetime.now()})
        lines = self.line_ids.filtered(lambda line: line.state == "draft")
        retained = lines.filtered(lambda line: line.decision == "retain")
        retained._accept()
        transfer = lines - retained
        over = transfer._apply_capacity()
        (transfer - over)._notify_clients()
        self.message_post(
            body=self.env._(
                "Handover started: %(notified)s client(s) notified, %(retained)s retained by the "
                "leaver, %(over)s over the successors' capacity.",
                notified=len(transfer - over),
                retained=len(retained),
                over=len(over),
            )
        )

    def _done_blockers(self):
        self.ensure_one()
        blockers = []
        if self.state != "in_progress":
            blockers.append(self.env._("the handover is not in progress"))
        open_lines = self.line_ids.filtered(
            lambda line: line.state not in ("accepted", "cancelled")
        )
        if open_lines:
            blockers.append(
                self.env._(
                    "clients not handed over yet: %(clients)s",
                    clients=", ".join(open_lines[:10].partner_id.mapped("display_name")),
                )
            )
        pending = self.item_ids.filtered(lambda i: i.mandatory and i.state == "pending")
        if pending:
            blockers.append(
                self.env._(
                    "mandatory items neither returned nor waived: %(items)s",
                    items=", ".join(pending.mapped("name")),
                )
            )
        return blockers

    def _mark_done(self):
        self.write({"state": "done", "done_on": fields.Datetime.now()})
        for handover in self:
            handover.message_post(body=self.env._("Handover completed."))

    def _try_complete(self):
        """Complete, silently, the handovers that have nothing left open."""
        self.filtered(lambda h: h.state == "in_progress" and not h._done_blockers())._mark_done()

    @api.model
    def _cron_close_refusal_windows(self):
        """Accept the clients whose refusal window closed without an answer."""
        lines = self.env["custody.handover.line"].search(
            [("state", "=", "waiting"), ("window_end", "<=", fields.Datetime.now())]
        )
        lines._accept()
        lines.handover_id._try_complete()

    def _default_items(self):
        """The checklist every handover starts with: company accounts, devices, documents."""
        self.ensure_one()
        items = [
            (self.env._("Work WeChat / WeCom account"), "work_account"),
            (self.env._("Company mailbox"), "work_account"),
            (self.env._("CRM login"), "work_account"),
            (self.env._("Laptop"), "device"),
            (self.env._("Company phone"), "device"),
            (self.env._("Client files and working documents"), "document"),
        ]
        return [
            {"handover_id": self.id, "name": name, "category": category, "mandatory": True}
            for name, category in items
        ]

    def _cascade(self, partners, successor):
        """What moves with the clients: open opportunities, open activities, followers.

        Won and lost opportunities and done activities keep their owner, so that history and
        its reports stay true (the lesson of Dynamics' cascading reassignment).
        """
        self.ensure_one()
        clients = partners.commercial_partner_id
        leaver_user = self.employee_id.sudo().user_id
        successor_user = successor.sudo().user_id
        if self.cascade_followers and successor_user:
            clients.sudo().message_subscribe(partner_ids=successor_user.partner_id.ids)
        if not leaver_user or not successor_user:
            return
        leads = self.env["crm.lead"].sudo()
        if self.cascade_opportunities:
            leads = leads.search(
                [
                    ("partner_id", "child_of", clients.ids),
                    ("type", "=", "opportunity"),
                    ("won_status", "=", "pending"),
                    ("user_id", "=", leaver_user.id),
                ]
            )
            leads.with_context(mail_auto_subscribe_no_notify=True).write(
                {"user_id": successor_user.id}
            )
        if self.cascade_activities:
            contacts = (
                self.env["res.partner"]
                .with_context(active_test=False)
                .search([("commercial_partner_id", "in", clients.ids)])
            )
            activities = (
                self.env["mail.activity"]
                .sudo()
                .search(
                    [
                        ("user_id", "=", leaver_user.id),
                        "|",
                        "&",
                        ("res_model", "=", "res.partner"),
                        ("res_id", "in", contacts.ids),
                        "&",
                        ("res_model", "=", "crm.lead"),
                        ("res_id", "in", leads.ids),
                    ]
                )
            )
            activities.write({"user_id": successor_user.id})

    def _undo_deadline(self, accepted_on):
        return accepted_on + timedelta(days=self.company_id.custody_undo_days)
