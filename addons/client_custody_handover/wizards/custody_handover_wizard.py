from collections import Counter

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError

from odoo.addons.client_custody.models.custody_client import TIERS
from odoo.addons.client_custody.models.custody_guarded_mixin import transition

# What a preview line shows of the company's record of the client: set by the preview only.
PREVIEW_RECORD_FIELDS = ("partner_id", "employee_id", "tier")


class CustodyHandoverWizard(models.TransientModel):
    """Prepare handovers: which clients, who succeeds, previewed before anything is created."""

    _name = "custody.handover.wizard"
    _description = "Hand Over Clients"

    employee_ids = fields.Many2many("hr.employee", string="Handing over", required=True)
    kind = fields.Selection(
        [("departure", "Departure"), ("transfer", "On-the-job transfer")],
        required=True,
        default="departure",
    )
    client_scope = fields.Selection(
        [
            ("all", "All their current clients"),
            ("selected", "The clients listed"),
        ],
        string="Clients to hand over",
        required=True,
        default="selected",
        help="All their current clients: read from the custody ledger when the handover is "
        "created, however many there are. The clients listed: only those chosen below.",
    )
    partner_ids = fields.Many2many("res.partner", string="Clients")
    client_count = fields.Integer(string="Number of clients", compute="_compute_client_count")
    strategy = fields.Selection(
        [
            ("single", "One successor"),
            ("balanced", "Balanced over successors"),
            ("rules", "By successor rules"),
        ],
        required=True,
        default="single",
    )
    successor_id = fields.Many2one("hr.employee")
    successor_ids = fields.Many2many(
        "hr.employee", "custody_handover_wizard_successor_rel", string="Successors"
    )
    fallback_successor_id = fields.Many2one(
        "hr.employee",
        string="Fallback successor",
        help="Receives the clients that no successor rule matches.",
    )
    reason = fields.Text(
        string="Internal reason",
        help="Kept on the handover and its certificate; never sent to the clients.",
    )
    line_ids = fields.One2many("custody.handover.wizard.line", "wizard_id", string="Preview")
    preview_summary = fields.Html(compute="_compute_preview_summary")

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        context = self.env.context
        active_ids = context.get("active_ids") or []
        if context.get("active_model") == "hr.employee":
            employees = self.env["hr.employee"].browse(active_ids)
            values["employee_ids"] = [fields.Command.set(employees.ids)]
            # A departure hands over the clients of people who are leaving; anyone else's
            # clients change hands on the job.
            if employees and employees - employees._custody_is_leaving():
                values["kind"] = "transfer"
            # Not copied into the wizard: a large book would travel to the browser and back.
            values["client_scope"] = "all"
        elif context.get("active_model") == "res.partner":
            partners = self.env["res.partner"].browse(active_ids).commercial_partner_id
            values["kind"] = "transfer"
            values["partner_ids"] = [fields.Command.set(partners.ids)]
            values["employee_ids"] = [fields.Command.set(partners.sudo().custodian_id.ids)]
        return values

    @api.model_create_multi
    def create(self, vals_list):
        # Clients given without a scope (RPC, code) mean those clients, not the whole book.
        for vals in vals_list:
            if vals.get("partner_ids") and "client_scope" not in vals:
                vals["client_scope"] = "selected"
        return super().create(vals_list)

    @api.depends("client_scope", "employee_ids", "partner_ids")
    def _compute_client_count(self):
        Assignment = self.env["custody.assignment"].sudo()
        for wizard in self:
            if wizard.client_scope == "all":
                wizard.client_count = Assignment.search_count(
                    [("employee_id", "in", wizard.employee_ids.ids), ("date_end", "=", False)]
                )
            else:
                wizard.client_count = len(wizard.partner_ids.commercial_partner_id)

    def _client_ids(self):
        """The commercial partners to hand over, in a stable order (by name)."""
        if self.client_scope == "all":
            return self.env["custody.assignment"].sudo()._current_client_ids(self.employee_ids)
        clients = self.partner_ids.commercial_partner_id
        return clients.sorted(lambda client: (client.complete_name or "", client.id)).ids

    @api.depends("line_ids.successor_id", "line_ids.decision", "line_ids.tier")
    def _compute_preview_summary(self):
        """Per successor: clients of each tier received, and the load this gives them against
        their capacity (what they hold now plus what they receive)."""
        Line = self.env["custody.handover.wizard.line"]
        # In the reader's language (the raw TIERS labels are the English source).
        tier_labels = dict(Line._fields["tier"]._description_selection(self.env))
        for wizard in self:
            lines = wizard.line_ids
            if not lines:
                wizard.preview_summary = False
                continue
            received = Counter(
                (line.successor_id, line.tier) for line in lines if line.decision == "transfer"
            )
            successors = self.env["hr.employee"].union(*(s for s, _tier in received))
            held = dict(
                self.env["custody.client"]
                .sudo()
                ._read_group(
                    [("custodian_id", "in", successors._origin.ids)], ["custodian_id"], ["__count"]
                )
            )
            rows = []
            for successor in successors.sorted(lambda s: (s.name or "", s.id)):
                per_tier = [received[(successor, tier)] for tier, _label in TIERS]
                capacity = successor.sudo().custody_capacity
                load = held.get(successor._origin, 0) + sum(per_tier)
                over = bool(capacity) and load > capacity
                rows.append(
                    Markup(
                        "<tr><td>%s</td>%s<td class='text-end fw-bold'>%s</td>"
                        "<td class='text-end%s'>%s</td></tr>"
                    )
                    % (
                        successor.name or self.env._("(no successor)"),
                        Markup().join(
                            Markup("<td class='text-end'>%s</td>") % count for count in per_tier
                        ),
                        sum(per_tier),
                        " text-danger fw-bold" if over else "",
                        f"{load} / {capacity}" if capacity else f"{load} / ∞",
                    )
                )
            retained = [line.tier for line in lines if line.decision == "retain"]
            if retained:
                rows.append(
                    Markup(
                        "<tr class='text-muted'><td>%s</td>%s"
                        "<td class='text-end fw-bold'>%s</td><td/></tr>"
                    )
                    % (
                        self.env._("Retained by the leaver"),
                        Markup().join(
                            Markup("<td class='text-end'>%s</td>") % retained.count(tier)
                            for tier, _label in TIERS
                        ),
                        len(retained),
                    )
                )
            header = Markup("").join(
                Markup("<th class='text-end'>%s</th>") % tier_labels[tier] for tier, _l in TIERS
            )
            wizard.preview_summary = Markup(
                "<table class='table table-sm o_custody_preview'><thead><tr><th>%s</th>%s"
                "<th class='text-end'>%s</th><th class='text-end'>%s</th></tr></thead>"
                "<tbody>%s</tbody></table>"
            ) % (
                self.env._("Successor"),
                header,
                self.env._("Clients received"),
                self.env._("Load / capacity"),
                Markup().join(rows),
            )

    def action_preview(self):
        """Distribute the clients over successors and show it, without creating anything."""
        self.ensure_one()
        plan = self._plan()
        self.line_ids.unlink()
        transition(self.env["custody.handover.wizard.line"], *PREVIEW_RECORD_FIELDS).create(
            [dict(vals, wizard_id=self.id, employee_id=holder.id) for holder, vals in plan]
        )
        return self._reopen()

    def _plan(self):
        """The handover lines the wizard would create: (current custodian, line values).

        Read in two queries however many clients there are: who holds each client now and its
        tier. The clients' records are not loaded (except for the successor rules).
        """
        client_ids = self._client_ids()
        if not client_ids:
            raise UserError(self.env._("There is no client to hand over."))
        successors = self._candidate_successors()
        holders = self._holders(client_ids, successors)
        Employee = self.env["hr.employee"]
        company = self.employee_ids.company_id
        tiers = self.env["custody.handover"]._client_tiers(client_ids, company)
        assignment = self.env["custody.handover"]._distribute(
            self.strategy, client_ids, successors, fallback=self.fallback_successor_id
        )
        return [
            (
                holders[client_id],
                {
                    "partner_id": client_id,
                    "tier": tiers.get(client_id, "core"),
                    "successor_id": assignment.get(client_id, Employee).id,
                    "decision": "transfer",
                },
            )
            for client_id in client_ids
        ]

    def _holders(self, client_ids, successors=None):
        """{client id: who hands it over}: the company's record of who holds each client now
        (the first leaver for a client nobody holds). Read again when the handovers are
        created: never taken from the preview, where an edit would put a manager's own clients
        in someone else's handover."""
        successors = self._candidate_successors() if successors is None else successors
        leavers = self.employee_ids
        if successors & leavers:
            raise UserError(
                self.env._(
                    "%(employees)s cannot succeed themselves.",
                    employees=", ".join((successors & leavers).mapped("name")),
                )
            )
        company = leavers.company_id
        if len(company) != 1:
            raise UserError(self.env._("Hand over the clients of one company at a time."))
        holders = self.env["custody.assignment"].sudo()._current_holders(client_ids, company)
        Employee = self.env["hr.employee"]
        return {
            client_id: Employee.browse(holders[client_id]) if client_id in holders else leavers[:1]
            for client_id in client_ids
        }

    def _candidate_successors(self):
        if self.strategy == "single":
            if not self.successor_id:
                raise UserError(self.env._("Choose the successor."))
            return self.successor_id
        if self.strategy == "balanced":
            if not self.successor_ids:
                raise UserError(self.env._("Choose the successors to balance the clients over."))
            return self.successor_ids
        if not self.fallback_successor_id:
            raise UserError(self.env._("Choose a fallback successor for clients no rule matches."))
        ruled = (
            self.env["hr.employee"]
            .sudo()
            .search(
                [
                    ("company_id", "in", self.employee_ids.company_id.ids),
                    ("id", "not in", self.employee_ids.ids),
                    "|",
                    "|",
                    "|",
                    ("custody_rule_country_ids", "!=", False),
                    ("custody_rule_state_ids", "!=", False),
                    ("custody_rule_industry_ids", "!=", False),
                    ("custody_rule_category_ids", "!=", False),
                ]
            )
        )
        return ruled | self.fallback_successor_id

    def action_confirm(self):
        """Create one draft handover per leaver with the planned lines and the checklist.

        Without a preview the plan goes straight to the handovers: a departure of 100,000
        clients does not first fill a preview nobody could read.
        """
        self.ensure_one()
        if not self.env.user.has_group("client_custody.group_custody_manager"):
            raise UserError(self.env._("Only a client custody manager can hand over clients."))
        if self.line_ids:
            holders = self._holders(
                self.line_ids.partner_id.ids, successors=self.env["hr.employee"]
            )
            plan = [
                (
                    holders[line.partner_id.id],
                    {
                        "partner_id": line.partner_id.id,
                        "tier": line.tier,
                        "successor_id": line.successor_id.id,
                        "decision": line.decision,
                        "retain_reason": line.retain_reason,
                    },
                )
                for line in self.line_ids
            ]
        else:
            plan = self._plan()
        for _holder, vals in plan:
            if vals["decision"] == "transfer" and not vals["successor_id"]:
                raise UserError(
                    self.env._(
                        "Choose a successor for %(client)s.",
                        client=self.env["res.partner"].browse(vals["partner_id"]).display_name,
                    )
                )
        by_holder = {}
        for holder, vals in plan:
            by_holder.setdefault(holder, []).append(vals)
        Handover = self.env["custody.handover"]
        handovers = Handover
        for employee, lines_vals in by_holder.items():
            handover = Handover._prepare(
                employee,
                lines_vals,
                self._handover_vals(),
            )
            handover._check_can_start_successors()
            handovers |= handover
        if len(handovers) == 1:
            return {
                "type": "ir.actions.act_window",
                "res_model": "custody.handover",
                "res_id": handovers.id,
                "view_mode": "form",
            }
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Handovers"),
            "res_model": "custody.handover",
            "view_mode": "list,form",
            "domain": [("id", "in", handovers.ids)],
        }

    def _handover_vals(self):
        """What the wizard sets on each handover it creates (extended by the CRM addon)."""
        return {"kind": self.kind, "reason": self.reason}

    def _reopen(self):
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Hand over clients"),
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
        }


class CustodyHandoverWizardLine(models.TransientModel):
    _name = "custody.handover.wizard.line"
    _description = "Hand Over Clients: Preview Line"
    _inherit = ["custody.guarded.mixin"]
    # The company's record of the client, shown as it is: only the successor, the decision
    # and its reason are chosen on the preview.
    _guarded_fields = PREVIEW_RECORD_FIELDS

    wizard_id = fields.Many2one("custody.handover.wizard", required=True, ondelete="cascade")
    partner_id = fields.Many2one("res.partner", string="Client", required=True, readonly=True)
    employee_id = fields.Many2one(
        "hr.employee", string="Current custodian", required=True, readonly=True
    )
    tier = fields.Selection(TIERS, required=True, readonly=True)
    successor_id = fields.Many2one("hr.employee")
    decision = fields.Selection(
        [("transfer", "Transfer"), ("retain", "Retained by the leaver")],
        required=True,
        default="transfer",
    )
    retain_reason = fields.Text(string="Reason for retaining")
