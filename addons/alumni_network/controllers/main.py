from odoo import http
from odoo.http import request
from odoo.tools import consteq

KINDS = ("complaint", "feedback", "suggestion")


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
        description = (description or "").strip()[:5000]
        if not description:
            return self._render(member, "empty")
        request.env["alumni.feedback"].sudo().create(
            {
                "member_id": member.id,
                "kind": kind if kind in KINDS else "feedback",
                "description": description,
            }
        )
        return self._render(member, "thanks")
