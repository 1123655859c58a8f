from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .custody_handover import CUSTODY_MANAGER, MAX_REFUSAL_HOURS


class ResCompany(models.Model):
    _inherit = "res.company"

    custody_refusal_hours = fields.Integer(
        string="Client refusal window (hours)",
        default=24,
        help="How long a client has to decline a new contact after being notified.",
    )
    custody_handover_approval = fields.Boolean(
        string="Approve handovers of core clients",
        help="A handover holding core trade-secret clients waits for a custody manager's "
        "approval before the clients are notified.",
    )
    custody_approver_id = fields.Many2one(
        "res.users",
        string="Handover approver",
        help="Receives the approval activity of handovers of core clients. Empty: the "
        "company's client custody managers. Never the person handing over.",
    )
    custody_transfer_limit = fields.Integer(
        string="On-the-job transfers per client",
        default=2,
        help="How many on-the-job transfers one client may go through within the period.",
    )
    custody_transfer_period_days = fields.Integer(string="Transfer limit period (days)", default=90)
    custody_undo_days = fields.Integer(
        string="Undo window (days)",
        default=7,
        help="How long after acceptance a manager can undo the transfer of one client.",
    )
    custody_departure_strategy = fields.Selection(
        [
            ("manager", "Department manager as single successor"),
            ("balanced", "Balanced over the team"),
        ],
        string="Default departure strategy",
        default="balanced",
        required=True,
        help="How the draft handover created when an employee is archived distributes the clients.",
    )
    custody_background_threshold = fields.Integer(
        string="Background handover threshold",
        default=1000,
        help="Handovers of more clients than this are processed in the background, in batches, "
        "with their progress shown on the handover. 0 processes every handover at once.",
    )

    @api.constrains(
        "custody_refusal_hours",
        "custody_transfer_limit",
        "custody_transfer_period_days",
        "custody_undo_days",
        "custody_background_threshold",
    )
    def _check_custody_settings(self):
        for company in self:
            values = (
                company.custody_refusal_hours,
                company.custody_transfer_limit,
                company.custody_transfer_period_days,
                company.custody_undo_days,
                company.custody_background_threshold,
            )
            if any(value < 0 for value in values):
                raise ValidationError(
                    self.env._(
                        "Client custody settings cannot be negative (%(company)s).",
                        company=company.name,
                    )
                )
            if company.custody_refusal_hours > MAX_REFUSAL_HOURS:
                raise ValidationError(
                    self.env._(
                        "The refusal window cannot be longer than %(days)s days (%(company)s).",
                        days=MAX_REFUSAL_HOURS // 24,
                        company=company.name,
                    )
                )
            if company.custody_undo_days > 3650 or company.custody_transfer_period_days > 3650:
                raise ValidationError(
                    self.env._(
                        "Undo and transfer-limit periods cannot exceed ten years (%(company)s).",
                        company=company.name,
                    )
                )

    @api.constrains("custody_approver_id")
    def _check_custody_approver(self):
        for company in self:
            approver = company.custody_approver_id
            if approver and not approver.has_group(CUSTODY_MANAGER):
                raise ValidationError(
                    self.env._(
                        "%(user)s cannot approve handovers: the approver must be a client "
                        "custody manager.",
                        user=approver.name,
                    )
                )

    def _custody_tz(self):
        """The company's time zone, for clients who have none of their own: its address's
        (the company's contact record), else its working hours', else UTC."""
        self.ensure_one()
        return self.partner_id.tz or self.resource_calendar_id.tz or "UTC"
