from odoo import api, fields, models
from odoo.exceptions import ValidationError

# What an alumnus may consent to (PIPL arts. 13-14); each purpose is given and withdrawn alone.
CONSENT_PURPOSES = [
    ("contact", "Personal contact"),
    ("greetings", "Greetings"),
    ("job_offers", "Job offers"),
    ("newsletter", "Newsletter"),
    ("events", "Events"),
    ("sensitive", "Sensitive notes"),
]
CONSENT_CHANNELS = [
    ("email", "Email"),
    ("phone", "Phone"),
    ("wechat", "WeChat / WeCom"),
    ("in_person", "In Person"),
    ("paper", "Signed Form"),
    ("other", "Other"),
]
# The private data each purpose needs; data that no remaining purpose needs is erased
# when a consent is withdrawn (PIPL art. 47).
# Sensitive personal information (PIPL arts. 28-29) needs a separate consent in writing or
# electronically (a signed form, an e-mail, a WeChat / WeCom message), never an oral one.
WRITTEN_CHANNELS = frozenset({"paper", "email", "wechat"})
CONTACT_PURPOSES = frozenset({"contact", "greetings", "job_offers", "newsletter", "events"})
PURPOSE_DATA = {
    "email": CONTACT_PURPOSES,
    "phone": CONTACT_PURPOSES,
    "image_1920": CONTACT_PURPOSES,
    "birthday": frozenset({"greetings"}),
    "sensitive_notes": frozenset({"sensitive"}),
}


class AlumniConsent(models.Model):
    _name = "alumni.consent"
    _description = "Alumni Consent"
    _inherit = ["mail.thread"]
    _order = "date desc, id desc"
    _rec_name = "purpose"

    member_id = fields.Many2one(
        "alumni.member", required=True, ondelete="cascade", index=True, tracking=True
    )
    company_id = fields.Many2one(related="member_id.company_id", store=True, index=True)
    purpose = fields.Selection(CONSENT_PURPOSES, required=True, tracking=True)
    channel = fields.Selection(
        CONSENT_CHANNELS, required=True, tracking=True, help="How the alumnus gave the consent."
    )
    date = fields.Date(required=True, default=fields.Date.context_today, tracking=True)
    evidence = fields.Text(
        required=True,
        help="What proves the consent: the signed form's reference, the message or the call.",
    )
    state = fields.Selection(
        [("given", "Given"), ("withdrawn", "Withdrawn")],
        required=True,
        default="given",
        tracking=True,
        index=True,
    )
    withdrawal_date = fields.Date(readonly=True, copy=False)
    statement = fields.Text(
        string="Statement shown",
        help="For sensitive notes: the statement of why they are necessary and how they affect "
        "the alumnus (PIPL art. 30), as shown when the consent was given. Kept with the consent.",
    )

    @api.depends("member_id.name", "purpose")
    def _compute_display_name(self):
        purposes = dict(self._fields["purpose"]._description_selection(self.env))
        for consent in self:
            consent.display_name = " - ".join(
                filter(None, [consent.member_id.name, purposes.get(consent.purpose)])
            )

    @api.onchange("purpose", "member_id")
    def _onchange_purpose_statement(self):
        """The form shows the officer the statement to give with a sensitive consent."""
        if self.purpose == "sensitive" and not self.statement:
            self.statement = self._sensitive_statement()

    def _sensitive_statement(self):
        """The PIPL art. 30 statement of necessity and impact, in the alumnus' language."""
        lang = self.member_id.sudo().partner_id.lang or self.env.lang
        return self.with_context(lang=lang).env._(
            "Why we ask: notes on your health, family hardship or finances are recorded only so "
            "that we can offer you the hardship support you ask for, and for nothing else. How it "
            "affects you: these notes are read only by the company's alumni officers, are never "
            "shared outside the company, and are erased when you withdraw this consent. Giving "
            "this consent is optional: without it you keep every other alumni service."
        )

    @api.constrains("date", "evidence", "channel")
    def _check_consent(self):
        today = fields.Date.context_today(self)
        for consent in self:
            if consent.date and consent.date > today:
                raise ValidationError(
                    self.env._(
                        "A consent cannot be dated in the future (%(date)s).", date=consent.date
                    )
                )
            if not (consent.evidence or "").strip() or not consent.channel:
                raise ValidationError(
                    self.env._("A consent needs its channel and the evidence that proves it.")
                )

    @api.constrains("purpose", "channel", "statement")
    def _check_sensitive_consent(self):
        for consent in self.filtered(lambda c: c.purpose == "sensitive"):
            if consent.channel not in WRITTEN_CHANNELS:
                raise ValidationError(
                    self.env._(
                        "A consent to sensitive notes must be given in writing or "
                        "electronically (signed form, e-mail or WeChat / WeCom message), not "
                        "orally (PIPL art. 29)."
                    )
                )
            if not (consent.statement or "").strip():
                raise ValidationError(
                    self.env._(
                        "A consent to sensitive notes carries the statement of their necessity "
                        "and of their impact shown to the alumnus (PIPL art. 30)."
                    )
                )

    @api.constrains("member_id")
    def _check_member_state(self):
        if any(consent.member_id.state == "anonymized" for consent in self):
            raise ValidationError(self.env._("An anonymised member cannot give consent."))

    @api.model_create_multi
    def create(self, vals_list):
        Member = self.env["alumni.member"]
        for vals in vals_list:
            if vals.get("purpose") == "sensitive" and "statement" not in vals:
                # The company's standard statement, in the alumnus' language (what the form
                # shows); consents recorded before it existed keep none.
                member = Member.browse(vals.get("member_id"))
                vals["statement"] = self.new({"member_id": member.id})._sensitive_statement()
            if not vals.get("channel") or not (vals.get("evidence") or "").strip():
                raise ValidationError(
                    self.env._("A consent needs its channel and the evidence that proves it.")
                )
        consents = super().create(vals_list)
        if self.env.context.get("alumni_migrating"):
            return consents
        members = consents.member_id
        # A fresh consent brings an opted-out member back, and only now may the private
        # contact data be copied from the employee file.
        members.filtered(lambda m: m.state == "opted_out").with_context(
            alumni_consent_sync=True
        ).write({"state": "active"})
        members._copy_private_data_from_employee()
        return consents

    def write(self, vals):
        if set(vals) - {"state", "withdrawal_date"} and not self.env.context.get(
            "alumni_anonymizing"
        ):
            # A consent is evidence: it is withdrawn, never rewritten.
            raise ValidationError(
                self.env._(
                    "A recorded consent cannot be changed; withdraw it and record a new one."
                )
            )
        return super().write(vals)

    def action_withdraw(self):
        """The alumnus withdraws this consent: the purpose stops now, unneeded data is erased."""
        given = self.filtered(lambda c: c.state == "given")
        given.write({"state": "withdrawn", "withdrawal_date": fields.Date.context_today(self)})
        given.member_id._apply_withdrawals()
        return True
