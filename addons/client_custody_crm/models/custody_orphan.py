from odoo import api, fields, models
from odoo.tools import SQL

from odoo.addons.client_custody_handover.states import (
    OPEN_LINE_STATES,
    REASSIGNABLE_STATES,
)

ORPHAN_KINDS = [
    ("no_custodian", "Unassigned client"),
    ("archived_custodian", "Custodian archived"),
    ("handover_line", "Waiting for a successor"),
    ("salesperson", "Salesperson departed"),
    ("opportunity", "Opportunity owner departed"),
    ("team_member", "Sales team member departed"),
    ("team_leader", "Sales team leader departed"),
]
# Row ids are (source id × 10 + kind number): unique across the union, stable between reads.
KIND_NUMBER = {kind: number for number, (kind, _label) in enumerate(ORPHAN_KINDS, start=1)}


class CustodyOrphan(models.Model):
    """The unassigned-clients queue: clients nobody holds, and what still points at people who
    left. Retained clients are not here: a leaver keeps them, with a reason.

    A read-only SQL view over the ledger, handover lines, partners, opportunities and sales teams.
    A *departed* user is an archived internal user, or one whose employees are all archived.
    """

    _name = "custody.orphan"
    _description = "Unassigned Client"
    _auto = False
    _order = "kind, id"
    _rec_name = "name"
    # What the query reads: pending writes to these fields are flushed before it runs.
    _depends = {
        "custody.client": ["partner_id", "custodian_id", "company_id", "state"],
        "custody.handover.line": [
            "partner_id",
            "employee_id",
            "handover_id",
            "company_id",
            "state",
            "responded_at",
            "refusal_note",
        ],
        "hr.employee": ["active", "user_id"],
        "res.users": ["active", "share"],
        "res.partner": ["active", "name", "user_id", "company_id", "commercial_partner_id"],
        "crm.lead": ["active", "type", "won_status", "user_id", "partner_id", "company_id"],
        "crm.team": ["active", "user_id", "company_id"],
        "crm.team.member": ["active", "user_id", "crm_team_id"],
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
    line_id = fields.Many2one("custody.handover.line", string="Handover line", readonly=True)
    handover_id = fields.Many2one("custody.handover", readonly=True)
    lead_id = fields.Many2one("crm.lead", string="Opportunity", readonly=True)
    team_id = fields.Many2one("crm.team", string="Sales team", readonly=True)
    team_member_id = fields.Many2one("crm.team.member", string="Team membership", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    since = fields.Date(readonly=True, help="Since when nobody, or a departed person, holds it.")
    note = fields.Text(
        string="Client's note", readonly=True, help="What the client wrote when declining."
    )

    @property
    def _table_query(self):
        sources = self._orphan_sources()
        return SQL(
            """
            %(ctes)s
            %(rows)s
            """,
            ctes=SQL(
                """
WITH departed AS (
                SELECT u.id
                  FROM res_users u
                 WHERE NOT u.share
                   AND u.id != %(root)s
                   AND (NOT u.active
                        OR (EXISTS (SELECT 1 FROM hr_employee e WHERE e.user_id = u.id)
                            AND NOT EXISTS (SELECT 1 FROM hr_employee e
                                             WHERE e.user_id = u.id AND e.active)))
            ),
            running_line AS (
                SELECT partner_id, company_id FROM custody_handover_line
                 WHERE state = ANY(%(open_states)s)
            ),
            retained AS (
                SELECT partner_id, company_id FROM custody_client WHERE state = 'retained'
            )
                """,
                root=self.env.ref("base.user_root").id,
                open_states=list(OPEN_LINE_STATES),
            ),
            rows=SQL("\nUNION ALL\n").join(sources.values()),
        )

    @api.model
    def _orphan_sources(self):
        """The rows of the queue, per source: {kind: SQL}. A hook: an addon that brings other
        rows (a quotation of someone who left…) adds its kind to ``ORPHAN_KINDS`` and its SQL
        here, with the same columns (id, kind, name, partner_id, employee_id, user_id, line_id,
        handover_id, lead_id, team_id, team_member_id, company_id, since, note), an id of
        source id × 10 + its kind number, and may read the ``departed``, ``running_line`` and
        ``retained`` sets; retained clients are never rows."""
        params = {
            "reassignable_states": list(REASSIGNABLE_STATES),
            **KIND_NUMBER,
        }
        return {
            "no_custodian": SQL(
                """
            SELECT c.id * 10 + %(no_custodian)s AS id, 'no_custodian' AS kind,
                   p.name AS name, p.id AS partner_id,
                   last_custody.employee_id AS employee_id, NULL::int AS user_id,
                   NULL::int AS line_id, NULL::int AS handover_id, NULL::int AS lead_id,
                   NULL::int AS team_id, NULL::int AS team_member_id,
                   c.company_id AS company_id, last_custody.date_end AS since, NULL::text AS note
              FROM custody_client c
              JOIN res_partner p ON p.id = c.partner_id
              LEFT JOIN LATERAL (
                    SELECT a.employee_id, a.date_end FROM custody_assignment a
                     WHERE a.client_id = c.id ORDER BY a.date_end DESC NULLS FIRST, a.id DESC
                     LIMIT 1
              ) last_custody ON TRUE
             WHERE c.state = 'unassigned' AND p.active
               AND NOT EXISTS (SELECT 1 FROM running_line r
                                WHERE r.partner_id = c.partner_id AND r.company_id = c.company_id)
                """,
                **params,
            ),
            "archived_custodian": SQL(
                """
            SELECT c.id * 10 + %(archived_custodian)s, 'archived_custodian', p.name,
                   c.partner_id, c.custodian_id, e.user_id, NULL, NULL, NULL, NULL, NULL,
                   c.company_id, e.write_date::date, NULL
              FROM custody_client c
              JOIN hr_employee e ON e.id = c.custodian_id
              JOIN res_partner p ON p.id = c.partner_id
             WHERE NOT e.active
               AND NOT EXISTS (SELECT 1 FROM running_line r
                                WHERE r.partner_id = c.partner_id AND r.company_id = c.company_id)
                """,
                **params,
            ),
            "handover_line": SQL(
                """
            SELECT l.id * 10 + %(handover_line)s, 'handover_line', p.name,
                   l.partner_id, l.employee_id, NULL, l.id, l.handover_id, NULL, NULL, NULL,
                   l.company_id, COALESCE(l.responded_at, l.write_date)::date, l.refusal_note
              FROM custody_handover_line l
              JOIN res_partner p ON p.id = l.partner_id
             WHERE l.state = ANY(%(reassignable_states)s)
                """,
                **params,
            ),
            "salesperson": SQL(
                """
            SELECT p.id * 10 + %(salesperson)s, 'salesperson', p.name,
                   p.id, NULL, p.user_id, NULL, NULL, NULL, NULL, NULL,
                   COALESCE(p.company_id, u.company_id), NULL, NULL
              FROM res_partner p
              JOIN res_users u ON u.id = p.user_id
             WHERE p.active AND p.id = p.commercial_partner_id
               AND p.user_id IN (SELECT id FROM departed)
               -- a retained client is the leaver's, with a reason: listed as retained
               AND NOT EXISTS (SELECT 1 FROM retained r
                                WHERE r.partner_id = p.id
                                  AND r.company_id = COALESCE(p.company_id, u.company_id))
                """,
                **params,
            ),
            "opportunity": SQL(
                """
            SELECT l.id * 10 + %(opportunity)s, 'opportunity', l.name,
                   l.partner_id, NULL, l.user_id, NULL, NULL, l.id, l.team_id, NULL,
                   l.company_id, NULL, NULL
              FROM crm_lead l
             WHERE l.active AND l.type = 'opportunity' AND l.won_status = 'pending'
               AND l.user_id IN (SELECT id FROM departed)
               AND NOT EXISTS (SELECT 1 FROM retained r
                                 JOIN res_partner rp ON rp.commercial_partner_id = r.partner_id
                                WHERE rp.id = l.partner_id AND r.company_id = l.company_id)
                """,
                **params,
            ),
            "team_member": SQL(
                """
            SELECT m.id * 10 + %(team_member)s, 'team_member', NULL,
                   NULL, NULL, m.user_id, NULL, NULL, NULL, m.crm_team_id, m.id,
                   t.company_id, NULL, NULL
              FROM crm_team_member m
              JOIN crm_team t ON t.id = m.crm_team_id
             WHERE m.active AND t.active AND m.user_id IN (SELECT id FROM departed)
                """,
                **params,
            ),
            "team_leader": SQL(
                """
            SELECT t.id * 10 + %(team_leader)s, 'team_leader', NULL,
                   NULL, NULL, t.user_id, NULL, NULL, NULL, t.id, NULL,
                   t.company_id, NULL, NULL
              FROM crm_team t
             WHERE t.active AND t.user_id IN (SELECT id FROM departed)
                """,
                **params,
            ),
        }

    @api.depends("kind", "name")
    def _compute_display_name(self):
        labels = dict(self._fields["kind"]._description_selection(self.env))
        for orphan in self:
            what = (
                orphan.team_id.display_name
                if orphan.team_id and not orphan.lead_id
                else orphan.name
            )
            orphan.display_name = what or labels.get(orphan.kind, "")

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
