from odoo import models
from odoo.fields import Domain


class MailingMailing(models.Model):
    _inherit = "mailing.mailing"

    def _get_recipients_domain(self):
        """A mailing to alumni reaches only the members who consented to the newsletter,
        whatever domain the mailing was given."""
        domain = super()._get_recipients_domain()
        if self.mailing_model_real == "alumni.member":
            domain &= Domain(self.env["alumni.member"]._mailing_get_default_domain(self))
        return domain
