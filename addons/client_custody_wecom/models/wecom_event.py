import hashlib
import logging
import re

from lxml import etree

from odoo import api, fields, models
from odoo.tools import SQL

from ..tools.wecom_crypto import WeComCryptoError, check_signature, decrypt
from .wecom_transfer import AWAITING_STATES

_logger = logging.getLogger(__name__)

# A callback older (or newer) than this is refused as a replay.
MAX_AGE_SECONDS = 300
# XML without entities nor network access: the payload comes from outside.
XML_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, remove_comments=True)
FAIL_REASONS = {"customer_refused": "refused", "customer_limit_exceed": "over_capacity"}
# WeCom's events are a few hundred bytes; anything beyond this is refused unread (413).
MAX_BODY_BYTES = 64 * 1024
# The only part of the body read before its signature is checked: WeCom's envelope carries the
# encrypted message (base64) in <Encrypt>; the XML itself is parsed once the signature holds.
ENCRYPT = re.compile(
    rb"<Encrypt>\s*(?:<!\[CDATA\[)?([A-Za-z0-9+/=]{1,65536})(?:\]\]>)?\s*</Encrypt>"
)
# CreateTime: epoch seconds, from WeCom's first years to a century ahead.
CREATE_TIME_MIN = 1_000_000_000
CREATE_TIME_MAX = 4_102_444_800


class WecomCallbackRefused(Exception):
    """A callback request that is not WeCom's, or not new: answered 403 and logged."""


class WecomCallbackInvalid(Exception):
    """A signed callback whose content is malformed (e.g. its CreateTime): answered 400."""


