from odoo import fields, models

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

    def _wecom_configured(self):
        self.ensure_one()
        company = self.sudo()
        return bool(company.wecom_corp_id and company.wecom_secret)
