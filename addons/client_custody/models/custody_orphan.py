from odoo import api, fields, models
from odoo.tools import SQL

# The core's kinds of rows; the handover, CRM and Sales addons add theirs (``selection_add``).
ORPHAN_KINDS = [
    ("no_custodian", "Unassigned client"),
    ("archived_custodian", "Custodian archived"),
]
# Row ids are (source id × 10 + kind number): unique across the union, stable between reads.
# The numbers of all kinds, named once so that no two addons take the same one.
KIND_NUMBER = {
    "no_custodian": 1,
    "archived_custodian": 2,
    "handover_line": 3,  # client_custody_handover
    "salesperson": 4,  # client_custody_crm
    "opportunity": 5,
    "team_member": 6,
    "team_leader": 7,
    "quotation": 8,  # client_custody_sale
}


class CustodyOrphan(models.Model):
    """The unassigned-clients queue: clients nobody holds in a company, and what still points
    at people who left. Retained clients are never here, from any source: a leaver keeps them,
    with a reason, until a manager ends the retention.

    A read-only SQL view, the union of row sources (``_orphan_sources``, a hook: the handover
    addon adds the clients waiting for a successor, the CRM addon Salespersons, opportunities
    and sales teams, the Sales addon quotations). A *departed* user is an archived internal
    user, or one whose employees are all archived.
    """

    _name = "custody.orphan"
    _description = "Unassigned Client"
    _auto = False
    _order = "kind, id"
    _rec_name = "name"
    # What the query reads: pending writes to these fields are flushed before it runs (merged
    # with the ``_depends`` of the addons that add rows).
    _depends = {
        "custody.client": [
            "partner_id",
            "custodian_id",
            "company_id",
            "state",
            "retained_by_id",
        ],
        "custody.assignment": ["client_id", "employee_id", "date_end"],
        "hr.employee": ["active", "user_id"],
        "res.users": ["active", "share"],
        "res.partner": ["active", "name", "user_id", "company_id", "commercial_partner_id"],
    }

    kind = fields.Selection(ORPHAN_KINDS, string="Why it is here", readonly=True)
    name = fields.Char(string="Client or item", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Client", readonly=True)
    employee_id = fields.Many2one(
        "hr.employee", string="Former holder", readonly=True, context={"active_test": False}
    )
    user_id = fields.Many2one(
        "res.users", string="Departed user", readonly=True, context={"active_test": False}
    )
    company_id = fields.Many2one("res.company", readonly=True)
    since = fields.Date(readonly=True, help="Since when nobody, or a departed person, holds it.")

    @property
    def _table_query(self):
        return self._orphan_query(self._orphan_ctes(), self._orphan_sources())

    @api.model
    def _orphan_columns(self):
        """The view's columns, in one order for every source: the model's stored fields
        (those of the addons that add rows included)."""
        return [
            (name, field.column_type[1])
            for name, field in self._fields.items()
            if field.store and field.column_type and name != "id"
        ]

    @api.model
    def _orphan_query(self, ctes, sources):
        """The union of ``sources`` over ``ctes``, without the retained clients.

        A source is ``(columns, from_clause)``: ``columns`` maps column names to SQL (``id``
        and ``kind`` required); columns it does not give are NULL. The one filter of retained
        clients is here, for every source: a row whose client (or the commercial entity of its
        contact) is retained in the row's company is never in the queue."""
        columns = self._orphan_columns()
        selects = []
        for kind, (given, from_clause) in sources.items():
            values = dict(given, kind=SQL("%s", kind))
            selects.append(
                SQL(
                    "SELECT %s, %s FROM %s",
                    SQL("%s AS id", values["id"]),
                    SQL(", ").join(
                        SQL(
                            "%s::%s AS %s",
                            values.get(name, SQL("NULL")),
                            SQL(column_type),
                            SQL.identifier(name),
                        )
                        for name, column_type in columns
                    ),
                    from_clause,
                )
            )
        return SQL(
            """WITH %(ctes)s
               SELECT queue.* FROM (%(rows)s) queue
                WHERE NOT EXISTS (
                      SELECT 1 FROM retained r
                        JOIN res_partner rp ON rp.commercial_partner_id = r.partner_id
                       WHERE rp.id = queue.partner_id AND r.company_id = queue.company_id)""",
            ctes=SQL(", ").join(
                SQL("%s AS (%s)", SQL.identifier(name), query) for name, query in ctes.items()
            ),
            rows=SQL(" UNION ALL ").join(selects),
        )

    @api.model
    def _orphan_ctes(self):
        """The sets the sources read: {name: SQL}. ``departed`` (users who left), ``retained``
        (clients kept by a leaver, per company) and ``moving`` (clients a running process, such
        as a handover, is moving in a company: not in the queue while it runs; empty here, a
        hook of the handover addon)."""
        return {
            "departed": SQL(
                """SELECT u.id
                     FROM res_users u
                    WHERE NOT u.share
                      AND u.id != %(root)s
                      AND (NOT u.active
                           OR (EXISTS (SELECT 1 FROM hr_employee e WHERE e.user_id = u.id)
                               AND NOT EXISTS (SELECT 1 FROM hr_employee e
                                                WHERE e.user_id = u.id AND e.active)))""",
                root=self.env.ref("base.user_root").id,
            ),
            "retained": SQL(
                "SELECT partner_id, company_id FROM custody_client WHERE state = 'retained'"
            ),
            "moving": SQL("SELECT NULL::int AS partner_id, NULL::int AS company_id WHERE FALSE"),
        }

    @api.model
    def _orphan_sources(self):
        """The rows of the queue, per kind: {kind: (columns, from clause)} (see
        ``_orphan_query``). A hook: an addon that brings other rows adds its kind (with a
        number in ``KIND_NUMBER``) and its source here; ids are source id × 10 + the kind's
        number; it may read the sets of ``_orphan_ctes``."""
        return {
            "no_custodian": (
                {
                    "id": SQL("c.id * 10 + %s", KIND_NUMBER["no_custodian"]),
                    "name": SQL("p.name"),
                    "partner_id": SQL("p.id"),
                    "employee_id": SQL("last_custody.employee_id"),
                    "company_id": SQL("c.company_id"),
                    "since": SQL("last_custody.date_end"),
                },
                SQL(
                    """custody_client c
                  JOIN res_partner p ON p.id = c.partner_id
                  LEFT JOIN LATERAL (
                        SELECT a.employee_id, a.date_end FROM custody_assignment a
                         WHERE a.client_id = c.id ORDER BY a.date_end DESC NULLS FIRST, a.id DESC
                         LIMIT 1
                  ) last_custody ON TRUE
                 WHERE c.state = 'unassigned' AND p.active
                   AND NOT EXISTS (SELECT 1 FROM moving m
                                    WHERE m.partner_id = c.partner_id
                                      AND m.company_id = c.company_id)"""
                ),
            ),
            "archived_custodian": (
                {
                    "id": SQL("c.id * 10 + %s", KIND_NUMBER["archived_custodian"]),
                    "name": SQL("p.name"),
                    "partner_id": SQL("c.partner_id"),
                    "employee_id": SQL("c.custodian_id"),
                    "user_id": SQL("e.user_id"),
                    "company_id": SQL("c.company_id"),
                    "since": SQL("e.write_date::date"),
                },
                SQL(
                    """custody_client c
                  JOIN hr_employee e ON e.id = c.custodian_id
                  JOIN res_partner p ON p.id = c.partner_id
                 WHERE NOT e.active
                   AND NOT EXISTS (SELECT 1 FROM moving m
                                    WHERE m.partner_id = c.partner_id
                                      AND m.company_id = c.company_id)"""
                ),
            ),
        }

    @api.model
    def _orphan_client_kinds(self):
        """The kinds whose row is a client to hold: assigning it moves the client's custody
        (the CRM addon adds the clients whose Salesperson left)."""
        return {"no_custodian", "archived_custodian"}

    @api.depends("kind", "name")
    def _compute_display_name(self):
        labels = dict(self._fields["kind"]._description_selection(self.env))
        for orphan in self:
            orphan.display_name = orphan.name or labels.get(orphan.kind, "")

    def action_assign(self):
        """Assign the selected rows in one step (a small wizard asks for whom)."""
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Assign"),
            "res_model": "custody.orphan.assign.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"active_model": self._name, "active_ids": self.ids},
        }