class WecomEvent(models.Model):
    """An event WeCom sent to the callback URL, stored on arrival and processed after."""

    _name = "wecom.event"
    _description = "WeCom Callback Event"
    _order = "id desc"

    company_id = fields.Many2one("res.company", required=True, index=True, readonly=True)
    event = fields.Char(readonly=True)
    change_type = fields.Char(readonly=True)
    userid = fields.Char(string="WeCom userid", readonly=True)
    external_userid = fields.Char(readonly=True)
    fail_reason = fields.Char(readonly=True)
    event_time = fields.Datetime(readonly=True)
    payload = fields.Text(string="Decrypted XML", readonly=True)
    dedup_key = fields.Char(required=True, readonly=True)
    state = fields.Selection(
        [("queued", "Queued"), ("done", "Processed"), ("ignored", "Ignored"), ("error", "Error")],
        default="queued",
        required=True,
        readonly=True,
        index=True,
    )
    error = fields.Char(readonly=True)

    _dedup_unique = models.UniqueIndex("(company_id, dedup_key)")

    # ------------------------------------------------------------------
    # Callback (called by the controller, as superuser)
    # ------------------------------------------------------------------
    @api.model
    def _check_request(self, company, msg_signature, timestamp, nonce, payload):
        """Signature, age and replay of a callback request; returns the decrypted message."""
        company = company.sudo()
        if not (company.wecom_callback_token and company.wecom_aes_key and company.wecom_corp_id):
            raise WecomCallbackRefused("callback not configured")
        try:
            check_signature(company.wecom_callback_token, timestamp, nonce, payload, msg_signature)
        except WeComCryptoError as error:
            raise WecomCallbackRefused(str(error)) from None
        try:
            age = fields.Datetime.now().timestamp() - int(timestamp)
        except (TypeError, ValueError):
            raise WecomCallbackRefused("bad timestamp") from None
        if abs(age) > MAX_AGE_SECONDS:
            raise WecomCallbackRefused("timestamp too old")
        if not self.env["wecom.callback.seen"]._first_time(
            company, msg_signature, timestamp, nonce
        ):
            raise WecomCallbackRefused("replayed request")
        try:
            return decrypt(company.wecom_aes_key, payload, company.wecom_corp_id)
        except WeComCryptoError as error:
            raise WecomCallbackRefused(str(error)) from None

    @api.model
    def _receive(self, company, msg_signature, timestamp, nonce, body):
        """An encrypted POST event: checked, stored once (deduplicated), and processed at once
        when it is a transfer failure (one indexed update), else by the scheduled action.

        The signature is checked on the <Encrypt> text found in the raw body, before any XML
        is parsed: a body nobody signed is never handed to the XML parser.
        """
        found = ENCRYPT.search(body or b"")
        if not found:
            raise WecomCallbackRefused("no encrypted message in the body")
        encrypted = found.group(1).decode()
        message = self._check_request(company, msg_signature, timestamp, nonce, encrypted)
        try:
            xml = etree.fromstring(message.encode(), parser=XML_PARSER)
        except etree.XMLSyntaxError:
            raise WecomCallbackRefused("decrypted message is not XML") from None
        fields_ = {
            "event": xml.findtext("Event"),
            "change_type": xml.findtext("ChangeType"),
            "userid": xml.findtext("UserID"),
            "external_userid": xml.findtext("ExternalUserID"),
            "fail_reason": xml.findtext("FailReason"),
            "create_time": xml.findtext("CreateTime"),
        }
        create_time = self._create_time(fields_["create_time"])
        # WeCom sends an event again when not answered in time: the same content is one event.
        dedup = hashlib.sha256(
            "|".join(str(fields_[key] or "") for key in sorted(fields_)).encode()
        ).hexdigest()
        self.env.cr.execute(
            SQL(
                """INSERT INTO wecom_event
                          (company_id, event, change_type, userid, external_userid, fail_reason,
                           event_time, payload, dedup_key, state, create_date, write_date,
                           create_uid, write_uid)
                   VALUES (%(company)s, %(event)s, %(change)s, %(userid)s, %(external)s,
                           %(reason)s, to_timestamp(%(time)s) at time zone 'UTC', %(payload)s,
                           %(dedup)s, 'queued', %(now)s, %(now)s, %(uid)s, %(uid)s)
                   ON CONFLICT DO NOTHING RETURNING id""",
                company=company.id,
                event=fields_["event"],
                change=fields_["change_type"],
                userid=fields_["userid"],
                external=fields_["external_userid"],
                reason=fields_["fail_reason"],
                time=create_time,
                payload=message,
                dedup=dedup,
                now=fields.Datetime.now(),
                uid=self.env.uid,
            )
        )
        row = self.env.cr.fetchone()
        if not row:
            return self.browse()
        event = self.browse(row[0])
        if event.change_type == "transfer_fail":
            try:
                with self.env.cr.savepoint():
                    event._process()
            except Exception:
                _logger.exception("WeCom event %s left for the scheduled action", event.id)
        else:
            self.env.ref("client_custody_wecom.ir_cron_wecom_sync")._trigger()
        return event

    @api.model
    def _create_time(self, value):
        """The event's CreateTime (epoch seconds); a signed event with a CreateTime that is not
        a plausible epoch is refused (400) rather than lost in a server error."""
        try:
            create_time = int(value)
        except (TypeError, ValueError):
            raise WecomCallbackInvalid(f"bad CreateTime {str(value)[:40]!r}") from None
        if not CREATE_TIME_MIN <= create_time <= CREATE_TIME_MAX:
            raise WecomCallbackInvalid(f"CreateTime out of range: {create_time}")
        return create_time

    # ------------------------------------------------------------------
    # Processing
    # ------------------------------------------------------------------
    @api.model
    def _process_queued(self):
        """Each queued event in its own savepoint: one that fails is marked, not retried
        forever, and does not hold back the others."""
        for event in self.search([("state", "=", "queued")], order="id"):
            try:
                with self.env.cr.savepoint():
                    event._process()
            except Exception as error:  # any failure is recorded on the event
                _logger.exception("WeCom event %s failed", event.id)
                event.write({"state": "error", "error": str(error)[:200]})

    def _process(self):
        for event in self:
            if event.event != "change_external_contact":
                event.state = "ignored"
                continue
            handler = {
                "transfer_fail": event._process_transfer_fail,
                "add_external_contact": event._process_add_contact,
                "edit_external_contact": event._process_add_contact,
                "add_half_external_contact": event._process_add_contact,
                "del_external_contact": event._process_del_contact,
                "del_follow_user": event._process_del_contact,
            }.get(event.change_type)
            if not handler:
                event.state = "ignored"
                continue
            handler()
            event.state = "done"

    def _process_transfer_fail(self):
        """WeCom's only failure event: the customer refused, or the successor is full."""
        transfers = self.env["wecom.transfer"].search(
            [
                ("company_id", "=", self.company_id.id),
                ("external_userid", "=", self.external_userid),
                ("takeover_userid", "=", self.userid),
                ("state", "in", AWAITING_STATES),
            ]
        )
        state = FAIL_REASONS.get(self.fail_reason, "refused")
        transfers._set_state(state)
        transfers.line_id._wecom_apply_results()

    def _process_add_contact(self):
        Contact = self.env["wecom.contact"]
        contact = Contact.search(
            [
                ("company_id", "=", self.company_id.id),
                ("external_userid", "=", self.external_userid),
            ]
        )
        if not contact:
            contact = Contact.create(
                {
                    "company_id": self.company_id.id,
                    "external_userid": self.external_userid,
                    "name": self.external_userid,
                    "needs_refresh": True,
                }
            )
        if self.userid not in contact.follow_ids.mapped("userid"):
            employee = (
                self.env["hr.employee"]
                .with_context(active_test=False)
                .search(
                    [("company_id", "=", self.company_id.id), ("wecom_userid", "=", self.userid)],
                    limit=1,
                )
            )
            self.env["wecom.contact.follow"].create(
                {"contact_id": contact.id, "userid": self.userid, "employee_id": employee.id}
            )

    def _process_del_contact(self):
        self.env["wecom.contact.follow"].search(
            [
                ("company_id", "=", self.company_id.id),
                ("contact_id.external_userid", "=", self.external_userid),
                ("userid", "=", self.userid),
            ]
        ).unlink()
