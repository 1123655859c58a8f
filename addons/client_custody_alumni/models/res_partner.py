from odoo import models


class ResPartner(models.Model):
    _inherit = "res.partner"

    def write(self, vals):
        res = super().write(vals)
        if "category_id" in vals:
            # Tagged (or untagged) as a competitor: the alumni who work there are checked again.
            members = (
                self.env["alumni.member"]
                .sudo()
                .search([("new_employer_partner_id", "child_of", self.commercial_partner_id.ids)])
            )
            members._noncompete_check()
        return res
