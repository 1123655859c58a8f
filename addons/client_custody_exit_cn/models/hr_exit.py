import math
import re
from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL
from odoo.tools.sql import column_exists

from odoo.addons.client_custody_handover.states import RUNNING_STATES as HANDOVER_RUNNING_STATES

HR_USER = "hr.group_hr_user"
HR_MANAGER = "hr.group_hr_manager"
CUSTODY_MANAGER = "client_custody.group_custody_manager"
EXIT_READERS = "hr.group_hr_user,client_custody.group_custody_manager"


# Labour Contract Law art. 37: 30 days' written notice, 3 days during probation.
NOTICE_DAYS = 30
PROBATION_NOTICE_DAYS = 3
# Art. 50: the personnel file and social insurance are transferred within 15 days.
FILE_TRANSFER_DAYS = 15
# Art. 47: above three times the local average monthly wage, the base is capped at that and the
# years at twelve.
SEVERANCE_WAGE_CAP_FACTOR = 3
SEVERANCE_YEAR_CAP = 12
RUNNING_EXIT_STATES = ("draft", "notice")

TERMINATION_KINDS = [
    ("resignation", "Employee resignation (art. 37)"),
    ("probation_resignation", "Resignation in probation (art. 37)"),
    ("mutual_employer", "Mutual agreement proposed by the employer (art. 36)"),
    ("mutual_employee", "Mutual agreement proposed by the employee (art. 36)"),
    ("employer_fault", "Employee terminates for the employer's fault (art. 38)"),
    ("misconduct", "Dismissal for the employee's fault (art. 39)"),
    ("incapacity_notice", "Termination with 30 days' notice (art. 40)"),
    ("incapacity_pay", "Termination with a month's wage instead of notice (art. 40)"),
    ("redundancy", "Economic redundancy (art. 41)"),
    ("fixed_term_expiry", "Fixed term expired (art. 44)"),
    ("unlawful", "Unlawful termination (art. 87)"),
]
# Art. 46: the kinds that owe economic compensation (art. 44 unless the employee refused to
# renew on equal or better terms).
SEVERANCE_KINDS = {
    "mutual_employer",
    "employer_fault",
    "incapacity_notice",
    "incapacity_pay",
    "redundancy",
    "fixed_term_expiry",
    "unlawful",
}
SEVERANCE_FORMULAS = [
    ("n", "N: one month per year of service (art. 47)"),
    ("n_plus_1", "N+1: one more month's wage instead of notice (art. 40)"),
    ("double", "2N: unlawful termination (art. 87)"),
]
DEFAULT_FORMULA = {"incapacity_pay": "n_plus_1", "unlawful": "double"}


def has_substance(text, minimum=3):
    """A reason is more than blanks and punctuation: a few letters, digits or characters."""
    return len(re.findall(r"\w", text or "")) >= minimum


def art47_months(date_start, date_end):
    """Months of economic compensation for the service from ``date_start`` to ``date_end``
    (both included): one per full year; a remainder of six months or more counts as a full
    year, a remainder under six months as half a month (Labour Contract Law art. 47)."""
    if not date_start or not date_end or date_end < date_start:
        return 0.0
    service = relativedelta(date_end + timedelta(days=1), date_start)
    months = float(service.years)
    if service.months >= 6:
        months += 1
    elif service.months or service.days:
        months += 0.5
    return months


