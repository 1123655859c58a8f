import ipaddress
from urllib.parse import urlsplit

from odoo import api, fields, models, tools
from odoo.exceptions import ValidationError

from ..tools.wecom_crypto import WeComCryptoError, aes_key

DEFAULT_API_URL = "https://qyapi.weixin.qq.com"
SYSTEM = "base.group_system"
# Server option (odoo.conf) that lets the API URL be plain http on the loopback interface, as
# the test suite's fake WeCom is. Never a field: nobody can switch it from the UI or RPC. Test
# runs (``test_enable``) allow it too.
LOOPBACK_HTTP_OPTION = "wecom_allow_loopback_http"


def loopback_http_allowed():
    # An option unknown to Odoo comes from odoo.conf as a string ("True", "False").
    option = str(tools.config.get(LOOPBACK_HTTP_OPTION) or "").strip().lower()
    return bool(tools.config.get("test_enable")) or option in ("1", "true", "yes")


def is_loopback(host):
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class ResCompany(models.Model):
    _inherit = "res.company"

    wecom_corp_id = fields.Char(string="WeCom corp ID", groups=SYSTEM, copy=False)
    wecom_secret = fields.Char(
        string="WeCom app secret",
        groups=SYSTEM,
        copy=False,
        help="Secret of the self-built app with the Customer Contact permission.",
    )
    wecom_callback_token = fields.Char(string="WeCom callback token", groups=SYSTEM, copy=False)
    wecom_aes_key = fields.Char(
        string="WeCom EncodingAESKey",
        groups=SYSTEM,
        copy=False,
        help="The 43-character key of the callback settings.",
    )
    wecom_api_url = fields.Char(
        string="WeCom API base URL",
        groups=SYSTEM,
        default=DEFAULT_API_URL,
        help="Where WeCom's server API answers; the official address unless a proxy is used.",
    )

    @api.constrains("wecom_aes_key")
    def _check_wecom_aes_key(self):
        for company in self.sudo().filtered("wecom_aes_key"):
            try:
                aes_key(company.wecom_aes_key)
            except WeComCryptoError:
                raise ValidationError(
                    self.env._(
                        "The WeCom EncodingAESKey must be the 43 characters (letters and digits, "
                        "base64) shown in WeCom's callback settings."
                    )
                ) from None

    @api.constrains("wecom_api_url")
    def _check_wecom_api_url(self):
        for company in self.sudo().filtered("wecom_api_url"):
            url = urlsplit(company.wecom_api_url.strip())
            secure = url.scheme == "https" and url.hostname
            test_fake = (
                url.scheme == "http"
                and url.hostname
                and is_loopback(url.hostname)
                and loopback_http_allowed()
            )
            if not (secure or test_fake) or url.username or url.password or url.query:
                raise ValidationError(
                    self.env._(
                        "The WeCom API base URL must be an https:// address, such as %(url)s.",
                        url=DEFAULT_API_URL,
                    )
                )

    def write(self, vals):
        res = super().write(vals)
        if {"wecom_corp_id", "wecom_secret"} & set(vals):
            self.env.registry.clear_cache()
        return res

    def _wecom_configured(self):
        """Whether these companies (any of them) talk to WeCom; no query once cached, so that
        handovers of companies without WeCom cost nothing more."""
        return bool(set(self.ids) & self._wecom_enabled_ids())

    @api.model
    @tools.ormcache()
    def _wecom_enabled_ids(self):
        companies = self.sudo().search(
            [("wecom_corp_id", "!=", False), ("wecom_secret", "!=", False)]
        )
        return frozenset(companies.ids)
