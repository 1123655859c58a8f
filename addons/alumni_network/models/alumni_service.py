from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError

from .alumni_service_type import SERVICE_PURPOSE

SERVICE_OPEN_STATES = ("planned", "in_progress")


class AlumniService(models.Model):
    _name = "alumni.service"
    _description = "Alumni Service Plan Item"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date_due, id"

    member_id = fields.Many2one(
        "alumni.member", required=True, ondelete="cascade", index=True, tracking=True
    )
    company_id = fields.Many2one(related="member_id.company_id", store=True, index=True)
    department_id = fields.Many2one(related="member_id.department_id", store=True)
    type_id = fields.Many2one("alumni.service.type", string="Service", required=True, tracking=True)
    kind = fields.Selection(related="type_id.kind", store=True)
    purpose = fields.Selection(
        [
            ("contact", "Personal contact"),
            ("job_offers", "Job offers"),
            ("sensitive", "Sensitive notes"),
        ],
        compute="_compute_purpose",
        store=True,
        help="The consent the service needs.",
    )
    user_id = fields.Many2one(
        "res.users",
        string="Owner",
        required=True,
        tracking=True,
        domain="[('share', '=', False)]",
        default=lambda self: self.env.user,
    )
    date_planned = fields.Date(required=True, default=fields.Date.context_today)
    date_due = fields.Date(
        string="Due Date",
        compute="_compute_date_due",
        store=True,
        precompute=True,
        readonly=False,
        required=True,
        tracking=True,
    )
    date_done = fields.Date(string="Delivered On", readonly=True, copy=False)
    state = fields.Selection(
        [
            ("planned", "Planned"),
            ("in_progress", "In Progress"),
            ("delivered", "Delivered"),
            ("cancelled", "Cancelled"),
        ],
        required=True,
        default="planned",
        tracking=True,
        index=True,
    )
    satisfaction = fields.Selection(
        [
            ("0", "Not Rated"),
            ("1", "Very Dissatisfied"),
            ("2", "Dissatisfied"),
            ("3", "Neutral"),
            ("4", "Satisfied"),
            ("5", "Very Satisfied"),
        ],
        default="0",
    )
    note = fields.Text()

    @api.depends("member_id.name", "type_id.name")
    def _compute_display_name(self):
        for service in self:
            service.display_name = " - ".join(
                filter(None, [service.type_id.name, service.member_id.name])
            )

    @api.depends("kind")
    def _compute_purpose(self):
        for service in self:
            service.purpose = SERVICE_PURPOSE.get(service.kind, "contact")

    @api.depends("type_id", "date_planned")
    def _compute_date_due(self):
        for service in self:
            if service.date_planned and service.type_id:
                service.date_due = service.date_planned + relativedelta(
                    days=service.type_id.default_days
                )
            elif not service.date_due:
                service.date_due = service.date_planned

    @api.model_create_multi
    def create(self, vals_list):
        services = super().create(vals_list)
        for purpose in set(services.mapped("purpose")):
            services.filtered(lambda s, p=purpose: s.purpose == p).member_id._check_consent(purpose)
        return services

    def action_start(self):
        self._check_open()
        self.member_id._check_not_anonymized()
        for purpose in set(self.mapped("purpose")):
            self.filtered(lambda s, p=purpose: s.purpose == p).member_id._check_consent(purpose)
        self.write({"state": "in_progress"})

    def action_deliver(self):
        self._check_open()
        self.write({"state": "delivered", "date_done": fields.Date.context_today(self)})

    def action_cancel(self):
        self._check_open()
        self.write({"state": "cancelled"})

    def _check_open(self):
        if any(service.state not in SERVICE_OPEN_STATES for service in self):
            raise UserError(self.env._("Only a planned or running service can be changed."))
