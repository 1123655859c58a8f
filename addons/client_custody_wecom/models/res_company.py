from odoo import api, fields, models, tools

DEFAULT_API_URL = "https://qyapi.weixin.qq.com"
SYSTEM = "base.group_system"


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
