from odoo import api, fields, models
from odoo.exceptions import UserError

from odoo.addons.client_custody.models.custody_guarded_mixin import transition

from .hr_exit import HR_MANAGER


class CustodyNoncompeteMonth(models.Model):
    """One month of non-compete compensation owed to the leaver (Labour Contract Law art. 23).

    Generated when the non-compete starts; cancelled when the company releases the leaver before
    the month begins; three more are owed for a release during the term.
    """

    _name = "custody.noncompete.month"
    _description = "Non-compete Compensation Month"
    _inherit = ["custody.guarded.mixin"]
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
    # Reveals the wage (30 % of it): HR managers only (issue 27, item 7).
    amount = fields.Monetary(required=True, readonly=True, groups=HR_MANAGER)
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

    # Issue 22: the schedule is created by the non-compete's transitions, its amounts changed
    # only by an amendment, its state only by _set_state.
    _guarded_fields = (
        "noncompete_id",
        "sequence",
        "date_from",
        "date_to",
        "amount",
        "state",
        "kind",
        "paid_date",
    )
    TRANSITIONS = {"unpaid": ("paid", "cancelled"), "paid": ("unpaid",)}

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
        self._set_state("paid", {"paid_date": today})
        for noncompete, months in self.grouped("noncompete_id").items():
            noncompete.message_post(
                body=self.env._(
                    "Compensation paid for %(months)s.",
                    months=", ".join(months.mapped("display_name")),
                )
            )
        return True

    def action_reset_unpaid(self):
        """Correct a payment recorded by mistake."""
        if self.filtered(lambda m: m.state != "paid"):
            raise UserError(self.env._("Only paid months can be reset to unpaid."))
        self._set_state("unpaid", {"paid_date": False})
        for noncompete, months in self.grouped("noncompete_id").items():
            noncompete.message_post(
                body=self.env._(
                    "Payment cancelled for %(months)s.",
                    months=", ".join(months.mapped("display_name")),
                )
            )
        return True

    def _set_state(self, target, values=None):
        """The one writer of a month's state (paid, reset, cancelled by a release or an end)."""
        if self.filtered(lambda m: target not in self.TRANSITIONS.get(m.state, ())):
            raise UserError(
                self.env._("These compensation months cannot become %(state)s.", state=target)
            )
        values = {"state": target, **(values or {})}
        transition(self, *values).write(values)

    @api.model
    def _create_schedule(self, vals_list):
        """The months of a started or released non-compete: created by its transitions only."""
        fnames = {fname for vals in vals_list for fname in vals}
        return transition(self.sudo(), *fnames).create(vals_list)

    def _set_amount(self, amount):
        """An amendment's new amount on the unpaid months it covers."""
        transition(self.sudo(), "amount").write({"amount": amount})
