from odoo import api, fields, models

from odoo.addons.client_custody_handover.states import RUNNING_STATES

from .res_partner import COMPETITOR_TAG

CONFLICT_FIELDS = (
    "noncompete_conflict",
    "noncompete_conflict_reason",
    "noncompete_date_end",
    "relationship_risk",
    "relationship_risk_reason",
)


class AlumniMember(models.Model):
    """The alumnus' new employer against the non-compete they left with."""

    _inherit = "alumni.member"

    new_employer_partner_id = fields.Many2one(
        "res.partner",
        string="New employer company",
        tracking=True,
        index="btree_not_null",
        domain=[("is_company", "=", True)],
        help="The new employer as a contact: checked against the company's clients and the "
        "partners tagged Competitor while the alumnus' non-compete runs.",
    )
    noncompete_conflict = fields.Boolean(
        string="Non-compete conflict", readonly=True, copy=False, tracking=True, index=True
    )
    noncompete_conflict_reason = fields.Text(string="Conflict", readonly=True, copy=False)
    # Joining a client is no breach of a non-compete (DOMAIN: an alumnus who joins a client is
    # not competing), but the relationship with that client now runs through a former employee.
    relationship_risk = fields.Boolean(readonly=True, copy=False, tracking=True, index=True)
    relationship_risk_reason = fields.Text(
        string="Relationship risk reason", readonly=True, copy=False
    )
    noncompete_date_end = fields.Date(
        string="Non-compete until",
        readonly=True,
        copy=False,
        help="End of the non-compete the alumnus is bound by today, if any.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._noncompete_fill_employer_name(vals)
        members = super().create(vals_list)
        members.filtered(lambda m: m.employee_id or m.new_employer_partner_id)._noncompete_check()
        return members

    def write(self, vals):
        self._noncompete_fill_employer_name(vals)
        res = super().write(vals)
        if not self.env.context.get("alumni_anonymizing") and (
            "new_employer_partner_id" in vals or "employee_id" in vals
        ):
            self._noncompete_check()
        return res

    def _anonymize(self):
        res = super()._anonymize()
        self.with_context(alumni_anonymizing=True, mail_notrack=True).write(
            {"new_employer_partner_id": False, **dict.fromkeys(CONFLICT_FIELDS, False)}
        )
        return res

    def _rehire_blockers(self):
        """A rehire waits until the person's departure handover is closed (done or cancelled):
        reactivating the employee in the middle of it would hand their clients back."""
        blockers = super()._rehire_blockers()
        employee = self.sudo().employee_id
        if employee:
            handovers = (
                self.env["custody.handover"]
                .sudo()
                .search(
                    [
                        ("employee_id", "=", employee.id),
                        ("kind", "=", "departure"),
                        ("state", "in", RUNNING_STATES),
                    ]
                )
            )
            if handovers:
                blockers.append(
                    self.env._(
                        "The departure handover %(handovers)s is still open; close it first.",
                        handovers=", ".join(handovers.mapped("display_name")),
                    )
                )
        return blockers

    @api.model
    def _noncompete_fill_employer_name(self, vals):
        """The free-text employer follows the contact chosen, unless given too."""
        if vals.get("new_employer_partner_id") and "new_employer" not in vals:
            partner = self.env["res.partner"].browse(vals["new_employer_partner_id"])
            vals["new_employer"] = partner.commercial_partner_id.name

    def _noncompete_check(self):
        """Flag the members whose new employer is a competitor during a non-compete (conflict),
        and, separately, those whose new employer is a client (relationship risk).

        A newly flagged member gets one activity for their alumni officer; a member no longer in
        conflict has that activity closed. Read and written as superuser: the non-compete is HR
        data and the custody ledger custody data, neither is the alumni officer's.
        """
        members = self.sudo().filtered(lambda m: m.state != "anonymized")
        if not members:
            return members
        today = fields.Date.context_today(self)
        noncompetes = (
            self.env["custody.noncompete"]
            .sudo()
            .search(
                [
                    ("employee_id", "in", members.employee_id.ids),
                    ("state", "=", "active"),
                    ("date_start", "<=", today),
                    ("date_end", ">=", today),
                ]
            )
        )
        running = {noncompete.employee_id.id: noncompete for noncompete in noncompetes}
        employers = members.new_employer_partner_id.commercial_partner_id
        client_of = {
            (partner.id, company.id)
            for partner, company in self.env["custody.assignment"]
            .sudo()
            ._read_group(
                [("partner_id", "in", employers.ids), ("date_end", "=", False)],
                ["partner_id", "company_id"],
            )
        }
        competitor = self.env.ref(COMPETITOR_TAG, raise_if_not_found=False)
        flagged = cleared = members.browse()
        for member in members:
            noncompete = running.get(member.employee_id.id)
            reasons = (
                member._noncompete_reasons(noncompete, client_of, competitor) if noncompete else []
            )
            risk = member._relationship_risk_reason(client_of)
            vals = {
                "noncompete_conflict": bool(reasons),
                "noncompete_conflict_reason": "\n".join(reasons) or False,
                "noncompete_date_end": noncompete.date_end if noncompete else False,
                "relationship_risk": bool(risk),
                "relationship_risk_reason": risk or False,
            }
            if reasons:
                flagged |= member
            elif member.noncompete_conflict:
                cleared |= member
            if any(member[fname] != value for fname, value in vals.items()):
                member.write(vals)
        flagged._noncompete_schedule_activities()
        cleared._noncompete_close_activities()
        return flagged

    def _noncompete_reasons(self, noncompete, client_of, competitor):
        self.ensure_one()
        partner = self.new_employer_partner_id
        employer = partner.commercial_partner_id
        if not employer:
            return []
        reasons = []
        if competitor and competitor in (partner | employer).category_id:
            reasons.append(
                self.env._(
                    "The new employer %(employer)s is tagged as a competitor, and the "
                    "non-compete runs until %(end)s.",
                    employer=employer.display_name,
                    end=noncompete.date_end,
                )
            )
        return reasons

    def _relationship_risk_reason(self, client_of):
        """The new employer is a client of the company: a relationship risk, not a conflict."""
        self.ensure_one()
        employer = self.new_employer_partner_id.commercial_partner_id
        if not employer or (employer.id, self.company_id.id) not in client_of:
            return False
        return self.env._(
            "The new employer %(employer)s is a client of the company: the relationship with "
            "it now runs through a former employee.",
            employer=employer.display_name,
        )

    def _noncompete_activity_type(self):
        return self.env.ref("client_custody_alumni.mail_activity_noncompete_conflict")

    def _noncompete_schedule_activities(self):
        """One open conflict activity per member, for the member's alumni officer."""
        activity_type = self._noncompete_activity_type()
        todo = self.filtered(
            lambda m: not m.activity_ids.filtered(lambda a: a.activity_type_id == activity_type)
        )
        today = fields.Date.context_today(self)
        self.env["mail.activity"].sudo().create(
            [
                {
                    "res_model_id": self.env["ir.model"]._get_id(self._name),
                    "res_id": member.id,
                    "activity_type_id": activity_type.id,
                    "summary": member._env_for(member._officer())._(
                        "Non-compete conflict: check the new employer"
                    ),
                    "note": member.noncompete_conflict_reason,
                    "date_deadline": today,
                    "user_id": member._officer().id,
                    "automated": True,
                }
                for member in todo
            ]
        )

    def _noncompete_close_activities(self):
        activity_type = self._noncompete_activity_type()
        activities = self.activity_ids.filtered(lambda a: a.activity_type_id == activity_type)
        if activities:
            activities.action_feedback(
                feedback=self.env._("No longer in conflict with a running non-compete.")
            )

    @api.model
    def _cron_noncompete_check(self):
        """Daily: non-competes start and end, clients come and go, tags change."""
        members = self.sudo().search(
            [
                ("state", "!=", "anonymized"),
                "|",
                "|",
                ("noncompete_conflict", "=", True),
                ("noncompete_date_end", "!=", False),
                ("new_employer_partner_id", "!=", False),
            ]
        )
        running = (
            self.env["custody.noncompete"].sudo().search([("state", "=", "active")]).employee_id
        )
        members |= self.sudo().search(
            [("state", "!=", "anonymized"), ("employee_id", "in", running.ids)]
        )
        return members._noncompete_check()
