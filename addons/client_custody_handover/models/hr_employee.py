from odoo import api, fields, models

from ..states import RUNNING_STATES

CUSTODY_READERS = "client_custody.group_custody_user,hr.group_hr_user"


class HrEmployee(models.Model):
    _inherit = "hr.employee"

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

    def _custody_running_departures(self):
        """The one reader of "the running departure handovers of these employees" (the exit
        and WeCom addons ask it too)."""
        return (
            self.env["custody.handover"]
            .sudo()
            .search(
                [
                    ("employee_id", "in", self.ids),
                    ("kind", "=", "departure"),
                    ("state", "in", RUNNING_STATES),
                ],
                order="id",
            )
        )

    def _custody_prepare_departure(self, vals=None):
        """The one way a departure handover is prepared: a draft of the employee's current
        clients (those in no other running handover), spread over the default successors
        (``_custody_default_successors``), with its checklist. Returns the running departure
        handover when there is one already, an empty recordset when there is nothing to hand
        over."""
        self.ensure_one()
        employee = self.sudo()
        Handover = self.env["custody.handover"].sudo()
        running = employee._custody_running_departures()[:1]
        if running:
            return running
        client_ids = self.env["custody.assignment"].sudo()._current_client_ids(employee)
        busy = set(self.env["custody.handover.line"]._running_lines(client_ids).partner_id.ids)
        client_ids = [client_id for client_id in client_ids if client_id not in busy]
        if not client_ids:
            return Handover
        successors = employee._custody_default_successors()
        mapping = Handover._distribute("balanced", client_ids, successors) if successors else {}
        return Handover._prepare(
            employee,
            [
                {
                    "partner_id": client_id,
                    "successor_id": mapping[client_id].id if client_id in mapping else False,
                }
                for client_id in client_ids
            ],
            dict(vals or {}, kind="departure"),
        )

    @api.model
    def _custody_on_archive(self, employees):
        """Automation: an archived employee's clients get a draft departure handover.

        Runs however the employee is archived (departure wizard, list action, RPC write). The
        leaver's access to the custody data of these clients ends in the same transaction: the
        custody user record rules only show periods of active employees.
        """
        employees = employees.sudo().filtered(lambda e: not e.active)
        running = employees._custody_running_departures().employee_id
        for employee in employees - running:
            handover = employee._custody_prepare_departure({"auto_created": True})
            if not handover:
                continue
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
                    count=handover.line_count,
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
        """Successors by the company's default strategy; empty when there is none to choose.

        Balanced: over the leaver's team (``_custody_team``), falling back to the manager when
        the leaver has no team mate who can hold clients."""
        self.ensure_one()
        manager = self.parent_id.sudo()
        manager = manager if manager.active and manager.user_id else self.browse()
        if self.company_id.custody_departure_strategy == "manager":
            return manager._custody_can_receive()
        return self._custody_team()._custody_can_receive() or manager._custody_can_receive()

    def _custody_team(self):
        """The leaver's team mates: their department (the CRM addon adds the sales teams)."""
        self.ensure_one()
        if not self.department_id:
            return self.browse()
        return self.sudo().search(
            [
                ("department_id", "=", self.department_id.id),
                ("company_id", "=", self.company_id.id),
                ("id", "!=", self.id),
            ]
        )

    def _custody_is_leaving(self):
        """The employees among these who are leaving: archived, or with a departure recorded
        (a hook: the exit addon adds those who gave notice). The one rule of who may be handed
        over as a departure (``custody.handover._check_departure_leaver``, on every path);
        anyone else's clients change hands as an on-the-job transfer, with its limits."""
        return self.sudo().filtered(lambda e: not e.active or e.departure_date)

    def _custody_can_receive(self):
        """The employees among these who can hold clients (the one rule, for their company)."""
        return self.sudo().filtered(lambda e: e._custody_eligible(e.company_id))

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
