import logging

from odoo import http
from odoo.http import request

from ..models.wecom_event import MAX_BODY_BYTES, WecomCallbackInvalid, WecomCallbackRefused

_logger = logging.getLogger(__name__)


class WecomCallbackController(http.Controller):
    """WeCom's callback URL (接收事件服务器): /wecom/callback/<company id>.

    GET: URL verification, answered with the decrypted echostr. POST: an encrypted event,
    stored and answered at once ("success"); the work is done after, by the scheduled action,
    but for transfer failures which update their line in the same request.

    Nothing from outside is trusted before its signature: a body larger than WeCom ever sends
    is refused before it is read (413), the signature is checked before any XML is parsed, and
    requests with a bad signature, too old, replayed or not decryptable are refused (403); a
    signed event that is malformed (a bad CreateTime) is refused with 400. All are logged.
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
        httprequest = request.httprequest
        company = request.env["res.company"].sudo().browse(company_id).exists()
        Event = request.env["wecom.event"].sudo()
        try:
            if not company:
                raise WecomCallbackRefused("unknown company")
            if httprequest.method == "GET":
                echo = Event._check_request(
                    company, msg_signature, timestamp, nonce, kwargs.get("echostr") or ""
                )
                return request.make_response(echo, [("Content-Type", "text/plain")])
            body = self._read_body(httprequest)
            if body is None:
                _logger.warning(
                    "WeCom callback refused for company %s from %s: body over %s bytes",
                    company_id,
                    httprequest.remote_addr,
                    MAX_BODY_BYTES,
                )
                return request.make_response("payload too large", status=413)
            Event._receive(company, msg_signature, timestamp, nonce, body)
        except WecomCallbackInvalid as error:
            _logger.warning(
                "WeCom callback rejected for company %s from %s: %s",
                company_id,
                httprequest.remote_addr,
                error,
            )
            return request.make_response("bad request", status=400)
        except WecomCallbackRefused as error:
            _logger.warning(
                "WeCom callback refused for company %s from %s: %s",
                company_id,
                httprequest.remote_addr,
                error,
            )
            return request.make_response("forbidden", status=403)
        return request.make_response("success", [("Content-Type", "text/plain")])

    @staticmethod
    def _read_body(httprequest):
        """The body, read only when it fits (the declared length first, then at most one byte
        more than the limit from the stream, whatever is declared); None when too large."""
        declared = httprequest.content_length
        if declared is not None and declared > MAX_BODY_BYTES:
            return None
        # Odoo's request wrapper offers get_data() only, which reads the whole body (a chunked
        # one without limit): read werkzeug's own input stream, bounded, instead.
        wsgi_request = getattr(httprequest, "_HTTPRequest__wrapped", httprequest)
        body = wsgi_request.stream.read(MAX_BODY_BYTES + 1)
        return None if len(body) > MAX_BODY_BYTES else body
