from odoo import models

# What decides whether a non-compete binds an alumnus today.
WATCHED_FIELDS = {"employee_id", "state", "date_start", "duration_months"}


class CustodyNoncompete(models.Model):
    _inherit = "custody.noncompete"

    def write(self, vals):
        # A draft binds nobody, so creation needs no check: starting it is a write.
        employees = self.employee_id
        res = super().write(vals)
        if WATCHED_FIELDS & set(vals):
            (self.employee_id | employees).sudo().alumni_member_ids._noncompete_check()
        return res
