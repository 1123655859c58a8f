from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import AccessError

TIERS = [("core", "Core trade secret"), ("personal", "Personal accumulation")]
TIER_FIELDS = ("custody_tier", "custody_tier_basis", "custody_confidentiality_measures")
CUSTODY_USER = "client_custody.group_custody_user"
CUSTODY_MANAGER = "client_custody.group_custody_manager"


class ResPartner(models.Model):
    _inherit = "res.partner"

    custody_tier = fields.Selection(
        TIERS,
        string="Confidentiality tier",
        default="core",
        required=True,
        tracking=True,
        groups=CUSTODY_USER,
        help="Core trade secret: developed with company resources under confidentiality "
        "measures; always handed over. Personal accumulation: a relationship the employee "
        "brought or built personally; may stay with a leaver, but its contracts, signed "
        "documents and vouchers are still handed over.",
    )
    custody_tier_basis = fields.Text(
        string="How the relationship began",
        tracking=True,
        groups=CUSTODY_USER,
        help="The evidence for the tier: who found the client, with which company resources.",
    )
    custody_confidentiality_measures = fields.Text(
        string="Confidentiality measures",
        tracking=True,
        groups=CUSTODY_USER,
        help="What protected the relationship: NDA, restricted CRM access, marked documents…",
    )
    custody_tier_decided_by_id = fields.Many2one(
        "res.users", string="Tier decided by", readonly=True, copy=False, groups=CUSTODY_USER
    )
    custody_tier_decided_on = fields.Datetime(
        string="Tier decided on", readonly=True, copy=False, groups=CUSTODY_USER
    )
    custody_assignment_ids = fields.One2many(
        "custody.assignment", "partner_id", string="Custody history", groups=CUSTODY_USER
    )
    custodian_id = fields.Many2one(
        "hr.employee",
        compute="_compute_custodian_id",
        inverse="_inverse_custodian_id",
        store=True,
        readonly=False,
        index=True,
        tracking=True,
        groups=CUSTODY_USER,
        help="The employee who currently holds this client on the company's behalf.",
    )
    # A compute of its own: the inverse of custodian_id protects the fields of its compute
    # method while it writes the ledger, and the start date must still be recomputed then.
    custody_since = fields.Date(
        string="Custodian since", compute="_compute_custody_since", store=True, groups=CUSTODY_USER
    )
    custody_can_edit = fields.Boolean(compute="_compute_custody_can_edit", groups=CUSTODY_USER)

    @api.depends(
        "commercial_partner_id",
        "commercial_partner_id.custody_assignment_ids.date_end",
        "commercial_partner_id.custody_assignment_ids.employee_id",
    )
    def _compute_custodian_id(self):
        current = self._custody_current_assignments()
        for partner in self:
            partner.custodian_id = current[partner.commercial_partner_id.id].employee_id

    @api.depends(
        "commercial_partner_id",
        "commercial_partner_id.custody_assignment_ids.date_end",
        "commercial_partner_id.custody_assignment_ids.date_start",
    )
    def _compute_custody_since(self):
        current = self._custody_current_assignments()
        for partner in self:
            partner.custody_since = current[partner.commercial_partner_id.id].date_start

    def _custody_current_assignments(self):
        """Current assignment per commercial partner id (the latest when several companies)."""
        Assignment = self.env["custody.assignment"].sudo()
        current = Assignment.search(
            [("partner_id", "in", self.commercial_partner_id.ids), ("date_end", "=", False)],
            order="date_start desc, id desc",
        )
        latest = defaultdict(lambda: Assignment)
        for assignment in current:
            latest.setdefault(assignment.partner_id.id, assignment)
        return latest

    @api.depends_context("uid")
    def _compute_custody_can_edit(self):
        self.custody_can_edit = self.env.user.has_group(CUSTODY_MANAGER)

    def _inverse_custodian_id(self):
        self._check_custody_manager()
        by_employee = defaultdict(lambda: self.env["res.partner"])
        for partner in self:
            by_employee[partner.custodian_id] |= partner
        assignments = self.env["custody.assignment"]
        for employee, partners in by_employee.items():
            if employee:
                assignments._assign(partners, employee, origin="assigned")
            else:
                assignments._release(partners)

    def write(self, vals):
        if any(fname in vals for fname in TIER_FIELDS):
            self._check_custody_manager()
            if "custody_tier" in vals:
                vals = dict(
                    vals,
                    custody_tier_decided_by_id=self.env.uid,
                    custody_tier_decided_on=fields.Datetime.now(),
                )
        res = super().write(vals)
        if "user_id" in vals and not self.env.context.get("custody_skip_salesperson_sync"):
            self._custody_follow_salesperson(vals["user_id"])
        return res

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
        (or the user's current company for shared clients) becomes the custodian.
        """
        if not user_id or not (self.env.su or self.env.user.has_group(CUSTODY_MANAGER)):
            return
        clients = self.filtered(lambda p: p.commercial_partner_id == p)
        user = self.env["res.users"].browse(user_id)
        employees = user.sudo().employee_ids.filtered("active")
        by_employee = defaultdict(lambda: self.env["res.partner"])
        for client in clients:
            company = client.company_id or user.company_id
            if not company.custody_sync_salesperson:
                continue
            employee = employees.filtered(lambda e, c=company: e.company_id == c)[:1]
            if employee:
                by_employee[employee] |= client
        assignments = self.env["custody.assignment"].with_context(
            custody_skip_salesperson_sync=True
        )
        for employee, partners in by_employee.items():
            assignments._assign(partners, employee, origin="assigned")

    def action_open_custody_tier_wizard(self):
        return {
            "type": "ir.actions.act_window",
            "res_model": "custody.tier.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"active_model": "res.partner", "active_ids": self.ids},
        }
