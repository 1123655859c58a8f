from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

WARNING_DAYS = 7


class AlumniBenefit(models.Model):
    _name = "alumni.benefit"
    _description = "Alumni Benefit"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date_end, id"

    member_id = fields.Many2one(
        "alumni.member", required=True, ondelete="cascade", index=True, tracking=True
    )
    company_id = fields.Many2one(related="member_id.company_id", store=True, index=True)
    type_id = fields.Many2one("alumni.benefit.type", string="Benefit", required=True, tracking=True)
    discount_percent = fields.Float(related="type_id.discount_percent")
    date_start = fields.Date(required=True, default=fields.Date.context_today, tracking=True)
    date_end = fields.Date(
        compute="_compute_date_end",
        store=True,
        precompute=True,
        readonly=False,
        required=True,
        tracking=True,
    )
    state = fields.Selection(
        [
            ("active", "Active"),
            ("expiring", "Expiring"),
            ("expired", "Expired"),
            ("revoked", "Revoked"),
        ],
        required=True,
        default="active",
        tracking=True,
        index=True,
    )
    note = fields.Text()

    @api.depends("member_id.name", "type_id.name")
    def _compute_display_name(self):
        for benefit in self:
            benefit.display_name = " - ".join(
                filter(None, [benefit.type_id.name, benefit.member_id.name])
            )

    @api.depends("type_id", "date_start")
    def _compute_date_end(self):
        for benefit in self:
            if benefit.type_id and benefit.date_start:
                benefit.date_end = benefit.date_start + relativedelta(
                    months=benefit.type_id.default_duration_months
                )
            elif not benefit.date_end:
                benefit.date_end = benefit.date_start

    @api.constrains("date_start", "date_end")
    def _check_dates(self):
        for benefit in self:
            if benefit.date_end and benefit.date_start and benefit.date_end < benefit.date_start:
                raise ValidationError(
                    self.env._(
                        "The benefit %(name)s cannot end (%(end)s) before it starts (%(start)s).",
                        name=benefit.display_name,
                        end=benefit.date_end,
                        start=benefit.date_start,
                    )
                )

    @api.constrains("member_id")
    def _check_member_state(self):
        for benefit in self:
            if benefit.member_id.state != "active":
                raise ValidationError(
                    self.env._(
                        "%(member)s is opted out or anonymised and cannot receive benefits.",
                        member=benefit.member_id.name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        benefits = super().create(vals_list)
        # A benefit granted late may already be near its end or past it.
        benefits._update_states(fields.Date.context_today(self))
        return benefits

    def action_revoke(self):
        self.write({"state": "revoked"})

    def action_reactivate(self):
        """Undo a revocation; the state then follows the dates again."""
        if any(benefit.state != "revoked" for benefit in self):
            raise UserError(self.env._("Only a revoked benefit can be reactivated."))
        self._check_member_state()
        self.write({"state": "active"})
        self._update_states(fields.Date.context_today(self))

    def _update_states(self, today):
        """Move the benefits' states with the calendar; warn on those entering 'expiring'."""
        running = self.filtered(lambda b: b.state in ("active", "expiring"))
        expired = running.filtered(lambda b: b.date_end < today)
        expiring = (running - expired).filtered(
            lambda b: b.state == "active" and b.date_end <= today + relativedelta(days=WARNING_DAYS)
        )
        expired.write({"state": "expired"})
        expiring.write({"state": "expiring"})
        expiring._warn_expiring()
        return expiring, expired

    def _warn_expiring(self):
        """Mail the alumnus (when they may receive mail) and give the officer an activity."""
        if not self:
            return
        to_mail = self.filtered(lambda b: b.member_id.can_receive_mail)
        if to_mail:
            template = self.env.ref("alumni_network.mail_template_alumni_benefit_expiring")
            template.sudo().send_mail_batch(to_mail.ids)
        activity_type = self.env.ref("alumni_network.mail_activity_alumni_benefit_expiring")
        model_id = self.env["ir.model"]._get_id(self._name)
        self.env["mail.activity"].sudo().create(
            [
                {
                    "res_model_id": model_id,
                    "res_id": benefit.id,
                    "activity_type_id": activity_type.id,
                    "date_deadline": benefit.date_end,
                    "summary": benefit.member_id._env_for(benefit.member_id._officer())._(
                        "Benefit ends soon: renew or let it expire"
                    ),
                    "user_id": benefit.member_id._officer().id,
                    "automated": True,
                }
                for benefit in self
            ]
        )

    @api.model
    def _cron_update_states(self):
        today = fields.Date.context_today(self)
        benefits = self.search([("state", "in", ("active", "expiring"))])
        return benefits._update_states(today)
