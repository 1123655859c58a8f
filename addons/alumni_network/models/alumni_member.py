import uuid
from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.fields import Domain
from odoo.tools import format_date

from .alumni_consent import CONSENT_PURPOSES, CONTACT_PURPOSES, PURPOSE_DATA
from .alumni_service import SERVICE_OPEN_STATES

FIRST_CONTACT_DAYS = 7

# Who may read an alumnus' private contact data: alumni officers and HR.
PRIVATE_GROUPS = "alumni_network.group_alumni_officer,hr.group_hr_user"
# The feedback link stays valid this long after the latest mail that quoted it; a mail sent
# less than FEEDBACK_LINK_REFRESH_DAYS after the previous refresh does not write again.
FEEDBACK_LINK_DAYS = 365
FEEDBACK_LINK_REFRESH_DAYS = 30

# What each kind of contact is for: contacting a member needs a consent for that purpose.
KIND_PURPOSE = {
    "first_contact": "contact",
    "career_advice": "contact",
    "job_recommendation": "job_offers",
    "event": "events",
    "greeting": "greetings",
    "hardship_support": "sensitive",
    "knowledge_sharing": "contact",
    "feedback": "contact",
}

# Fields an anonymised member keeps: the statistics and the technical columns.
ANONYMISED_KEPT = {
    "ref",
    "name",
    "state",
    "company_id",
    "department_id",
    "departure_date",
    "departure_reason_id",
    "rehire_eligibility",
    "rehire_date",
    "boomerang_count",
    "anonymized_date",
    "first_contact_deadline",
    "first_contact_date",
    "last_contact_date",
    "user_id",
}

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
    _inherit = ["mail.thread", "mail.activity.mixin", "image.mixin"]
    _order = "departure_date desc, id desc"
    _mailing_enabled = True
    _primary_email = "email"

    name = fields.Char(required=True, tracking=True)
    ref = fields.Char(string="Reference", readonly=True, copy=False, default="/")
    employee_id = fields.Many2one(
        "hr.employee",
        context={"active_test": False},
        tracking=True,
        copy=False,
        readonly=True,
        help="Set when HR registers the departure; only HR links a member to an employee.",
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Private Contact",
        readonly=True,
        copy=False,
        groups=PRIVATE_GROUPS,
        help="The alumnus' private contact, readable by alumni officers and HR only.",
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    user_id = fields.Many2one(
        "res.users",
        string="Alumni Officer",
        tracking=True,
        domain="[('share', '=', False)]",
        default=lambda self: self._default_user_id(),
    )
    email = fields.Char(groups=PRIVATE_GROUPS)
    phone = fields.Char(groups=PRIVATE_GROUPS)
    birthday = fields.Date(groups=PRIVATE_GROUPS)
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
    consent_ids = fields.One2many("alumni.consent", "member_id", string="Consents")
    consent_date = fields.Date(
        compute="_compute_consent_date",
        store=True,
        help="Date of the latest consent still in force; it restarts the retention period.",
    )
    consent_summary = fields.Char(string="Consents Given", compute="_compute_consent_summary")
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
        help="Active, consenting to personal contact and reachable by email.",
    )
    first_contact_deadline = fields.Date(compute="_compute_first_contact_deadline", store=True)
    first_contact_date = fields.Date(compute="_compute_contact_dates", store=True)
    last_contact_date = fields.Date(compute="_compute_contact_dates", store=True)
    next_contact_date = fields.Date(compute="_compute_next_contact_date", store=True)
    retention_date = fields.Date(
        compute="_compute_retention_date",
        store=True,
        help="Personal data is anonymised after this date: the retention period counts from the "
        "departure or the latest consent in force, never beyond the company's maximum.",
    )
    rehire_date = fields.Date(readonly=True, copy=False)
    boomerang_count = fields.Integer(
        string="Boomerangs", readonly=True, copy=False, aggregator="sum"
    )
    is_boomerang = fields.Boolean(compute="_compute_is_boomerang", store=True)
    anonymized_date = fields.Date(readonly=True, copy=False)
    notes = fields.Html()
    sensitive_notes = fields.Text(
        string="Hardship Notes",
        groups="alumni_network.group_alumni_officer",
        help="Sensitive personal information (health, family hardship): only with the "
        "alumnus' separate consent, read by alumni officers only.",
    )
    cv_file = fields.Binary(string="CV", attachment=True, groups=PRIVATE_GROUPS)
    cv_filename = fields.Char(groups=PRIVATE_GROUPS)
    feedback_token = fields.Char(
        copy=False,
        default=lambda self: uuid.uuid4().hex,
        groups="base.group_system",
        help="Secret of the alumnus' feedback link, quoted in every mail.",
    )
    feedback_token_expiry = fields.Datetime(
        copy=False,
        default=lambda self: fields.Datetime.now() + timedelta(days=FEEDBACK_LINK_DAYS),
        groups="base.group_system",
        help="The feedback link works until then; every mail quoting it pushes this back.",
    )
    interaction_ids = fields.One2many("alumni.interaction", "member_id", string="Contact Log")
    referral_ids = fields.One2many("alumni.referral", "member_id", string="Referrals")
    benefit_ids = fields.One2many("alumni.benefit", "member_id", string="Benefits")
    service_ids = fields.One2many("alumni.service", "member_id", string="Service Plan")
    feedback_ids = fields.One2many("alumni.feedback", "member_id")
    rehire_request_ids = fields.One2many(
        "alumni.rehire.request", "member_id", string="Rehire Requests"
    )
    interaction_count = fields.Integer(compute="_compute_counts")
    referral_count = fields.Integer(compute="_compute_counts")
    benefit_count = fields.Integer(compute="_compute_counts")
    service_count = fields.Integer(compute="_compute_counts")
    feedback_count = fields.Integer(compute="_compute_counts")
    event_attended_count = fields.Integer(
        string="Events Attended",
        compute="_compute_event_attended_count",
        compute_sudo=True,
        help="Events whose registration of the alumnus' private contact is marked attended.",
    )

    _ref_uniq = models.Constraint(
        "UNIQUE(company_id, ref)", "The member reference must be unique per company."
    )
    _employee_uniq = models.UniqueIndex(
        "(employee_id) WHERE employee_id IS NOT NULL",
        "An employee has only one alumni record.",
    )

    def _default_user_id(self):
        user = self.env.user
        if not user._is_superuser() and user.has_group("alumni_network.group_alumni_officer"):
            return user
        return self.env.company.alumni_officer_id

    @api.depends("consent_ids.state", "consent_ids.date")
    def _compute_consent_date(self):
        for member in self:
            given = member.consent_ids.filtered(lambda c: c.state == "given")
            member.consent_date = max(given.mapped("date")) if given else False

    @api.depends("consent_ids.state", "consent_ids.purpose")
    def _compute_consent_summary(self):
        labels = dict(
            self.env["alumni.consent"]._fields["purpose"]._description_selection(self.env)
        )
        for member in self:
            given = set(member.consent_ids.filtered(lambda c: c.state == "given").mapped("purpose"))
            member.consent_summary = ", ".join(
                labels[key] for key, _label in CONSENT_PURPOSES if key in given
            )

    @api.depends("state", "consent_ids.state", "consent_ids.purpose", "email")
    def _compute_can_receive_mail(self):
        reachable = self._with_consent("contact")
        for member in self:
            member.can_receive_mail = bool(member in reachable and member.sudo().email)

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

    @api.depends(
        "departure_date",
        "consent_date",
        "state",
        "company_id.alumni_retention_years",
        "company_id.alumni_retention_max_years",
    )
    def _compute_retention_date(self):
        for member in self:
            base = member.departure_date
            if not base:
                member.retention_date = False
                continue
            company = member.company_id
            # Only a consent still in force renews the retention clock (never one in the future:
            # the consent refuses future dates), and never beyond the company's maximum.
            if member.state == "active" and member.consent_date:
                base = max(base, member.consent_date)
            retention = base + relativedelta(years=company.alumni_retention_years or 5)
            ceiling = member.departure_date + relativedelta(
                years=company.alumni_retention_max_years or 10
            )
            member.retention_date = min(retention, ceiling)

    @api.depends("boomerang_count")
    def _compute_is_boomerang(self):
        for member in self:
            member.is_boomerang = member.boomerang_count > 0

    def _compute_counts(self):
        counts = {}
        models_ = ("alumni.interaction", "alumni.referral", "alumni.benefit")
        models_ += ("alumni.service", "alumni.feedback")
        for model in models_:
            groups = self.env[model]._read_group(
                [("member_id", "in", self.ids)], ["member_id"], ["__count"]
            )
            counts[model] = {member.id: count for member, count in groups}
        for member in self:
            member.interaction_count = counts["alumni.interaction"].get(member.id, 0)
            member.referral_count = counts["alumni.referral"].get(member.id, 0)
            member.benefit_count = counts["alumni.benefit"].get(member.id, 0)
            member.service_count = counts["alumni.service"].get(member.id, 0)
            member.feedback_count = counts["alumni.feedback"].get(member.id, 0)

    def _compute_event_attended_count(self):
        groups = self.env["event.registration"]._read_group(
            [("partner_id", "in", self.partner_id.ids), ("state", "=", "done")],
            ["partner_id"],
            ["__count"],
        )
        counts = {partner.id: count for partner, count in groups}
        for member in self:
            member.event_attended_count = counts.get(member.partner_id.id, 0)

    @api.constrains("birthday")
    def _check_birthday(self):
        today = fields.Date.context_today(self)
        for member in self.sudo():
            if member.birthday and member.birthday > today:
                raise ValidationError(
                    self.env._(
                        "The birthday of %(name)s cannot be in the future (%(date)s).",
                        name=member.name,
                        date=member.birthday,
                    )
                )

    @api.constrains("sensitive_notes", "consent_ids")
    def _check_sensitive_consent(self):
        sensitive = self._with_consent("sensitive")
        for member in self.sudo():
            if member.sensitive_notes and member not in sensitive:
                raise ValidationError(
                    self.env._(
                        "Hardship notes about %(name)s need the alumnus' separate consent to "
                        "sensitive notes.",
                        name=member.name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        self._check_employee_link(vals_list)
        employees = self.env["hr.employee"].sudo().with_context(active_test=False)
        for vals in vals_list:
            if vals.get("employee_id") and not vals.get("name"):
                vals["name"] = employees.browse(vals["employee_id"]).name
            if vals.get("ref", "/") == "/":
                vals["ref"] = self.env["ir.sequence"].next_by_code("alumni.member") or "/"
        missing = [vals for vals in vals_list if not vals.get("partner_id")]
        if missing:
            # The private contact is the alumnus' own, not the employee's work contact; the
            # record rules let only alumni officers and HR read it.
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
                            "alumni_private": True,
                        }
                        for vals in missing
                    ]
                )
            )
            for vals, partner in zip(missing, partners, strict=True):
                vals["partner_id"] = partner.id
        members = super().create(vals_list)
        members.filtered(lambda m: m.state == "active")._schedule_first_contact()
        return members

    def write(self, vals):
        anonymizing = self.env.context.get("alumni_anonymizing")
        if not anonymizing and set(vals) - ANONYMISED_WRITABLE:
            self._check_not_anonymized()
        if "employee_id" in vals and not anonymizing:
            self._check_employee_link([vals])
        res = super().write(vals)
        partner_vals = {key: vals[key] for key in ("name", "email", "phone") if key in vals}
        if partner_vals and not anonymizing:
            self.sudo().partner_id.write(partner_vals)
        return res

    def action_opt_out(self):
        """The alumnus withdraws every consent: no more contact, mail, greetings or benefits."""
        self._check_not_anonymized()
        self.consent_ids.filtered(lambda c: c.state == "given").action_withdraw()
        self.write({"state": "opted_out"})
        self._apply_withdrawals()
        self.message_post(body=self.env._("The alumnus opted out of the alumni network."))

    def action_renew_consent(self):
        """Open the consent form: a consent is recorded with its purpose, channel and evidence."""
        self.ensure_one()
        self._check_not_anonymized()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Record Consent"),
            "res_model": "alumni.consent",
            "view_mode": "form",
            "views": [(self.env.ref("alumni_network.alumni_consent_view_form").id, "form")],
            "target": "new",
            "context": {"default_member_id": self.id},
        }

    def action_anonymize(self):
        """Irreversibly anonymise the members (managers only, also run by the retention cron)."""
        if not self.env.user.has_group("alumni_network.group_alumni_manager"):
            raise UserError(self.env._("Only an alumni manager can anonymise members."))
        self._check_not_anonymized()
        self._anonymize()

    def action_send_greeting(self):
        """Send the season's greeting to members who consented to greetings."""
        greeted = self._with_consent("greetings").filtered(lambda m: m.sudo().email)
        refused = self - greeted
        if refused:
            raise UserError(
                self.env._(
                    "No greeting can be sent to %(names)s: the member has not consented to "
                    "greetings, is opted out or anonymised, or has no email address.",
                    names=", ".join(refused.mapped("name")),
                )
            )
        self._send_greeting(self.env.ref("alumni_network.mail_template_alumni_holiday"))

    def action_rehire(self):
        """Open the rehire proposal: the officer proposes, HR approves."""
        self.ensure_one()
        self._check_not_anonymized()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Propose Rehire of %(name)s", name=self.name),
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

    def action_view_services(self):
        return self._open_related("alumni.service", self.env._("Service Plan"))

    def action_view_feedback(self):
        return self._open_related("alumni.feedback", self.env._("Feedback"))

    def action_view_events(self):
        """The alumnus' event registrations: invitations accepted and attendance."""
        self.ensure_one()
        partner = self.sudo().partner_id
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "event.event_registration_action_tree"
        )
        action["domain"] = [("partner_id", "=", partner.id)]
        return action

    def action_view_employee(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "hr.employee",
            "view_mode": "form",
            "res_id": self.employee_id.id,
        }

    # ------------------------------------------------------------------ consent and privacy

    @api.model
    def _consent_domain(self, purpose):
        """Members who may be approached for ``purpose`` today."""
        return Domain("state", "=", "active") & Domain(
            "consent_ids", "any", [("purpose", "=", purpose), ("state", "=", "given")]
        )

    def _with_consent(self, purpose):
        """The members of ``self`` with a consent in force for ``purpose``."""
        if not self:
            return self
        given = (
            self.env["alumni.consent"]
            .sudo()
            .search(
                [("member_id", "in", self.ids), ("purpose", "=", purpose), ("state", "=", "given")]
            )
            .member_id
        )
        return self.filtered(lambda m: m.state == "active" and m in given)

    def _check_consent(self, purpose):
        """Refuse to approach a member for ``purpose`` without their consent."""
        refused = self - self._with_consent(purpose)
        if refused:
            labels = dict(
                self.env["alumni.consent"]._fields["purpose"]._description_selection(self.env)
            )
            raise UserError(
                self.env._(
                    "%(names)s did not consent to %(purpose)s: record the consent first.",
                    names=", ".join(refused.mapped("name")),
                    purpose=labels[purpose],
                )
            )

    def _given_purposes(self):
        """{member id: set of purposes with a consent in force}."""
        result = {member.id: set() for member in self}
        consents = (
            self.env["alumni.consent"]
            .sudo()
            .search([("member_id", "in", self.ids), ("state", "=", "given")])
        )
        for consent in consents:
            result[consent.member_id.id].add(consent.purpose)
        return result

    def _copy_private_data_from_employee(self):
        """Copy the employee's private data a consent in force needs, and only that."""
        purposes = self._given_purposes()
        for member in self.sudo().filtered(lambda m: m.employee_id and m.state == "active"):
            employee = member.employee_id
            given = purposes[member.id]
            vals = {}
            if given & CONTACT_PURPOSES:
                if not member.email and employee.private_email:
                    vals["email"] = employee.private_email
                if not member.phone and employee.private_phone:
                    vals["phone"] = employee.private_phone
                if not member.image_1920 and employee.image_1920:
                    vals["image_1920"] = employee.image_1920
            if "greetings" in given and not member.birthday and employee.birthday:
                vals["birthday"] = employee.birthday
            if vals:
                member.write(vals)

    def _apply_withdrawals(self):
        """Stop the withdrawn purposes at once and erase the data no remaining purpose needs."""
        purposes = self._given_purposes()
        members = self.sudo().with_context(alumni_anonymizing=True, mail_notrack=True)
        for member in members:
            given = purposes[member.id]
            vals = {
                fname: False
                for fname, needed_by in PURPOSE_DATA.items()
                if member[fname] and not given & needed_by
            }
            if vals:
                member.write(vals)
                partner_vals = {key: False for key in ("email", "phone") if key in vals}
                if partner_vals:
                    member.partner_id.write(partner_vals)
            stopped = {key for key, _label in CONSENT_PURPOSES if key not in given}
            member.service_ids.filtered(
                lambda s, stopped=stopped: s.state in SERVICE_OPEN_STATES and s.purpose in stopped
            ).write({"state": "cancelled"})
            if "contact" not in given:
                member.activity_unlink(["alumni_network.mail_activity_alumni_contact_due"])

    def _check_employee_link(self, vals_list):
        """Only HR (or the registration itself) links a member to an employee file."""
        if self.env.su or self.env.user.has_group("hr.group_hr_user"):
            return
        if any(vals.get("employee_id") for vals in vals_list):
            raise UserError(self.env._("Only HR can link an alumni member to an employee."))

    def _rehire_blockers(self):
        """Why this member cannot be rehired now: a list of messages, empty when they can.

        Extension point: other addons add their reasons (the custody bridge refuses a rehire
        while the departure handover is open).
        """
        self.ensure_one()
        blockers = []
        if self.state == "anonymized":
            blockers.append(self.env._("The member is anonymised."))
        if self.sudo().employee_id.active:
            blockers.append(self.env._("%(name)s is already an active employee.", name=self.name))
        return blockers

    def _check_rehire_blockers(self):
        for member in self:
            blockers = member._rehire_blockers()
            if blockers:
                raise UserError(
                    self.env._(
                        "%(name)s cannot be rehired now: %(reasons)s",
                        name=member.name,
                        reasons=" ".join(blockers),
                    )
                )

    def _alumni_feedback_url(self):
        """The alumnus' own link to the feedback and complaint page (no login). Quoting it in a
        mail keeps it valid FEEDBACK_LINK_DAYS more (a new secret if the old one expired)."""
        self.ensure_one()
        member = self.sudo()
        if member.state != "anonymized":
            now = fields.Datetime.now()
            if not member.feedback_token or member._feedback_link_expired(now):
                member._reissue_feedback_token()
            elif member.feedback_token_expiry < now + timedelta(
                days=FEEDBACK_LINK_DAYS - FEEDBACK_LINK_REFRESH_DAYS
            ):
                member.feedback_token_expiry = now + timedelta(days=FEEDBACK_LINK_DAYS)
        return f"{member.get_base_url()}/alumni/feedback/{member.id}/{member.feedback_token}"

    def _feedback_link_expired(self, now=None):
        self.ensure_one()
        expiry = self.sudo().feedback_token_expiry
        return bool(expiry) and expiry < (now or fields.Datetime.now())

    def _reissue_feedback_token(self):
        """A new secret for the feedback link: every link sent before stops working."""
        self.sudo().write(
            {
                "feedback_token": uuid.uuid4().hex,
                "feedback_token_expiry": fields.Datetime.now() + timedelta(days=FEEDBACK_LINK_DAYS),
            }
        )

    def action_reissue_feedback_link(self):
        """Officer: revoke the alumnus' feedback link (leaked, forwarded, abused); the next mail
        carries the new one."""
        self.check_access("write")
        anonymised = self.filtered(lambda m: m.state == "anonymized")
        if anonymised:
            raise UserError(self.env._("An anonymised member has no feedback link."))
        self._reissue_feedback_token()
        return True

    # ------------------------------------------------------------------ officer and follow-up

    def _env_for(self, user):
        """The environment in ``user``'s language, else in the member's company's: what is
        written for someone (an activity's summary) is written in the language they read."""
        lang = user.lang or self.company_id.partner_id.lang or self.env.lang
        return self.with_context(lang=lang).env

    def _officer(self):
        """The real user who follows this member up: never OdooBot."""
        self.ensure_one()
        for user in (self.user_id, self.company_id.alumni_officer_id):
            if user and user.active and not user._is_superuser():
                return user
        return self.env.ref("base.user_admin", raise_if_not_found=False) or self.env.user

    def _schedule_first_contact(self):
        """A first-contact activity for the officer, due within seven days of registration."""
        activity_type = self.env.ref("alumni_network.mail_activity_alumni_first_contact")
        today = fields.Date.context_today(self)
        todo = self.filtered(
            lambda m: (
                not m.first_contact_date
                and not m.activity_ids.filtered(lambda a: a.activity_type_id == activity_type)
            )
        )
        model_id = self.env["ir.model"]._get_id(self._name)
        self.env["mail.activity"].sudo().create(
            [
                {
                    "res_model_id": model_id,
                    "res_id": member.id,
                    "activity_type_id": activity_type.id,
                    "date_deadline": min(
                        max(member.first_contact_deadline or today, today),
                        today + relativedelta(days=FIRST_CONTACT_DAYS),
                    ),
                    "summary": member._env_for(member._officer())._(
                        "First contact: send the service guide"
                    ),
                    "user_id": member._officer().id,
                    "automated": True,
                }
                for member in todo
            ]
        )
        return todo

    def _send_service_guide(self):
        """Mail the service guide, with the notice of how their personal information is
        processed (PIPL art. 17), to the members reachable for personal contact."""
        members = self._with_consent("contact").filtered(lambda m: m.sudo().email)
        if members:
            template = self.env.ref("alumni_network.mail_template_alumni_service_guide")
            template.sudo().send_mail_batch(members.ids)
            notice = self.env.ref("alumni_network.mail_template_alumni_privacy_notice")
            notice.sudo().send_mail_batch(members.ids)
            for member in members:
                member.message_post(
                    body=self.env._(
                        "Service guide and notice on personal information sent to the alumnus."
                    )
                )
        return members

    def _privacy_notice_purposes(self):
        """Per purpose, in the reader's language: its name, the personal information it uses
        and what for, and the date the alumnus consented (False: not consented). The notice
        template lists them (PIPL art. 17: purposes, kinds of data, one consent per purpose)."""
        self.ensure_one()
        env = self.env
        names = dict(self.env["alumni.consent"]._fields["purpose"]._description_selection(env))
        uses = {
            "contact": env._(
                "your e-mail address, phone and photo, so that your alumni officer can keep in "
                "touch with you"
            ),
            "greetings": env._("your birthday, to send you birthday and holiday greetings"),
            "job_offers": env._("your contact details and career, to tell you about job openings"),
            "newsletter": env._("your e-mail address, to send you the alumni newsletter"),
            "events": env._("your contact details, to invite you to alumni events"),
            "sensitive": env._(
                "notes on your health, family hardship or finances, only to offer the hardship "
                "support you ask for, and only with your separate written consent"
            ),
        }
        given = {
            consent.purpose: consent.date
            for consent in self.sudo().consent_ids.sorted("date")
            if consent.state == "given"
        }
        return [
            {
                "name": names[purpose],
                "use": uses[purpose],
                "given": given.get(purpose)
                and format_date(env, given[purpose], date_format="long"),
            }
            for purpose, _label in CONSENT_PURPOSES
        ]

    def _check_not_anonymized(self):
        if any(member.state == "anonymized" for member in self):
            raise UserError(
                self.env._(
                    "An anonymised alumni member is locked: it cannot be changed or restored."
                )
            )

    def _send_greeting(self, template, occasion=False):
        """Mail ``template`` to the members who consented to greetings and log it.

        ``occasion`` (an ``alumni.holiday``) is named in each recipient's language, the one the
        template writes in."""
        members = self._with_consent("greetings").filtered(lambda m: m.sudo().email)
        if not members:
            return members
        by_lang = members.grouped(
            lambda m: m.sudo().partner_id.lang or m.company_id.partner_id.lang or self.env.lang
        )
        for lang, group in by_lang.items():
            name = occasion.with_context(lang=lang).name if occasion else False
            template.with_context(alumni_occasion=name).sudo().send_mail_batch(group.ids)
        today = fields.Date.context_today(self)
        self.env["alumni.interaction"].create(
            [
                {
                    "member_id": member.id,
                    "date": today,
                    "kind": "greeting",
                    "channel": "email",
                    "notes": occasion.name if occasion else template.name,
                }
                for member in members
            ]
        )
        return members

    # ------------------------------------------------------------------ events and mailings

    @api.model
    def _mailing_get_default_domain(self, mailing):
        return list(self._consent_domain("newsletter") & Domain("email", "!=", False))

    def _invite_to_event(self, event):
        """Invite the members who consented to events; log the invitation."""
        invited = self._with_consent("events").filtered(
            lambda m: m.sudo().email and m.company_id in (event.company_id or m.company_id)
        )
        if not invited:
            return invited
        template = self.env.ref("alumni_network.mail_template_alumni_event_invitation")
        template.with_context(alumni_event_id=event.id).sudo().send_mail_batch(invited.ids)
        today = fields.Date.context_today(self)
        self.env["alumni.interaction"].create(
            [
                {
                    "member_id": member.id,
                    "date": today,
                    "kind": "event",
                    "channel": "email",
                    "event_id": event.id,
                }
                for member in invited
            ]
        )
        return invited

    # ------------------------------------------------------------------ anonymisation

    def _anonymize(self):
        """Erase the members' personal data and leave a locked record with statistics only.

        Erased: every text field of the member but the statistics, the CV and photo, the private
        contact (its chatter and attachments too), free-text notes of the contact log, services,
        feedback and referrals, the consents, and the chatter of all of them (it quotes old
        values). Kept: dates, reason, eligibility, department, counts and satisfaction scores.
        """
        today = fields.Date.context_today(self)
        members = self.sudo().with_context(alumni_anonymizing=True, mail_notrack=True)
        partners = members.partner_id
        registrations = (
            self.env["event.registration"].sudo().search([("partner_id", "in", partners.ids)])
        )
        related = {
            "event.registration": registrations.ids,
            "alumni.member": members.ids,
            "res.partner": partners.ids,
            "alumni.interaction": members.interaction_ids.ids,
            "alumni.referral": members.referral_ids.ids,
            "alumni.benefit": members.benefit_ids.ids,
            "alumni.service": members.service_ids.ids,
            "alumni.feedback": members.feedback_ids.ids,
            "alumni.consent": members.consent_ids.ids,
            "alumni.rehire.request": members.rehire_request_ids.ids,
        }
        Message = self.env["mail.message"].sudo()
        Attachment = self.env["ir.attachment"].sudo()
        for model, ids in related.items():
            if not ids:
                continue
            Message.search([("model", "=", model), ("res_id", "in", ids)]).unlink()
            Attachment.search([("res_model", "=", model), ("res_id", "in", ids)]).unlink()
            self.env["mail.activity"].sudo().search(
                [("res_model", "=", model), ("res_id", "in", ids)]
            ).unlink()
        members.consent_ids.unlink()
        self.env["mail.followers"].sudo().search([("partner_id", "in", partners.ids)]).unlink()
        for member in members:
            label = self.env._("Anonymised alumnus %(ref)s", ref=member.ref)
            vals = {
                fname: False
                for fname, field in member._fields.items()
                if field.store
                and field.type in ("char", "text", "html", "date", "binary", "selection")
                and not field.compute
                and not field.readonly
                and fname not in ANONYMISED_KEPT
            }
            vals.update(
                name=label,
                state="anonymized",
                anonymized_date=today,
                employee_id=False,
                open_to_return=False,
                tag_ids=[(5, 0, 0)],
                image_1920=False,
                cv_file=False,
                cv_filename=False,
                feedback_token=False,
                feedback_token_expiry=False,
                rehire_eligibility_reason=False,
                sensitive_notes=False,
            )
            vals.pop("rehire_eligibility", None)
            member.write(vals)
            member.partner_id._alumni_erase(label)
        members.interaction_ids.write({"notes": False})
        members.referral_ids.write(
            {"referred_email": False, "referred_phone": False, "description": False}
        )
        members.service_ids.write({"note": False})
        members.feedback_ids.write({"description": False, "answer": False})
        members.rehire_request_ids.write(
            {"override_reason": False, "job_title": False, "refusal_reason": False}
        )
        members.benefit_ids.write({"note": False})
        members.benefit_ids.filtered(lambda b: b.state in ("active", "expiring")).write(
            {"state": "revoked"}
        )
        registrations.with_context(mail_notrack=True).write(
            {"name": False, "email": False, "phone": False, "company_name": False}
        )
        self.env["mailing.trace"].sudo().search(
            [("model", "=", self._name), ("res_id", "in", members.ids)]
        ).write({"email": False})
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
        """Plan the officer's follow-ups: missing first contacts and regular contacts due."""
        today = fields.Date.context_today(self)
        first_type = self.env.ref("alumni_network.mail_activity_alumni_first_contact")
        regular_type = self.env.ref("alumni_network.mail_activity_alumni_contact_due")
        unplanned = self.search(
            [
                ("state", "=", "active"),
                ("first_contact_date", "=", False),
                ("activity_ids", "not any", [("activity_type_id", "=", first_type.id)]),
            ]
        )
        unplanned._schedule_first_contact()
        due = self.search(
            [
                ("state", "=", "active"),
                ("first_contact_date", "!=", False),
                ("next_contact_date", "<=", today),
                ("activity_ids", "not any", [("activity_type_id", "=", regular_type.id)]),
            ]
        )._with_consent("contact")
        self.env["mail.activity"].sudo().create(
            [
                {
                    "res_model_id": self.env["ir.model"]._get_id(self._name),
                    "res_id": member.id,
                    "activity_type_id": regular_type.id,
                    "date_deadline": member.next_contact_date,
                    "summary": member._env_for(member._officer())._("Regular contact due"),
                    "user_id": member._officer().id,
                    "automated": True,
                }
                for member in due
            ]
        )
        return unplanned, due

    @api.model
    def _cron_send_greetings(self):
        """Birthday and holiday greetings, to members who consented to greetings only."""
        today = fields.Date.context_today(self)
        candidates = self.search(self._consent_domain("greetings") & Domain("email", "!=", False))
        birthdays = candidates.filtered(
            lambda m: m.birthday and (m.birthday.month, m.birthday.day) == (today.month, today.day)
        )
        birthdays._send_greeting(self.env.ref("alumni_network.mail_template_alumni_birthday"))
        holidays = self.env["alumni.holiday"].search([("date", "=", today)])
        holiday_template = self.env.ref("alumni_network.mail_template_alumni_holiday")
        for holiday in holidays:
            candidates._send_greeting(holiday_template, occasion=holiday)
        return birthdays
