from odoo import fields, models, tools
from odoo.tools import SQL


class AlumniEvaluationReport(models.Model):
    """One row per member: the seed's evaluation of the post-exit service (per member, so
    averages of the 0/100 columns are rates)."""

    _name = "alumni.evaluation.report"
    _description = "Alumni Service Evaluation"
    _auto = False
    _order = "departure_date desc"

    member_id = fields.Many2one("alumni.member", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    department_id = fields.Many2one("hr.department", string="Last Department", readonly=True)
    user_id = fields.Many2one("res.users", string="Alumni Officer", readonly=True)
    departure_date = fields.Date(readonly=True)
    member_count = fields.Integer(string="Members", readonly=True, aggregator="sum")
    first_contact_rate = fields.Float(
        string="First Contact within 7 Days (%)", readonly=True, aggregator="avg"
    )
    coverage_rate = fields.Float(string="Contact Coverage (%)", readonly=True, aggregator="avg")
    boomerang_rate = fields.Float(string="Boomerang Rate (%)", readonly=True, aggregator="avg")
    services_delivered = fields.Integer(readonly=True, aggregator="sum")
    referrals_hired = fields.Integer(readonly=True, aggregator="sum")
    complaint_count = fields.Integer(string="Complaints", readonly=True, aggregator="sum")
    complaints_in_time = fields.Integer(
        string="Complaints Answered in Time", readonly=True, aggregator="sum"
    )

    def init(self):
        # After every table of the module exists: on an upgrade the models are initialised in
        # no guaranteed order.
        self.env.registry.post_init(self._create_view)

    def _create_view(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                """
            CREATE OR REPLACE VIEW %(table)s AS (
                SELECT m.id AS id,
                       m.id AS member_id,
                       m.company_id,
                       m.department_id,
                       m.user_id,
                       m.departure_date,
                       1 AS member_count,
                       CASE WHEN m.first_contact_date IS NOT NULL
                                 AND m.first_contact_date <= m.first_contact_deadline
                            THEN 100.0 ELSE 0.0 END AS first_contact_rate,
                       CASE WHEN m.last_contact_date IS NOT NULL THEN 100.0 ELSE 0.0 END
                           AS coverage_rate,
                       CASE WHEN m.boomerang_count > 0 THEN 100.0 ELSE 0.0 END AS boomerang_rate,
                       COALESCE(s.delivered, 0) AS services_delivered,
                       COALESCE(r.hired, 0) AS referrals_hired,
                       COALESCE(f.complaints, 0) AS complaint_count,
                       COALESCE(f.in_time, 0) AS complaints_in_time
                  FROM alumni_member m
             LEFT JOIN (SELECT member_id, COUNT(*) AS delivered
                          FROM alumni_service WHERE state = 'delivered'
                      GROUP BY member_id) s ON s.member_id = m.id
             LEFT JOIN (SELECT member_id, COUNT(*) AS hired
                          FROM alumni_referral WHERE kind = 'candidate' AND state = 'won'
                      GROUP BY member_id) r ON r.member_id = m.id
             LEFT JOIN (SELECT member_id, COUNT(*) AS complaints,
                               COUNT(*) FILTER (WHERE answered_in_time) AS in_time
                          FROM alumni_feedback WHERE kind = 'complaint'
                      GROUP BY member_id) f ON f.member_id = m.id
            )""",
                table=SQL.identifier(self._table),
            )
        )
