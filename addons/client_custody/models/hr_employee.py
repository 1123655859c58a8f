from odoo import api, fields, models
from odoo.exceptions import ValidationError

CUSTODY_READERS = "client_custody.group_custody_user,hr.group_hr_user"
# Groups that reach client data; a leaver's kept account loses them all (and what implies them).
CLIENT_DATA_GROUPS = (
    "client_custody.group_custody_user",
    "base.group_partner_manager",
    "sales_team.group_sale_salesman",
)


class HrEmployee(models.Model):
    _inherit = "hr.employee"

    custody_client_ids = fields.One2many(
        "custody.client",
        "custodian_id",
        string="Current clients",
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

    def _compute_custody_counts(self):
        """One grouped query for the whole recordset, whatever the number of clients.

        Counted as superuser: HR officers see the counts without access to the clients.
        """
        groups = (
            self.env["custody.client"]
            .sudo()
            ._read_group([("custodian_id", "in", self.ids)], ["custodian_id", "tier"], ["__count"])
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
            if not 0 <= employee.custody_capacity <= 1_000_000:
                raise ValidationError(
                    self.env._(
                        "The client capacity of %(employee)s must be between 0 (unlimited) and "
                        "1,000,000.",
                        employee=employee.name,
                    )
                )

    def write(self, vals):
        leaving = self.browse()
        if vals.get("active") is False:
            leaving = self.filtered("active")
        res = super().write(vals)
        if leaving:
            leaving._custody_end_access()
        return res

    def _custody_end_access(self):
        """A leaver's access to client data ends at departure, in the same transaction, however
        the employee is archived: their user is archived, or kept without any group that
        reaches clients when the company says so. A user who still works for the company as
        another, active employee keeps the account. The employee's chatter says which."""
        for employee in self.sudo():
            user = employee.user_id
            if not user or not user.active or user._is_superuser():
                continue
            if (user.employee_ids - employee).filtered("active"):
                continue
            if employee.company_id.custody_leaver_account == "strip" or user == self.env.user:
                groups = self.env["res.groups"]
                for xmlid in CLIENT_DATA_GROUPS:
                    group = self.env.ref(xmlid, raise_if_not_found=False)
                    if group:
                        groups |= group | group.all_implied_by_ids
                removed = user.group_ids & groups
                user.write({"group_ids": [fields.Command.unlink(g.id) for g in removed]})
                employee.message_post(
                    body=self.env._(
                        "Departure: the account %(login)s is kept without access to clients "
                        "(removed: %(groups)s).",
                        login=user.login,
                        groups=", ".join(removed.mapped("full_name")) or "-",
                    )
                )
            else:
                user.write({"active": False})
                employee.message_post(
                    body=self.env._(
                        "Departure: the account %(login)s is archived; its access to clients "
                        "has ended.",
                        login=user.login,
                    )
                )

    def _custody_eligible(self, company=None):
        """The one rule of who can hold clients: the employees among these who are active, of
        ``company`` (when given), and whose active user has client custody access.

        The move service, the handover wizard, the lines, the unassigned-clients queue and the
        automation all ask this; nobody writes it again."""
        return self.sudo().filtered(
            lambda e: (
                e.active
                and (company is None or e.company_id == company)
                and e.user_id.active
                and e.user_id.has_group("client_custody.group_custody_user")
            )
        )

    def _custody_ineligibility(self, company=None):
        """Why this employee cannot hold clients (of ``company``), in words; False if they can."""
        self.ensure_one()
        employee = self.sudo()
        if employee._custody_eligible(company):
            return False
        if not employee.active:
            return self.env._(
                "%(employee)s is archived and cannot hold clients.", employee=employee.name
            )
        if company is not None and employee.company_id != company:
            return self.env._(
                "%(employee)s works for %(employee_company)s and cannot hold a client for "
                "%(company)s.",
                employee=employee.name,
                employee_company=employee.company_id.name,
                company=company.name,
            )
        return self.env._(
            "%(employee)s has no user with client custody access and cannot hold clients.",
            employee=employee.name,
        )

    def action_open_custody_clients(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "client_custody.custody_client_action"
        )
        action["domain"] = [("custodian_id", "=", self.id)]
        action["context"] = {}
        action["display_name"] = self.env._("Clients of %(employee)s", employee=self.name)
        return action
