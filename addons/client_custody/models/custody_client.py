from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError
from odoo.tools import SQL

from .custody_guarded_mixin import transition

TIERS = [("core", "Core trade secret"), ("personal", "Personal accumulation")]
# What a client's custody looks like in one company (named once: views, domains, SQL and the
# unassigned-clients queue read these values).
CUSTODY_STATES = [
    ("held", "Held"),
    ("retained", "Retained by a leaver"),
    ("unassigned", "Unassigned"),
]
TIER_FIELDS = ("tier", "tier_basis", "confidentiality_measures")
# What only the move service writes (the client and company: the record's key).
CUSTODY_FIELDS = (
    "partner_id",
    "company_id",
    "custodian_id",
    "custody_since",
    "state",
    "retained_by_id",
    "retain_reason",
    "retained_on",
    "tier_decided_by_id",
    "tier_decided_on",
)
CUSTODY_MANAGER = "client_custody.group_custody_manager"


class CustodyClient(models.Model):
    """One client in one company: who holds it now, and how confidential the relationship is.

    The one current truth per (client, company). Written by the move service
    (``custody.assignment._move`` and friends) in the same statements that close and open the
    ledger periods; the ledger keeps the history. Record rules decide who reads it: a custody
    user reads the clients they (or their direct reports) hold, a manager all of the company.
    The client's fields (``res.partner.custodian_id``, ``custody_tier``…) show the current
    company's record, through these rules.
    """

    _name = "custody.client"
    _description = "Client Custody"
    _inherit = ["mail.thread", "custody.guarded.mixin"]
    _order = "partner_id, company_id"
    _rec_name = "partner_id"
    _check_company_auto = True
    # Written by the move service only (``custody.assignment._move``, ``_retain``,
    # ``_unassign``, set-based SQL that closes and opens the ledger periods with them), never
    # by a form, an import or an RPC write: a custodian written directly would have no period.
    _guarded_fields = CUSTODY_FIELDS

    partner_id = fields.Many2one(
        "res.partner",
        string="Client",
        required=True,
        readonly=True,
        index=True,
        ondelete="restrict",
        domain="[('is_company', '=', True)]",
    )
    company_id = fields.Many2one("res.company", required=True, readonly=True, index=True)
    custodian_id = fields.Many2one(
        "hr.employee",
        readonly=True,
        index=True,
        ondelete="restrict",
        context={"active_test": False},
        help="The employee who holds this client on the company's behalf. Changed only by the "
        "move service: the client's Custodian field, a handover, an undo or the unassigned "
        "clients queue.",
    )
    custodian_user_id = fields.Many2one(
        related="custodian_id.user_id", string="Custodian's user", readonly=True
    )
    custody_since = fields.Date(string="Since", readonly=True)
    state = fields.Selection(
        CUSTODY_STATES,
        string="Status",
        compute="_compute_state",
        store=True,
        index=True,
        readonly=True,
    )
    retained_by_id = fields.Many2one(
        "hr.employee",
        string="Retained by",
        readonly=True,
        index=True,
        ondelete="restrict",
        context={"active_test": False},
        help="The leaver who keeps this personal-accumulation client (the company keeps its "
        "contracts, signed documents and vouchers).",
    )
    retain_reason = fields.Text(string="Reason for retaining", readonly=True)
    retained_on = fields.Date(readonly=True)
    tier = fields.Selection(
        TIERS,
        string="Confidentiality tier",
        required=True,
        default="core",
        tracking=True,
        help="Core trade secret: developed with company resources under confidentiality "
        "measures; always handed over. Personal accumulation: a relationship the employee "
        "brought or built personally; may stay with a leaver, but its contracts, signed "
        "documents and vouchers are still handed over.",
    )
    tier_basis = fields.Text(
        string="How the relationship began",
        tracking=True,
        help="The evidence for the tier: who found the client, with which company resources.",
    )
    confidentiality_measures = fields.Text(
        tracking=True,
        help="What protected the relationship: NDA, restricted CRM access, marked documents…",
    )
    tier_decided_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    tier_decided_on = fields.Datetime(readonly=True, copy=False)
    assignment_ids = fields.One2many("custody.assignment", "client_id", string="Custody history")

    _partner_company_unique = models.UniqueIndex(
        "(partner_id, company_id)",
        lambda env, diag=None: env._("A client has one custody record per company."),
    )

    @api.depends("custodian_id", "retained_by_id")
    def _compute_state(self):
        for client in self:
            if client.custodian_id:
                client.state = "held"
            elif client.retained_by_id:
                client.state = "retained"
            else:
                client.state = "unassigned"

    @api.constrains("tier", "tier_basis", "confidentiality_measures", "tier_decided_by_id")
    def _check_tier_evidence(self):
        """A decided tier rests on evidence: a court asks how the relationship began and, for a
        trade secret, which confidentiality measures protected it."""
        for client in self.filtered("tier_decided_by_id"):
            if not (client.tier_basis or "").strip():
                raise ValidationError(
                    self.env._(
                        "Say how the relationship with %(client)s began before setting its tier.",
                        client=client.partner_id.display_name,
                    )
                )
            if client.tier == "core" and not (client.confidentiality_measures or "").strip():
                raise ValidationError(
                    self.env._(
                        "%(client)s can be a core trade secret only with the confidentiality "
                        "measures that protected it.",
                        client=client.partner_id.display_name,
                    )
                )

    def write(self, vals):
        target = self
        if any(fname in vals for fname in TIER_FIELDS):
            self._check_tier_rights()
            self._check_guarded_fields(set(vals))
            vals = dict(
                vals, tier_decided_by_id=self.env.uid, tier_decided_on=fields.Datetime.now()
            )
            # Deciding a tier records who decided it and when: part of the same transition.
            target = transition(self, "tier_decided_by_id", "tier_decided_on")
        res = super(CustodyClient, target).write(vals)
        if "tier" in vals:
            # The ledger keeps each period's tier next to it for its reports.
            self.env["custody.assignment"].sudo().search(
                [("client_id", "in", self.ids), ("date_end", "=", False)]
            ).write({"partner_tier": vals["tier"]})
        return res

    def _check_tier_rights(self):
        if not self.env.su and not self.env.user.has_group(CUSTODY_MANAGER):
            raise AccessError(
                self.env._(
                    "Only client custody managers can set a client's confidentiality tier and "
                    "its evidence."
                )
            )

    @api.model
    def _ensure(self, partner_ids, company):
        """The records of these commercial partners in ``company``, created where missing
        (one INSERT whatever their number). Returns them as superuser."""
        self.flush_model()
        self.env.cr.execute(
            SQL(
                """INSERT INTO custody_client (partner_id, company_id, tier, state,
                                               create_uid, create_date, write_uid, write_date)
                   SELECT p, %(company)s, 'core', 'unassigned', %(uid)s, %(now)s, %(uid)s, %(now)s
                     FROM unnest(%(partners)s::int[]) AS p
                   ON CONFLICT (partner_id, company_id) DO NOTHING
                   RETURNING id, partner_id""",
                company=company.id,
                uid=self.env.uid,
                now=self.env.cr.now(),
                partners=list(partner_ids),
            )
        )
        created = self.env.cr.fetchall()
        if created:
            # Whatever reads the clients' records (their one2many, what depends on it) rereads.
            self.browse(row[0] for row in created).modified(
                ["partner_id", "company_id"], create=True
            )
            self.env["res.partner"].browse(row[1] for row in created).invalidate_recordset(
                ["custody_client_ids"]
            )
        return self.sudo().search(
            [("partner_id", "in", list(partner_ids)), ("company_id", "=", company.id)]
        )

    def action_open_partner(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "res.partner",
            "res_id": self.partner_id.id,
            "view_mode": "form",
        }
