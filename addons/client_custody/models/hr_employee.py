from odoo import api, fields, models
from odoo.exceptions import ValidationError

CUSTODY_READERS = "client_custody.group_custody_user,hr.group_hr_user"


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

    def action_open_custody_clients(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "client_custody.res_partner_action_custody_clients"
        )
        action["domain"] = [("custodian_id", "=", self.id)]
        action["context"] = {"default_custodian_id": self.id}
        action["display_name"] = self.env._("Clients of %(employee)s", employee=self.name)
        return action
