from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from odoo.addons.client_custody.models.custody_guarded_mixin import transition

from .hr_employee import NONCOMPETE_CATEGORIES
from .hr_exit import HR_MANAGER, HR_USER, has_substance

# Labour Contract Law art. 24: at most two years after the contract ends.
MAX_MONTHS = 24
# Courts' default when no compensation was agreed: 30 % of the last 12 months' average wage.
DEFAULT_RATE = 0.30
WAGE_BASIS_MONTHS = 12
# SPC Interpretation I art. 39: released during the term, three more months are owed.
RELEASE_EXTRA_MONTHS = 3
# Art. 38: three months unpaid for the employer's reason let the employee end the non-compete.
UNPAID_ALERT_MONTHS = 3
ELIGIBILITY = [*NONCOMPETE_CATEGORIES, ("confidentiality", "Bound to confidentiality")]
# The agreed terms: frozen once the non-compete has started.
TERM_FIELDS = {
    "employee_id",
    "duration_months",
    "average_wage",
    "monthly_compensation",
    "compensation_reason",
    "scope",
    "minimum_wage",
    "liquidated_damages",
}


class CustodyNoncompete(models.Model):
    """A non-compete (竞业限制) of a leaver: who, why eligible, how long, what it costs.

    draft → active (from the day after the last working day: the monthly compensation schedule
    is generated) → expired at its end, or released early by the company. Its terms are frozen
    once started; a correction is an amendment, a record of its own.
    """

    _name = "custody.noncompete"
    _description = "Non-compete Agreement"
    _inherit = ["mail.thread", "mail.activity.mixin", "custody.guarded.mixin"]
    _order = "date_start desc, id desc"

    employee_id = fields.Many2one(
        "hr.employee",
        required=True,
        index=True,
        tracking=True,
        ondelete="restrict",
        context={"active_test": False},
    )
    company_id = fields.Many2one(
        related="employee_id.company_id", store=True, index=True, precompute=True
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    eligibility_basis = fields.Selection(
        ELIGIBILITY,
        compute="_compute_eligibility_basis",
        store=True,
        tracking=True,
        help="Why the employee may be bound (Labour Contract Law art. 24), recorded when the "
        "agreement is registered.",
    )
    scope = fields.Text(
        string="Restricted activities",
        help="The businesses, products and territory the leaver agreed to stay out of.",
    )
    date_start = fields.Date(
        string="Start Date",
        compute="_compute_date_start",
        store=True,
        tracking=True,
        help="The non-compete starts the day after the last working day.",
    )
    duration_months = fields.Integer(
        string="Duration (months)",
        required=True,
        default=12,
        tracking=True,
        help="At most 24 months (Labour Contract Law art. 24).",
    )
    date_end = fields.Date(string="End Date", compute="_compute_date_end", store=True)
    user_id = fields.Many2one(
        "res.users",
        string="HR responsible",
        default=lambda self: self.env.user,
        help="Receives the alert when compensation stays unpaid.",
    )
    average_wage = fields.Monetary(
        string="Average monthly wage",
        tracking=True,
        groups=HR_MANAGER,
        help="The employee's average monthly pay over the 12 months before departure, "
        "commissions and bonuses included.",
    )
    minimum_wage = fields.Monetary(
        string="Local minimum wage",
        default=lambda self: self.env.company.exit_local_minimum_wage,
        help="The floor of the monthly compensation, as it stood when the agreement was made.",
    )
    wage_basis_date_from = fields.Date(
        string="Wage basis from", compute="_compute_wage_basis", store=True
    )
    wage_basis_date_to = fields.Date(
        string="Wage basis to", compute="_compute_wage_basis", store=True
    )
    wage_basis_note = fields.Text(
        string="Wage evidence", help="Where the average comes from: payslips, tax records…"
    )
    monthly_compensation = fields.Monetary(
        compute="_compute_monthly_compensation",
        store=True,
        readonly=False,
        tracking=True,
        groups=HR_MANAGER,
        help="Paid every month of the non-compete. Defaults to 30 % of the average monthly wage, "
        "the courts' default, and never below the local minimum wage; a lower amount needs an "
        "HR manager's reason.",
    )
    current_compensation = fields.Monetary(
        string="Monthly compensation now",
        compute="_compute_current_compensation",
        compute_sudo=True,
        groups=HR_MANAGER,
        help="The agreed amount, or the last amendment's.",
    )
    compensation_ratio = fields.Float(
        string="Share of the average wage (%)",
        compute="_compute_compensation_ratio",
        groups=HR_MANAGER,
    )
    compensation_reason = fields.Text(
        string="Reason for a lower compensation",
        tracking=True,
        help="Required, from an HR manager, when the compensation is below 30 % of the average "
        "monthly wage or below the local minimum wage.",
    )
    compensation_reason_user_id = fields.Many2one(
        "res.users", string="Reason given by", readonly=True, copy=False
    )
    liquidated_damages = fields.Monetary(
        string="Liquidated damages",
        tracking=True,
        groups=HR_USER,
        help="Agreed for a breach (Labour Contract Law art. 23). Paying them does not end the "
        "non-compete (SPC Interpretation I art. 40).",
    )
    # Custody managers read the register (who is bound, where, until when), not its internals:
    # amendments, breaches and the months' payments are HR's (issue 27, item 8).
    amendment_ids = fields.One2many(
        "custody.noncompete.amendment",
        "noncompete_id",
        string="Amendments",
        readonly=True,
        groups=HR_USER,
    )
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("active", "Active"),
            ("released", "Released"),
            ("ended", "Ended by the employee"),
            ("expired", "Expired"),
        ],
        default="draft",
        required=True,
        tracking=True,
        index=True,
        copy=False,
    )
    release_date = fields.Date(readonly=True, copy=False, tracking=True)
    release_reason = fields.Text(readonly=True, copy=False)
    released_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    ended_date = fields.Date(
        string="Ended by the employee on",
        readonly=True,
        copy=False,
        tracking=True,
        help="SPC Interpretation I art. 38: three months unpaid for the employer's reason let the "
        "employee end the non-compete.",
    )
    ended_evidence = fields.Text(
        string="Employee's notice", readonly=True, copy=False, help="How the employee ended it."
    )
    breach_ids = fields.One2many(
        "custody.noncompete.breach",
        "noncompete_id",
        string="Breaches",
        readonly=True,
        groups=HR_USER,
    )
    month_ids = fields.One2many(
        "custody.noncompete.month",
        "noncompete_id",
        string="Compensation months",
        readonly=True,
        groups=HR_USER,
    )
    # The amounts reveal the wage (30 % of it): HR managers only (issue 27, item 7).
    amount_paid = fields.Monetary(compute="_compute_amounts", compute_sudo=True, groups=HR_MANAGER)
    amount_unpaid = fields.Monetary(
        compute="_compute_amounts", compute_sudo=True, string="Amount unpaid", groups=HR_MANAGER
    )
    month_overdue_count = fields.Integer(
        compute="_compute_amounts", compute_sudo=True, string="Months overdue"
    )
    release_extra_amount = fields.Monetary(
        string="Owed for the release",
        compute="_compute_amounts",
        compute_sudo=True,
        groups=HR_MANAGER,
        help="Three more months of compensation, owed when the company releases the leaver "
        "during the term (SPC Interpretation I art. 39).",
    )
    employee_may_end = fields.Boolean(
        string="Employee may end it",
        compute="_compute_amounts",
        compute_sudo=True,
        help="Three months of compensation unpaid for the employer's reason: the employee may "
        "end the non-compete (SPC Interpretation I art. 38).",
    )

    # Issue 22: the state and what each transition records are written only by the transitions
    # (_set_state); the amounts of a started non-compete only by an amendment.
    _guarded_fields = (
        "state",
        "release_date",
        "release_reason",
        "released_by_id",
        "ended_date",
        "ended_evidence",
    )
    TRANSITIONS = {
        "draft": ("active", "released"),
        "active": ("released", "ended", "expired"),
    }

    _one_running_per_employee = models.UniqueIndex(
        "(employee_id) WHERE state IN ('draft', 'active')",
        lambda env, diag=None: env._("An employee has at most one draft or active non-compete."),
    )

    @api.depends("employee_id")
    def _compute_eligibility_basis(self):
        # Only the employee triggers it: the register keeps the basis of the day it was made.
        for noncompete in self:
            employee = noncompete.employee_id
            noncompete.eligibility_basis = employee and employee._exit_noncompete_basis()

    @api.depends(
        "employee_id",
        "employee_id.departure_date",
        "employee_id.exit_ids.last_working_day",
        "employee_id.exit_ids.departure_date",
    )
    def _compute_date_start(self):
        for noncompete in self:
            if noncompete.state != "draft" and noncompete.date_start:
                noncompete.date_start = noncompete.date_start
                continue
            employee = noncompete.employee_id.sudo()
            current = employee.exit_current_id
            last_day = employee.departure_date or current.departure_date or current.last_working_day
            noncompete.date_start = last_day and last_day + timedelta(days=1)

    @api.depends("date_start", "duration_months")
    def _compute_date_end(self):
        for noncompete in self:
            start, months = noncompete.date_start, noncompete.duration_months
            noncompete.date_end = (
                start and months > 0 and start + relativedelta(months=months, days=-1)
            )

    @api.depends("date_start")
    def _compute_wage_basis(self):
        for noncompete in self:
            start = noncompete.date_start
            noncompete.wage_basis_date_from = start and start - relativedelta(
                months=WAGE_BASIS_MONTHS
            )
            noncompete.wage_basis_date_to = start and start - relativedelta(days=1)

    @api.depends("average_wage", "minimum_wage")
    def _compute_monthly_compensation(self):
        for noncompete in self:
            if noncompete.state == "draft":
                noncompete.monthly_compensation = noncompete._default_compensation()
            else:
                noncompete.monthly_compensation = noncompete.monthly_compensation

    @api.depends("average_wage", "monthly_compensation")
    def _compute_compensation_ratio(self):
        for noncompete in self:
            wage = noncompete.average_wage
            noncompete.compensation_ratio = (
                noncompete.monthly_compensation / wage * 100 if wage > 0 else 0.0
            )

    @api.depends("monthly_compensation", "amendment_ids.monthly_compensation")
    def _compute_current_compensation(self):
        for noncompete in self:
            last = noncompete.amendment_ids.sorted("id")[-1:]
            noncompete.current_compensation = (
                last.monthly_compensation if last else noncompete.monthly_compensation
            )

    @api.depends(
        "month_ids.state", "month_ids.amount", "month_ids.date_to", "month_ids.delay_cause"
    )
    def _compute_amounts(self):
        today = fields.Date.context_today(self)
        for noncompete in self:
            months = noncompete.month_ids
            paid = months.filtered(lambda m: m.state == "paid")
            unpaid = months.filtered(lambda m: m.state == "unpaid")
            overdue = unpaid.filtered(lambda m: m.date_to < today)
            noncompete.amount_paid = sum(paid.mapped("amount"))
            noncompete.amount_unpaid = sum(unpaid.mapped("amount"))
            noncompete.month_overdue_count = len(overdue)
            noncompete.release_extra_amount = sum(
                months.filtered(lambda m: m.kind == "release").mapped("amount")
            )
            noncompete.employee_may_end = noncompete.state == "active" and (
                len(overdue.filtered(lambda m: m.delay_cause == "employer")) >= UNPAID_ALERT_MONTHS
            )

    @api.depends("employee_id", "date_start")
    def _compute_display_name(self):
        for noncompete in self:
            noncompete.display_name = self.env._(
                "Non-compete of %(employee)s", employee=noncompete.employee_id.name or ""
            )

    @api.constrains("employee_id", "eligibility_basis")
    def _check_eligibility(self):
        for noncompete in self:
            if not noncompete.eligibility_basis:
                raise ValidationError(
                    self.env._(
                        "%(employee)s cannot be bound by a non-compete: only senior management, "
                        "senior technical staff and staff bound to confidentiality can be "
                        "(Labour Contract Law art. 24). Set the employee's non-compete category "
                        "or record the signed confidentiality agreement first.",
                        employee=noncompete.employee_id.name,
                    )
                )

    @api.constrains("duration_months")
    def _check_duration(self):
        for noncompete in self:
            if noncompete.duration_months < 1:
                raise ValidationError(self.env._("A non-compete lasts at least one month."))
            if noncompete.duration_months > MAX_MONTHS:
                raise ValidationError(
                    self.env._(
                        "A non-compete lasts at most %(max)s months (Labour Contract Law art. "
                        "24); %(months)s months were given for %(employee)s.",
                        max=MAX_MONTHS,
                        months=noncompete.duration_months,
                        employee=noncompete.employee_id.name,
                    )
                )

    @api.constrains("employee_id", "average_wage", "monthly_compensation", "compensation_reason")
    def _check_compensation(self):
        for noncompete in self:
            currency = noncompete.currency_id
            if currency.compare_amounts(noncompete.average_wage, 0) <= 0:
                raise ValidationError(
                    self.env._(
                        "Record the average monthly wage of %(employee)s over the 12 months "
                        "before departure; it must be positive.",
                        employee=noncompete.employee_id.name,
                    )
                )
            if currency.compare_amounts(noncompete.monthly_compensation, 0) <= 0:
                raise ValidationError(
                    self.env._("The monthly compensation of a non-compete must be positive.")
                )
            rate_floor = currency.round(noncompete.average_wage * DEFAULT_RATE)
            amount = noncompete.monthly_compensation
            below_rate = currency.compare_amounts(amount, rate_floor) < 0
            below_floor = currency.compare_amounts(amount, noncompete.minimum_wage) < 0
            if not (below_rate or below_floor):
                continue
            reason_user = noncompete.compensation_reason_user_id
            if not has_substance(noncompete.compensation_reason) or not (
                reason_user and reason_user.has_group(HR_MANAGER)
            ):
                raise ValidationError(
                    self.env._(
                        "The monthly compensation of %(employee)s (%(amount)s) is below 30 %% "
                        "of the average monthly wage or below the local minimum wage "
                        "(%(floor)s): an HR manager must give the reason for the lower amount.",
                        employee=noncompete.employee_id.name,
                        amount=amount,
                        floor=max(rate_floor, noncompete.minimum_wage),
                    )
                )

    @api.constrains("minimum_wage", "liquidated_damages")
    def _check_non_negative(self):
        for noncompete in self:
            if noncompete.minimum_wage < 0 or noncompete.liquidated_damages < 0:
                raise ValidationError(
                    self.env._("The minimum wage and the liquidated damages cannot be negative.")
                )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._stamp_reason(vals)
        return super().create(vals_list)

    def write(self, vals):
        changed_terms = TERM_FIELDS & set(vals)
        if changed_terms and any(noncompete.state != "draft" for noncompete in self):
            raise UserError(
                self.env._(
                    "The terms of a started non-compete cannot change; release it and register "
                    "a new one if the agreement changed, or record an amendment of the "
                    "compensation."
                )
            )
        self._stamp_reason(vals)
        return super().write(vals)

    @api.model
    def _stamp_reason(self, vals):
        """Only an HR manager justifies a compensation below the rate or the floor."""
        if "compensation_reason" not in vals:
            return
        if vals["compensation_reason"] and not (self.env.su or self.env.user.has_group(HR_MANAGER)):
            raise UserError(
                self.env._("Only an HR manager can justify a lower non-compete compensation.")
            )
        vals["compensation_reason_user_id"] = vals["compensation_reason"] and self.env.uid

    @api.ondelete(at_uninstall=False)
    def _unlink_only_draft(self):
        if any(noncompete.state != "draft" for noncompete in self):
            raise UserError(
                self.env._("Only a draft non-compete can be deleted; a started one is released.")
            )

    def action_start(self):
        """Start the non-compete at departure and plan its monthly compensation."""
        for noncompete in self:
            if noncompete.state != "draft":
                raise UserError(
                    self.env._(
                        "Only a draft non-compete can start (%(name)s).",
                        name=noncompete.display_name,
                    )
                )
            if not noncompete.date_start:
                raise UserError(
                    self.env._(
                        "Register the departure of %(employee)s first: the non-compete starts on "
                        "the departure date.",
                        employee=noncompete.employee_id.name,
                    )
                )
        self.env["custody.noncompete.month"]._create_schedule(
            [
                {
                    "noncompete_id": noncompete.id,
                    "sequence": index + 1,
                    "date_from": noncompete.date_start + relativedelta(months=index),
                    "date_to": noncompete.date_start + relativedelta(months=index + 1, days=-1),
                    "amount": noncompete.sudo().monthly_compensation,
                }
                for noncompete in self
                for index in range(noncompete.duration_months)
            ]
        )
        self._set_state("active")
        # No amount in the chatter: HR officers read it, and the amount reveals the wage (30 %
        # of it: item 7 of issue 27); the months hold it for HR managers.
        for noncompete in self.sudo():
            noncompete.message_post(
                body=self.env._(
                    "Non-compete started: %(months)s months from %(start)s to %(end)s.",
                    months=noncompete.duration_months,
                    start=noncompete.date_start,
                    end=noncompete.date_end,
                )
            )
        return True

    @api.model
    def _start_on_departure(self, employees):
        """The departed employees' draft non-competes start (the day after the last working
        day), whichever path registered the departure. Idempotent: drafts only."""
        drafts = self.sudo().search([("employee_id", "in", employees.ids), ("state", "=", "draft")])
        drafts.filtered("date_start").action_start()
        return drafts

    def action_open_release_wizard(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Release the non-compete"),
            "res_model": "custody.noncompete.release.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_noncompete_id": self.id},
        }

    def action_compute_average_wage(self):
        """Fill the average monthly wage from the wage months of the 12 months before the
        non-compete (contract wages filled in where a month is missing; commissions and bonuses
        entered per month). HR managers only: an HR officer does not read others' wages."""
        if not self.env.user.has_group(HR_MANAGER):
            raise UserError(self.env._("Only an HR manager reads wages."))
        Wage = self.env["hr.exit.wage"]
        for noncompete in self:
            if noncompete.state != "draft":
                raise UserError(
                    self.env._("The wage of a started non-compete cannot be recomputed.")
                )
            if not noncompete.date_start:
                raise UserError(
                    self.env._(
                        "Register the departure of %(employee)s first: the average covers the "
                        "12 months before it.",
                        employee=noncompete.employee_id.name,
                    )
                )
            Wage._fill_from_contracts(noncompete.employee_id, noncompete.date_start)
            average, _last = Wage._average(noncompete.employee_id, noncompete.date_start)
            noncompete.average_wage = average
        return True

    def action_open_amendment(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Amend the compensation"),
            "res_model": "custody.noncompete.amendment",
            "view_mode": "form",
            "target": "new",
            "context": {
                "default_noncompete_id": self.id,
                "default_monthly_compensation": self.current_compensation,
            },
        }

    def _release(self, release_date, reason):
        """The company releases the leaver: unpaid months after the release are cancelled."""
        for noncompete in self:
            if noncompete.state not in ("draft", "active"):
                raise UserError(
                    self.env._(
                        "%(name)s is already released or expired.", name=noncompete.display_name
                    )
                )
            if not (reason or "").strip():
                raise UserError(self.env._("Say why the company releases the non-compete."))
        self.month_ids.filtered(
            lambda m: m.state == "unpaid" and m.date_from > release_date
        )._set_state("cancelled")
        during_term = self.sudo().filtered(lambda n: n.state == "active")
        extra = [
            {
                "noncompete_id": noncompete.id,
                "kind": "release",
                "sequence": len(noncompete.month_ids) + index + 1,
                "date_from": release_date + relativedelta(months=index),
                "date_to": release_date + relativedelta(months=index + 1, days=-1),
                "amount": noncompete.current_compensation,
            }
            for noncompete in during_term
            for index in range(RELEASE_EXTRA_MONTHS)
        ]
        self.env["custody.noncompete.month"]._create_schedule(extra)
        self._set_state(
            "released",
            {
                "release_date": release_date,
                "release_reason": reason,
                "released_by_id": self.env.uid,
            },
        )
        for noncompete in self:
            noncompete.message_post(
                body=self.env._(
                    "Released by the company on %(date)s by %(user)s: %(reason)s",
                    date=release_date,
                    user=self.env.user.name,
                    reason=reason,
                )
            )

    def _set_state(self, target, values=None):
        """The one writer of the non-compete's state: refuses a move its table does not allow."""
        labels = dict(self._fields["state"]._description_selection(self.env))
        for noncompete in self:
            if target not in self.TRANSITIONS.get(noncompete.state, ()):
                raise UserError(
                    self.env._(
                        "%(name)s cannot go from %(from)s to %(to)s.",
                        name=noncompete.display_name,
                        **{"from": labels[noncompete.state], "to": labels[target]},
                    )
                )
        values = {"state": target, **(values or {})}
        transition(self, *values).write(values)

    def _end_by_employee(self, end_date, evidence):
        """The employee ends the non-compete after three months unpaid for the employer's
        reason (SPC Interpretation I art. 38): the months after the end are cancelled (those
        already overdue stay owed), the conflict check stops."""
        today = fields.Date.context_today(self)
        for noncompete in self:
            if noncompete.state != "active" or not noncompete.employee_may_end:
                raise UserError(
                    self.env._(
                        "%(name)s can be ended by the employee only once three months of "
                        "compensation are unpaid for the employer's reason (SPC Interpretation I "
                        "art. 38).",
                        name=noncompete.display_name,
                    )
                )
            if not end_date or end_date > today or end_date < noncompete.date_start:
                raise ValidationError(
                    self.env._(
                        "The employee ended %(name)s on a day between its start (%(start)s) and "
                        "today.",
                        name=noncompete.display_name,
                        start=noncompete.date_start,
                    )
                )
            if not has_substance(evidence, 10):
                raise ValidationError(
                    self.env._(
                        "Record the employee's notice ending the non-compete: how and when it "
                        "was received."
                    )
                )
        self.month_ids.filtered(
            lambda m: m.state == "unpaid" and m.date_from > end_date
        )._set_state("cancelled")
        self._set_state("ended", {"ended_date": end_date, "ended_evidence": evidence})
        for noncompete in self:
            noncompete.message_post(
                body=self.env._(
                    "Ended by the employee on %(date)s after three months unpaid for the "
                    "employer's reason (SPC Interpretation I art. 38): %(evidence)s",
                    date=end_date,
                    evidence=evidence,
                )
            )

    def action_open_end_wizard(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Ended by the employee"),
            "res_model": "custody.noncompete.end.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_noncompete_id": self.id},
        }

    def action_open_breach(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Record a breach"),
            "res_model": "custody.noncompete.breach",
            "view_mode": "form",
            "target": "new",
            "context": {"default_noncompete_id": self.id},
        }

    def _default_compensation(self):
        """30 % of the average monthly wage, never below the local minimum wage."""
        self.ensure_one()
        return max(self.currency_id.round(self.average_wage * DEFAULT_RATE), self.minimum_wage)

    @api.model
    def _cron_expire(self):
        """Active non-competes whose end has passed become expired."""
        today = fields.Date.context_today(self)
        expired = self.search([("state", "=", "active"), ("date_end", "<", today)])
        expired._set_state("expired")
        return expired

    @api.model
    def _cron_unpaid_alert(self):
        """Three months unpaid for the employer's reason: HR is told the employee may end it."""
        summary = self.env._("Non-compete compensation unpaid for three months")
        noncompetes = self.sudo().search([("state", "=", "active")]).filtered("employee_may_end")
        for noncompete in noncompetes:
            if noncompete.activity_ids.filtered(lambda a: a.summary == summary):
                continue
            noncompete.activity_schedule(
                "mail.mail_activity_data_todo",
                summary=summary,
                note=self.env._(
                    "%(months)s months of compensation are overdue for the employer's reason: "
                    "%(employee)s may end the non-compete (SPC Interpretation I art. 38). Pay "
                    "now.",
                    months=noncompete.month_overdue_count,
                    employee=noncompete.employee_id.name,
                ),
                user_id=(noncompete.user_id or self.env.user).id,
            )
            noncompete.message_post(
                body=self.env._(
                    "Alert: three months of compensation unpaid for the employer's reason; the "
                    "employee may end the non-compete."
                )
            )
        return noncompetes
