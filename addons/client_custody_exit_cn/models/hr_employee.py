from odoo import api, fields, models
from odoo.exceptions import ValidationError

from odoo.addons.client_custody_handover.states import HANDOVER_STATES

from .hr_exit import CUSTODY_MANAGER, EXIT_READERS, HR_USER, LEFT_EXIT_STATES, RUNNING_EXIT_STATES

NONCOMPETE_CATEGORIES = [
    ("senior_management", "Senior management"),
    ("senior_technical", "Senior technical staff"),
]
# How many names a message quotes before it says "and N more".
QUOTED_NAMES = 10


class HrEmployee(models.Model):
    """Exit obligations of both sides (Labour Contract Law art. 23, 24, 37, 50)."""

    _inherit = "hr.employee"

    # The exits themselves are HR's: their kind, notes, figures and chatter (issue 27, item 8).
    # Custody managers read what the handover needs from the employee: the exit's dates, its
    # handover and whether the compensation waits for the employee's own handover.
    exit_ids = fields.One2many("hr.exit", "employee_id", string="Exits", groups=HR_USER)
    exit_count = fields.Integer(compute="_compute_exit_current", groups=HR_USER)
    exit_current_id = fields.Many2one(
        "hr.exit",
        string="Current exit",
        compute="_compute_exit_current",
        groups=HR_USER,
        help="The exit in progress, or, once the employee has left, the exit of that departure.",
    )
    exit_handover_id = fields.Many2one(
        "custody.handover",
        string="Departure handover",
        compute="_compute_exit_current",
        groups=CUSTODY_MANAGER,
        help="The departure handover of the current exit.",
    )
    exit_handover_state = fields.Selection(
        HANDOVER_STATES,
        string="Departure handover status",
        compute="_compute_exit_current",
        groups=EXIT_READERS,
    )
    exit_employee_handover_done = fields.Boolean(
        string="Employee's handover complete",
        compute="_compute_exit_current",
        groups=EXIT_READERS,
        help="Labour Contract Law art. 50: the leaver's own deliverables (mandatory items "
        "returned or waived in writing, client files, introductions made). Clients' decisions "
        "and the company's reassignments are not the leaver's duty.",
    )
    exit_compensation_waits_for_handover = fields.Boolean(
        string="Compensation waits for the employee's handover",
        compute="_compute_exit_current",
        groups=EXIT_READERS,
        help="Labour Contract Law art. 50: the economic compensation is paid when the leaver's "
        "own handover is complete. Neither its kind nor its amount is shown here.",
    )
    exit_notice_date = fields.Date(
        string="Resignation notice date",
        compute="_compute_exit_current",
        groups=EXIT_READERS,
    )
    exit_in_probation = fields.Boolean(
        string="Notice given in probation",
        compute="_compute_exit_current",
        groups=EXIT_READERS,
    )
    exit_notice_days = fields.Integer(
        string="Notice period (days)",
        compute="_compute_exit_current",
        groups=EXIT_READERS,
    )
    exit_last_working_day = fields.Date(
        string="Last working day",
        compute="_compute_exit_current",
        groups=EXIT_READERS,
    )
    exit_outstanding_note = fields.Text(
        string="Outstanding handover",
        compute="_compute_exit_outstanding_note",
        groups=EXIT_READERS,
        help="What the leaver still has to hand over. It never holds the departure back; the "
        "economic compensation waits for the handover (Labour Contract Law art. 50).",
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

    @api.depends(
        "active",
        "exit_ids.state",
        "exit_ids.notice_date",
        "exit_ids.notice_days",
        "exit_ids.last_working_day",
        "exit_ids.handover_id",
        "exit_ids.employee_handover_done",
        "exit_ids.severance_state",
    )
    def _compute_exit_current(self):
        exits = (
            self.env["hr.exit"]
            .sudo()
            .search(
                [("employee_id", "in", self._origin.ids), ("state", "!=", "cancel")],
                order="id desc",
            )
        )
        by_employee = exits.grouped("employee_id")
        for employee in self:
            mine = by_employee.get(employee._origin, exits.browse())
            employee.exit_count = len(mine)
            running = mine.filtered(lambda e: e.state in RUNNING_EXIT_STATES)
            if not running and not employee.active:
                running = mine.filtered(lambda e: e.state in LEFT_EXIT_STATES)
            current = running[:1]
            employee.exit_current_id = current
            employee.exit_handover_id = current.handover_id
            employee.exit_handover_state = current.handover_id.state
            employee.exit_employee_handover_done = bool(current) and current.employee_handover_done
            employee.exit_compensation_waits_for_handover = (
                bool(current) and current._waits_for_employee_handover()
            )
            employee.exit_notice_date = current.notice_date
            employee.exit_in_probation = current.in_probation
            employee.exit_notice_days = current.notice_days
            employee.exit_last_working_day = current.last_working_day

    def _compute_exit_outstanding_note(self):
        for employee in self:
            in_exit = not employee.active or employee.sudo().exit_current_id
            blockers = employee._get_exit_blockers() if in_exit and employee._origin else []
            employee.exit_outstanding_note = (
                "\n".join(f"- {message}" for message, _ in blockers) or False
            )

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

    def _check_exit_notice_before(self, departure_date=None):
        """The notice cannot postdate the departure: the employee's, or the one about to be
        registered (the departure wizard asks before anything is written)."""
        for employee in self.sudo():
            notice = employee.exit_current_id.notice_date
            departure = departure_date or employee.departure_date
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

    @api.model
    def _custody_on_archive(self, employees):
        """However the employee is archived, the exit registers the departure (after the
        custody automation prepared the departure handover, if one was needed)."""
        res = super()._custody_on_archive(employees)
        self.env["hr.exit"]._on_employees_archived(
            employees, self.env.context.get("exit_departure_date")
        )
        return res

    def action_exit_record_notice(self):
        """Record a resignation (or a termination) notice: a new exit, or the one in progress."""
        self.ensure_one()
        current = self.sudo().exit_current_id
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Exit of %(employee)s", employee=self.name),
            "res_model": "hr.exit",
            "view_mode": "form",
            "res_id": current.id if current.state in RUNNING_EXIT_STATES else False,
            "context": {
                "default_employee_id": self.id,
                "default_termination_kind": "resignation",
            },
        }

    def action_open_exits(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Exits of %(employee)s", employee=self.name),
            "res_model": "hr.exit",
            "view_mode": "list,form",
            "domain": [("employee_id", "=", self.id)],
            "context": {"default_employee_id": self.id},
        }

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

    def action_open_exit_wages(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Monthly wages of %(employee)s", employee=self.name),
            "res_model": "hr.exit.wage",
            "view_mode": "list",
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

    def _get_exit_blockers(self):
        """What the employee still has to hand over, as [(sentence, record to open)].

        Extension point: other addons append their own outstanding obligations. Nothing here
        ever refuses a departure (Labour Contract Law art. 37): the departure wizard shows the
        list and registers the departure; what waits for the handover is the severance.
        Counted, ten names quoted: a departure can hold 100,000 clients. Read as superuser: HR
        decides the exit without access to the custody ledger.
        """
        self.ensure_one()
        employee = self._origin
        blockers = []
        if not employee:
            return blockers
        handovers = employee._custody_running_departures()
        Line = self.env["custody.handover.line"].sudo()
        Assignment = self.env["custody.assignment"].sudo()
        # Clients, not lines: a client in a running departure handover is being handed over.
        in_handover = Line._search(
            [("handover_id", "in", handovers.ids), ("state", "!=", "cancelled")]
        ).subselect("partner_id")
        held_domain = [
            ("employee_id", "=", employee.id),
            ("date_end", "=", False),
            ("partner_tier", "=", "core"),
            ("partner_id", "not in", in_handover),
        ]
        if count := Assignment.search_count(held_domain):
            quoted = Assignment.search(held_domain, limit=QUOTED_NAMES, order="id")
            blockers.append(
                (
                    self.env._(
                        "holds %(count)s core client(s) not in a departure handover: %(clients)s",
                        count=count,
                        clients=self._exit_quote(quoted.partner_id.mapped("display_name"), count),
                    ),
                    employee,
                )
            )
        waiting = dict(
            Line._read_group(
                handovers._open_lines_domain(tier="core"), ["handover_id"], ["__count"]
            )
        )
        for handover in handovers:
            if count := waiting.get(handover, 0):
                quoted = Line.search(
                    handover._open_lines_domain(tier="core"),
                    limit=QUOTED_NAMES,
                    order="id",
                )
                blockers.append(
                    (
                        self.env._(
                            "%(handover)s: %(count)s core client(s) not accepted yet: %(clients)s",
                            handover=handover.name,
                            count=count,
                            clients=self._exit_quote(
                                quoted.partner_id.mapped("display_name"), count
                            ),
                        ),
                        handover,
                    )
                )
            items = handover._pending_mandatory_items()
            if items:
                blockers.append(
                    (
                        self.env._(
                            "%(handover)s: mandatory items neither returned nor waived: %(items)s",
                            handover=handover.name,
                            items=self._exit_quote(items.mapped("name"), len(items)),
                        ),
                        handover,
                    )
                )
        return blockers

    def _exit_quote(self, names, total):
        """The first names of a list of ``total``, and how many more there are."""
        quoted = ", ".join(names[:QUOTED_NAMES])
        if total > QUOTED_NAMES:
            quoted = self.env._(
                "%(names)s and %(count)s more", names=quoted, count=total - QUOTED_NAMES
            )
        return quoted
