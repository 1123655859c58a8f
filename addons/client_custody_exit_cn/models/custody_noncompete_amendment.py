from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from .hr_exit import HR_MANAGER, has_substance


class CustodyNoncompeteAmendment(models.Model):
    """A correction of a started non-compete's compensation, kept as a record of its own: the
    agreed terms stay as they were signed, the unpaid months from the effective date change."""

    _name = "custody.noncompete.amendment"
    _description = "Non-compete Compensation Amendment"
    _order = "noncompete_id, id"

    noncompete_id = fields.Many2one(
        "custody.noncompete", string="Non-compete", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(related="noncompete_id.company_id", store=True)
    currency_id = fields.Many2one(related="noncompete_id.currency_id")
    date_effective = fields.Date(
        string="Effective from", required=True, default=fields.Date.context_today
    )
    previous_compensation = fields.Monetary(readonly=True)
    monthly_compensation = fields.Monetary(string="New monthly compensation", required=True)
    reason = fields.Text(required=True)
    user_id = fields.Many2one(
        "res.users", string="Amended by", default=lambda self: self.env.user, readonly=True
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
            vals["previous_compensation"] = noncompete.current_compensation
            vals["user_id"] = self.env.uid
        amendments = super().create(vals_list)
        for amendment in amendments:
            noncompete = amendment.noncompete_id
            noncompete.month_ids.filtered(
                lambda m, a=amendment: m.state == "unpaid" and m.date_from >= a.date_effective
            ).write({"amount": amendment.monthly_compensation})
            noncompete.message_post(
                body=self.env._(
                    "Compensation amended by %(user)s from %(date)s: %(previous)s → %(amount)s a "
                    "month. Reason: %(reason)s",
                    user=self.env.user.name,
                    date=amendment.date_effective,
                    previous=amendment.previous_compensation,
                    amount=amendment.monthly_compensation,
                    reason=amendment.reason,
                )
            )
        return amendments

    def write(self, vals):
        if not self.env.su:
            raise UserError(self.env._("An amendment is history: record a new one to correct it."))
        return super().write(vals)

    def action_save(self):
        return {"type": "ir.actions.act_window_close"}
