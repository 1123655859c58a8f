from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from odoo.addons.client_custody.models.custody_guarded_mixin import transition

from .hr_exit import has_substance

# Evidence of a breach is a sentence, not "ok" (what a court will read).
EVIDENCE_MIN_CHARACTERS = 10


class CustodyNoncompeteBreach(models.Model):
    """A breach of a non-compete by the leaver, kept as a record: when, the evidence, the
    liquidated damages claimed (LCL art. 23). Paying them does not end the obligation: the
    employer may still require the non-compete to continue (SPC Interpretation I art. 40)."""

    _name = "custody.noncompete.breach"
    _description = "Non-compete Breach"
    _inherit = ["mail.thread", "custody.guarded.mixin"]
    _order = "date desc, id desc"

    noncompete_id = fields.Many2one(
        "custody.noncompete", string="Non-compete", required=True, index=True, ondelete="cascade"
    )
    employee_id = fields.Many2one(related="noncompete_id.employee_id", store=True)
    company_id = fields.Many2one(related="noncompete_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="noncompete_id.currency_id")
    date = fields.Date(string="Breach on", required=True, help="The day the breach began.")
    evidence = fields.Text(
        required=True,
        help="What proves the breach: the competitor, the role, how it was found (a court asks).",
    )
    evidence_document = fields.Binary(string="Evidence file", attachment=True)
    evidence_filename = fields.Char(string="Evidence file name")
    damages_claimed = fields.Monetary(
        string="Liquidated damages claimed",
        help="At most what the agreement sets (LCL art. 23).",
    )
    continuation_required = fields.Boolean(
        string="Continuation required",
        help="The employer requires the leaver to keep to the non-compete after paying the "
        "liquidated damages (SPC Interpretation I art. 40).",
    )
    user_id = fields.Many2one(
        "res.users", string="Recorded by", default=lambda self: self.env.user, readonly=True
    )

    # A breach record is evidence: written once, by its creation, never edited (issue 22).
    _guarded_fields = (
        "noncompete_id",
        "date",
        "evidence",
        "evidence_document",
        "evidence_filename",
        "damages_claimed",
        "continuation_required",
        "user_id",
    )

    @api.model_create_multi
    def create(self, vals_list):
        default = self.env.context.get("default_noncompete_id")
        today = fields.Date.context_today(self)
        for vals in vals_list:
            noncompete = self.env["custody.noncompete"].browse(vals.get("noncompete_id") or default)
            day = fields.Date.to_date(vals.get("date"))
            if noncompete.state not in ("active", "expired", "released", "ended"):
                raise UserError(
                    self.env._("A breach is recorded on a non-compete that has started.")
                )
            if not day or day > today or not noncompete.date_start or day < noncompete.date_start:
                raise ValidationError(
                    self.env._(
                        "A breach of %(name)s is dated from its start, the day after the "
                        "departure (%(start)s), to today: %(date)s is outside.",
                        name=noncompete.display_name,
                        start=noncompete.date_start,
                        date=day,
                    )
                )
            if not has_substance(vals.get("evidence"), EVIDENCE_MIN_CHARACTERS):
                raise ValidationError(
                    self.env._("Describe the evidence of the breach in a sentence at least.")
                )
            if (vals.get("damages_claimed") or 0) < 0:
                raise ValidationError(self.env._("The damages claimed cannot be negative."))
            vals["user_id"] = self.env.uid
        fnames = {fname for vals in vals_list for fname in vals}
        breaches = super(CustodyNoncompeteBreach, transition(self, *fnames)).create(vals_list)
        breaches = breaches.with_env(self.env)
        for breach in breaches:
            breach.noncompete_id.message_post(
                body=self.env._(
                    "Breach recorded by %(user)s, from %(date)s; liquidated damages claimed: "
                    "%(amount)s; continuation required: %(continuation)s.",
                    user=self.env.user.name,
                    date=breach.date,
                    amount=breach.damages_claimed,
                    continuation=self.env._("yes")
                    if breach.continuation_required
                    else self.env._("no"),
                )
            )
        return breaches

    @api.depends("noncompete_id", "date")
    def _compute_display_name(self):
        for breach in self:
            breach.display_name = self.env._(
                "Breach of %(employee)s on %(date)s",
                employee=breach.employee_id.name or "",
                date=breach.date,
            )

    def action_save(self):
        return {"type": "ir.actions.act_window_close"}
