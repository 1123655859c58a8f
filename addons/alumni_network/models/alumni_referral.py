from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError


class AlumniReferral(models.Model):
    _name = "alumni.referral"
    _description = "Alumni Referral"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "id desc"

    name = fields.Char(string="Reference", readonly=True, copy=False, default="/")
    member_id = fields.Many2one(
        "alumni.member", required=True, ondelete="cascade", index=True, tracking=True
    )
    company_id = fields.Many2one(related="member_id.company_id", store=True, index=True)
    kind = fields.Selection(
        [("candidate", "Candidate"), ("business", "Business")],
        required=True,
        default="candidate",
        tracking=True,
    )
    referred_name = fields.Char(
        string="Referred", required=True, help="The candidate or the business opportunity."
    )
    referred_email = fields.Char(string="Email")
    referred_phone = fields.Char(string="Phone")
    description = fields.Text()
    partner_id = fields.Many2one(
        "res.partner", string="Customer", help="The business the alumnus referred."
    )
    opportunity_ref = fields.Reference(
        selection="_selection_opportunity_ref",
        string="Opportunity",
        help="The CRM opportunity, when the CRM app is installed.",
    )
    crm_installed = fields.Boolean(compute="_compute_crm_installed")
    state = fields.Selection(
        [
            ("new", "New"),
            ("in_progress", "In Progress"),
            ("won", "Won"),
            ("lost", "Lost"),
        ],
        required=True,
        default="new",
        tracking=True,
        index=True,
    )
    user_id = fields.Many2one("res.users", string="Responsible", default=lambda self: self.env.user)
    currency_id = fields.Many2one(related="company_id.currency_id")
    reward_amount = fields.Monetary(currency_field="currency_id", tracking=True)
    reward_state = fields.Selection(
        [("none", "No Reward"), ("due", "Due"), ("paid", "Paid")],
        required=True,
        default="none",
        tracking=True,
    )

    @api.model
    def _selection_opportunity_ref(self):
        # CRM is optional: the link exists only where crm.lead does.
        if "crm.lead" in self.env:
            return [("crm.lead", self.env._("Opportunity"))]
        return []

    def _compute_crm_installed(self):
        self.crm_installed = "crm.lead" in self.env

    @api.constrains("reward_state", "reward_amount")
    def _check_reward(self):
        for referral in self:
            if referral.reward_state != "none" and referral.reward_amount <= 0:
                raise ValidationError(
                    self.env._(
                        "Referral %(name)s: a reward that is due or paid needs a positive amount.",
                        name=referral.name,
                    )
                )

    @api.constrains("kind", "partner_id")
    def _check_business_partner(self):
        for referral in self:
            if referral.kind == "business" and not referral.partner_id:
                raise ValidationError(
                    self.env._(
                        "Referral %(name)s: a business referral names the customer it brings.",
                        name=referral.name,
                    )
                )

    @api.constrains("member_id")
    def _check_member_state(self):
        for referral in self:
            if referral.member_id.state == "anonymized":
                raise ValidationError(self.env._("An anonymised member cannot make new referrals."))

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                vals["name"] = self.env["ir.sequence"].next_by_code("alumni.referral") or "/"
        return super().create(vals_list)

    def action_start(self):
        self.write({"state": "in_progress"})

    def action_won(self):
        self.write({"state": "won"})

    def action_lost(self):
        self.write({"state": "lost"})

    def action_reward_due(self):
        """Mark the reward as due; the amount must be set first."""
        if any(referral.state != "won" for referral in self):
            raise UserError(self.env._("Only a won referral earns a reward."))
        self.write({"reward_state": "due"})

    def action_reward_paid(self):
        if any(referral.reward_state != "due" for referral in self):
            raise UserError(self.env._("Only a reward that is due can be paid."))
        self.write({"reward_state": "paid"})

    def action_create_opportunity(self):
        """Create the CRM opportunity of a business referral (CRM installed only)."""
        self.ensure_one()
        if "crm.lead" not in self.env:
            raise UserError(self.env._("Install the CRM app to create opportunities."))
        if self.kind != "business":
            raise UserError(self.env._("Only a business referral becomes an opportunity."))
        lead = self.env["crm.lead"].create(
            {
                "name": self.referred_name,
                "partner_id": self.partner_id.id,
                "type": "opportunity",
                "description": self.description,
            }
        )
        self.write({"opportunity_ref": f"crm.lead,{lead.id}", "state": "in_progress"})
        return {
            "type": "ir.actions.act_window",
            "res_model": "crm.lead",
            "view_mode": "form",
            "res_id": lead.id,
        }
