from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import AccessError
from odoo.fields import Domain

from .custody_client import CUSTODY_STATES, TIERS

CUSTODY_USER = "client_custody.group_custody_user"
CUSTODY_MANAGER = "client_custody.group_custody_manager"
# Client field -> field of the company's custody record it shows.
PROXIED = {
    "custodian_id": "custodian_id",
    "custody_since": "custody_since",
    "custody_state": "state",
    "custody_retained_by_id": "retained_by_id",
    "custody_tier": "tier",
    "custody_tier_basis": "tier_basis",
    "custody_confidentiality_measures": "confidentiality_measures",
    "custody_tier_decided_by_id": "tier_decided_by_id",
    "custody_tier_decided_on": "tier_decided_on",
}
TIER_FIELDS = ("custody_tier", "custody_tier_basis", "custody_confidentiality_measures")


class ResPartner(models.Model):
    """The client's custody as seen from the current company, read through the record rules of
    ``custody.client``: a custody user sees it on the clients they (or their reports) hold, a
    custody manager on every client of the company; everyone else sees nothing."""

    _inherit = "res.partner"

    custody_client_ids = fields.One2many(
        "custody.client", "partner_id", string="Custody records", groups=CUSTODY_USER
    )
    custody_assignment_ids = fields.One2many(
        "custody.assignment", "partner_id", string="Custody history", groups=CUSTODY_USER
    )
    custodian_id = fields.Many2one(
        "hr.employee",
        compute="_compute_custody",
        inverse="_inverse_custodian_id",
        search="_search_custodian_id",
        groups=CUSTODY_USER,
        help="The employee who currently holds this client on the company's behalf.",
    )
    custody_since = fields.Date(
        string="Custodian since", compute="_compute_custody", groups=CUSTODY_USER
    )
    custody_state = fields.Selection(
        CUSTODY_STATES,
        string="Custody",
        compute="_compute_custody",
        search="_search_custody_state",
        groups=CUSTODY_USER,
    )
    custody_retained_by_id = fields.Many2one(
        "hr.employee", string="Retained by", compute="_compute_custody", groups=CUSTODY_USER
    )
    custody_tier = fields.Selection(
        TIERS,
        string="Confidentiality tier",
        compute="_compute_custody",
        inverse="_inverse_custody_tier",
        search="_search_custody_tier",
        groups=CUSTODY_USER,
        help="Core trade secret: developed with company resources under confidentiality "
        "measures; always handed over. Personal accumulation: a relationship the employee "
        "brought or built personally; may stay with a leaver, but its contracts, signed "
        "documents and vouchers are still handed over.",
    )
    custody_tier_basis = fields.Text(
        string="How the relationship began",
        compute="_compute_custody",
        inverse="_inverse_custody_tier",
        groups=CUSTODY_USER,
        help="The evidence for the tier: who found the client, with which company resources.",
    )
    custody_confidentiality_measures = fields.Text(
        string="Confidentiality measures",
        compute="_compute_custody",
        inverse="_inverse_custody_tier",
        groups=CUSTODY_USER,
        help="What protected the relationship: NDA, restricted CRM access, marked documents…",
    )
    custody_tier_decided_by_id = fields.Many2one(
        "res.users", string="Tier decided by", compute="_compute_custody", groups=CUSTODY_USER
    )
    custody_tier_decided_on = fields.Datetime(
        string="Tier decided on", compute="_compute_custody", groups=CUSTODY_USER
    )
    custody_can_edit = fields.Boolean(compute="_compute_custody_can_edit", groups=CUSTODY_USER)

    @api.depends_context("uid", "company")
    @api.depends(
        "commercial_partner_id",
        *(f"commercial_partner_id.custody_client_ids.{source}" for source in PROXIED.values()),
    )
    def _compute_custody(self):
        """Read with the user's own rights: a record the user may not see shows nothing."""
        records = self.env["custody.client"].search(
            [
                ("partner_id", "in", self.commercial_partner_id.ids),
                ("company_id", "=", self.env.company.id),
            ]
        )
        by_partner = {record.partner_id.id: record for record in records}
        may_see_all = self.env.su or self.env.user.has_group(CUSTODY_MANAGER)
        for partner in self:
            record = by_partner.get(partner.commercial_partner_id.id)
            for fname, source in PROXIED.items():
                if record:
                    partner[fname] = record[source]
                elif fname == "custody_tier" and may_see_all:
                    partner[fname] = "core"  # the default for clients the company assigned
                elif fname == "custody_state" and may_see_all:
                    partner[fname] = "unassigned"
                else:
                    partner[fname] = False

    @api.depends_context("uid")
    def _compute_custody_can_edit(self):
        self.custody_can_edit = self.env.user.has_group(CUSTODY_MANAGER)

    def _search_custodian_id(self, operator, value):
        return self._search_through_client("custodian_id", operator, value)

    def _search_custody_tier(self, operator, value):
        return self._search_through_client("tier", operator, value)

    def _search_custody_state(self, operator, value):
        return self._search_through_client("state", operator, value)

    def _search_through_client(self, fname, operator, value):
        """Clients whose custody record in the current company matches (among those the user
        may see). "Is empty" also matches clients that have no record here."""
        Client = self.env["custody.client"]
        company = ("company_id", "=", self.env.company.id)

        def clients(domain):
            # The partners of the matching custody records (not the records' own ids).
            return Client._search([company, *domain]).subselect("partner_id")

        if operator not in ("in", "not in") or False not in value:
            return [("commercial_partner_id", "in", clients([(fname, operator, value)]))]
        with_value = clients([(fname, "!=", False)])
        others = [v for v in value if v]
        matching = others and clients([(fname, "in", others)])
        if operator == "in":
            domain = Domain("commercial_partner_id", "not in", with_value)
            return domain | Domain("commercial_partner_id", "in", matching) if others else domain
        domain = Domain("commercial_partner_id", "in", with_value)
        return domain & Domain("commercial_partner_id", "not in", matching) if others else domain

    def _inverse_custodian_id(self):
        """The Custodian field on the client: the move service, for a custody manager."""
        self._check_custody_manager()
        Assignment = self.env["custody.assignment"]
        by_employee = defaultdict(lambda: self.env["res.partner"])
        for partner in self:
            # The custody the manager sees and changes is the current company's.
            by_employee[partner.custodian_id] |= partner
        company = self.env.company
        Assignment._check_manual_move(self.commercial_partner_id.ids, company)
        for employee, partners in by_employee.items():
            if employee:
                Assignment._move(partners, employee, origin="assigned", company=company)
            else:
                Assignment._unassign(partners, company)

    def _inverse_custody_tier(self):
        """Tier and evidence live on the company's custody record of the client: one write per
        distinct decision, however many clients the manager selected."""
        self._check_custody_manager()
        Client = self.env["custody.client"]
        records = Client._ensure(self.commercial_partner_id.ids, self.env.company)
        record_of = {record.partner_id.id: record for record in records}
        decisions = defaultdict(records.browse)
        for partner in self:
            record = record_of[partner.commercial_partner_id.id]
            # Any of the three written is a decision on the tier, checked against its evidence.
            vals = {PROXIED[fname]: partner[fname] or False for fname in TIER_FIELDS}
            vals["tier"] = vals["tier"] or record.tier
            decisions[tuple(sorted(vals.items()))] |= record
        for vals, group in decisions.items():
            group.with_env(self.env).write(dict(vals))

    @api.model_create_multi
    def create(self, vals_list):
        partners = super().create(vals_list)
        if any(fname in vals for vals in vals_list for fname in PROXIED):
            partners._custody_reread()
        return partners

    def write(self, vals):
        res = super().write(vals)
        if any(fname in vals for fname in PROXIED):
            self._custody_reread()
        if "user_id" in vals and not self.env.context.get("custody_skip_salesperson_sync"):
            self._custody_follow_salesperson(vals["user_id"])
        return res

    def _custody_reread(self):
        """The inverses wrote the custody records while Odoo protected the fields of their
        compute method: what the clients show is read again."""
        self.invalidate_recordset(list(PROXIED))

    def _check_custody_manager(self):
        if not self.env.su and not self.env.user.has_group(CUSTODY_MANAGER):
            raise AccessError(
                self.env._(
                    "Only client custody managers can change a client's custodian or "
                    "confidentiality tier."
                )
            )

    def _custody_follow_salesperson(self, user_id):
        """A custody manager set the Salesperson: custody follows when the user is an employee.

        Only commercial entities carry custody; the user's employee in each client's company
        (or the current company for shared clients) becomes the custodian, through the move
        service.
        """
        if not user_id or not (self.env.su or self.env.user.has_group(CUSTODY_MANAGER)):
            return
        clients = self.filtered(lambda p: p.commercial_partner_id == p)
        user = self.env["res.users"].browse(user_id)
        employees = user.sudo().employee_ids.filtered("active")
        by_employee = defaultdict(lambda: self.env["res.partner"])
        for client in clients:
            company = client.company_id or self.env.company
            if not company.custody_sync_salesperson:
                continue
            employee = employees.filtered(lambda e, c=company: e.company_id == c)[:1]
            if employee:
                by_employee[employee] |= client
        Assignment = self.env["custody.assignment"]
        for employee, partners in by_employee.items():
            Assignment._check_manual_move(partners.ids, employee.company_id)
            Assignment._move(partners, employee, origin="assigned")

    def action_open_custody_tier_wizard(self):
        return {
            "type": "ir.actions.act_window",
            "res_model": "custody.tier.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"active_model": "res.partner", "active_ids": self.ids},
        }
