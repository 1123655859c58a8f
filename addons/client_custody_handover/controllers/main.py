from odoo import fields, http
from odoo.http import request
from odoo.tools import consteq


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
        if problem:
            return self._render(line, problem, status=404 if problem == "invalid" else 200)
        choice = "keep" if choice == "keep" and line.kind == "transfer" else "decline"
        line._refuse(note=(note or "").strip()[:2000] or False, choice=choice, by_client=True)
        return self._render(line, "declined")