class HrExit(models.Model):
    """One departure under Chinese labour law: notice, handover during the notice period,
    departure, termination certificate, file transfer and economic compensation.

    draft → notice (the notice period runs, the handover is prepared) → departed → closed;
    cancelled when the employee withdraws the notice with the company's agreement.
    """

    _name = "hr.exit"
    _description = "Employee Exit"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "notice_date desc, id desc"

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
    job_title = fields.Char(related="employee_id.job_title")
    department_id = fields.Many2one(related="employee_id.department_id")
    user_id = fields.Many2one(
        "res.users",
        string="HR responsible",
        default=lambda self: self.env.user,
        tracking=True,
        help="Receives the exit interview, the file transfer and the severance activities.",
    )
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("notice", "Notice period"),
            ("departed", "Departed"),
            ("closed", "Closed"),
            ("cancel", "Cancelled"),
        ],
        default="draft",
        required=True,
        tracking=True,
        index=True,
        copy=False,
    )
    notice_date = fields.Date(
        string="Notice received on",
        tracking=True,
        help="The day the written notice of resignation (or of termination) was received.",
    )
    notice_skipped = fields.Boolean(
        readonly=True,
        copy=False,
        help="The employee was archived without a notice being recorded first.",
    )
    termination_kind = fields.Selection(TERMINATION_KINDS, tracking=True)
    refused_equal_terms = fields.Boolean(
        string="Employee refused renewal on equal terms",
        tracking=True,
        help="Art. 46(5): at the expiry of a fixed term, no compensation is due when the "
        "employee refused to renew on terms equal to or better than the current ones.",
    )
    in_probation = fields.Boolean(
        string="In probation",
        compute="_compute_notice",
        store=True,
        help="The notice date falls within the trial period of the contract then in force.",
    )
    notice_days = fields.Integer(
        string="Notice required (days)",
        compute="_compute_notice",
        store=True,
        help="The notice the law requires for this kind of termination.",
    )
    last_working_day = fields.Date(
        compute="_compute_last_working_day",
        store=True,
        readonly=False,
        tracking=True,
        help="Notice date plus the notice the law requires; a mutual agreement may set another "
        "day.",
    )
    departure_date = fields.Date(readonly=True, copy=False, tracking=True)
    handover_id = fields.Many2one(
        "custody.handover",
        string="Departure handover",
        readonly=True,
        copy=False,
        index="btree_not_null",
        ondelete="set null",
    )
    handover_state = fields.Selection(related="handover_id.state", string="Handover status")
    introduction_count = fields.Integer(
        string="Introductions to make", compute="_compute_introductions"
    )
    introduction_done_count = fields.Integer(
        string="Introductions made", compute="_compute_introductions"
    )
    outstanding_note = fields.Text(string="Outstanding", compute="_compute_outstanding_note")
    # Art. 50: the file and social insurance within 15 days of the departure.
    file_transfer_due = fields.Date(string="File transfer due", readonly=True, copy=False)
    file_transfer_date = fields.Date(
        string="File transferred on", readonly=True, copy=False, tracking=True
    )
    service_date_start = fields.Date(
        string="Service since",
        compute="_compute_service_date_start",
        store=True,
        readonly=False,
        help="Start of the continuous service counted for the economic compensation.",
    )
    severance_due = fields.Boolean(
        compute="_compute_severance_due",
        store=True,
        help="Economic compensation is owed for this kind of termination (art. 46).",
    )
    severance_formula = fields.Selection(
        SEVERANCE_FORMULAS,
        string="Compensation formula",
        compute="_compute_severance_formula",
        store=True,
        readonly=False,
        tracking=True,
    )
    severance_formula_reason = fields.Text(
        string="Reason for the formula",
        tracking=True,
        help="Why N+1 or 2N applies: which notice was not given, which termination was unlawful.",
    )
    severance_wage_average = fields.Monetary(
        string="Average monthly wage (12 months)",
        groups=HR_MANAGER,
        tracking=True,
        help="All pay of the 12 months before the departure, bonuses and commissions included, "
        "divided by the months worked (at most 12).",
    )
    last_month_wage = fields.Monetary(
        string="Last month's wage",
        groups=HR_MANAGER,
        help="Paid on top with the N+1 formula (art. 40, Implementing Regulations art. 20).",
    )
    severance_wage_capped = fields.Boolean(
        string="Capped at three times the local average",
        compute="_compute_severance",
        store=True,
        groups=HR_MANAGER,
    )
    severance_months = fields.Float(
        string="Months of compensation",
        compute="_compute_severance",
        store=True,
        digits=(16, 1),
        help="Art. 47: one month per full year of service; a remainder of six months or more "
        "counts as a year, a shorter one as half a month; at most 12 years when the wage is "
        "capped.",
    )
    severance_base = fields.Monetary(
        string="Monthly base",
        compute="_compute_severance",
        store=True,
        groups=HR_MANAGER,
    )
    severance_amount = fields.Monetary(
        string="Economic compensation",
        compute="_compute_severance",
        store=True,
        groups=HR_MANAGER,
    )
    severance_state = fields.Selection(
        [
            ("not_due", "Not due"),
            ("on_hold", "On hold"),
            ("payable", "Payable"),
            ("paid", "Paid"),
        ],
        string="Compensation status",
        compute="_compute_severance_state",
        store=True,
        index=True,
        help="On hold until the departure is registered and the departure handover is complete "
        "(art. 50), then payable.",
    )
    severance_paid_date = fields.Date(string="Compensation paid on", readonly=True, copy=False)
    severance_paid_by_id = fields.Many2one(
        "res.users", string="Compensation paid by", readonly=True, copy=False
    )

    _one_running_exit = models.UniqueIndex(
        "(employee_id) WHERE state IN ('draft', 'notice')",
        lambda env, diag=None: env._("An employee has at most one exit in progress."),
    )

    @api.depends("notice_date", "termination_kind", "employee_id")
    def _compute_notice(self):
        for record in self:
            notice, kind = record.notice_date, record.termination_kind
            in_probation = False
            if notice:
                # The trial period is HR-manager data; only whether it covers the notice matters.
                employee = record.employee_id.sudo()
                version = employee.version_ids and employee._get_version(notice)
                in_probation = bool(
                    version and version.trial_date_end and notice <= version.trial_date_end
                )
            record.in_probation = in_probation
            if kind == "resignation":
                record.notice_days = PROBATION_NOTICE_DAYS if in_probation else NOTICE_DAYS
            elif kind == "probation_resignation":
                record.notice_days = PROBATION_NOTICE_DAYS
            elif kind == "incapacity_notice":
                record.notice_days = NOTICE_DAYS
            else:
                record.notice_days = 0

    @api.depends("notice_date", "notice_days")
    def _compute_last_working_day(self):
        for record in self:
            if record.notice_date:
                record.last_working_day = record.notice_date + timedelta(days=record.notice_days)
            else:
                record.last_working_day = record.last_working_day

    def _compute_introductions(self):
        lines = self.env["custody.handover.line"].sudo()
        counts = {
            (handover.id, state): count
            for handover, state, count in lines._read_group(
                [
                    ("handover_id", "in", self.handover_id.ids),
                    ("introduction_state", "!=", False),
                ],
                ["handover_id", "introduction_state"],
                ["__count"],
            )
        }
        for record in self:
            hid = record.handover_id.id
            done = counts.get((hid, "done"), 0)
            record.introduction_done_count = done
            record.introduction_count = done + counts.get((hid, "planned"), 0)

    def _compute_outstanding_note(self):
        for record in self:
            blockers = []
            if record.state in ("notice", "departed") and record.employee_id:
                blockers = record.employee_id._get_exit_blockers()
            record.outstanding_note = "\n".join(f"- {message}" for message, _ in blockers) or False

    @api.depends("employee_id")
    def _compute_service_date_start(self):
        for record in self:
            if record.service_date_start:
                record.service_date_start = record.service_date_start
                continue
            versions = record.employee_id.sudo().version_ids.filtered("contract_date_start")
            starts = versions.mapped("contract_date_start")
            record.service_date_start = min(starts) if starts else False

    @api.depends("termination_kind", "refused_equal_terms")
    def _compute_severance_due(self):
        for record in self:
            kind = record.termination_kind
            due = kind in SEVERANCE_KINDS
            if kind == "fixed_term_expiry" and record.refused_equal_terms:
                due = False
            record.severance_due = due

    @api.depends("termination_kind")
    def _compute_severance_formula(self):
        for record in self:
            record.severance_formula = DEFAULT_FORMULA.get(record.termination_kind, "n")

    @api.depends(
        "severance_due",
        "severance_formula",
        "severance_wage_average",
        "last_month_wage",
        "service_date_start",
        "departure_date",
        "last_working_day",
        "company_id.exit_local_average_wage",
    )
    def _compute_severance(self):
        for record in self:
            if record.severance_paid_date:  # paid: the figures are history
                months, base, amount, capped = (
                    record.severance_months,
                    record.severance_base,
                    record.severance_amount,
                    record.severance_wage_capped,
                )
            else:
                months, base, amount, capped = record._severance_figures()
            record.severance_months = months
            record.severance_base = base
            record.severance_amount = amount
            record.severance_wage_capped = capped

    # Not on handover_id.state: every handover's state change (batches of 100,000 clients
    # included) would search the exits; the handover tells its exits when it ends instead
    # (custody.handover._mark_done / action_cancel → _on_handover_closed).
    @api.depends("severance_due", "severance_paid_date", "state", "handover_id")
    def _compute_severance_state(self):
        for record in self:
            if not record.severance_due:
                record.severance_state = "not_due"
            elif record.severance_paid_date:
                record.severance_state = "paid"
            elif record.state not in ("departed", "closed") or record._handover_open():
                record.severance_state = "on_hold"
            else:
                record.severance_state = "payable"

    @api.depends("employee_id", "notice_date")
    def _compute_display_name(self):
        for record in self:
            record.display_name = self.env._(
                "Exit of %(employee)s", employee=record.employee_id.name or ""
            )

    @api.constrains("notice_date", "last_working_day")
    def _check_notice(self):
        for record in self:
            notice, last_day = record.notice_date, record.last_working_day
            if not notice or not last_day:
                continue
            if last_day < notice:
                raise ValidationError(
                    self.env._(
                        "The last working day of %(employee)s (%(last_day)s) cannot be before "
                        "the notice date (%(notice)s).",
                        employee=record.employee_id.name,
                        last_day=last_day,
                        notice=notice,
                    )
                )
            required = notice + timedelta(days=record.notice_days)
            if last_day < required:
                raise ValidationError(
                    self.env._(
                        "The notice of %(employee)s is shorter than the law requires: "
                        "%(days)s days, so the last working day is %(required)s at the "
                        "earliest. Record a mutual agreement to end the contract sooner.",
                        employee=record.employee_id.name,
                        days=record.notice_days,
                        required=required,
                    )
                )

    @api.constrains("notice_date", "departure_date")
    def _check_notice_before_departure(self):
        for record in self:
            if record.notice_date and record.departure_date:
                if record.notice_date > record.departure_date:
                    raise ValidationError(
                        self.env._(
                            "The notice of %(employee)s (%(notice)s) cannot be dated after the "
                            "departure date (%(departure)s).",
                            employee=record.employee_id.name,
                            notice=record.notice_date,
                            departure=record.departure_date,
                        )
                    )

    @api.constrains("severance_formula", "severance_formula_reason")
    def _check_severance_formula(self):
        for record in self:
            if record.severance_formula in ("n_plus_1", "double") and not has_substance(
                record.severance_formula_reason
            ):
                raise ValidationError(
                    self.env._(
                        "Say why the %(formula)s formula applies to the compensation of "
                        "%(employee)s.",
                        formula=dict(SEVERANCE_FORMULAS)[record.severance_formula],
                        employee=record.employee_id.name,
                    )
                )

    @api.constrains("service_date_start", "last_working_day")
    def _check_service_date_start(self):
        for record in self:
            end = record.departure_date or record.last_working_day
            if record.service_date_start and end and record.service_date_start > end:
                raise ValidationError(
                    self.env._(
                        "The service of %(employee)s cannot start after the departure.",
                        employee=record.employee_id.name,
                    )
                )

    def write(self, vals):
        if "severance_wage_average" in vals or "last_month_wage" in vals:
            if self.filtered("severance_paid_date"):
                raise UserError(self.env._("The compensation was paid: its figures are history."))
        for fname in ("severance_wage_average", "last_month_wage"):
            if (vals.get(fname) or 0) < 0:
                raise ValidationError(self.env._("A wage cannot be negative."))
        return super().write(vals)

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            for fname in ("severance_wage_average", "last_month_wage"):
                if (vals.get(fname) or 0) < 0:
                    raise ValidationError(self.env._("A wage cannot be negative."))
        return super().create(vals_list)

    @api.ondelete(at_uninstall=False)
    def _unlink_only_draft(self):
        if any(record.state not in ("draft", "cancel") for record in self):
            raise UserError(self.env._("Only a draft or cancelled exit can be deleted."))

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_open(self):
        """Record the notice: the notice period runs, the handover is prepared, the plan set."""
        for record in self:
            if record.state != "draft":
                raise UserError(self.env._("%(name)s is already open.", name=record.display_name))
            if not record.notice_date or not record.termination_kind:
                raise UserError(
                    self.env._(
                        "Record the date the notice was received and the kind of termination "
                        "of %(employee)s first.",
                        employee=record.employee_id.name,
                    )
                )
            if not record.employee_id.active:
                raise UserError(
                    self.env._(
                        "%(employee)s has already left: register the exit from the departure.",
                        employee=record.employee_id.name,
                    )
                )
        self.write({"state": "notice"})
        for record in self:
            record._open_handover()
            record._schedule_plan()
            record.message_post(
                body=self.env._(
                    "Notice received on %(notice)s: the last working day is %(last_day)s. "
                    "The handover runs during the notice period.",
                    notice=record.notice_date,
                    last_day=record.last_working_day,
                )
            )
        return True

    def action_cancel(self):
        """The notice is withdrawn with the company's agreement: the prepared draft goes."""
        if self.filtered(lambda r: r.state not in RUNNING_EXIT_STATES):
            raise UserError(self.env._("Only an exit not yet departed can be cancelled."))
        drafts = self.handover_id.sudo().filtered(lambda h: h.state == "draft")
        if drafts:
            drafts.action_cancel()
        self.activity_unlink(["mail.mail_activity_data_todo"])
        self.write({"state": "cancel"})
        return True

    def action_pay_severance(self):
        """Record the compensation as paid today; refused while the handover is open."""
        if not self.env.user.has_group(HR_MANAGER):
            raise UserError(self.env._("Only an HR manager records the compensation as paid."))
        for record in self:
            if record.severance_state == "on_hold" and record._handover_open():
                raise UserError(
                    self.env._(
                        "The economic compensation of %(employee)s is paid when the handover "
                        "is complete (Labour Contract Law art. 50): %(handover)s is still open.",
                        employee=record.employee_id.name,
                        handover=record.handover_id.sudo().name,
                    )
                )
            if record.severance_state != "payable":
                raise UserError(
                    self.env._(
                        "The economic compensation of %(employee)s is not payable (%(state)s).",
                        employee=record.employee_id.name,
                        state=dict(
                            record._fields["severance_state"]._description_selection(self.env)
                        )[record.severance_state],
                    )
                )
        today = fields.Date.context_today(self)
        self.write({"severance_paid_date": today, "severance_paid_by_id": self.env.uid})
        for record in self:
            record.message_post(
                body=self.env._(
                    "Economic compensation paid on %(date)s by %(user)s.",
                    date=today,
                    user=self.env.user.name,
                )
            )
        return True

    def action_file_transferred(self):
        """The personnel file and social insurance were transferred today."""
        if self.filtered(lambda r: r.state not in ("departed", "closed")):
            raise UserError(self.env._("The file is transferred after the departure."))
        today = fields.Date.context_today(self)
        self.write({"file_transfer_date": today})
        for record in self:
            record._close_activity(record._file_transfer_summary())
            record.message_post(
                body=self.env._(
                    "Personnel file and social insurance transferred on %(date)s.", date=today
                )
            )
        return True

    def action_close(self):
        for record in self:
            if record.state != "departed":
                raise UserError(self.env._("Only a departed exit can be closed."))
            missing = []
            if record.severance_state in ("on_hold", "payable"):
                missing.append(self.env._("the economic compensation is not paid"))
            if not record.file_transfer_date:
                missing.append(self.env._("the file and social insurance are not transferred"))
            if missing:
                raise UserError(
                    self.env._(
                        "%(name)s cannot be closed yet: %(missing)s.",
                        name=record.display_name,
                        missing="; ".join(missing),
                    )
                )
        self.write({"state": "closed"})
        return True

    def action_print_certificate(self):
        """The termination certificate (art. 50): at departure, whatever the handover."""
        if self.filtered(lambda r: r.state not in ("departed", "closed")):
            raise UserError(
                self.env._(
                    "The termination certificate is issued once the departure is registered."
                )
            )
        return self.env.ref(
            "client_custody_exit_cn.action_report_termination_certificate"
        ).report_action(self)

    def action_open_handover(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "custody.handover",
            "res_id": self.handover_id.id,
            "view_mode": "form",
        }

    def action_compute_severance_wage(self):
        """The average monthly wage of the 12 months before departure, from the wage months
        (contract wages filled in where a month is missing). HR managers only: wages."""
        if not self.env.user.has_group(HR_MANAGER):
            raise UserError(self.env._("Only an HR manager reads wages."))
        for record in self:
            end = record.departure_date or record.last_working_day
            if not end:
                raise UserError(self.env._("Record the notice or the departure first."))
            date_to = end + timedelta(days=1)
            Wage = self.env["hr.exit.wage"]
            Wage._fill_from_contracts(record.employee_id, date_to)
            average, last = Wage._average(record.employee_id, date_to)
            record.write({"severance_wage_average": average, "last_month_wage": last})
        return True

    def action_open_wages(self):
        self.ensure_one()
        return self.employee_id.action_open_exit_wages()

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------
    def _handover_open(self):
        self.ensure_one()
        return self.handover_id.sudo().state in HANDOVER_RUNNING_STATES

    def _severance_figures(self):
        """(months, monthly base, amount, capped) under arts. 46, 47, 40 and 87."""
        self.ensure_one()
        if not self.severance_due:
            return 0.0, 0.0, 0.0, False
        end = self.departure_date or self.last_working_day
        months = art47_months(self.service_date_start, end)
        average = self.severance_wage_average
        cap = self.company_id.exit_local_average_wage * SEVERANCE_WAGE_CAP_FACTOR
        capped = bool(cap) and average > cap
        base = cap if capped else average
        if capped:
            months = min(months, float(SEVERANCE_YEAR_CAP))
        amount = base * months
        if self.severance_formula == "n_plus_1":
            amount += self.last_month_wage or average
        elif self.severance_formula == "double":
            amount *= 2
        currency = self.currency_id
        return months, currency.round(base), currency.round(amount), capped

    def _open_handover(self):
        """The draft departure handover of the employee's current clients, by the company's
        default strategy, with its checklist; an already running one is taken over."""
        self.ensure_one()
        employee = self.employee_id.sudo()
        Handover = self.env["custody.handover"].sudo()
        handover = Handover.search(
            [
                ("employee_id", "=", employee.id),
                ("kind", "=", "departure"),
                ("state", "in", HANDOVER_RUNNING_STATES),
            ],
            limit=1,
        )
        if not handover:
            client_ids = self.env["custody.assignment"].sudo()._current_client_ids(employee)
            busy = set(self.env["custody.handover.line"]._running_lines(client_ids).partner_id.ids)
            client_ids = [client_id for client_id in client_ids if client_id not in busy]
            if not client_ids:
                return Handover
            mapping = self._default_successors(employee, client_ids)
            handover = Handover._prepare(
                employee,
                [
                    {
                        "partner_id": client_id,
                        "successor_id": mapping[client_id].id if client_id in mapping else False,
                    }
                    for client_id in client_ids
                ],
                {
                    "kind": "departure",
                    "reason": self.env._(
                        "%(employee)s gave notice; the last working day is %(last_day)s.",
                        employee=employee.name,
                        last_day=self.last_working_day,
                    ),
                },
            )
            handover.message_post(
                body=self.env._(
                    "Prepared from the notice of %(employee)s: hand over during the notice "
                    "period, until %(last_day)s.",
                    employee=employee.name,
                    last_day=self.last_working_day,
                )
            )
        handover.line_ids.filtered(
            lambda line: line.decision == "transfer" and not line.introduction_state
        ).write({"introduction_state": "planned"})
        self.handover_id = handover
        return handover

    @api.model
    def _default_successors(self, employee, client_ids):
        """{client id: successor} by the company's default departure strategy (as the archival
        automation plans it)."""
        successors = employee._custody_default_successors()
        if not successors:
            return {}
        return self.env["custody.handover"].sudo()._distribute("balanced", client_ids, successors)

    def _plan_responsible(self):
        """Who runs the handover side of the plan: the employee's manager when they can open
        the exit, else the HR responsible."""
        self.ensure_one()
        manager = self.employee_id.sudo().parent_id.user_id
        if (
            manager
            and manager.active
            and any(manager.has_group(group) for group in EXIT_READERS.split(","))
        ):
            return manager
        return self.user_id or self.env.user

    def _schedule_plan(self):
        """Activities with deadlines inside the notice period (seeds 001, 004: arrange the
        successor at once, so that the clients know while the leaver is still there)."""
        self.ensure_one()
        start, end = self.notice_date, self.last_working_day
        span = max((end - start).days, 0)

        def within(fraction):
            return min(start + timedelta(days=max(math.ceil(span * fraction), 1)), end)

        responsible = self._plan_responsible()
        hr_user = self.user_id or self.env.user
        core = self.handover_id.sudo().line_ids.filtered(lambda line: line.tier == "core")
        steps = [
            (
                self.env._("Plan the handover"),
                self.env._(
                    "Check the successors of the draft departure handover and start it, so that "
                    "the clients hear of their new contact during the notice period."
                ),
                responsible,
                within(0.2),
            ),
            (
                self.env._("Introduce the successor to each core client"),
                self.env._(
                    "%(count)s core client(s): the leaver introduces the successor to each; "
                    "record each introduction (date and how) on the handover's client lines.",
                    count=len(core),
                ),
                responsible,
                within(0.7),
            ),
            (
                self.env._("Return company items"),
                self.env._(
                    "Work accounts, devices, client files: returned, or waived in writing, by "
                    "the last working day."
                ),
                responsible,
                end,
            ),
            (
                self.env._("Exit interview"),
                self.env._("Hold the exit interview before the last working day."),
                hr_user,
                end,
            ),
        ]
        if not self.handover_id:
            # No client to hand over: only the items and the interview remain.
            steps = steps[2:]
        for summary, note, user, deadline in steps:
            self.activity_schedule(
                "mail.mail_activity_data_todo",
                date_deadline=deadline,
                summary=summary,
                note=note,
                user_id=user.id,
            )

    def _register_departure(self, departure_date):
        """The departure is registered: never refused for the handover, which may still run;
        the file transfer is due within 15 days; the compensation waits for the handover."""
        departed = self.filtered(lambda r: r.state in RUNNING_EXIT_STATES)
        for record in departed:
            handover = record.handover_id or self.env["custody.handover"].sudo().search(
                [
                    ("employee_id", "=", record.employee_id.id),
                    ("kind", "=", "departure"),
                    ("state", "in", HANDOVER_RUNNING_STATES),
                ],
                limit=1,
            )
            blockers = record.employee_id._get_exit_blockers()
            record.write(
                {
                    "state": "departed",
                    "departure_date": departure_date,
                    "handover_id": handover.id,
                    "file_transfer_due": departure_date + timedelta(days=FILE_TRANSFER_DAYS),
                }
            )
            record.activity_schedule(
                "mail.mail_activity_data_todo",
                date_deadline=record.file_transfer_due,
                summary=record._file_transfer_summary(),
                note=self.env._(
                    "Labour Contract Law art. 50: transfer the personnel file and the social "
                    "insurance within 15 days of the departure."
                ),
                user_id=(record.user_id or self.env.user).id,
            )
            if blockers:
                body = self.env._(
                    "Departure registered on %(date)s with the handover outstanding (the "
                    "departure is never held back; the economic compensation waits):\n"
                    "%(blockers)s",
                    date=departure_date,
                    blockers="\n".join(f"- {message}" for message, _ in blockers),
                )
            else:
                body = self.env._("Departure registered on %(date)s.", date=departure_date)
            record.message_post(body=body)
            if handover and record._handover_open():
                handover.message_post(
                    body=self.env._(
                        "The departure of %(employee)s was registered on %(date)s with this "
                        "handover still open: the economic compensation waits for it.",
                        employee=record.employee_id.name,
                        date=departure_date,
                    )
                )
        return departed

    @api.model
    def _on_employees_archived(self, employees, departure_date=None):
        """However an employee is archived, the exit registers the departure; without a notice
        recorded first, an exit is opened that says the notice was skipped."""
        employees = employees.sudo().filtered(lambda e: not e.active)
        if not employees:
            return self.browse()
        exits = self.sudo().search(
            [("employee_id", "in", employees.ids), ("state", "in", RUNNING_EXIT_STATES)]
        )
        skipped = employees - exits.employee_id
        if skipped:
            new = self.sudo().create(
                [{"employee_id": employee.id, "notice_skipped": True} for employee in skipped]
            )
            for record in new:
                record.message_post(
                    body=self.env._(
                        "%(employee)s was archived without a resignation notice being recorded: "
                        "the notice was skipped. Set the kind of termination to settle the "
                        "economic compensation.",
                        employee=record.employee_id.name,
                    )
                )
            exits |= new
        today = fields.Date.context_today(self)
        for record in exits:
            record._register_departure(departure_date or record.employee_id.departure_date or today)
        return exits

    def _on_handover_closed(self):
        """The departure handover ended: the compensation is no longer held back by it, and
        becomes payable once the departure is registered (art. 50)."""
        self.env.add_to_compute(self._fields["severance_state"], self)
        for record in self.filtered(lambda r: r.severance_state == "payable"):
            record.message_post(
                body=self.env._(
                    "The departure handover has ended: the economic compensation is payable."
                )
            )
            record.activity_schedule(
                "mail.mail_activity_data_todo",
                summary=self.env._("Pay the economic compensation"),
                user_id=(record.user_id or self.env.user).id,
            )

    def _certificate_statement(self):
        """The certificate's statement, one sentence in the report's language."""
        self.ensure_one()
        lang = self.env["res.lang"]._get_data(code=self.env.lang or "en_US")
        date_format = lang.date_format if lang else "%Y-%m-%d"

        def fmt(day):
            return day.strftime(date_format) if day else ""

        return self.env._(
            "This is to certify that %(employee)s was employed by %(company)s from %(start)s, "
            "and that the employment contract ended on %(end)s.",
            employee=self.employee_id.name,
            company=self.company_id.name,
            start=fmt(self.service_date_start),
            end=fmt(self.departure_date),
        )

    def _certificate_service_text(self):
        """Years and months of service, as the certificate states them."""
        self.ensure_one()
        start, end = self.service_date_start, self.departure_date
        if not start or not end or end < start:
            return ""
        service = relativedelta(end + timedelta(days=1), start)
        return self.env._(
            "%(years)s year(s) and %(months)s month(s)", years=service.years, months=service.months
        )

    def _file_transfer_summary(self):
        return self.env._("Transfer the personnel file and social insurance")

    def _close_activity(self, summary):
        self.activity_ids.filtered(lambda a: a.summary == summary).action_feedback()

    @api.model
    def _migrate_from_client_custody(self):
        """Data of the exit obligations as client_custody 19.0.1.x kept them: notices become
        exits; a lower non-compete compensation is credited to the user who registered it;
        draft non-competes start the day after the last working day. Idempotent."""
        exits = self._migrate_employee_notices()
        noncompetes = self.env["custody.noncompete"].sudo().with_context(active_test=False)
        justified = noncompetes.search(
            [("compensation_reason", "!=", False), ("compensation_reason_user_id", "=", False)]
        )
        for user, records in justified.grouped("create_uid").items():
            records.write({"compensation_reason_user_id": user.id})
        drafts = noncompetes.search([("state", "=", "draft")])
        self.env.add_to_compute(noncompetes._fields["date_start"], drafts)
        drafts.flush_recordset(["date_start"])
        return exits

    @api.model
    def _migrate_employee_notices(self):
        """Existing notices recorded on the employee (before the exit existed as a record) each
        become an exit, so that nothing recorded is lost. Idempotent."""
        if not column_exists(self.env.cr, "hr_employee", "exit_notice_date"):
            return self.browse()  # a database that never had them
        self.env.cr.execute(
            SQL("SELECT id, exit_notice_date FROM hr_employee WHERE exit_notice_date IS NOT NULL")
        )
        rows = dict(self.env.cr.fetchall())
        if not rows:
            return self.browse()
        have = set(
            self.sudo()
            .with_context(active_test=False)
            .search([("employee_id", "in", list(rows))])
            .employee_id.ids
        )
        employees = (
            self.env["hr.employee"]
            .sudo()
            .with_context(active_test=False)
            .browse([eid for eid in rows if eid not in have])
        )
        vals_list = [
            {
                "employee_id": employee.id,
                "notice_date": rows[employee.id],
                "termination_kind": "resignation",
                "state": "notice" if employee.active else "departed",
                "departure_date": False if employee.active else employee.departure_date,
            }
            for employee in employees
        ]
        return self.sudo().with_context(tracking_disable=True).create(vals_list)
