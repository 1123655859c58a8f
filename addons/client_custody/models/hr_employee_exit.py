from collections import defaultdict
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .custody_handover import OPEN_LINE_STATES, RUNNING_STATES

# Labour Contract Law art. 37: 30 days' written notice, 3 days during probation.
NOTICE_DAYS = 30
PROBATION_NOTICE_DAYS = 3
EXIT_READERS = "hr.group_hr_user,client_custody.group_custody_manager"
NONCOMPETE_CATEGORIES = [
    ("senior_management", "Senior management"),
    ("senior_technical", "Senior technical staff"),
]
# How many names an error or a status quotes before it says "and N more".
QUOTED_NAMES = 10


# A second class on hr.employee on purpose: the exit obligations are their own concern (HR's),
# kept apart from hr_employee.py, the custody ledger side of the employee (the sales managers').
class HrEmployee(models.Model):
    """Exit obligations of both sides (Labour Contract Law art. 23, 24, 37, 50)."""

    _inherit = "hr.employee"  # pylint: disable=consider-merging-classes-inherited

    exit_notice_date = fields.Date(
        string="Resignation notice date",
        tracking=True,
        groups=EXIT_READERS,
        copy=False,
        help="The day the employee gave written notice of resignation.",
    )
    exit_in_probation = fields.Boolean(
        string="Notice given in probation",
        compute="_compute_exit_last_working_day",
        store=True,
        groups=EXIT_READERS,
        help="The notice date falls within the trial period of the contract then in force.",
    )
    exit_notice_days = fields.Integer(
        string="Notice period (days)",
        compute="_compute_exit_last_working_day",
        store=True,
        groups=EXIT_READERS,
    )
    exit_last_working_day = fields.Date(
        string="Last working day",
        compute="_compute_exit_last_working_day",
        store=True,
        groups=EXIT_READERS,
        help="Notice date plus 30 days, or 3 days when the notice was given in probation "
        "(Labour Contract Law art. 37).",
    )
    exit_confidentiality_date = fields.Date(
        string="Confidentiality agreement signed on",
        tracking=True,
        groups=EXIT_READERS,
        copy=False,
    )
    exit_confidentiality_document = fields.Binary(
        string="Confidentiality agreement",
        attachment=True,
        groups=EXIT_READERS,
        copy=False,
    )
    exit_confidentiality_filename = fields.Char(
        string="Confidentiality agreement file name", groups=EXIT_READERS, copy=False
    )
    exit_noncompete_category = fields.Selection(
        NONCOMPETE_CATEGORIES,
        string="Non-compete category",
        tracking=True,
        groups=EXIT_READERS,
        help="Labour Contract Law art. 24: a non-compete binds only senior management, senior "
        "technical staff and other staff bound to confidentiality (a signed confidentiality "
        "agreement).",
    )
    exit_noncompete_eligible = fields.Boolean(
        string="May be bound by a non-compete",
        compute="_compute_exit_noncompete_eligible",
        groups=EXIT_READERS,
    )
    exit_noncompete_ids = fields.One2many(
        "custody.noncompete", "employee_id", string="Non-competes", groups=EXIT_READERS
    )
    exit_noncompete_count = fields.Integer(
        string="Non-compete count", compute="_compute_exit_noncompete_count", groups=EXIT_READERS
    )
    exit_override_reason = fields.Text(
        string="Gate override reason", readonly=True, copy=False, groups=EXIT_READERS
    )
    exit_override_user_id = fields.Many2one(
        "res.users", string="Gate overridden by", readonly=True, copy=False, groups=EXIT_READERS
    )
    exit_override_date = fields.Datetime(
        string="Gate overridden on", readonly=True, copy=False, groups=EXIT_READERS
    )
    exit_paperwork_state = fields.Selection(
        [
            ("none", "No exit in progress"),
            ("ready", "May proceed"),
            ("blocked", "Blocked"),
            ("overridden", "Overridden"),
        ],
        string="Exit paperwork",
        compute="_compute_exit_paperwork_state",
        groups=EXIT_READERS,
        help="Whether the termination certificate and the severance may proceed: the work, "
        "core clients and company items first have to be handed over (Labour Contract Law "
        "art. 50), unless a custody manager overrode the gate.",
    )
    exit_paperwork_note = fields.Text(
        string="Outstanding handover", compute="_compute_exit_paperwork_state", groups=EXIT_READERS
    )

    @api.depends("exit_notice_date", "version_ids.trial_date_end", "version_ids.date_version")
    def _compute_exit_last_working_day(self):
        for employee in self:
            notice = employee.exit_notice_date
            if not notice:
                employee.exit_in_probation = False
                employee.exit_notice_days = 0
                employee.exit_last_working_day = False
                continue
            # The trial period is HR-manager data; only whether it covers the notice matters here.
            sudo_employee = employee.sudo()
            version = sudo_employee.version_ids and sudo_employee._get_version(notice)
            in_probation = bool(
                version and version.trial_date_end and notice <= version.trial_date_end
            )
            days = PROBATION_NOTICE_DAYS if in_probation else NOTICE_DAYS
            employee.exit_in_probation = in_probation
            employee.exit_notice_days = days
            employee.exit_last_working_day = notice + timedelta(days=days)

    @api.depends("exit_noncompete_category", "exit_confidentiality_date")
    def _compute_exit_noncompete_eligible(self):
        for employee in self:
            employee.exit_noncompete_eligible = bool(employee._exit_noncompete_basis())

    def _compute_exit_noncompete_count(self):
        groups = dict(
            self.env["custody.noncompete"]._read_group(
                [("employee_id", "in", self._origin.ids)], ["employee_id"], ["__count"]
            )
        )
        for employee in self:
            employee.exit_noncompete_count = groups.get(employee._origin, 0)

    @api.depends("active", "exit_notice_date", "departure_date", "exit_override_date")
    def _compute_exit_paperwork_state(self):
        blockers = self._exit_gate_blockers()
        leaving = {
            employee.id
            for [employee] in self.env["custody.handover"]
            .sudo()
            ._read_group(
                [
                    ("employee_id", "in", self._origin.ids),
                    ("kind", "=", "departure"),
                    ("state", "in", RUNNING_STATES),
                ],
                ["employee_id"],
            )
        }
        for employee in self:
            sudo_employee = employee.sudo()
            in_exit = (
                not employee.active
                or sudo_employee.exit_notice_date
                or sudo_employee.departure_date
                or employee._origin.id in leaving
            )
            # Someone not leaving holds clients as part of the job: nothing is outstanding yet.
            lines = blockers.get(employee._origin.id, []) if in_exit else []
            if not in_exit:
                state = "none"
            elif not lines:
                state = "ready"
            elif sudo_employee.exit_override_date:
                state = "overridden"
            else:
                state = "blocked"
            employee.exit_paperwork_state = state
            employee.exit_paperwork_note = "\n".join(f"- {line}" for line in lines) or False

    @api.constrains("exit_notice_date")
    def _check_exit_notice_date(self):
        self._check_exit_notice_before()

    def _check_exit_notice_before(self, departure_date=None):
        """The notice cannot postdate the departure: the employee's, or the one about to be
        registered (the departure wizard asks before anything is written)."""
        for employee in self.sudo():
            notice, departure = employee.exit_notice_date, departure_date or employee.departure_date
            if notice and departure and notice > departure:
                raise ValidationError(
                    self.env._(
                        "The resignation notice of %(employee)s (%(notice)s) cannot be dated "
                        "after the departure date (%(departure)s).",
                        employee=employee.name,
                        notice=notice,
                        departure=departure,
                    )
                )

    @api.constrains("exit_confidentiality_date")
    def _check_exit_confidentiality_date(self):
        today = fields.Date.context_today(self)
        for employee in self.sudo():
            if employee.exit_confidentiality_date and employee.exit_confidentiality_date > today:
                raise ValidationError(
                    self.env._(
                        "The confidentiality agreement of %(employee)s cannot be signed in the "
                        "future.",
                        employee=employee.name,
                    )
                )

    def write(self, vals):
        if vals.get("active"):
            # Back at work (rehired, or archived by mistake): the last exit's notice and gate
            # override no longer describe this employment.
            returning = self.filtered(lambda e: not e.active)
            res = super().write(vals)
            if returning:
                returning.sudo().write(
                    {
                        "exit_notice_date": False,
                        "exit_override_reason": False,
                        "exit_override_user_id": False,
                        "exit_override_date": False,
                    }
                )
            return res
        return super().write(vals)

    def action_open_exit_noncompetes(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Non-competes of %(employee)s", employee=self.name),
            "res_model": "custody.noncompete",
            "view_mode": "list,form",
            "domain": [("employee_id", "=", self.id)],
            "context": {"default_employee_id": self.id},
        }

    def _exit_noncompete_basis(self):
        """Why this employee may be bound by a non-compete (art. 24), or False."""
        self.ensure_one()
        employee = self.sudo()
        if employee.exit_noncompete_category:
            return employee.exit_noncompete_category
        if employee.exit_confidentiality_date:
            return "confidentiality"
        return False

    def _exit_gate_blockers(self):
        """What the employees still have to hand over before their exit completes.

        Returns {employee id: [sentence, ...]} for the employees with something outstanding:
        core clients they still hold outside any running handover, and per running departure
        handover its core clients not accepted yet and its mandatory items still pending.
        Read as superuser: HR decides the exit without access to the custody ledger.
        """
        employees = self._origin  # the departure wizard asks while its form is being edited
        if not employees:
            return {}
        blockers = defaultdict(list)
        handovers = (
            self.env["custody.handover"]
            .sudo()
            .search(
                [
                    ("employee_id", "in", employees.ids),
                    ("kind", "=", "departure"),
                    ("state", "in", RUNNING_STATES),
                ],
                order="id",
            )
        )
        Line = self.env["custody.handover.line"].sudo()
        Assignment = self.env["custody.assignment"].sudo()
        # Counted, and ten of them named: a departure can hold 100,000 clients, and this runs
        # whenever the employee form or the departure wizard is shown.
        held_domain = [
            ("employee_id", "in", employees.ids),
            ("date_end", "=", False),
            ("partner_tier", "=", "core"),
            (
                "partner_id",
                "not in",
                Line._search([("handover_id", "in", handovers.ids), ("state", "!=", "cancelled")]),
            ),
        ]
        for employee, count in Assignment._read_group(held_domain, ["employee_id"], ["__count"]):
            quoted = Assignment.search(
                [*held_domain, ("employee_id", "=", employee.id)], limit=QUOTED_NAMES, order="id"
            )
            blockers[employee.id].append(
                self.env._(
                    "holds %(count)s core client(s) not in a departure handover: %(clients)s",
                    count=count,
                    clients=self._exit_quote(quoted.partner_id.mapped("display_name"), count),
                )
            )
        open_core = [("tier", "=", "core"), ("state", "in", OPEN_LINE_STATES)]
        waiting = dict(
            Line._read_group(
                [("handover_id", "in", handovers.ids), *open_core], ["handover_id"], ["__count"]
            )
        )
        for handover in handovers:
            if count := waiting.get(handover, 0):
                quoted = Line.search(
                    [("handover_id", "=", handover.id), *open_core],
                    limit=QUOTED_NAMES,
                    order="id",
                )
                blockers[handover.employee_id.id].append(
                    self.env._(
                        "%(handover)s: core clients not accepted yet: %(clients)s",
                        handover=handover.name,
                        clients=self._exit_quote(quoted.partner_id.mapped("display_name"), count),
                    )
                )
            items = handover.item_ids.filtered(lambda i: i.mandatory and i.state == "pending")
            if items:
                blockers[handover.employee_id.id].append(
                    self.env._(
                        "%(handover)s: mandatory items neither returned nor waived: %(items)s",
                        handover=handover.name,
                        items=self._exit_quote(items.mapped("name"), len(items)),
                    )
                )
        return dict(blockers)

    def _exit_quote(self, names, total):
        """The first names of a list of ``total``, and how many more there are."""
        quoted = ", ".join(names[:QUOTED_NAMES])
        if total > QUOTED_NAMES:
            quoted = self.env._(
                "%(names)s and %(count)s more", names=quoted, count=total - QUOTED_NAMES
            )
        return quoted
