from odoo import api, fields, models
from odoo.tools import SQL

from odoo.addons.client_custody.models.custody_orphan import KIND_NUMBER


class CustodyOrphan(models.Model):
    """The unassigned-clients queue also lists what still points at people who left: clients
    whose Salesperson left, open opportunities they own, sales teams they lead or belong to."""

    _inherit = "custody.orphan"
    _depends = {
        "crm.lead": ["active", "type", "won_status", "user_id", "partner_id", "company_id"],
        "crm.team": ["active", "user_id", "company_id"],
        "crm.team.member": ["active", "user_id", "crm_team_id"],
    }

    kind = fields.Selection(
        selection_add=[
            ("salesperson", "Salesperson departed"),
            ("opportunity", "Opportunity owner departed"),
            ("team_member", "Sales team member departed"),
            ("team_leader", "Sales team leader departed"),
        ],
        ondelete={
            "salesperson": "cascade",
            "opportunity": "cascade",
            "team_member": "cascade",
            "team_leader": "cascade",
        },
    )
    lead_id = fields.Many2one("crm.lead", string="Opportunity", readonly=True)
    team_id = fields.Many2one("crm.team", string="Sales team", readonly=True)
    team_member_id = fields.Many2one("crm.team.member", string="Team membership", readonly=True)

    @api.model
    def _orphan_sources(self):
        sources = super()._orphan_sources()
        sources["salesperson"] = (
            {
                "id": SQL("p.id * 10 + %s", KIND_NUMBER["salesperson"]),
                "name": SQL("p.name"),
                "partner_id": SQL("p.id"),
                "user_id": SQL("p.user_id"),
                "company_id": SQL("COALESCE(p.company_id, u.company_id)"),
            },
            SQL(
                """res_partner p
                  JOIN res_users u ON u.id = p.user_id
                 WHERE p.active AND p.id = p.commercial_partner_id
                   AND p.user_id IN (SELECT id FROM departed)"""
            ),
        )
        sources["opportunity"] = (
            {
                "id": SQL("l.id * 10 + %s", KIND_NUMBER["opportunity"]),
                "name": SQL("l.name"),
                "partner_id": SQL("l.partner_id"),
                "user_id": SQL("l.user_id"),
                "lead_id": SQL("l.id"),
                "team_id": SQL("l.team_id"),
                "company_id": SQL("l.company_id"),
            },
            SQL(
                """crm_lead l
                 WHERE l.active AND l.type = 'opportunity' AND l.won_status = 'pending'
                   AND l.user_id IN (SELECT id FROM departed)"""
            ),
        )
        sources["team_member"] = (
            {
                "id": SQL("m.id * 10 + %s", KIND_NUMBER["team_member"]),
                "user_id": SQL("m.user_id"),
                "team_id": SQL("m.crm_team_id"),
                "team_member_id": SQL("m.id"),
                "company_id": SQL("t.company_id"),
            },
            SQL(
                """crm_team_member m
                  JOIN crm_team t ON t.id = m.crm_team_id
                 WHERE m.active AND t.active AND m.user_id IN (SELECT id FROM departed)"""
            ),
        )
        sources["team_leader"] = (
            {
                "id": SQL("t.id * 10 + %s", KIND_NUMBER["team_leader"]),
                "user_id": SQL("t.user_id"),
                "team_id": SQL("t.id"),
                "company_id": SQL("t.company_id"),
            },
            SQL("crm_team t WHERE t.active AND t.user_id IN (SELECT id FROM departed)"),
        )
        return sources

    @api.model
    def _orphan_client_kinds(self):
        # A client whose Salesperson left gets the colleague as custodian (and Salesperson).
        return super()._orphan_client_kinds() | {"salesperson"}

    def _compute_display_name(self):
        res = super()._compute_display_name()
        for orphan in self.filtered(lambda o: o.team_id and not o.lead_id and not o.name):
            orphan.display_name = orphan.team_id.display_name
        return res
