from odoo import api, fields, models


class HrEmployee(models.Model):
    _inherit = "hr.employee"

    alumni_member_ids = fields.One2many(
        "alumni.member", "employee_id", groups="alumni_network.group_alumni_officer"
    )
    alumni_member_count = fields.Integer(
        compute="_compute_alumni_member_count", groups="alumni_network.group_alumni_officer"
    )

    def _compute_alumni_member_count(self):
        groups = self.env["alumni.member"]._read_group(
            [("employee_id", "in", self.ids)], ["employee_id"], ["__count"]
        )
        counts = {employee.id: count for employee, count in groups}
        for employee in self:
            employee.alumni_member_count = counts.get(employee.id, 0)

    def write(self, vals):
        res = super().write(vals)
        # The departure wizard archives first and writes the reason and date afterwards.
        departure = {
            key: getattr(vals[key], "id", vals[key])
            for key in ("departure_reason_id", "departure_date")
            if vals.get(key)
        }
        if departure:
            members = (
                self.env["alumni.member"]
                .sudo()
                .search([("employee_id", "in", self.ids), ("state", "!=", "anonymized")])
            )
            members.write(departure)
        return res

    def action_open_alumni_member(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "alumni.member",
            "view_mode": "form",
            "res_id": self.alumni_member_ids[:1].id,
        }

    @api.model
    def _alumni_register_departure(self, employees):
        """Register archived employees as alumni (called by the archive automation rule).

        Idempotent: an employee already registered is left alone, unless they were rehired
        since (a boomerang leaving again), in which case the same record is updated.
        Registration keeps only what the relationship needs: no private data is copied until
        the alumnus gives a consent that needs it (see ``alumni.consent``).
        """
        employees = employees.sudo().filtered(lambda e: not e.active)
        if not employees:
            return self.env["alumni.member"]
        members = self.env["alumni.member"].sudo().search([("employee_id", "in", employees.ids)])
        by_employee = {member.employee_id.id: member for member in members}
        today = fields.Date.context_today(self)
        new_vals = []
        for employee in employees:
            departure_date = employee.departure_date or today
            member = by_employee.get(employee.id)
            if member:
                if member.rehire_date and member.departure_date <= member.rehire_date:
                    member.write(
                        {
                            "departure_date": departure_date,
                            "departure_reason_id": employee.departure_reason_id.id,
                            "department_id": employee.department_id.id,
                            "job_title": employee.job_title,
                        }
                    )
                continue
            new_vals.append(
                {
                    "employee_id": employee.id,
                    "name": employee.name,
                    "company_id": employee.company_id.id,
                    "department_id": employee.department_id.id,
                    "job_title": employee.job_title,
                    "departure_date": departure_date,
                    "departure_reason_id": employee.departure_reason_id.id,
                }
            )
        return self.env["alumni.member"].sudo().create(new_vals)
