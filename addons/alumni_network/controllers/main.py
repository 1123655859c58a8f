import hashlib
import hmac
from datetime import timedelta

from odoo import fields, http
from odoo.http import request
from odoo.tools import SQL, consteq

KINDS = ("complaint", "feedback", "suggestion")
# No-login page: at most this many messages an hour through one alumnus' link, and from one
# address (an office behind one NAT sends for several alumni); the same message again within a
# day is the same message (a double click, a reload, a script) and is recorded once.
LIMIT_PER_LINK = 5
LIMIT_PER_ADDRESS = 20
LIMIT_PERIOD = timedelta(hours=1)
DUPLICATE_PERIOD = timedelta(days=1)


def address_digest(env, address):
    """An address as a keyed digest: enough to count, nothing to read back."""
    secret = env["ir.config_parameter"].sudo().get_param("database.secret", "")
    return hmac.new(secret.encode(), (address or "").encode(), hashlib.sha256).hexdigest()[:32]


def address_key():
    """The visitor's address (the client's, behind a proxy in --proxy-mode) as a digest."""
    return address_digest(request.env, request.httprequest.remote_addr)


class AlumniFeedbackController(http.Controller):
    """The alumnus' complaint and feedback page, from the link in any alumni mail: no login."""

    def _member_from_token(self, member_id, token):
        member = request.env["alumni.member"].sudo().browse(member_id).exists()
        if (
            not member
            or member.state == "anonymized"
            or not member.feedback_token
            or not consteq(member.feedback_token, token or "")
        ):
            return member.browse()
        return member

    def _render(self, member, page, status=200):
        """The page in the alumnus' language (else their company's), whatever the browser
        says, as every alumni mail is."""
        if member:
            lang = member.partner_id.lang or member.company_id.partner_id.lang
            if lang and lang in dict(request.env["res.lang"].get_installed()):
                request.update_context(lang=lang)
        values = {
            "member": member,
            "page": page,
            "company": member.company_id or request.env.company,
        }
        return request.render("alumni_network.alumni_feedback_page", values, status=status)

    @http.route(
        "/alumni/feedback/<int:member_id>/<string:token>",
        type="http",
        auth="public",
        methods=["GET"],
        sitemap=False,
    )
    def feedback_form(self, member_id, token, **kwargs):
        member = self._member_from_token(member_id, token)
        if not member:
            return self._render(member, "invalid", status=404)
        if member._feedback_link_expired():
            return self._render(member, "expired", status=410)
        return self._render(member, "ask")

    @http.route(
        "/alumni/feedback/<int:member_id>/<string:token>",
        type="http",
        auth="public",
        methods=["POST"],
        sitemap=False,
    )
    def feedback_submit(self, member_id, token, kind=None, description=None, **kwargs):
        member = self._member_from_token(member_id, token)
        if not member:
            return self._render(member, "invalid", status=404)
        if member._feedback_link_expired():
            return self._render(member, "expired", status=410)
        description = (description or "").strip()[:5000]
        if not description:
            return self._render(member, "empty")
        kind = kind if kind in KINDS else "feedback"
        # One submission at a time through one link: the duplicate and limit checks below
        # then see each other's records (two tabs, a script in parallel).
        request.env.cr.execute(
            SQL("SELECT id FROM alumni_member WHERE id = %s FOR NO KEY UPDATE", member.id)
        )
        Feedback = request.env["alumni.feedback"].sudo()
        now = fields.Datetime.now()
        duplicate = Feedback.search_count(
            [
                ("member_id", "=", member.id),
                ("kind", "=", kind),
                ("description", "=", description),
                ("create_date", ">=", now - DUPLICATE_PERIOD),
            ],
            limit=1,
        )
        if duplicate:
            return self._render(member, "thanks")
        key = address_key()
        since = now - LIMIT_PERIOD
        if (
            Feedback.search_count(
                [("member_id", "=", member.id), ("create_date", ">=", since)],
                limit=LIMIT_PER_LINK,
            )
            >= LIMIT_PER_LINK
            or Feedback.search_count(
                [("submitted_from", "=", key), ("create_date", ">=", since)],
                limit=LIMIT_PER_ADDRESS,
            )
            >= LIMIT_PER_ADDRESS
        ):
            return self._render(member, "limited", status=429)
        Feedback.create(
            {
                "member_id": member.id,
                "kind": kind,
                "description": description,
                "submitted_from": key,
            }
        )
        return self._render(member, "thanks")
