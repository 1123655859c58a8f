from odoo import fields, models

# A quotation in one of these is still open business: it follows the client. A confirmed order
# ("sale") or a cancelled one is history and keeps the salesperson who earned it.
OPEN_QUOTATION_STATES = ("draft", "sent")
# Who reads handover outcomes (the access rows say the same).
OUTCOME_READERS = "client_custody.group_custody_manager,sales_team.group_sale_manager"


class CustodyHandover(models.Model):
    _inherit = "custody.handover"

    cascade_quotations = fields.Boolean(
        string="Move open quotations",
        default=True,
        help="Draft and sent quotations of the clients go to the successor; confirmed orders "
        "and invoices keep their salesperson.",
    )
    outcome_kept_count = fields.Integer(
        compute="_compute_outcome_counts", string="Kept", groups=OUTCOME_READERS
    )
    outcome_at_risk_count = fields.Integer(
        compute="_compute_outcome_counts", string="At risk", groups=OUTCOME_READERS
    )
    outcome_lost_count = fields.Integer(
        compute="_compute_outcome_counts", string="Lost", groups=OUTCOME_READERS
    )

    def _compute_outcome_counts(self):
        # Only readers of outcomes see these fields (groups); the rule is the handover's company.
        groups = (
            self.env["custody.handover.outcome"]
            .sudo()
            ._read_group([("handover_id", "in", self.ids)], ["handover_id", "status"], ["__count"])
        )
        counts = {(handover.id, status): count for handover, status, count in groups}
        for handover in self:
            handover.outcome_kept_count = counts.get((handover.id, "kept"), 0)
            handover.outcome_at_risk_count = counts.get((handover.id, "at_risk"), 0)
            handover.outcome_lost_count = counts.get((handover.id, "lost"), 0)

    def action_view_outcomes(self):
        """The outcomes of this handover's clients: did they stay?"""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "client_custody_sale.custody_handover_outcome_action"
        )
        action["domain"] = [("handover_id", "=", self.id)]
        action["context"] = {}
        return action

    def _cascade(self, partners, successor):
        """Draft and sent quotations of the clients held by the leaver move with them, in one
        write per handover, within the handover's company (a quotation of another company is
        that company's business). Confirmed orders and invoices keep their salesperson."""
        res = super()._cascade(partners, successor)
        leaver_user = self.employee_id.sudo().user_id
        successor_user = successor.sudo().user_id
        if not self.cascade_quotations or not leaver_user or not successor_user:
            return res
        quotations = (
            self.env["sale.order"]
            .sudo()
            .search(
                [
                    ("partner_id", "child_of", partners.commercial_partner_id.ids),
                    ("state", "in", OPEN_QUOTATION_STATES),
                    ("user_id", "=", leaver_user.id),
                    ("company_id", "=", self.company_id.id),
                ]
            )
        )
        quotations.with_context(mail_auto_subscribe_no_notify=True).write(
            {"user_id": successor_user.id}
        )
        return res
