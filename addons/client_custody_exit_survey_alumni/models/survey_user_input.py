from odoo import models


class SurveyUserInput(models.Model):
    _inherit = "survey.user_input"

    def _mark_done(self):
        """An answered exit interview reaches the leaver's alumni record (if they consent)."""
        res = super()._mark_done()
        employees = self.filtered("exit_id").sudo().exit_id.employee_id
        if employees:
            members = (
                self.env["alumni.member"]
                .sudo()
                .with_context(active_test=False)
                .search([("employee_id", "in", employees.ids)])
            )
            members._feed_talent_pool()
        return res
