from odoo import fields, models
from odoo.tools import SQL

from ..states import HANDOVER_STATES, REASSIGNABLE_STATES, RUNNING_STATES


class CustodyHandoverAnalysis(models.Model):
    """The managers' dashboard: one row per client in a handover, with what it waits for."""

    _name = "custody.handover.analysis"
    _description = "Handover Analysis"
    _auto = False
    _order = "handover_id desc, id"
    _rec_name = "partner_id"
    _depends = {
        "custody.handover": ["state", "kind", "employee_id", "company_id", "started_on"],
        "custody.handover.line": ["handover_id", "partner_id", "successor_id", "tier", "state"],
        "hr.employee": ["current_version_id"],
        "hr.version": ["department_id"],
    }

    handover_id = fields.Many2one("custody.handover", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Client", readonly=True)
    employee_id = fields.Many2one(
        "hr.employee", string="Handing over", readonly=True, context={"active_test": False}
    )
    department_id = fields.Many2one("hr.department", string="Team", readonly=True)
    successor_id = fields.Many2one("hr.employee", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    kind = fields.Selection(
        [("departure", "Departure"), ("transfer", "On-the-job transfer")], readonly=True
    )
    handover_state = fields.Selection(HANDOVER_STATES, string="Handover status", readonly=True)
    state = fields.Selection(
        selection=lambda self: self.env["custody.handover.line"]._fields["state"].selection,
        string="Client status",
        readonly=True,
    )
    tier = fields.Selection(
        selection=lambda self: self.env["custody.handover.line"]._fields["tier"].selection,
        readonly=True,
    )
    started_on = fields.Datetime(readonly=True)
    running = fields.Boolean(string="Running handover", readonly=True)
    client_count = fields.Integer(string="Clients", readonly=True, aggregator="sum")
    waiting_count = fields.Integer(string="Waiting for the client", readonly=True)
    accepted_count = fields.Integer(string="Accepted", readonly=True)
    refused_count = fields.Integer(string="Refused", readonly=True)
    over_capacity_count = fields.Integer(string="Over capacity", readonly=True)
    to_reassign_count = fields.Integer(string="Waiting for a successor", readonly=True)

    @property
    def _table_query(self):
        return SQL(
            """
            SELECT l.id AS id, l.handover_id, l.partner_id, h.employee_id,
                   v.department_id, l.successor_id, h.company_id, h.kind,
                   h.state AS handover_state, l.state, l.tier, h.started_on,
                   h.state = ANY(%(running)s) AS running,
                   1 AS client_count,
                   (l.state = 'waiting')::int AS waiting_count,
                   (l.state = 'accepted')::int AS accepted_count,
                   (l.state = 'refused')::int AS refused_count,
                   (l.state = 'over_capacity')::int AS over_capacity_count,
                   (l.state = ANY(%(reassignable)s))::int AS to_reassign_count
              FROM custody_handover_line l
              JOIN custody_handover h ON h.id = l.handover_id
              JOIN hr_employee e ON e.id = h.employee_id
              LEFT JOIN hr_version v ON v.id = e.current_version_id
            """,
            running=list(RUNNING_STATES),
            reassignable=list(REASSIGNABLE_STATES),
        )
