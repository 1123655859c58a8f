from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError

FIRST_CONTACT_DAYS = 7

# Fields that identify the person; anonymisation empties them, aggregates stay.
PERSONAL_FIELDS = (
    "email",
    "phone",
    "birthday",
    "new_employer",
    "new_position",
    "rehire_eligibility_reason",
    "notes",
    "consent_channel",
)

# Writes still allowed on an anonymised member: chatter and activities only.
ANONYMISED_WRITABLE = {
    "message_follower_ids",
    "message_ids",
    "message_main_attachment_id",
    "activity_ids",
}


class AlumniMember(models.Model):
    _name = "alumni.member"
    _description = "Alumni Member"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "departure_date desc, id desc"

    name = fields.Char(required=True, tracking=True)
    ref = fields.Char(string="Reference", readonly=True, copy=False, default="/")
    employee_id = fields.Many2one(
        "hr.employee",
        context={"active_test": False},
        tracking=True,
        copy=False,
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Private Contact",
        readonly=True,
        copy=False,
        help="The alumnus' private contact, created with the member.",
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    user_id = fields.Many2one(
        "res.users",
        string="Alumni Officer",
        tracking=True,
        default=lambda self: self._default_user_id(),
    )
    email = fields.Char()
    phone = fields.Char()
    birthday = fields.Date()
    department_id = fields.Many2one("hr.department", string="Last Department")
    job_title = fields.Char(string="Last Job")
    departure_date = fields.Date(required=True, default=fields.Date.context_today, tracking=True)
    departure_reason_id = fields.Many2one("hr.departure.reason", tracking=True)
    new_employer = fields.Char(tracking=True)
    new_position = fields.Char(tracking=True)
    rehire_eligibility = fields.Selection(
        [
            ("eligible", "Eligible"),
            ("conditional", "Conditional"),
            ("not_eligible", "Not Eligible"),
        ],
        required=True,
        default="eligible",
        tracking=True,
    )
    rehire_eligibility_reason = fields.Text(string="Eligibility Reason")
    open_to_return = fields.Boolean(tracking=True)
    tag_ids = fields.Many2many("alumni.tag", string="Skills / Tags")
    consent_date = fields.Date(tracking=True, help="Date the alumnus last agreed to be contacted.")
    consent_channel = fields.Selection(
        [
            ("email", "Email"),
            ("phone", "Phone"),
            ("wechat", "WeChat / WeCom"),
            ("in_person", "In Person"),
            ("paper", "Signed Form"),
        ]
    )
    state = fields.Selection(
        [
            ("active", "Active"),
            ("opted_out", "Opted Out"),
            ("anonymized", "Anonymised"),
        ],
        required=True,
        default="active",
        tracking=True,
        index=True,
    )
    can_receive_mail = fields.Boolean(
        compute="_compute_can_receive_mail",
        help="Active, consenting and reachable by email.",
    )
    first_contact_deadline = fields.Date(compute="_compute_first_contact_deadline", store=True)
    first_contact_date = fields.Date(compute="_compute_contact_dates", store=True)
    last_contact_date = fields.Date(compute="_compute_contact_dates", store=True)
    next_contact_date = fields.Date(compute="_compute_next_contact_date", store=True)
    retention_date = fields.Date(
        compute="_compute_retention_date",
        store=True,
        help="Personal data is anonymised after this date unless consent is renewed.",
    )
    rehire_date = fields.Date(readonly=True, copy=False)
    boomerang_count = fields.Integer(
        string="Boomerangs", readonly=True, copy=False, aggregator="sum"
    )
    is_boomerang = fields.Boolean(compute="_compute_is_boomerang", store=True)
    anonymized_date = fields.Date(readonly=True, copy=False)
    notes = fields.Html()
    interaction_ids = fields.One2many("alumni.interaction", "member_id", string="Contact Log")
    referral_ids = fields.One2many("alumni.referral", "member_id", string="Referrals")
    benefit_ids = fields.One2many("alumni.benefit", "member_id", string="Benefits")
    interaction_count = fields.Integer(compute="_compute_counts")
    referral_count = fields.Integer(compute="_compute_counts")
    benefit_count = fields.Integer(compute="_compute_counts")

    _ref_uniq = models.Constraint(
        "UNIQUE(company_id, ref)", "The member reference must be unique per company."
    )
    _employee_uniq = models.UniqueIndex(
        "(employee_id) WHERE employee_id IS NOT NULL",
        "An employee has only one alumni record.",
    )

    def _default_user_id(self):
        if self.env.user.has_group("alumni_network.group_alumni_officer"):
            return self.env.user
        return self.env.company.alumni_officer_id

    @api.depends("state", "consent_date", "email")
    def _compute_can_receive_mail(self):
        for member in self:
            member.can_receive_mail = bool(
                member.state == "active" and member.consent_date and member.email
            )

    @api.depends("departure_date")
    def _compute_first_contact_deadline(self):
        for member in self:
            member.first_contact_deadline = member.departure_date and (
                member.departure_date + relativedelta(days=FIRST_CONTACT_DAYS)
            )

    @api.depends("interaction_ids.date", "interaction_ids.kind")
    def _compute_contact_dates(self):
        for member in self:
            dates = member.interaction_ids.mapped("date")
            firsts = member.interaction_ids.filtered(lambda i: i.kind == "first_contact")
            member.last_contact_date = max(dates) if dates else False
            member.first_contact_date = min(firsts.mapped("date")) if firsts else False

    @api.depends("last_contact_date", "departure_date", "company_id.alumni_contact_cadence_days")
    def _compute_next_contact_date(self):
        for member in self:
            base = member.last_contact_date or member.departure_date
            member.next_contact_date = base and (
                base + relativedelta(days=member.company_id.alumni_contact_cadence_days or 90)
            )

    @api.depends("departure_date", "consent_date", "state", "company_id.alumni_retention_years")
    def _compute_retention_date(self):
        for member in self:
            base = member.departure_date
            # Only a consent still in force renews the retention clock.
            if member.state == "active" and member.consent_date:
                base = max(base, member.consent_date) if base else member.consent_date
            member.retention_date = base and (
                base + relativedelta(years=member.company_id.alumni_retention_years or 5)
            )

    @api.depends("boomerang_count")
    def _compute_is_boomerang(self):
        for member in self:
            member.is_boomerang = member.boomerang_count > 0

    def _compute_counts(self):
        counts = {}
        for model in ("alumni.interaction", "alumni.referral", "alumni.benefit"):
            groups = self.env[model]._read_group(
                [("member_id", "in", self.ids)], ["member_id"], ["__count"]
            )
            counts[model] = {member.id: count for member, count in groups}
        for member in self:
            member.interaction_count = counts["alumni.interaction"].get(member.id, 0)
            member.referral_count = counts["alumni.referral"].get(member.id, 0)
            member.benefit_count = counts["alumni.benefit"].get(member.id, 0)

    @api.model_create_multi
    def create(self, vals_list):
        employees = self.env["hr.employee"].sudo().with_context(active_test=False)
        for vals in vals_list:
            if vals.get("employee_id") and not vals.get("name"):
                vals["name"] = employees.browse(vals["employee_id"]).name
            if vals.get("ref", "/") == "/":
                vals["ref"] = self.env["ir.sequence"].next_by_code("alumni.member") or "/"
        missing = [vals for vals in vals_list if not vals.get("partner_id")]
        if missing:
            # The private contact is the alumnus' own, not the employee's work contact.
            partners = (
                self.env["res.partner"]
                .sudo()
                .create(
                    [
                        {
                            "name": vals.get("name"),
                            "email": vals.get("email"),
                            "phone": vals.get("phone"),
                            "company_id": False,
                        }
                        for vals in missing
                    ]
                )
            )
            for vals, partner in zip(missing, partners, strict=True):
                vals["partner_id"] = partner.id
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.context.get("alumni_anonymizing") and set(vals) - ANONYMISED_WRITABLE:
            self._check_not_anonymized()
        res = super().write(vals)
        partner_vals = {key: vals[key] for key in ("name", "email", "phone") if key in vals}
        if partner_vals and not self.env.context.get("alumni_anonymizing"):
            self.partner_id.sudo().write(partner_vals)
        return res

    def action_opt_out(self):
        """The alumnus withdraws consent: no more mail, greetings or benefits."""
        self.write({"state": "opted_out"})
        self.message_post(body=self.env._("The alumnus opted out of the alumni network."))

    def action_renew_consent(self):
        """Record a fresh consent today; it also restarts the retention period."""
        today = fields.Date.context_today(self)
        self.write({"state": "active", "consent_date": today})

    def action_anonymize(self):
        """Irreversibly anonymise the members (managers only, also run by the retention cron)."""
        if not self.env.user.has_group("alumni_network.group_alumni_manager"):
            raise UserError(self.env._("Only an alumni manager can anonymise members."))
        self._check_not_anonymized()
        self._anonymize()

    def action_send_greeting(self):
        """Send the season's greeting to consenting, active members."""
        refused = self.filtered(lambda m: not m.can_receive_mail)
        if refused:
            raise UserError(
                self.env._(
                    "No greeting can be sent to %(names)s: the member is opted out, anonymised, "
                    "has not consented or has no email address.",
                    names=", ".join(refused.mapped("name")),
                )
            )
        self._send_greeting(self.env.ref("alumni_network.mail_template_alumni_holiday"))

    def action_rehire(self):
        self.ensure_one()
        self._check_not_anonymized()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Rehire %(name)s", name=self.name),
            "res_model": "alumni.rehire.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"active_model": self._name, "active_ids": self.ids, "active_id": self.id},
        }

    def action_log_contact(self):
        """Open a new contact log entry; the first one is the first contact."""
        self.ensure_one()
        self._check_not_anonymized()
        context = {"default_member_id": self.id}
        if not self.first_contact_date:
            context["default_kind"] = "first_contact"
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Log Contact"),
            "res_model": "alumni.interaction",
            "view_mode": "form",
            "views": [
                (self.env.ref("alumni_network.alumni_interaction_view_form_quick").id, "form")
            ],
            "target": "new",
            "context": context,
        }

    def action_grant_benefit(self):
        self.ensure_one()
        self._check_not_anonymized()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Grant Benefit"),
            "res_model": "alumni.benefit",
            "view_mode": "form",
            "views": [(self.env.ref("alumni_network.alumni_benefit_view_form_quick").id, "form")],
            "target": "new",
            "context": {"default_member_id": self.id},
        }

    def _open_related(self, model, name):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": name,
            "res_model": model,
            "view_mode": "list,form",
            "domain": [("member_id", "=", self.id)],
            "context": {"default_member_id": self.id},
        }

    def action_view_interactions(self):
        return self._open_related("alumni.interaction", self.env._("Contact Log"))

    def action_view_referrals(self):
        return self._open_related("alumni.referral", self.env._("Referrals"))

    def action_view_benefits(self):
        return self._open_related("alumni.benefit", self.env._("Benefits"))

    def action_view_employee(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "hr.employee",
            "view_mode": "form",
            "res_id": self.employee_id.id,
        }

    def _officer(self):
        """The user who follows this member up."""
        self.ensure_one()
        return (
            self.user_id
            or self.company_id.alumni_officer_id
            or self.env.ref("base.user_admin", raise_if_not_found=False)
            or self.env.user
        )

    def _check_not_anonymized(self):
        if any(member.state == "anonymized" for member in self):
            raise UserError(
                self.env._("An anonymised alumni member cannot be changed or restored.")
            )

    def _send_greeting(self, template, occasion=False):
        """Mail ``template`` to the members who may receive mail and log it as a greeting."""
        members = self.filtered("can_receive_mail")
        if not members:
            return members
        template.with_context(alumni_occasion=occasion).sudo().send_mail_batch(members.ids)
        today = fields.Date.context_today(self)
        self.env["alumni.interaction"].create(
            [
                {
                    "member_id": member.id,
                    "date": today,
                    "kind": "greeting",
                    "channel": "email",
                    "notes": occasion or template.name,
                }
                for member in members
            ]
        )
        return members

    def _anonymize(self):
        """Empty every personal field of the members and their private contacts.

        Aggregates (dates, reason, eligibility, department, counts, satisfaction) stay for the
        dashboard; the chatter history, which quotes the old values, is removed.
        """
        today = fields.Date.context_today(self)
        members = self.with_context(alumni_anonymizing=True, mail_notrack=True)
        self.env["mail.message"].sudo().search(
            [("model", "=", self._name), ("res_id", "in", self.ids)]
        ).unlink()
        self.activity_ids.sudo().unlink()
        for member in members:
            label = self.env._("Anonymised alumnus %(ref)s", ref=member.ref)
            vals = dict.fromkeys(PERSONAL_FIELDS, False)
            vals.update(
                name=label,
                state="anonymized",
                anonymized_date=today,
                employee_id=False,
                consent_date=False,
                open_to_return=False,
                tag_ids=[(5, 0, 0)],
            )
            member.write(vals)
            member.partner_id.sudo().write(
                {
                    "name": label,
                    "email": False,
                    "phone": False,
                    "street": False,
                    "street2": False,
                    "city": False,
                    "zip": False,
                    "website": False,
                    "comment": False,
                    "vat": False,
                    "active": False,
                }
            )
        members.interaction_ids.write({"notes": False})
        members.referral_ids.write(
            {"referred_email": False, "referred_phone": False, "description": False}
        )
        members.benefit_ids.filtered(lambda b: b.state in ("active", "expiring")).write(
            {"state": "revoked"}
        )
        for member in members:
            member.message_post(
                body=self.env._(
                    "Personal data anonymised on %(date)s under the retention policy. "
                    "This cannot be undone.",
                    date=today,
                )
            )

    @api.model
    def _cron_apply_retention(self):
        """Anonymise members whose retention period ended without renewed consent."""
        today = fields.Date.context_today(self)
        members = self.search([("state", "!=", "anonymized"), ("retention_date", "<", today)])
        members._anonymize()
        return members

    @api.model
    def _cron_follow_up(self):
        """Plan the officer's follow-ups: overdue first contacts and regular contacts due."""
        today = fields.Date.context_today(self)
        first_type = self.env.ref("alumni_network.mail_activity_alumni_first_contact")
        regular_type = self.env.ref("alumni_network.mail_activity_alumni_contact_due")
        overdue = self.search(
            [
                ("state", "=", "active"),
                ("first_contact_date", "=", False),
                ("first_contact_deadline", "<", today),
                ("activity_ids", "not any", [("activity_type_id", "=", first_type.id)]),
            ]
        )
        due = self.search(
            [
                ("state", "=", "active"),
                ("first_contact_date", "!=", False),
                ("next_contact_date", "<=", today),
                ("activity_ids", "not any", [("activity_type_id", "=", regular_type.id)]),
            ]
        )
        activity_vals = [
            {
                "res_model_id": self.env["ir.model"]._get_id(self._name),
                "res_id": member.id,
                "activity_type_id": first_type.id,
                "date_deadline": member.first_contact_deadline,
                "summary": self.env._("First contact overdue"),
                "user_id": member._officer().id,
                "automated": True,
            }
            for member in overdue
        ] + [
            {
                "res_model_id": self.env["ir.model"]._get_id(self._name),
                "res_id": member.id,
                "activity_type_id": regular_type.id,
                "date_deadline": member.next_contact_date,
                "summary": self.env._("Regular contact due"),
                "user_id": member._officer().id,
                "automated": True,
            }
            for member in due
        ]
        self.env["mail.activity"].sudo().create(activity_vals)
        return overdue, due

    @api.model
    def _cron_send_greetings(self):
        """Birthday and holiday greetings, to consenting active members only."""
        today = fields.Date.context_today(self)
        candidates = self.search(
            [
                ("state", "=", "active"),
                ("consent_date", "!=", False),
                ("email", "!=", False),
            ]
        )
        birthdays = candidates.filtered(
            lambda m: m.birthday and (m.birthday.month, m.birthday.day) == (today.month, today.day)
        )
        birthdays._send_greeting(self.env.ref("alumni_network.mail_template_alumni_birthday"))
        holidays = self.env["alumni.holiday"].search([("date", "=", today)])
        holiday_template = self.env.ref("alumni_network.mail_template_alumni_holiday")
        for holiday in holidays:
            candidates._send_greeting(holiday_template, occasion=holiday.name)
        return birthdays
