from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import plaintext2html

from ..models.custody_handover import RUNNING_STATES

CUSTODY_MANAGER = "client_custody.group_custody_manager"


class HrDepartureWizard(models.TransientModel):
    """The handover gate: no departure while core clients or company items are outstanding.

    Labour Contract Law art. 50: the leaver hands over the work, and severance is paid when the
    handover is complete. A custody manager may let a departure through anyway, with a reason.
    """

    _inherit = "hr.departure.wizard"

    departure_date = fields.Date(default=lambda self: self._default_exit_departure_date())
    custody_gate_note = fields.Text(string="Outstanding handover", compute="_compute_custody_gate")
    custody_gate_blocked = fields.Boolean(
        string="Blocked by the handover", compute="_compute_custody_gate"
    )
    custody_override_reason = fields.Text(
        string="Override reason",
        groups=CUSTODY_MANAGER,
        help="Let the departure through although the handover is outstanding. Logged on the "
        "employee and on the running handover.",
    )

    def _default_exit_departure_date(self):
        """The last working day the resignation notice gives, else Odoo's own default."""
        active_ids = self.env.context.get("active_ids", [])
        if len(active_ids) == 1:
            employee = self.env["hr.employee"].browse(active_ids).sudo()
            if employee.exit_last_working_day:
                return employee.exit_last_working_day
        return self._get_default_departure_date()

    @api.depends("employee_ids")
    def _compute_custody_gate(self):
        for wizard in self:
            blockers = wizard.employee_ids._exit_gate_blockers()
            wizard.custody_gate_blocked = bool(blockers)
            wizard.custody_gate_note = wizard._custody_describe(blockers) or False

    def action_register_departure(self):
        self.employee_ids._check_exit_notice_before(self.departure_date)
        blockers = self.employee_ids._exit_gate_blockers()
        reason = ""
        if blockers:
            is_manager = self.env.user.has_group(CUSTODY_MANAGER)
            reason = (self.sudo().custody_override_reason or "").strip() if is_manager else ""
            if not reason:
                hint = (
                    self.env._("Give an override reason to let the departure through anyway.")
                    if is_manager
                    else self.env._(
                        "Only a client custody manager can override this, with a reason."
                    )
                )
                raise UserError(
                    self.env._(
                        "The departure cannot be completed while the handover is outstanding:\n"
                        "%(blockers)s\n%(hint)s",
                        blockers=self._custody_describe(blockers),
                        hint=hint,
                    )
                )
        res = super().action_register_departure()
        if blockers:
            self._custody_log_override(blockers, reason)
        if self.env.context.get("employee_termination"):
            self._custody_start_noncompetes()
        return res

    def _custody_describe(self, blockers):
        employees = self.env["hr.employee"].sudo().browse(list(blockers))
        return "\n".join(
            f"{employee.name}:\n" + "\n".join(f"- {line}" for line in blockers[employee.id])
            for employee in employees
        )

    def _custody_log_override(self, blockers, reason):
        """Who let which departure through, when and why: on the employee and the handover."""
        employees = self.env["hr.employee"].sudo().browse(list(blockers))
        employees.write(
            {
                "exit_override_reason": reason,
                "exit_override_user_id": self.env.uid,
                "exit_override_date": fields.Datetime.now(),
            }
        )
        author = self.env.user.partner_id.id
        for employee in employees:
            body = self.env._(
                "Handover gate overridden by %(user)s: the departure went through with the "
                "handover outstanding.\nReason: %(reason)s\nOutstanding:\n%(blockers)s",
                user=self.env.user.name,
                reason=reason,
                blockers="\n".join(f"- {line}" for line in blockers[employee.id]),
            )
            employee.message_post(body=plaintext2html(body), author_id=author)
        # The archive automation may just have prepared the departure handover: log there too.
        handovers = (
            self.env["custody.handover"]
            .sudo()
            .search(
                [
                    ("employee_id", "in", employees.ids),
                    ("kind", "=", "departure"),
                    ("state", "in", RUNNING_STATES),
                ]
            )
        )
        for handover in handovers:
            body = self.env._(
                "The departure of %(employee)s was registered with this handover "
                "outstanding: gate overridden by %(user)s.\nReason: %(reason)s",
                employee=handover.employee_id.name,
                user=self.env.user.name,
                reason=reason,
            )
            handover.message_post(body=plaintext2html(body), author_id=author)

    def _custody_start_noncompetes(self):
        """A non-compete starts at departure: the registered drafts start now."""
        drafts = (
            self.env["custody.noncompete"]
            .sudo()
            .search([("employee_id", "in", self.employee_ids.ids), ("state", "=", "draft")])
        )
        drafts.filtered("date_start").with_env(self.env).action_start()
