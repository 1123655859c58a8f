from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .custody_handover import RUNNING_STATES

CUSTODY_READERS = "client_custody.group_custody_user,hr.group_hr_user"
CUSTODY_USER = "client_custody.group_custody_user"


class HrEmployee(models.Model):
    _inherit = "hr.employee"

    custody_assignment_ids = fields.One2many(
        "custody.assignment",
        "employee_id",
        string="Current clients",
        domain=[("date_end", "=", False)],
        groups="client_custody.group_custody_user",
    )
    custody_client_count = fields.Integer(
        string="Clients held", compute="_compute_custody_counts", groups=CUSTODY_READERS
    )
    custody_core_count = fields.Integer(
        string="Core trade secret clients",
        compute="_compute_custody_counts",
        groups=CUSTODY_READERS,
    )
    custody_personal_count = fields.Integer(
        string="Personal accumulation clients",
        compute="_compute_custody_counts",
        groups=CUSTODY_READERS,
    )
    custody_capacity = fields.Integer(
        string="Client capacity",
        groups=CUSTODY_READERS,
        # Not prefetched with the other columns: users without HR rights read employees through
        # the public profile, where any prefetched private column raises an access error.
        prefetch="custody",
        help="How many clients this employee may hold at most. Empty (0) means unlimited.",
    )

    custody_rule_country_ids = fields.Many2many(
        "res.country",
        "hr_employee_custody_country_rel",
        string="Successor for countries",
        groups=CUSTODY_READERS,
    )
    custody_rule_state_ids = fields.Many2many(
        "res.country.state",
        "hr_employee_custody_state_rel",
        string="Successor for states",
        groups=CUSTODY_READERS,
    )
    custody_rule_industry_ids = fields.Many2many(
        "res.partner.industry",
        "hr_employee_custody_industry_rel",
        string="Successor for industries",
        groups=CUSTODY_READERS,
    )
    custody_rule_category_ids = fields.Many2many(
        "res.partner.category",
        "hr_employee_custody_category_rel",
        string="Successor for tags",
        groups=CUSTODY_READERS,
    )
    custody_running_handover_count = fields.Integer(
        compute="_compute_custody_running_handover_count",
        groups="client_custody.group_custody_manager",
    )

    def _compute_custody_running_handover_count(self):
        groups = dict(
            self.env["custody.handover"]._read_group(
                [
                    ("employee_id", "in", self.ids),
                    ("state", "in", RUNNING_STATES),
                ],
                ["employee_id"],
                ["__count"],
            )
        )
        for employee in self:
            employee.custody_running_handover_count = groups.get(employee, 0)

    def _compute_custody_counts(self):
        """One grouped query for the whole recordset, whatever the number of clients.

        Counted as superuser: HR officers see the counts without access to the ledger itself.
        """
        groups = (
            self.env["custody.assignment"]
            .sudo()
            ._read_group(
                [("employee_id", "in", self.ids), ("date_end", "=", False)],
                ["employee_id", "partner_tier"],
                ["__count"],
            )
        )
        counts = {}
        for employee, tier, count in groups:
            counts.setdefault(employee.id, {})[tier] = count
        for employee in self:
            by_tier = counts.get(employee.id, {})
            employee.custody_core_count = by_tier.get("core", 0)
            employee.custody_personal_count = by_tier.get("personal", 0)
            employee.custody_client_count = sum(by_tier.values())

    @api.constrains("custody_capacity")
    def _check_custody_capacity(self):
        for employee in self:
            if employee.custody_capacity < 0:
                raise ValidationError(
                    self.env._(
                        "The client capacity of %(employee)s cannot be negative.",
                        employee=employee.name,
                    )
                )

    @api.model
    def _custody_on_archive(self, employees):
        """Automation: an archived employee's clients get a draft departure handover.

        Runs however the employee is archived (departure wizard, list action, RPC write). The
        leaver's access to the custody data of these clients ends in the same transaction: the
        custody user record rules only show periods of active employees.
        """
        Handover = self.env["custody.handover"].sudo()
        employees = employees.sudo().filtered(lambda e: not e.active)
        running = Handover.search(
            [
                ("employee_id", "in", employees.ids),
                ("kind", "=", "departure"),
                ("state", "in", RUNNING_STATES),
            ]
        ).employee_id
        Assignment = self.env["custody.assignment"].sudo()
        for employee in employees - running:
            client_ids = Assignment._current_client_ids(employee)
            if not client_ids:
                continue
            busy = set(self.env["custody.handover.line"]._running_lines(client_ids).partner_id.ids)
            client_ids = [client_id for client_id in client_ids if client_id not in busy]
            if not client_ids:
                continue
            successors = employee._custody_default_successors()
            mapping = {}
            if successors:
                mapping = (
                    self.env["custody.handover.wizard"]
                    .sudo()
                    .new({"strategy": "balanced"})
                    ._distribute(client_ids, successors)
                )
            handover = Handover._prepare(
                employee,
                [
                    {
                        "partner_id": client_id,
                        "successor_id": mapping[client_id].id if client_id in mapping else False,
                    }
                    for client_id in client_ids
                ],
                {"kind": "departure", "auto_created": True},
            )
            responsible = employee.parent_id.user_id or self.env.user
            handover.activity_schedule(
                "mail.mail_activity_data_todo",
                user_id=responsible.id,
                summary=self.env._("Hand over the clients of %(employee)s", employee=employee.name),
            )
            handover.message_post(
                body=self.env._(
                    "Prepared automatically: %(employee)s was archived holding %(count)s "
                    "client(s).",
                    employee=employee.name,
                    count=len(client_ids),
                )
            )

    @api.model
    def _custody_on_unarchive(self, employees):
        """Automation: back before the handover started, the prepared draft is cancelled."""
        drafts = (
            self.env["custody.handover"]
            .sudo()
            .search(
                [
                    ("employee_id", "in", employees.ids),
                    ("state", "=", "draft"),
                    ("auto_created", "=", True),
                ]
            )
        )
        if drafts:
            drafts.action_cancel()

    def _custody_default_successors(self):
        """Successors by the company's default strategy; empty when there is none to choose."""
        self.ensure_one()
        company = self.company_id
        if company.custody_departure_strategy == "manager":
            manager = self.parent_id
            return manager if manager.active and manager.user_id else self.browse()
        team_users = (
            self.env["crm.team"]
            .sudo()
            .search(
                ["|", ("member_ids", "in", self.user_id.ids), ("user_id", "in", self.user_id.ids)]
            )
        )
        users = (team_users.member_ids | team_users.user_id) - self.user_id
        return (
            self.sudo()
            .search([("user_id", "in", users.ids), ("company_id", "=", company.id)])
            .filtered(lambda e: e.user_id.has_group(CUSTODY_USER))
        )

    def action_open_handover_wizard(self):
        """Hand over clients: the wizard, for one leaver (form) or several (list)."""
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Hand over clients"),
            "res_model": "custody.handover.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"active_model": "hr.employee", "active_ids": self.ids},
        }

    def action_open_custody_handovers(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Handovers of %(employee)s", employee=self.name),
            "res_model": "custody.handover",
            "view_mode": "list,form",
            "domain": [("employee_id", "=", self.id)],
            "context": {"default_employee_id": self.id},
        }

    def action_open_custody_clients(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "client_custody.res_partner_action_custody_clients"
        )
        action["domain"] = [("custodian_id", "=", self.id)]
        action["context"] = {"default_custodian_id": self.id}
        action["display_name"] = self.env._("Clients of %(employee)s", employee=self.name)
        return action
