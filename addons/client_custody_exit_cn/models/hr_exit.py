import math
import re
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL
from odoo.tools.sql import column_exists

from odoo.addons.client_custody.models.custody_guarded_mixin import transition
from odoo.addons.client_custody_handover.states import RUNNING_STATES as HANDOVER_RUNNING_STATES

from ..severance import damages_months, severance_split

HR_USER = "hr.group_hr_user"
HR_MANAGER = "hr.group_hr_manager"
CUSTODY_MANAGER = "client_custody.group_custody_manager"
EXIT_READERS = "hr.group_hr_user,client_custody.group_custody_manager"


# Labour Contract Law art. 37: 30 days' written notice, 3 days during probation.
NOTICE_DAYS = 30
PROBATION_NOTICE_DAYS = 3
# Art. 50: the personnel file and social insurance are transferred within 15 days.
FILE_TRANSFER_DAYS = 15
RUNNING_EXIT_STATES = ("draft", "notice")
# The employee has left: departed, or the exit closed since.
LEFT_EXIT_STATES = ("departed", "closed")

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
    ("fixed_term_expiry", "Fixed term expired (art. 44(1))"),
    ("bankruptcy", "Employer declared bankrupt (art. 44(4))"),
    ("closure", "Licence revoked, closure ordered or early dissolution (art. 44(5))"),
    ("task_completed", "Task completed, task-based contract (Implementing Regulations art. 22)"),
    ("unlawful", "Unlawful termination (art. 87)"),
]
# Art. 46: the kinds that owe economic compensation (art. 44(1) unless the employee refused to
# renew on equal or better terms; art. 46(6) for art. 44(4)/(5); Implementing Regulations art. 22
# for a task-based contract).
SEVERANCE_KINDS = {
    "mutual_employer",
    "employer_fault",
    "incapacity_notice",
    "incapacity_pay",
    "redundancy",
    "fixed_term_expiry",
    "bankruptcy",
    "closure",
    "task_completed",
    "unlawful",
}
# The contract ends (终止, art. 44 and Implementing Regulations art. 22) rather than being
# dissolved (解除): the certificate says which, and the rules in force before 2008 owed nothing
# for an ending (LCL art. 97: no compensation for the pre-2008 years of these kinds).
ENDING_KINDS = {"fixed_term_expiry", "bankruptcy", "closure", "task_completed"}
# Arts. 40 and 41: refused for a protected employee (art. 42).
ART40_KINDS = {"incapacity_notice", "incapacity_pay"}
ART41_KINDS = {"redundancy"}
ART40_GROUNDS = [
    ("illness", "Unable to work after the medical treatment period (art. 40(1))"),
    ("incompetence", "Incompetent after training or reassignment (art. 40(2))"),
    ("circumstances", "Major change of the objective circumstances (art. 40(3))"),
]
# Arts. 42 and 45: who may not be terminated under arts. 40 and 41, and whose fixed term is
# extended until the status ends.
PROTECTED_STATUSES = [
    ("occupational", "Occupational disease or work injury (art. 42(1)(2))"),
    ("medical", "Medical treatment period (art. 42(3))"),
    ("pregnancy", "Pregnancy, maternity or nursing (art. 42(4))"),
    ("long_service", "15 years of service and within 5 years of retirement (art. 42(5))"),
]
SEVERANCE_FORMULAS = [
    ("n", "N: one month per year of service (art. 47)"),
    ("n_plus_1", "N+1: one more month's wage instead of notice (art. 40)"),
    ("double", "2N: unlawful termination (art. 87)"),
]
DEFAULT_FORMULA = {"incapacity_pay": "n_plus_1", "unlawful": "double"}
# Dates entered on an exit (notice, last working day, departure): a typo such as 2099 or 1900 is
# refused, not stored.
DATE_FLOOR = date(1990, 1, 1)
DATE_HORIZON_YEARS = 1
SEVERANCE_STATES = [
    ("not_due", "Not due"),
    ("on_hold", "On hold"),
    ("payable", "Payable"),
    ("paid", "Paid"),
]


def has_substance(text, minimum=3):
    """A reason is more than blanks and punctuation: a few letters, digits or characters."""
    return len(re.findall(r"\w", text or "")) >= minimum


