from odoo import models

COMPETITOR_TAG = "client_custody_alumni.res_partner_category_competitor"


class ResPartner(models.Model):
    _inherit = "res.partner"

    def write(self, vals):
        competitor = "category_id" in vals and self.env.ref(
            COMPETITOR_TAG, raise_if_not_found=False
        )
        if not competitor:
            return super().write(vals)

        def tagged():
            return self.filtered(lambda partner: competitor in partner.category_id)

        before = tagged()
        res = super().write(vals)
        after = tagged()
        changed = (before - after) | (after - before)
        if changed:
            # Tagged (or untagged) as a competitor: the alumni who work there are checked again;
            # other tag changes (mass tagging, imports) cost nothing here.
            members = (
                self.env["alumni.member"]
                .sudo()
                .search(
                    [("new_employer_partner_id", "child_of", changed.commercial_partner_id.ids)]
                )
            )
            members._noncompete_check()
        return res
