import logging

from odoo import http
from odoo.http import request

from ..models.wecom_event import WecomCallbackRefused

_logger = logging.getLogger(__name__)


class WecomCallbackController(http.Controller):
    """WeCom's callback URL (接收事件服务器): /wecom/callback/<company id>.

    GET: URL verification, answered with the decrypted echostr. POST: an encrypted event,
    stored and answered at once ("success"); the work is done after, by the scheduled action,
    but for transfer failures which update their line in the same request. Requests with a
    bad signature, too old, replayed or not decryptable are refused (403) and logged.
    """

    @http.route(
        "/wecom/callback/<int:company_id>",
        type="http",
        auth="public",
        methods=["GET", "POST"],
        csrf=False,
        sitemap=False,
        save_session=False,
    )
    def callback(self, company_id, msg_signature=None, timestamp=None, nonce=None, **kwargs):
        company = request.env["res.company"].sudo().browse(company_id).exists()
        Event = request.env["wecom.event"].sudo()
        try:
            if not company:
                raise WecomCallbackRefused("unknown company")
            if request.httprequest.method == "GET":
                echo = Event._check_request(
                    company, msg_signature, timestamp, nonce, kwargs.get("echostr") or ""
                )
                return request.make_response(echo, [("Content-Type", "text/plain")])
            Event._receive(company, msg_signature, timestamp, nonce, request.httprequest.get_data())
        except WecomCallbackRefused as error:
            _logger.warning(
                "WeCom callback refused for company %s from %s: %s",
                company_id,
                request.httprequest.remote_addr,
                error,
            )
            return request.make_response("forbidden", status=403)
        return request.make_response("success", [("Content-Type", "text/plain")])