class HrExit(models.Model):
    """One departure under Chinese labour law: notice, handover during the notice period,
    departure, termination certificate, file transfer and economic compensation.

    draft → notice (the notice period runs, the handover is prepared) → departed → closed;
    cancelled when the employee withdraws the notice with the company's agreement.
    """

    _name = "hr.exit"
    _description = "Employee Exit"
    _inherit = ["mail.thread", "mail.activity.mixin", "custody.guarded.mixin"]
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
    termination_kind = fields.Selection(
        TERMINATION_KINDS,
        tracking=True,
        groups=HR_USER,
        help="Decides whether economic compensation is due (LCL art. 46), how the years before "
        "2008 count (art. 97) and whether the certificate says dissolved or ended (Implementing "
        "Regulations art. 24). An exit cannot close without it.",
    )
    art40_ground = fields.Selection(
        ART40_GROUNDS,
        string="Ground under art. 40",
        tracking=True,
        groups=HR_USER,
        help="For incompetence (art. 40(2)) the years before 2008 are capped at 12 months (1994 "
        "Measures art. 7); the other grounds are not capped.",
    )
    protected_status = fields.Selection(
        PROTECTED_STATUSES,
        tracking=True,
        groups=HR_USER,
        help="LCL art. 42: an employee in one of these situations cannot be terminated under "
        "art. 40 or 41; a fixed-term contract ending meanwhile is extended until the situation "
        "ends (art. 45).",
    )
    protected_until = fields.Date(
        string="Protected until",
        tracking=True,
        groups=HR_USER,
        help="When the protected situation ends (end of nursing, of the medical treatment "
        "period, the legal retirement age…): the fixed term is extended to this day (art. 45).",
    )
    contract_extended_until = fields.Date(
        string="Fixed term extended until",
        compute="_compute_contract_extended_until",
        groups=HR_USER,
        help="LCL art. 45: a fixed-term contract ending during a protected situation lasts until "
        "the situation ends.",
    )
    contract_term_start = fields.Date(
        string="Contract start",
        groups=HR_USER,
        copy=False,
        help="The term of the contract in force, as agreed (Implementing Regulations art. 24), "
        "taken from the employee's contract versions when the exit opens and at the departure "
        "(before the departure writes the contract's end).",
    )
    contract_term_end = fields.Date(
        string="Contract end (as agreed)",
        groups=HR_USER,
        copy=False,
        help="Empty for an open-ended contract.",
    )
    certificate_ground_requested = fields.Boolean(
        string="Employee asked for the ground on the certificate",
        tracking=True,
        groups=HR_USER,
        help="Implementing Regulations art. 24 does not list the ground: the certificate prints "
        "one only when the employee asks for it (an unfavourable ground may harm them, art. 89).",
    )
    certificate_ground = fields.Char(
        string="Ground printed on the certificate",
        groups=HR_USER,
        help="In neutral words, only at the employee's request.",
    )
    refused_equal_terms = fields.Boolean(
        string="Employee refused renewal on equal terms",
        tracking=True,
        groups=HR_USER,
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
        groups=HR_USER,
        help="Economic compensation (or damages for an unlawful termination) is owed for this "
        "kind of termination (arts. 46, "
        "87; Implementing Regulations art. 22).",
    )
    severance_formula = fields.Selection(
        SEVERANCE_FORMULAS,
        string="Compensation formula",
        compute="_compute_severance_formula",
        store=True,
        readonly=False,
        tracking=True,
        groups=HR_USER,
    )
    severance_formula_reason = fields.Text(
        string="Reason for the formula",
        tracking=True,
        groups=HR_USER,
        help="Why N+1 or 2N applies: which notice was not given, which termination was unlawful.",
    )
    severance_wage_average = fields.Monetary(
        string="Average monthly wage (12 months)",
        groups=HR_MANAGER,
        tracking=True,
        help="All pay of the 12 months before the departure, bonuses and commissions included, "
        "divided by the months worked (at most 12). The base is never below the local minimum "
        "wage (Implementing Regulations art. 27).",
    )
    last_month_wage = fields.Monetary(
        string="Last month's wage",
        groups=HR_MANAGER,
        help="The extra month of the N+1 formula (art. 40, Implementing Regulations art. 20).",
    )
    severance_wage_capped = fields.Boolean(
        string="Capped at three times the local average",
        compute="_compute_severance",
        store=True,
        groups=HR_MANAGER,
        help="Art. 47, for the service from 2008 only: no wage cap before 2008 (art. 97).",
    )
    severance_months_before_2008 = fields.Float(
        string="Months for the service before 2008",
        compute="_compute_severance",
        store=True,
        digits=(16, 1),
        groups=HR_USER,
        help="LCL art. 97: the rules in force then — one month per year, a started year counting "
        "as a full year, no wage cap, at most 12 months for a mutual agreement or incompetence, "
        "nothing for a contract ending (fixed term, bankruptcy, closure, task completed).",
    )
    severance_months_since_2008 = fields.Float(
        string="Months for the service from 2008",
        compute="_compute_severance",
        store=True,
        digits=(16, 1),
        groups=HR_USER,
        help="Art. 47: one month per full year; a remainder of six months or more counts as a "
        "year, a shorter one as half a month; at most 12 years when the wage is capped.",
    )
    severance_months = fields.Float(
        string="Months of compensation",
        compute="_compute_severance",
        store=True,
        digits=(16, 1),
        groups=HR_USER,
        help="Both periods together (art. 97): before 2008 under the rules then in force, from "
        "2008 under art. 47.",
    )
    severance_amount_before_2008 = fields.Monetary(
        string="Compensation for the service before 2008",
        compute="_compute_severance",
        store=True,
        groups=HR_MANAGER,
    )
    severance_amount_since_2008 = fields.Monetary(
        string="Compensation for the service from 2008",
        compute="_compute_severance",
        store=True,
        groups=HR_MANAGER,
    )
    severance_base = fields.Monetary(
        string="Monthly base",
        compute="_compute_severance",
        store=True,
        groups=HR_MANAGER,
        help="The average wage, at least the local minimum wage (Implementing Regulations art. "
        "27); from 2008 at most three times the local average (art. 47).",
    )
    severance_amount = fields.Monetary(
        string="Economic compensation",
        compute="_compute_severance",
        store=True,
        groups=HR_MANAGER,
        help="Arts. 46, 47, 97: paid when the employee's own handover is complete (art. 50). "
        "Not owed with the 2N formula, whose damages replace it (art. 87).",
    )
    notice_pay_amount = fields.Monetary(
        string="Month's wage instead of notice",
        compute="_compute_severance",
        store=True,
        groups=HR_MANAGER,
        help="The extra month of N+1 (art. 40, Implementing Regulations art. 20): the last "
        "month's wage, due at the departure, never held for the handover.",
    )
    damages_amount = fields.Monetary(
        string="Damages for unlawful termination (2N)",
        compute="_compute_severance",
        store=True,
        groups=HR_MANAGER,
        help="Art. 87: twice the art. 47 compensation, counted over the whole tenure from the "
        "hire date (Implementing Regulations art. 25). It is not economic compensation: due at "
        "the departure, never held for the handover.",
    )
    severance_total = fields.Monetary(
        string="Total owed",
        compute="_compute_severance",
        store=True,
        groups=HR_MANAGER,
    )
    employee_handover_done = fields.Boolean(
        string="Employee's handover complete",
        compute="_compute_employee_handover",
        store=True,
        help="LCL art. 50: what the employee owes — mandatory checklist items returned or waived "
        "in writing (client files and documents included), and the planned introductions made. "
        "Clients' decisions and the company's reassignments are not the employee's duty.",
    )
    employee_handover_done_date = fields.Date(
        string="Employee's handover completed on",
        compute="_compute_employee_handover",
        store=True,
    )
    severance_state = fields.Selection(
        SEVERANCE_STATES,
        string="Compensation status",
        compute="_compute_severance_state",
        store=True,
        index=True,
        groups=HR_USER,
        help="On hold until the departure is registered and the employee's own handover is "
        "complete (art. 50), then payable; paid only through the pay button. 2N is never held.",
    )
    severance_due_date = fields.Date(
        string="Compensation due on",
        compute="_compute_severance_due_date",
        store=True,
        groups=HR_USER,
        help="The departure, or the day the employee's handover was completed if later (art. "
        "50); at the departure for 2N. Late payment exposes the company to an extra 50–100 % "
        "(art. 85).",
    )
    severance_overdue = fields.Boolean(
        string="Compensation overdue",
        compute="_compute_severance_overdue",
        search="_search_severance_overdue",
        groups=HR_USER,
    )
    severance_paid_date = fields.Date(
        string="Compensation paid on", readonly=True, copy=False, groups=HR_USER
    )
    severance_paid_by_id = fields.Many2one(
        "res.users", string="Compensation paid by", readonly=True, copy=False, groups=HR_USER
    )
    can_pay_severance = fields.Boolean(compute="_compute_can_pay_severance", groups=HR_USER)
    severance_overdue_alerted = fields.Boolean(readonly=True, copy=False, groups=HR_USER)
    notice_pay_paid_date = fields.Date(
        string="Month instead of notice paid on", readonly=True, copy=False, groups=HR_USER
    )

    # Issue 22: the exit's state and departure change only through its transitions (_set_state),
    # the compensation's status and payment only through action_pay_severance / action_pay_notice.
    _guarded_fields = (
        "state",
        "departure_date",
        "severance_state",
        "severance_paid_date",
        "severance_paid_by_id",
        "notice_pay_paid_date",
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
        "termination_kind",
        "art40_ground",
        "company_id.exit_local_average_wage",
        "company_id.exit_local_minimum_wage",
    )
    def _compute_severance(self):
        figures = (
            "severance_months_before_2008",
            "severance_months_since_2008",
            "severance_months",
            "severance_amount_before_2008",
            "severance_amount_since_2008",
            "severance_base",
            "severance_amount",
            "notice_pay_amount",
            "damages_amount",
            "severance_total",
            "severance_wage_capped",
        )
        for record in self:
            if record.severance_paid_date:  # paid: the figures are history
                values = {fname: record[fname] for fname in figures}
            else:
                values = record._severance_figures()
            for fname in figures:
                record[fname] = values[fname]

    @api.depends(
        "handover_id",
        "handover_id.item_ids.state",
        "handover_id.item_ids.mandatory",
        "handover_id.item_ids.done_on",
        "handover_id.line_ids.introduction_state",
        "handover_id.line_ids.introduction_date",
    )
    def _compute_employee_handover(self):
        for record in self:
            done, done_on = record._employee_deliverables()
            record.employee_handover_done = done
            record.employee_handover_done_date = done_on

    # Not on handover_id.state: every handover's state change (batches of 100,000 clients
    # included) would search the exits; the handover tells its exits when it ends instead
    # (custody.handover._mark_done / action_cancel → _on_handover_closed).
    @api.depends(
        "severance_due",
        "severance_paid_date",
        "state",
        "severance_formula",
        "employee_handover_done",
    )
    def _compute_severance_state(self):
        for record in self:
            record.severance_state = record._severance_state_now()

    @api.depends(
        "severance_state", "departure_date", "severance_formula", "employee_handover_done_date"
    )
    def _compute_severance_due_date(self):
        for record in self:
            due = False
            if record.severance_state in ("payable", "paid") and record.departure_date:
                due = record.departure_date
                done_on = record.employee_handover_done_date
                if record.severance_formula != "double" and done_on and done_on > due:
                    due = done_on
            record.severance_due_date = due

    @api.depends("severance_state")
    def _compute_can_pay_severance(self):
        for record in self:
            record.can_pay_severance = "paid" in self.SEVERANCE_TRANSITIONS.get(
                record.severance_state, ()
            )

    def _compute_severance_overdue(self):
        today = fields.Date.context_today(self)
        for record in self:
            record.severance_overdue = bool(
                record.severance_state == "payable"
                and record.severance_due_date
                and record.severance_due_date < today
            )

    def _search_severance_overdue(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Unsupported search on the overdue compensation."))
        today = fields.Date.context_today(self)
        domain = [("severance_state", "=", "payable"), ("severance_due_date", "<", today)]
        positive = (operator == "=") == value
        return domain if positive else ["!", "&", *domain]

    @api.depends("protected_status", "protected_until", "termination_kind")
    def _compute_contract_extended_until(self):
        for record in self:
            record.contract_extended_until = (
                record.protected_status
                and record.termination_kind == "fixed_term_expiry"
                and record.protected_until
            ) or False

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

    @api.constrains("notice_date", "last_working_day", "departure_date")
    def _check_date_bounds(self):
        for record in self:
            for fname in ("notice_date", "last_working_day", "departure_date"):
                record._check_exit_date(
                    record._fields[fname]._description_string(self.env), record[fname]
                )

    @api.model
    def _check_exit_date(self, label, day):
        """A date entered on an exit (or in the departure wizard) lies in a sane range: 2099 and
        1900 are typos, not dates of a departure."""
        if not day:
            return
        today = fields.Date.context_today(self)
        latest = today + relativedelta(years=DATE_HORIZON_YEARS)
        if not DATE_FLOOR <= day <= latest:
            raise ValidationError(
                self.env._(
                    "%(field)s (%(date)s) must lie between %(earliest)s and %(latest)s.",
                    field=label,
                    date=day,
                    earliest=DATE_FLOOR,
                    latest=latest,
                )
            )

    @api.constrains("termination_kind", "protected_status", "protected_until")
    def _check_protected(self):
        """LCL art. 42: no art. 40/41 termination of a protected employee; art. 45: a fixed term
        ending during protection is extended, so say until when."""
        for record in self:
            status, kind = record.protected_status, record.termination_kind
            if not status:
                continue
            label = dict(record._fields["protected_status"]._description_selection(self.env))[
                status
            ]
            if kind in ART40_KINDS:
                raise ValidationError(
                    self.env._(
                        "%(employee)s cannot be terminated under Labour Contract Law art. 40: "
                        "%(status)s protects them (art. 42).",
                        employee=record.employee_id.name,
                        status=label,
                    )
                )
            if kind in ART41_KINDS:
                raise ValidationError(
                    self.env._(
                        "%(employee)s cannot be made redundant under Labour Contract Law art. 41: "
                        "%(status)s protects them (art. 42).",
                        employee=record.employee_id.name,
                        status=label,
                    )
                )
            if kind == "fixed_term_expiry" and not record.protected_until:
                raise ValidationError(
                    self.env._(
                        "The fixed term of %(employee)s is extended until the protected "
                        "situation (%(status)s) ends (Labour Contract Law art. 45): record when "
                        "it ends.",
                        employee=record.employee_id.name,
                        status=label,
                    )
                )

    @api.constrains("certificate_ground", "certificate_ground_requested")
    def _check_certificate_ground(self):
        for record in self:
            if record.certificate_ground and not record.certificate_ground_requested:
                raise ValidationError(
                    self.env._(
                        "The termination certificate of %(employee)s prints a ground only when "
                        "the employee asks for one (Implementing Regulations art. 24): record "
                        "the request first.",
                        employee=record.employee_id.name,
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
                        formula=dict(
                            record._fields["severance_formula"]._description_selection(self.env)
                        )[record.severance_formula],
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
        self._set_state("notice")
        self._capture_contract_term()
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
        self._set_state("cancel")
        return True

    # The exit's one state machine: from → the states its transitions may move it to.
    TRANSITIONS = {
        "draft": ("notice", "departed", "cancel"),
        "notice": ("departed", "cancel"),
        "departed": ("closed",),
    }

    def _set_state(self, target, values=None):
        """The one writer of the exit's state (and of what its transition records)."""
        labels = dict(self._fields["state"]._description_selection(self.env))
        for record in self:
            if target not in self.TRANSITIONS.get(record.state, ()):
                raise UserError(
                    self.env._(
                        "%(name)s cannot go from %(from)s to %(to)s.",
                        name=record.display_name,
                        **{"from": labels[record.state], "to": labels[target]},
                    )
                )
        values = {"state": target, **(values or {})}
        transition(self, *values).write(values)

    # The compensation's one state machine: (from → to) allowed by its transitions; the form's
    # buttons are computed from the same guard (can_pay_severance / can_pay_notice).
    SEVERANCE_TRANSITIONS = {"payable": ("paid",)}

    def _check_severance_transition(self, target):
        """Refuse a move of the compensation's status that its table does not allow, saying why."""
        for record in self:
            current = record.severance_state
            if target in self.SEVERANCE_TRANSITIONS.get(current, ()):
                continue
            if current == "on_hold":
                if record.state not in LEFT_EXIT_STATES:
                    reason = self.env._("the departure is not registered yet")
                else:
                    reason = self.env._(
                        "the employee's own handover is not complete (mandatory items returned "
                        "or waived in writing, introductions made)"
                    )
                raise UserError(
                    self.env._(
                        "The economic compensation of %(employee)s is paid when the employee's "
                        "handover is complete (Labour Contract Law art. 50): %(reason)s.",
                        employee=record.employee_id.name,
                        reason=reason,
                    )
                )
            labels = dict(record._fields["severance_state"]._description_selection(self.env))
            raise UserError(
                self.env._(
                    "The economic compensation of %(employee)s is not payable (%(state)s).",
                    employee=record.employee_id.name,
                    state=labels[current],
                )
            )

    def action_pay_severance(self):
        """Record the compensation as paid today: only when payable (held for the employee's own
        handover, art. 50; 2N never held)."""
        if not self.env.user.has_group(HR_MANAGER):
            raise UserError(self.env._("Only an HR manager records the compensation as paid."))
        self._check_severance_transition("paid")
        today = fields.Date.context_today(self)
        transition(self, "severance_paid_date", "severance_paid_by_id").write(
            {"severance_paid_date": today, "severance_paid_by_id": self.env.uid}
        )
        for record in self:
            record._close_activity(record._severance_activity_summary())
            record.message_post(
                body=self.env._(
                    "Economic compensation paid on %(date)s by %(user)s.",
                    date=today,
                    user=self.env.user.name,
                )
            )
        return True

    def action_pay_notice(self):
        """The month's wage instead of notice (N+1) is paid at the departure, whatever the
        handover (art. 40, Implementing Regulations art. 20)."""
        if not self.env.user.has_group(HR_MANAGER):
            raise UserError(self.env._("Only an HR manager records the compensation as paid."))
        for record in self:
            if record.severance_formula != "n_plus_1" or record.notice_pay_paid_date:
                raise UserError(
                    self.env._(
                        "%(name)s owes no unpaid month's wage instead of notice.",
                        name=record.display_name,
                    )
                )
            if record.state not in LEFT_EXIT_STATES:
                raise UserError(
                    self.env._(
                        "The month's wage instead of notice is paid at the departure of "
                        "%(employee)s.",
                        employee=record.employee_id.name,
                    )
                )
        today = fields.Date.context_today(self)
        transition(self, "notice_pay_paid_date").write({"notice_pay_paid_date": today})
        for record in self:
            record._close_activity(self.env._("Pay the month's wage instead of notice"))
            record.message_post(
                body=self.env._(
                    "Month's wage instead of notice paid on %(date)s by %(user)s.",
                    date=today,
                    user=self.env.user.name,
                )
            )
        return True

    def action_file_transferred(self):
        """The personnel file and social insurance were transferred today."""
        if self.filtered(lambda r: r.state not in LEFT_EXIT_STATES):
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
            if not record.termination_kind:
                missing.append(
                    self.env._(
                        "the kind of termination is not recorded, so the compensation was never "
                        "assessed (Labour Contract Law art. 46)"
                    )
                )
            if record.severance_state in ("on_hold", "payable"):
                missing.append(self.env._("the economic compensation is not paid"))
            if record.severance_formula == "n_plus_1" and not record.notice_pay_paid_date:
                missing.append(self.env._("the month's wage instead of notice is not paid"))
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
        self._set_state("closed")
        return True

    def action_print_certificate(self):
        """The termination certificate (art. 50): at departure, whatever the handover."""
        self._check_certificate_printable()
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
        """The figures of arts. 46, 47, 97, 40 (N+1), 87 (2N) and Implementing Regulations art. 27,
        as a dict of the exit's field names."""
        self.ensure_one()
        zero = dict.fromkeys(
            (
                "severance_months_before_2008",
                "severance_months_since_2008",
                "severance_months",
                "severance_amount_before_2008",
                "severance_amount_since_2008",
                "severance_base",
                "severance_amount",
                "notice_pay_amount",
                "damages_amount",
                "severance_total",
            ),
            0.0,
        )
        zero["severance_wage_capped"] = False
        if not self.severance_due:
            return zero
        round_ = self.currency_id.round
        end = self.departure_date or self.last_working_day
        company = self.company_id
        wage = self.severance_wage_average
        if self.severance_formula == "double":
            # Art. 87 replaces the economic compensation: no split, the whole tenure counts.
            months, base, capped = damages_months(
                self.service_date_start,
                end,
                wage,
                local_average=company.exit_local_average_wage,
                minimum_wage=company.exit_local_minimum_wage,
            )
            damages = round_(2 * base * months)
            return {
                **zero,
                "severance_months_since_2008": months,
                "severance_months": months,
                "severance_base": round_(base),
                "damages_amount": damages,
                "severance_total": damages,
                "severance_wage_capped": capped,
            }
        split = severance_split(
            self.service_date_start,
            end,
            wage,
            local_average=company.exit_local_average_wage,
            minimum_wage=company.exit_local_minimum_wage,
            pre2008_rule=self._pre2008_rule(),
        )
        before, since = round_(split["amount_before"]), round_(split["amount_since"])
        notice_pay = 0.0
        if self.severance_formula == "n_plus_1":
            notice_pay = round_(self.last_month_wage or wage)
        return {
            **zero,
            "severance_months_before_2008": split["months_before"],
            "severance_months_since_2008": split["months_since"],
            "severance_months": split["months_before"] + split["months_since"],
            "severance_amount_before_2008": before,
            "severance_amount_since_2008": since,
            "severance_base": round_(split["base_since"]),
            "severance_amount": before + since,
            "notice_pay_amount": notice_pay,
            "severance_total": before + since + notice_pay,
            "severance_wage_capped": split["capped"],
        }

    def _pre2008_rule(self):
        """How the rules in force before 2008 treat this kind (LCL art. 97; 1994 Measures)."""
        kind = self.termination_kind
        if kind in ENDING_KINDS:
            return "none"
        if kind == "mutual_employer" or (
            kind in ART40_KINDS and self.art40_ground == "incompetence"
        ):
            return "capped"
        return "uncapped"

    def _severance_state_now(self):
        """Where the compensation stands, by the law's conditions (the one place they live)."""
        self.ensure_one()
        if not self.severance_due:
            return "not_due"
        if self.severance_paid_date:
            return "paid"
        if self.state not in LEFT_EXIT_STATES:
            return "on_hold"
        # 2N (赔偿金) is not economic compensation: art. 50 does not hold it.
        if self.severance_formula != "double" and not self.employee_handover_done:
            return "on_hold"
        return "payable"

    def _waits_for_employee_handover(self):
        """The compensation is held for the employee's own handover (art. 50): what custody
        managers may know of it, without its kind or figures (issue 27, item 8)."""
        self.ensure_one()
        return bool(
            self.severance_due
            and not self.severance_paid_date
            and self.severance_formula != "double"
            and not self.employee_handover_done
        )

    def _employee_deliverables(self):
        """(done, completed on) of what the employee owes at the handover (art. 50): mandatory
        checklist items returned or waived in writing, planned introductions made. Clients'
        decisions and the company's reassignments do not count. Counted in SQL, not line by
        line: a departure handover can hold 100,000 clients."""
        self.ensure_one()
        handover = self.handover_id.sudo()
        if not handover or handover.state == "cancel":
            return True, self.departure_date or False
        Item = self.env["custody.handover.item"].sudo()
        Line = self.env["custody.handover.line"].sudo()
        items = [("handover_id", "=", handover.id), ("mandatory", "=", True)]
        introductions = [
            ("handover_id", "=", handover.id),
            ("introduction_state", "!=", False),
            ("state", "!=", "cancelled"),
        ]
        if Item.search_count([*items, ("state", "=", "pending")], limit=1) or Line.search_count(
            [*introductions, ("introduction_state", "!=", "done")], limit=1
        ):
            return False, False
        [(returned_on,)] = Item._read_group(
            [*items, ("state", "=", "returned")], [], ["done_on:max"]
        )
        [(waived_at,)] = Item._read_group(
            [*items, ("state", "=", "waived")], [], ["write_date:max"]
        )
        [(introduced_on,)] = Line._read_group(introductions, [], ["introduction_date:max"])
        dates = [day for day in (returned_on, waived_at and waived_at.date(), introduced_on) if day]
        return True, max(dates) if dates else (self.departure_date or False)

    def _open_handover(self):
        """The draft departure handover of the employee's current clients, prepared as every
        departure handover is (``hr.employee._custody_prepare_departure``); an already running
        one is taken over."""
        self.ensure_one()
        employee = self.employee_id.sudo()
        handover = employee._custody_running_departures()[:1]
        if not handover:
            handover = employee._custody_prepare_departure(
                {
                    "reason": self.env._(
                        "%(employee)s gave notice; the last working day is %(last_day)s.",
                        employee=employee.name,
                        last_day=self.last_working_day,
                    ),
                }
            )
            if not handover:
                return handover
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

    def _plan_responsible(self):
        """Who runs the handover side of the plan: the employee's manager when they run
        handovers (custody manager) or exits (HR), else the HR responsible."""
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
        # The handover side lands where its assignee can open it: a custody manager does not
        # read exits (issue 27, item 8: their chatter holds the kind and the figures), so their
        # activities go on the departure handover; HR's stay on the exit.
        handover_side = self
        if self.handover_id and responsible.has_group(CUSTODY_MANAGER):
            handover_side = self.handover_id.sudo()
        core = self.handover_id.sudo().line_ids.filtered(lambda line: line.tier == "core")
        steps = [
            (
                self.env._("Plan the handover"),
                self.env._(
                    "Check the successors of the draft departure handover and start it, so that "
                    "the clients hear of their new contact during the notice period."
                ),
                handover_side,
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
                handover_side,
                responsible,
                within(0.7),
            ),
            (
                self.env._("Return company items"),
                self.env._(
                    "Work accounts, devices, client files: returned, or waived in writing, by "
                    "the last working day."
                ),
                handover_side,
                responsible,
                end,
            ),
            (
                self.env._("Exit interview"),
                self.env._("Hold the exit interview before the last working day."),
                self,
                hr_user,
                end,
            ),
        ]
        if not self.handover_id:
            # No client to hand over: only the items and the interview remain.
            steps = steps[2:]
        for summary, note, record, user, deadline in steps:
            record.activity_schedule(
                "mail.mail_activity_data_todo",
                date_deadline=deadline,
                summary=summary,
                note=note,
                user_id=user.id,
            )

    def _register_departure(self, departure_date):
        """The departure is registered: never refused for the handover, which may still run;
        the file transfer is due within 15 days; the compensation waits for the employee's own
        deliverables."""
        departed = self.filtered(lambda r: r.state in RUNNING_EXIT_STATES)
        for record in departed:
            handover = record.handover_id or record.employee_id._custody_running_departures()[:1]
            blockers = record.employee_id._get_exit_blockers()
            record._capture_contract_term(departure_date)
            record._set_state(
                "departed",
                {
                    "departure_date": departure_date,
                    "handover_id": handover.id,
                    "file_transfer_due": departure_date + timedelta(days=FILE_TRANSFER_DAYS),
                },
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
                    "departure is never held back; the economic compensation waits for the "
                    "employee's own deliverables):\n"
                    "%(blockers)s",
                    date=departure_date,
                    blockers="\n".join(f"- {message}" for message, _ in blockers),
                )
            else:
                body = self.env._("Departure registered on %(date)s.", date=departure_date)
            record.message_post(body=body)
            if handover and record._handover_open():
                # Custody managers read the handover: it says whether a compensation waits,
                # nothing when none is owed (a resignation), never the kind or the amount.
                if record._waits_for_employee_handover():
                    body = self.env._(
                        "The departure of %(employee)s was registered on %(date)s with this "
                        "handover still open: the economic compensation waits only for the "
                        "employee's own deliverables (items, documents, introductions).",
                        employee=record.employee_id.name,
                        date=departure_date,
                    )
                else:
                    body = self.env._(
                        "The departure of %(employee)s was registered on %(date)s with this "
                        "handover still open.",
                        employee=record.employee_id.name,
                        date=departure_date,
                    )
                handover.message_post(body=body)
        departed._schedule_severance_payment()
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
        # Every departure path (wizard, plain or bulk archive, the archival automation) comes
        # through here: the registered non-competes start with their months and alerts.
        self.env["custody.noncompete"]._start_on_departure(employees)
        return exits

    def _on_handover_closed(self):
        """The departure handover ended: the employee's deliverables are read again, and the
        compensation's payment is planned once it is payable (art. 50)."""
        for fname in (
            "employee_handover_done",
            "employee_handover_done_date",
            "severance_state",
            "severance_due_date",
        ):
            self.env.add_to_compute(self._fields[fname], self)
        self._schedule_severance_payment()

    def _severance_activity_summary(self):
        return self.env._("Pay the economic compensation")

    def _schedule_severance_payment(self):
        """A payable compensation gets its activity, due on its due date; one past its due date
        gets an alert in the chatter once (art. 85: 50–100 % more when paid late). Idempotent:
        called at the departure, when the handover ends and by the daily cron."""
        records = self.sudo()
        records.flush_recordset()
        today = fields.Date.context_today(self)
        summary = self._severance_activity_summary()
        notice_summary = self.env._("Pay the month's wage instead of notice")
        for record in records.filtered(
            lambda r: (
                r.severance_formula == "n_plus_1"
                and r.state in LEFT_EXIT_STATES
                and not r.notice_pay_paid_date
                and not r.activity_ids.filtered(lambda a: a.summary == notice_summary)
            )
        ):
            record.activity_schedule(
                "mail.mail_activity_data_todo",
                date_deadline=record.departure_date or today,
                summary=notice_summary,
                note=self.env._(
                    "N+1: the extra month is due at the departure, whatever the handover "
                    "(Labour Contract Law art. 40, Implementing Regulations art. 20)."
                ),
                user_id=(record.user_id or self.env.user).id,
            )
        for record in records.filtered(lambda r: r.severance_state == "payable"):
            if not record.activity_ids.filtered(lambda a, s=summary: a.summary == s):
                if record.severance_formula == "double":
                    body = self.env._(
                        "The damages for unlawful termination (Labour Contract Law art. 87) are "
                        "payable, due on %(date)s: they are not held for the handover.",
                        date=record.severance_due_date,
                    )
                else:
                    body = self.env._(
                        "The economic compensation is payable, due on %(date)s: the employee's "
                        "own handover is complete (Labour Contract Law art. 50).",
                        date=record.severance_due_date,
                    )
                record.message_post(body=body)
                record.activity_schedule(
                    "mail.mail_activity_data_todo",
                    date_deadline=max(record.severance_due_date or today, today),
                    summary=summary,
                    note=self.env._(
                        "Due on %(date)s (Labour Contract Law art. 50): late payment exposes the "
                        "company to an additional 50–100 %% (art. 85).",
                        date=record.severance_due_date,
                    ),
                    user_id=(record.user_id or self.env.user).id,
                )
            if record.severance_overdue and not record.severance_overdue_alerted:
                record.message_post(
                    body=self.env._(
                        "Overdue: the economic compensation of %(employee)s was due on "
                        "%(date)s. Late payment exposes the company to an additional 50–100 %% "
                        "(Labour Contract Law art. 85).",
                        employee=record.employee_id.name,
                        date=record.severance_due_date,
                    ),
                    partner_ids=(record.user_id or self.env.user).partner_id.ids,
                )
                record.severance_overdue_alerted = True

    @api.model
    def _cron_severance_due(self):
        """Daily: plan the payment of every payable compensation and of every N+1 month, and
        alert the overdue ones."""
        exits = self.sudo().search(
            [
                "|",
                ("severance_state", "=", "payable"),
                "&",
                "&",
                ("severance_formula", "=", "n_plus_1"),
                ("notice_pay_paid_date", "=", False),
                ("state", "in", LEFT_EXIT_STATES),
            ]
        )
        exits._schedule_severance_payment()
        return exits

    def _certificate_contract(self):
        """(start, end) of the contract's term as agreed: recorded on the exit, else from the
        employee's contract version at the departure (hr.version)."""
        self.ensure_one()
        if self.contract_term_start:
            return self.contract_term_start, self.contract_term_end
        employee = self.employee_id.sudo()
        if not employee.version_ids or not self.departure_date:
            return False, False
        version = employee._get_version(self.departure_date)
        return version.contract_date_start, version.contract_date_end

    def _capture_contract_term(self, day=None):
        """Record the contract's agreed term from the version in force (once): the departure
        wizard then overwrites the version's end with the departure date."""
        for record in self.sudo().filtered(lambda r: not r.contract_term_start):
            employee = record.employee_id
            if not employee.version_ids:
                continue
            version = employee._get_version(
                day or record.notice_date or fields.Date.context_today(record)
            )
            if version.contract_date_start:
                record.write(
                    {
                        "contract_term_start": version.contract_date_start,
                        "contract_term_end": version.contract_date_end,
                    }
                )

    def _certificate_missing(self):
        """The facts Implementing Regulations art. 24 requires that are not recorded."""
        self.ensure_one()
        start, _end = self._certificate_contract()
        missing = []
        if not self.departure_date:
            missing.append(self.env._("the departure date"))
        if not start:
            missing.append(self.env._("the start date of the employee's contract"))
        if not self.service_date_start:
            missing.append(self.env._("the start of the service with the company"))
        if not (self.employee_id.sudo().job_title or self.employee_id.sudo().job_id):
            missing.append(self.env._("the employee's position"))
        if not self.termination_kind:
            missing.append(self.env._("the kind of termination"))
        return missing

    def _check_certificate_printable(self):
        """Who may print (HR, or the employee themself) and whether the law's facts are there;
        refused with the article and the missing facts otherwise."""
        user = self.env.user
        is_hr = user.has_group(HR_USER)
        for record in self.sudo():
            if not is_hr and record.employee_id.user_id != user:
                raise AccessError(
                    self.env._(
                        "Only HR and the employee themself may print a termination certificate."
                    )
                )
            if record.state not in LEFT_EXIT_STATES:
                raise UserError(
                    self.env._(
                        "The termination certificate is issued once the departure is registered."
                    )
                )
            missing = record._certificate_missing()
            if missing:
                raise UserError(
                    self.env._(
                        "The termination certificate of %(employee)s cannot be printed: "
                        "Implementing Regulations art. 24 requires %(missing)s.",
                        employee=record.employee_id.name,
                        missing=", ".join(missing),
                    )
                )

    def _fmt_date(self, day):
        lang = self.env["res.lang"]._get_data(code=self.env.lang or "en_US")
        return day.strftime(lang.date_format if lang else "%Y-%m-%d") if day else ""

    def _certificate_term_text(self):
        """The contract's term as the certificate states it: its type and dates."""
        self.ensure_one()
        start, end = self._certificate_contract()
        if self.termination_kind == "task_completed":
            return self.env._(
                "a contract for the completion of a task, from %(start)s",
                start=self._fmt_date(start),
            )
        if end:
            return self.env._(
                "a fixed-term contract from %(start)s to %(end)s",
                start=self._fmt_date(start),
                end=self._fmt_date(end),
            )
        return self.env._("an open-ended contract from %(start)s", start=self._fmt_date(start))

    def _certificate_statement(self):
        """The certificate's statement in the report's language: 解除 or 终止 as the facts are,
        never both (Implementing Regulations art. 24)."""
        self.ensure_one()
        employee = self.employee_id.sudo()
        values = {
            "employee": employee.name,
            "company": self.company_id.name,
            "position": employee.job_title or employee.job_id.name,
            "term": self._certificate_term_text(),
            "date": self._fmt_date(self.departure_date),
            "service": self._certificate_service_text(),
        }
        if self.termination_kind in ENDING_KINDS:
            return self.env._(
                "This is to certify that %(employee)s held the position of %(position)s at "
                "%(company)s under %(term)s. The employment contract ended on %(date)s. Years "
                "of service with the company: %(service)s.",
                **values,
            )
        return self.env._(
            "This is to certify that %(employee)s held the position of %(position)s at "
            "%(company)s under %(term)s. The employment contract was dissolved on %(date)s. "
            "Years of service with the company: %(service)s.",
            **values,
        )

    def _certificate_service_text(self):
        """Years and months of service with the company, as the certificate states them."""
        self.ensure_one()
        start, end = self.service_date_start, self.departure_date
        if not start or not end or end < start:
            return ""
        service = relativedelta(end + timedelta(days=1), start)
        return self.env._(
            "%(years)s year(s) and %(months)s month(s)", years=service.years, months=service.months
        )

    def _certificate_title(self):
        self.ensure_one()
        if self.termination_kind in ENDING_KINDS:
            return self.env._("Certificate of the End of the Labour Contract")
        return self.env._("Certificate of the Dissolution of the Labour Contract")

    def _certificate_date_label(self):
        self.ensure_one()
        if self.termination_kind in ENDING_KINDS:
            return self.env._("Date the contract ended")
        return self.env._("Date the contract was dissolved")

    def _certificate_closing(self):
        return self.env._("This is hereby certified.")

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
    def _migrate_exit_readers(self):
        """19.0.3: custody managers no longer read exits (issue 27, item 8). The plan's open
        activities of users outside HR move to the departure handover (or to the exit's HR
        responsible when there is none), and users outside HR stop following exits: a follower
        is sent the exit's messages. Idempotent."""
        exits = self.sudo().with_context(active_test=False).search([])
        Activity = self.env["mail.activity"].sudo()
        handover_model = self.env["ir.model"]._get_id("custody.handover")
        for activity in Activity.search(
            [("res_model", "=", self._name), ("res_id", "in", exits.ids)]
        ):
            if not activity.user_id or activity.user_id.has_group(HR_USER):
                continue
            record = exits.browse(activity.res_id)
            if record.handover_id:
                activity.write({"res_model_id": handover_model, "res_id": record.handover_id.id})
            else:
                activity.user_id = record.user_id or self.env.ref("base.user_admin")
        followers = (
            self.env["mail.followers"]
            .sudo()
            .search([("res_model", "=", self._name), ("res_id", "in", exits.ids)])
        )
        followers.filtered(
            lambda f: (
                f.partner_id.user_ids
                and not any(user.has_group(HR_USER) for user in f.partner_id.user_ids)
            )
        ).unlink()

    @api.model
    def _migrate_severance_figures(self):
        """Unpaid exits of 19.0.2 (one amount with the N+1 month or the 2N inside it, the whole
        tenure under art. 47, held for the whole handover) get the 19.0.3 figures and status;
        paid ones keep theirs (history). Idempotent."""
        exits = (
            self.sudo()
            .with_context(active_test=False)
            .search([("severance_paid_date", "=", False)])
        )
        for fname in (
            "severance_months_before_2008",
            "severance_months_since_2008",
            "severance_months",
            "severance_amount_before_2008",
            "severance_amount_since_2008",
            "severance_base",
            "severance_amount",
            "notice_pay_amount",
            "damages_amount",
            "severance_total",
            "severance_wage_capped",
            "employee_handover_done",
            "employee_handover_done_date",
            "severance_state",
            "severance_due_date",
        ):
            self.env.add_to_compute(self._fields[fname], exits)
        exits.flush_recordset()
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
        # The migration records the states the notices had reached: its own transition.
        return transition(
            self.sudo().with_context(tracking_disable=True), "state", "departure_date"
        ).create(vals_list)
