from odoo import api, fields, models
from odoo.exceptions import UserError


class CustodyNoncompeteMonth(models.Model):
    """One month of non-compete compensation owed to the leaver (Labour Contract Law art. 23).

    Generated when the non-compete starts; cancelled when the company releases the leaver before
    the month begins; three more are owed for a release during the term.
    """

    _name = "custody.noncompete.month"
    _description = "Non-compete Compensation Month"
    _order = "noncompete_id, sequence, id"

    noncompete_id = fields.Many2one(
        "custody.noncompete",
        string="Non-compete",
        required=True,
        index=True,
        ondelete="cascade",
        readonly=True,
    )
    employee_id = fields.Many2one(related="noncompete_id.employee_id", store=True)
    company_id = fields.Many2one(related="noncompete_id.company_id", store=True)
    currency_id = fields.Many2one(related="noncompete_id.currency_id")
    sequence = fields.Integer(string="Month", readonly=True)
    date_from = fields.Date(string="From", required=True, readonly=True)
    date_to = fields.Date(string="To", required=True, readonly=True)
    amount = fields.Monetary(required=True, readonly=True)
    state = fields.Selection(
        [("unpaid", "Unpaid"), ("paid", "Paid"), ("cancelled", "Cancelled")],
        default="unpaid",
        required=True,
        index=True,
    )
    kind = fields.Selection(
        [("regular", "Compensation"), ("release", "Owed for the release")],
        default="regular",
        required=True,
        readonly=True,
    )
    delay_cause = fields.Selection(
        [("employer", "Employer's reason"), ("employee", "Employee's reason")],
        string="Unpaid for",
        default="employer",
        required=True,
        help="Three months unpaid for the employer's reason let the employee end the "
        "non-compete (SPC Interpretation I art. 38).",
    )
    paid_date = fields.Date(readonly=True, copy=False)
    is_overdue = fields.Boolean(
        string="Overdue",
        compute="_compute_is_overdue",
        help="The month is over and its compensation is still unpaid. Three months unpaid let "
        "the leaver end the non-compete.",
    )

    @api.depends("state", "date_to")
    def _compute_is_overdue(self):
        today = fields.Date.context_today(self)
        for month in self:
            month.is_overdue = month.state == "unpaid" and month.date_to < today

    @api.depends("noncompete_id", "sequence", "date_from", "date_to")
    def _compute_display_name(self):
        for month in self:
            month.display_name = self.env._(
                "Month %(number)s (%(date_from)s – %(date_to)s)",
                number=month.sequence,
                date_from=month.date_from,
                date_to=month.date_to,
            )

    def action_mark_paid(self):
        """Record the compensation of these months as paid today."""
        if self.filtered(lambda m: m.state != "unpaid"):
            raise UserError(self.env._("Only unpaid months can be marked as paid."))
        today = fields.Date.context_today(self)
        self.write({"state": "paid", "paid_date": today})
        for noncompete, months in self.grouped("noncompete_id").items():
            noncompete.message_post(
                body=self.env._(
                    "Compensation paid for %(months)s: %(amount)s.",
                    months=", ".join(months.mapped("display_name")),
                    amount=sum(months.mapped("amount")),
                )
            )
        return True

    def action_reset_unpaid(self):
        """Correct a payment recorded by mistake."""
        if self.filtered(lambda m: m.state != "paid"):
            raise UserError(self.env._("Only paid months can be reset to unpaid."))
        self.write({"state": "unpaid", "paid_date": False})
        for noncompete, months in self.grouped("noncompete_id").items():
            noncompete.message_post(
                body=self.env._(
                    "Payment cancelled for %(months)s.",
                    months=", ".join(months.mapped("display_name")),
                )
            )
        return True
