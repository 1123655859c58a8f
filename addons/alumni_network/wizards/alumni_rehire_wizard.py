from odoo import api, fields, models
from odoo.exceptions import UserError


class AlumniRehireWizard(models.TransientModel):
    _name = "alumni.rehire.wizard"
    _description = "Propose the Rehire of an Alumnus"

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
        help="Why a member recorded as not eligible is proposed anyway (managers only)."
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
        """Propose the rehire to HR; HR approves it on the request."""
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
        if member.rehire_request_ids.filtered(lambda r: r.state == "proposed"):
            raise UserError(
                self.env._("A rehire of %(name)s is already proposed to HR.", name=member.name)
            )
        request = self.env["alumni.rehire.request"].create(
            {
                "member_id": member.id,
                "rehire_date": self.rehire_date,
                "department_id": self.department_id.id,
                "job_title": self.job_title,
                "override_reason": self.override_reason,
            }
        )
        member.message_post(
            body=self.env._("Rehire proposed to HR for %(date)s.", date=self.rehire_date)
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": "alumni.rehire.request",
            "view_mode": "form",
            "res_id": request.id,
        }
