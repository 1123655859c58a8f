from odoo import api, models


class HrVersion(models.Model):
    _inherit = "hr.version"

    @api.constrains("departure_date")
    def _check_exit_notice_date(self):
        """The departure lives on the employee's version; the notice must not postdate it."""
        employees = self.filtered(lambda v: v.departure_date).employee_id
        current = employees.filtered(lambda e: e.sudo().version_id in self)
        current._check_exit_notice_before()
