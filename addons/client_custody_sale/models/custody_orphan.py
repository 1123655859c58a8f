from odoo import api, fields, models
from odoo.tools import SQL

from odoo.addons.client_custody.models.custody_orphan import KIND_NUMBER

from .custody_handover import OPEN_QUOTATION_STATES


class CustodyOrphan(models.Model):
    """The unassigned-clients queue also lists the draft and sent quotations still held by
    people who left (confirmed orders keep their salesperson: they are history)."""

    _inherit = "custody.orphan"
    _depends = {"sale.order": ["state", "user_id", "partner_id", "company_id", "name", "team_id"]}

    kind = fields.Selection(
        selection_add=[("quotation", "Quotation holder departed")],
        ondelete={"quotation": "cascade"},
    )
    order_id = fields.Many2one("sale.order", string="Quotation", readonly=True)

    @api.model
    def _orphan_sources(self):
        """One row per draft or sent quotation whose salesperson left, in the quotation's
        company, listed under the client (its commercial entity)."""
        sources = super()._orphan_sources()
        sources["quotation"] = (
            {
                "id": SQL("o.id * 10 + %s", KIND_NUMBER["quotation"]),
                "name": SQL("o.name"),
                "partner_id": SQL("p.commercial_partner_id"),
                "user_id": SQL("o.user_id"),
                "team_id": SQL("o.team_id"),
                "order_id": SQL("o.id"),
                "company_id": SQL("o.company_id"),
                "since": SQL("o.date_order::date"),
            },
            SQL(
                """sale_order o
                  JOIN res_partner p ON p.id = o.partner_id
                 WHERE o.state = ANY(%s) AND o.user_id IN (SELECT id FROM departed)""",
                list(OPEN_QUOTATION_STATES),
            ),
        )
        return sources
