from odoo import fields, models

SYSTEM = "base.group_system"


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    wecom_corp_id = fields.Char(related="company_id.wecom_corp_id", readonly=False, groups=SYSTEM)
    wecom_secret = fields.Char(related="company_id.wecom_secret", readonly=False, groups=SYSTEM)
    wecom_callback_token = fields.Char(
        related="company_id.wecom_callback_token", readonly=False, groups=SYSTEM
    )
    wecom_aes_key = fields.Char(related="company_id.wecom_aes_key", readonly=False, groups=SYSTEM)
    wecom_api_url = fields.Char(related="company_id.wecom_api_url", readonly=False, groups=SYSTEM)

    def action_wecom_test_connection(self):
        """Save the settings, then ask WeCom for an access token with them."""
        self.ensure_one()
        self.set_values()
        self.env["wecom.api"]._access_token(self.company_id, force=True)
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": self.env._("WeCom answered: the corp ID and the secret are valid."),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }
