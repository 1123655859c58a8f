from odoo import api, fields, models
from odoo.tools import SQL

from odoo.addons.client_custody.models.custody_orphan import KIND_NUMBER

from ..states import OPEN_LINE_STATES, REASSIGNABLE_STATES


class CustodyOrphan(models.Model):
    """The unassigned-clients queue also lists the clients of running handovers that wait for
    a (new) successor: refused, over capacity, or whose successor left. A client a running
    handover is moving is not listed as unassigned meanwhile."""

    _inherit = "custody.orphan"
    _depends = {
        "custody.handover.line": [
            "partner_id",
            "employee_id",
            "handover_id",
            "company_id",
            "state",
            "responded_at",
            "refusal_note",
        ],
    }

    kind = fields.Selection(
        selection_add=[("handover_line", "Waiting for a successor")],
        ondelete={"handover_line": "cascade"},
    )
    line_id = fields.Many2one("custody.handover.line", string="Handover line", readonly=True)
    handover_id = fields.Many2one("custody.handover", readonly=True)
    note = fields.Text(
        string="Client's note", readonly=True, help="What the client wrote when declining."
    )

    @api.model
    def _orphan_ctes(self):
        ctes = super()._orphan_ctes()
        ctes["moving"] = SQL(
            """SELECT partner_id, company_id FROM custody_handover_line
                WHERE state = ANY(%s)""",
            list(OPEN_LINE_STATES),
        )
        return ctes

    @api.model
    def _orphan_sources(self):
        sources = super()._orphan_sources()
        sources["handover_line"] = (
            {
                "id": SQL("l.id * 10 + %s", KIND_NUMBER["handover_line"]),
                "name": SQL("p.name"),
                "partner_id": SQL("l.partner_id"),
                "employee_id": SQL("l.employee_id"),
                "line_id": SQL("l.id"),
                "handover_id": SQL("l.handover_id"),
                "company_id": SQL("l.company_id"),
                "since": SQL("COALESCE(l.responded_at, l.write_date)::date"),
                "note": SQL("l.refusal_note"),
            },
            SQL(
                """custody_handover_line l
                  JOIN res_partner p ON p.id = l.partner_id
                 WHERE l.state = ANY(%s)""",
                list(REASSIGNABLE_STATES),
            ),
        )
        return sources
