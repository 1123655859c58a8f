from odoo import api, models

from .alumni_member import TALENT_POOL_PURPOSE


class AlumniConsent(models.Model):
    _inherit = "alumni.consent"

    @api.model_create_multi
    def create(self, vals_list):
        """A consent to job offers lets the exit interview's answer reach the talent pool."""
        consents = super().create(vals_list)
        consents.filtered(lambda c: c.purpose == TALENT_POOL_PURPOSE).member_id._feed_talent_pool()
        return consents
