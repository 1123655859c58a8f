from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from odoo.addons.client_custody.models.custody_guarded_mixin import transition

from .custody_noncompete import DEFAULT_RATE
from .hr_exit import HR_MANAGER, has_substance

# A written agreement is more than "ok ok" or ".": a sentence (LCL art. 35).
AGREEMENT_MIN_CHARACTERS = 10


class CustodyNoncompeteAmendment(models.Model):
    """A correction of a started non-compete's compensation, kept as a record of its own: the
    agreed terms stay as they were signed, the unpaid months from the effective date change."""

    _name = "custody.noncompete.amendment"
    _description = "Non-compete Compensation Amendment"
    _inherit = ["custody.guarded.mixin"]
    _order = "noncompete_id, id"

    noncompete_id = fields.Many2one(
        "custody.noncompete", string="Non-compete", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(related="noncompete_id.company_id", store=True)
    currency_id = fields.Many2one(related="noncompete_id.currency_id")
    date_effective = fields.Date(
        string="Effective from", required=True, default=fields.Date.context_today
    )
    previous_compensation = fields.Monetary(readonly=True, groups=HR_MANAGER)
    monthly_compensation = fields.Monetary(
        string="New monthly compensation", required=True, groups=HR_MANAGER
    )
    reason = fields.Text(required=True)
    employee_agreement = fields.Text(
        string="Employee's written agreement",
        help="LCL art. 35: a lower compensation changes the agreed terms and needs the "
        "employee's agreement in writing — attach the signed document or quote it here.",
    )
    employee_agreement_document = fields.Binary(
        string="Signed agreement", attachment=True, groups=HR_MANAGER
    )
    employee_agreement_filename = fields.Char(string="Signed agreement file name")
    user_id = fields.Many2one(
        "res.users", string="Amended by", default=lambda self: self.env.user, readonly=True
    )

    # An amendment is history once recorded: no role writes it afterwards (issue 22).
    _guarded_fields = (
        "noncompete_id",
        "date_effective",
        "previous_compensation",
        "monthly_compensation",
        "reason",
        "employee_agreement",
        "employee_agreement_document",
        "employee_agreement_filename",
        "user_id",
    )

    @api.model_create_multi
    def create(self, vals_list):
        if not (self.env.su or self.env.user.has_group(HR_MANAGER)):
            raise UserError(self.env._("Only an HR manager amends a non-compete compensation."))
        default = self.env.context.get("default_noncompete_id")
        noncompetes = self.env["custody.noncompete"].browse(
            [vals.get("noncompete_id") or default for vals in vals_list]
        )
        for vals, noncompete in zip(vals_list, noncompetes, strict=True):
            if noncompete.state != "active":
                raise UserError(
                    self.env._("Only a running non-compete is amended; a draft is edited.")
                )
            if not has_substance(vals.get("reason")):
                raise ValidationError(self.env._("Say why the compensation is amended."))
            if noncompete.currency_id.compare_amounts(vals.get("monthly_compensation", 0), 0) <= 0:
                raise ValidationError(
                    self.env._("The monthly compensation of a non-compete must be positive.")
                )
            self._check_floors(noncompete, vals)
            vals["previous_compensation"] = noncompete.current_compensation
            vals["user_id"] = self.env.uid
        # Validated above: the creation is the amendment's own transition.
        fnames = {fname for vals in vals_list for fname in vals}
        amendments = super(CustodyNoncompeteAmendment, transition(self, *fnames)).create(vals_list)
        amendments = amendments.with_env(self.env)
        for amendment in amendments:
            noncompete = amendment.noncompete_id
            noncompete.month_ids.filtered(
                lambda m, a=amendment: m.state == "unpaid" and m.date_from >= a.date_effective
            )._set_amount(amendment.monthly_compensation)
            # The amounts stay on the amendment (HR managers): HR officers read the chatter.
            noncompete.message_post(
                body=self.env._(
                    "Compensation amended by %(user)s from %(date)s. Reason: %(reason)s",
                    user=self.env.user.name,
                    date=amendment.date_effective,
                    reason=amendment.reason,
                )
            )
        return amendments

    @api.model
    def _check_floors(self, noncompete, vals):
        """Floors checked again (SPC Interpretation I art. 36): never below the local minimum
        wage; a decrease changes the agreed terms and needs the employee's written agreement
        (LCL art. 35) — a signed document, or a quoted agreement of substance."""
        currency = noncompete.currency_id
        amount = vals.get("monthly_compensation", 0)
        if currency.compare_amounts(amount, noncompete.minimum_wage) < 0:
            raise ValidationError(
                self.env._(
                    "The compensation of %(name)s cannot go below the local minimum wage "
                    "(%(floor)s).",
                    name=noncompete.display_name,
                    floor=noncompete.minimum_wage,
                )
            )
        lower = currency.compare_amounts(amount, noncompete.current_compensation) < 0
        if lower and not (
            vals.get("employee_agreement_document")
            or has_substance(vals.get("employee_agreement"), AGREEMENT_MIN_CHARACTERS)
        ):
            raise ValidationError(
                self.env._(
                    "Lowering the compensation of %(name)s changes the agreed terms: attach the "
                    "employee's signed agreement or quote it (Labour Contract Law art. 35).",
                    name=noncompete.display_name,
                )
            )
        rate_floor = currency.round(noncompete.average_wage * DEFAULT_RATE)
        if lower and currency.compare_amounts(amount, rate_floor) < 0:
            if not has_substance(vals.get("reason"), AGREEMENT_MIN_CHARACTERS):
                raise ValidationError(
                    self.env._(
                        "The compensation of %(name)s would be below 30 %% of the average wage "
                        "(%(floor)s): say why, in a sentence.",
                        name=noncompete.display_name,
                        floor=rate_floor,
                    )
                )

    def action_save(self):
        return {"type": "ir.actions.act_window_close"}
