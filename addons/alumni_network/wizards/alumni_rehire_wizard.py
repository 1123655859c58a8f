from odoo import api, fields, models
from odoo.exceptions import UserError


class AlumniRehireWizard(models.TransientModel):
    _name = "alumni.rehire.wizard"
    _description = "Rehire an Alumnus"

    member_id = fields.Many2one(
        "alumni.member",
        required=True,
        ondelete="cascade",
        default=lambda self: self._default_member_id(),
    )
    rehire_eligibility = fields.Selection(related="member_id.rehire_eligibility")
    rehire_date = fields.Date(required=True, default=fields.Date.context_today)
    department_id = fields.Many2one(
        "hr.department", compute="_compute_position", store=True, readonly=False
    )
    job_title = fields.Char(compute="_compute_position", store=True, readonly=False)
    override_reason = fields.Text(
        help="Why a member recorded as not eligible is rehired anyway (managers only)."
    )

    def _default_member_id(self):
        if self.env.context.get("active_model") == "alumni.member":
            return self.env.context.get("active_id")
        return False

    @api.depends("member_id")
    def _compute_position(self):
        for wizard in self:
            wizard.department_id = wizard.member_id.department_id
            wizard.job_title = wizard.member_id.job_title

    def action_confirm(self):
        """Create or reactivate the employee, link it to the member, count the boomerang."""
        self.ensure_one()
        member = self.member_id
        member._check_not_anonymized()
        if member.rehire_eligibility == "not_eligible":
            if not self.env.user.has_group("alumni_network.group_alumni_manager"):
                raise UserError(
                    self.env._(
                        "%(name)s is not eligible for rehire: only an alumni manager can "
                        "override this.",
                        name=member.name,
                    )
                )
            if not (self.override_reason or "").strip():
                raise UserError(
                    self.env._(
                        "%(name)s is not eligible for rehire: give the reason for the override.",
                        name=member.name,
                    )
                )
        # Creating employees is HR's right; an officer rehiring an eligible alumnus acts for HR.
        employee = member.employee_id.sudo()
        if employee.active:
            raise UserError(
                self.env._("%(name)s is already an active employee.", name=employee.name)
            )
        position = {"department_id": self.department_id.id, "job_title": self.job_title}
        if employee:
            employee.action_unarchive()
            employee.write(position)
        else:
            employee = (
                self.env["hr.employee"]
                .sudo()
                .create(
                    {
                        "name": member.name,
                        "company_id": member.company_id.id,
                        "private_email": member.email,
                        "private_phone": member.phone,
                        **position,
                    }
                )
            )
        member.write(
            {
                "employee_id": employee.id,
                "boomerang_count": member.boomerang_count + 1,
                "rehire_date": self.rehire_date,
                "open_to_return": False,
            }
        )
        body = self.env._(
            "Rehired on %(date)s as %(job)s.", date=self.rehire_date, job=self.job_title or "-"
        )
        if self.override_reason:
            body = self.env._(
                "%(body)s Eligibility overridden: %(reason)s",
                body=body,
                reason=self.override_reason,
            )
        member.message_post(body=body)
        return (
            {
                "type": "ir.actions.act_window",
                "res_model": "hr.employee",
                "view_mode": "form",
                "res_id": employee.id,
            }
            if self.env.user.has_group("hr.group_hr_user")
            else {"type": "ir.actions.act_window_close"}
        )
