from odoo import models


class HrEmployee(models.Model):
    _inherit = "hr.employee"

    def _custody_team(self):
        """The leaver's sales teams count as their team, besides their department."""
        team = super()._custody_team()
        user = self.user_id
        if not user:
            return team
        sales_teams = (
            self.env["crm.team"]
            .sudo()
            .search(["|", ("member_ids", "in", user.ids), ("user_id", "in", user.ids)])
        )
        users = (sales_teams.member_ids | sales_teams.user_id) - user
        mates = self.sudo().search(
            [("user_id", "in", users.ids), ("company_id", "=", self.company_id.id)]
        )
        return mates or team
