from odoo import fields, models, tools
from odoo.tools import SQL


class AlumniRatingReport(models.Model):
    """Satisfaction ratings only: a month without ratings has no row, so the satisfaction
    curve has a gap there instead of a dip to zero."""

    _name = "alumni.rating.report"
    _description = "Alumni Satisfaction Ratings"
    _auto = False
    _order = "date desc"

    date = fields.Date(readonly=True)
    member_id = fields.Many2one("alumni.member", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    department_id = fields.Many2one("hr.department", string="Last Department", readonly=True)
    source = fields.Selection([("contact", "Contact"), ("service", "Service")], readonly=True)
    score = fields.Float(string="Satisfaction", readonly=True, aggregator="avg")
    rating_count = fields.Integer(string="Ratings", readonly=True, aggregator="sum")

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
                SELECT i.id * 2 AS id, i.date, i.member_id, m.company_id, m.department_id,
                       'contact' AS source, i.satisfaction_score::float AS score, 1 AS rating_count
                  FROM alumni_interaction i
                  JOIN alumni_member m ON m.id = i.member_id
                 WHERE i.satisfaction_score > 0
             UNION ALL
                SELECT s.id * 2 + 1, COALESCE(s.date_done, s.date_due), s.member_id, m.company_id,
                       m.department_id, 'service', s.satisfaction::int::float, 1
                  FROM alumni_service s
                  JOIN alumni_member m ON m.id = s.member_id
                 WHERE COALESCE(s.satisfaction, '0') != '0'
            )""",
                table=SQL.identifier(self._table),
            )
        )
