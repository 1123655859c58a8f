from odoo import fields, models


class CustodyHandover(models.Model):
    _inherit = "custody.handover"

    cascade_opportunities = fields.Boolean(string="Move open opportunities", default=True)
    cascade_activities = fields.Boolean(string="Move open activities", default=True)

    def _cascade(self, partners, successor):
        """Open opportunities and open activities move with the clients.

        Won and lost opportunities and done activities keep their owner, so that history and
        its reports stay true (the lesson of Dynamics' cascading reassignment).
        """
        res = super()._cascade(partners, successor)
        clients = partners.commercial_partner_id
        leaver_user = self.employee_id.sudo().user_id
        successor_user = successor.sudo().user_id
        if not leaver_user or not successor_user:
            return res
        leads = self.env["crm.lead"].sudo()
        if self.cascade_opportunities:
            leads = leads.search(
                [
                    ("partner_id", "child_of", clients.ids),
                    ("type", "=", "opportunity"),
                    ("won_status", "=", "pending"),
                    ("user_id", "=", leaver_user.id),
                    ("company_id", "in", [False, self.company_id.id]),
                ]
            )
            leads.with_context(mail_auto_subscribe_no_notify=True).write(
                {"user_id": successor_user.id}
            )
        if self.cascade_activities:
            contacts = (
                self.env["res.partner"]
                .with_context(active_test=False)
                .search([("commercial_partner_id", "in", clients.ids)])
            )
            activities = (
                self.env["mail.activity"]
                .sudo()
                .search(
                    [
                        ("user_id", "=", leaver_user.id),
                        "|",
                        "&",
                        ("res_model", "=", "res.partner"),
                        ("res_id", "in", contacts.ids),
                        "&",
                        ("res_model", "=", "crm.lead"),
                        ("res_id", "in", leads.ids),
                    ]
                )
            )
            activities.write({"user_id": successor_user.id})
        return res
