from odoo import fields, models
from odoo.tools import SQL

from .custody_handover import OPEN_QUOTATION_STATES

# Row ids of the queue are (source id × 10 + kind number); the CRM addon uses 1 to 7.
QUOTATION_KIND_NUMBER = 8


class CustodyOrphan(models.Model):
    """The unassigned-clients queue also lists the draft and sent quotations still held by
    people who left (confirmed orders keep their salesperson: they are history)."""

    _inherit = "custody.orphan"
    # Merged with the queue's own by the registry.
    _depends = {"sale.order": ["state", "user_id", "partner_id", "company_id", "name", "team_id"]}

    kind = fields.Selection(
        selection_add=[("quotation", "Quotation holder departed")],
        ondelete={"quotation": "cascade"},
    )
    order_id = fields.Many2one("sale.order", string="Quotation", readonly=True)

    @property
    def _table_query(self):
        return SQL(
            "SELECT q.*, NULL::int AS order_id FROM (%s) q UNION ALL %s",
            super()._table_query,
            self._orphan_rows_quotation(),
        )

    def _orphan_rows_quotation(self):
        """The queue's rows of quotations: one per draft or sent quotation whose salesperson
        left (an archived internal user, or one whose employees are all archived), in the
        quotation's company. Columns in the queue's order, then ``order_id``; self-contained
        (no CTE of the queue), so that any union of row sources can take it as it is."""
        return SQL(
            """
            SELECT o.id * 10 + %(number)s AS id, 'quotation' AS kind, o.name AS name,
                   p.commercial_partner_id AS partner_id, NULL::int AS employee_id,
                   o.user_id AS user_id, NULL::int AS line_id, NULL::int AS handover_id,
                   NULL::int AS lead_id, o.team_id AS team_id, NULL::int AS team_member_id,
                   o.company_id AS company_id, o.date_order::date AS since, NULL::text AS note,
                   o.id AS order_id
              FROM sale_order o
              JOIN res_partner p ON p.id = o.partner_id
              JOIN res_users u ON u.id = o.user_id
             WHERE o.state = ANY(%(open_states)s)
               AND NOT u.share AND u.id != %(root)s
               AND (NOT u.active
                    OR (EXISTS (SELECT 1 FROM hr_employee e WHERE e.user_id = u.id)
                        AND NOT EXISTS (SELECT 1 FROM hr_employee e
                                         WHERE e.user_id = u.id AND e.active)))
            """,
            number=QUOTATION_KIND_NUMBER,
            open_states=list(OPEN_QUOTATION_STATES),
            root=self.env.ref("base.user_root").id,
        )
