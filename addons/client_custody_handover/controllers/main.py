import hashlib
import hmac
from datetime import timedelta

from odoo import fields, http
from odoo.http import request
from odoo.tools import SQL, consteq

# Answers through the no-login link: each link answers once (a second post finds it answered,
# so duplicates fold into the first); from one address, at most this many answers an hour.
LIMIT_PER_ADDRESS = 10
LIMIT_PERIOD = timedelta(hours=1)


def address_digest(env, address):
    """An address as a keyed digest: enough to count, nothing to read back."""
    secret = env["ir.config_parameter"].sudo().get_param("database.secret", "")
    return hmac.new(secret.encode(), (address or "").encode(), hashlib.sha256).hexdigest()[:32]


def address_key():
    """The visitor's address (the client's, behind a proxy in --proxy-mode) as a digest."""
    return address_digest(request.env, request.httprequest.remote_addr)


class CustodyDeclineController(http.Controller):
    """The client's answer to a handover notice: a link that needs no login."""

    def _line_from_token(self, line_id, token):
        """Return (line, problem): problem names why the link cannot be used, if it cannot."""
        line = request.env["custody.handover.line"].sudo().browse(line_id).exists()
        if not line or not line.access_token or not consteq(line.access_token, token or ""):
            return line.browse(), "invalid"
        if line.state != "waiting":
            return line, "answered"
        if line.window_end and fields.Datetime.now() > line.window_end:
            return line, "expired"
        return line, False

    def _render(self, line, problem, status=200):
        """The page in the client's language, whatever the browser says."""
        company = line.company_id or request.env.company
        lang = line.partner_id.lang or line.handover_id._notice_lang() if line else False
        if lang and lang in dict(request.env["res.lang"].get_installed()):
            request.update_context(lang=lang)
        else:
            lang = request.env.lang
        deadline = False
        if line and line.window_end:
            deadline = request.env["custody.handover.notice"]._format_deadline(
                line.window_end, line.partner_id.tz or company._custody_tz(), lang
            )
        texts = {}
        if line:
            env = request.env(context=dict(request.env.context, lang=lang))
            client = line.partner_id.name
            texts = {
                "greeting": env._("Dear %(client)s,", client=client),
                "proposal": env._(
                    "We propose %(successor)s as your new contact person at %(company)s.",
                    company=company.name,
                    successor=line.successor_id.name,
                ),
                "deadline": env._(
                    "Please tell us before %(deadline)s if you would like another contact "
                    "person. If we do not hear from you, the change takes effect then.",
                    deadline=deadline or "",
                ),
                "thanks": env._(
                    "Thank you, %(client)s. We have received your answer and will be in touch "
                    "about your contact person shortly.",
                    client=client,
                ),
            }
        values = {
            "line": line.with_context(lang=lang) if line else line,
            "problem": problem,
            "company": company,
            "deadline": deadline,
            "texts": texts,
        }
        return request.render("client_custody_handover.custody_decline_page", values, status=status)

    @http.route(
        "/custody/decline/<int:line_id>/<string:token>",
        type="http",
        auth="public",
        methods=["GET"],
        sitemap=False,
    )
    def decline_form(self, line_id, token, **kwargs):
        line, problem = self._line_from_token(line_id, token)
        return self._render(line, problem or "ask", status=404 if problem == "invalid" else 200)

    @http.route(
        "/custody/decline/<int:line_id>/<string:token>",
        type="http",
        auth="public",
        methods=["POST"],
        sitemap=False,
    )
    def decline(self, line_id, token, note=None, choice=None, **kwargs):
        line, problem = self._line_from_token(line_id, token)
        if not problem:
            # One answer at a time through one link: a second post (double click, two tabs)
            # waits for the first and then finds the line answered.
            request.env.cr.execute(
                SQL("SELECT id FROM custody_handover_line WHERE id = %s FOR NO KEY UPDATE", line.id)
            )
            line.invalidate_recordset(["state"])
            line, problem = self._line_from_token(line_id, token)
        if problem:
            return self._render(line, problem, status=404 if problem == "invalid" else 200)
        key = address_key()
        Line = request.env["custody.handover.line"].sudo()
        recent = Line.search_count(
            [
                ("answered_from", "=", key),
                ("responded_at", ">=", fields.Datetime.now() - LIMIT_PERIOD),
            ],
            limit=LIMIT_PER_ADDRESS,
        )
        if recent >= LIMIT_PER_ADDRESS:
            return self._render_limited(line)
        choice = "keep" if choice == "keep" and line.kind == "transfer" else "decline"
        line._refuse(note=(note or "").strip()[:2000] or False, choice=choice, by_client=True)
        line.answered_from = key
        return self._render(line, "declined")

    def _render_limited(self, line):
        """HTTP 429 in the client's language."""
        lang = line.partner_id.lang or line.handover_id._notice_lang()
        if lang and lang in dict(request.env["res.lang"].get_installed()):
            request.update_context(lang=lang)
        return request.render(
            "client_custody_handover.custody_decline_limited_page",
            {"company": line.company_id or request.env.company},
            status=429,
        )
