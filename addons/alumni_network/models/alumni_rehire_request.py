from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

# Who approves a rehire: an HR officer, who may create and reactivate employees in Odoo's HR app.
REHIRE_APPROVER_GROUP = "hr.group_hr_user"


class AlumniRehireRequest(models.Model):
    _name = "alumni.rehire.request"
    _description = "Alumni Rehire Request"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "id desc"

    member_id = fields.Many2one(
        "alumni.member", required=True, ondelete="cascade", index=True, readonly=True
    )
    company_id = fields.Many2one(related="member_id.company_id", store=True, index=True)
    rehire_eligibility = fields.Selection(related="member_id.rehire_eligibility")
    proposed_by_id = fields.Many2one("res.users", readonly=True, default=lambda self: self.env.user)
    rehire_date = fields.Date(string="Start Date", required=True, tracking=True)
    department_id = fields.Many2one("hr.department", tracking=True)
    job_title = fields.Char(tracking=True)
    override_reason = fields.Text(
        readonly=True, help="Why a member recorded as not eligible is proposed anyway."
    )
    state = fields.Selection(
        [("proposed", "Proposed"), ("approved", "Approved"), ("refused", "Refused")],
        required=True,
        default="proposed",
        tracking=True,
        index=True,
    )
    decided_by_id = fields.Many2one("res.users", readonly=True)
    refusal_reason = fields.Text(tracking=True)
    employee_id = fields.Many2one("hr.employee", readonly=True, context={"active_test": False})

    @api.depends("member_id.name")
    def _compute_display_name(self):
        for request in self:
            request.display_name = self.env._(
                "Rehire of %(name)s", name=request.member_id.name or "-"
            )

    @api.model_create_multi
    def create(self, vals_list):
        # Refused before anything is written.
        self.env["alumni.member"].browse(
            [vals["member_id"] for vals in vals_list if vals.get("member_id")]
        )._check_rehire_blockers()
        requests = super().create(vals_list)
        requests._schedule_hr_approval()
        return requests

    def action_approve(self):
        """HR approves: the employee is created or reactivated and the boomerang counted."""
        self._check_approver()
        for request in self:
            if request.state != "proposed":
                raise UserError(self.env._("Only a proposed rehire can be approved."))
            request.member_id._check_rehire_blockers()
        for request in self:
            request._rehire()
        return True

    def action_refuse(self):
        self._check_approver()
        if any(request.state != "proposed" for request in self):
            raise UserError(self.env._("Only a proposed rehire can be refused."))
        if any(not (request.refusal_reason or "").strip() for request in self):
            raise UserError(self.env._("Give the reason for refusing the rehire."))
        self.write({"state": "refused", "decided_by_id": self.env.user.id})
        self.activity_ids.sudo().unlink()
        return True

    def _schedule_hr_approval(self):
        """A to-do for the leaver's HR responsible, when the employee file names a real one."""
        model_id = self.env["ir.model"]._get_id(self._name)
        vals_list = []
        for request in self:
            approver = request.member_id.sudo().employee_id.hr_responsible_id
            if not approver or approver._is_superuser() or not approver.active:
                continue
            vals_list.append(
                {
                    "res_model_id": model_id,
                    "res_id": request.id,
                    "activity_type_id": self.env.ref("mail.mail_activity_data_todo").id,
                    "date_deadline": fields.Date.context_today(self),
                    "summary": request.member_id._env_for(approver)._(
                        "Approve or refuse the rehire of %(name)s", name=request.member_id.name
                    ),
                    "user_id": approver.id,
                    "automated": True,
                }
            )
        self.env["mail.activity"].sudo().create(vals_list)

    def _check_approver(self):
        if not self.env.user.has_group(REHIRE_APPROVER_GROUP):
            raise AccessError(self.env._("Only HR can approve or refuse a rehire."))

    def _rehire(self):
        self.ensure_one()
        member = self.member_id.sudo()
        employee = member.employee_id
        position = {"department_id": self.department_id.id, "job_title": self.job_title}
        if employee:
            employee.with_user(self.env.user).action_unarchive()
            employee.write(position)
        else:
            employee = self.env["hr.employee"].create(
                {
                    "name": member.name,
                    "company_id": member.company_id.id,
                    "private_email": member.email,
                    "private_phone": member.phone,
                    **position,
                }
            )
        member.write(
            {
                "employee_id": employee.id,
                "boomerang_count": member.boomerang_count + 1,
                "rehire_date": self.rehire_date,
                "open_to_return": False,
            }
        )
        self.write(
            {"state": "approved", "decided_by_id": self.env.user.id, "employee_id": employee.id}
        )
        self.activity_ids.sudo().unlink()
        body = self.env._(
            "Rehired on %(date)s as %(job)s, approved by %(user)s.",
            date=self.rehire_date,
            job=self.job_title or "-",
            user=self.env.user.name,
        )
        if self.override_reason:
            body = self.env._(
                "%(body)s Eligibility overridden: %(reason)s",
                body=body,
                reason=self.override_reason,
            )
        member.message_post(body=body)
        return employee
