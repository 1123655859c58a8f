from markupsafe import Markup, escape

from odoo import api, fields, models


class HrDepartureWizard(models.TransientModel):
    """The departure is never refused for an outstanding handover (Labour Contract Law art. 37):
    the wizard shows what is outstanding, with a link to it, and HR confirms. What waits for
    the handover is the economic compensation (art. 50)."""

    _inherit = "hr.departure.wizard"

    departure_date = fields.Date(default=lambda self: self._default_exit_departure_date())
    exit_outstanding_html = fields.Html(
        string="Outstanding handover", compute="_compute_exit_outstanding", sanitize=False
    )
    exit_has_outstanding = fields.Boolean(compute="_compute_exit_outstanding")

    def _default_exit_departure_date(self):
        """The last working day of the notice, else Odoo's own default."""
        active_ids = self.env.context.get("active_ids", [])
        if len(active_ids) == 1:
            employee = self.env["hr.employee"].browse(active_ids).sudo()
            if employee.exit_last_working_day:
                return employee.exit_last_working_day
        return self._get_default_departure_date()

    @api.depends("employee_ids")
    def _compute_exit_outstanding(self):
        for wizard in self:
            parts = []
            for employee in wizard.employee_ids:
                blockers = employee._get_exit_blockers()
                if not blockers:
                    continue
                # What the user may not open (a handover, for HR without custody rights) links
                # to the employee's exit, which shows the same.
                fallback = employee.sudo().exit_current_id
                items = Markup("").join(
                    Markup("<li>%s</li>")
                    % wizard._exit_link(
                        message,
                        record
                        if record and record.with_env(self.env).has_access("read")
                        else fallback,
                    )
                    for message, record in blockers
                )
                parts.append(
                    Markup("<p class='mb-0'><strong>%s</strong></p><ul>%s</ul>")
                    % (employee.name, items)
                )
            wizard.exit_has_outstanding = bool(parts)
            wizard.exit_outstanding_html = Markup("").join(parts) or False

    @api.model
    def _exit_link(self, message, record):
        if not record:
            return escape(message)
        return Markup("<a href='/odoo/%s/%s'>%s</a>") % (record._name, record.id, message)

    def action_register_departure(self):
        # Read once: archived employees drop out of the wizard's own field once archived.
        employees = self.with_context(active_test=False).employee_ids
        self.env["hr.exit"]._check_exit_date(
            self._fields["departure_date"]._description_string(self.env), self.departure_date
        )
        employees._check_exit_notice_before(self.departure_date)
        res = super(
            HrDepartureWizard, self.with_context(exit_departure_date=self.departure_date)
        ).action_register_departure()
        # Archived or not, the departure is registered on the exit (archival did it already).
        self.env["hr.exit"].sudo().search(
            [("employee_id", "in", employees.ids), ("state", "in", ("draft", "notice"))]
        )._register_departure(self.departure_date)
        # Archived or not: the departure is registered, the non-compete starts (the archival
        # path starts it too, for a plain, a bulk or an automated archive).
        self.env["custody.noncompete"]._start_on_departure(employees)
        return res
