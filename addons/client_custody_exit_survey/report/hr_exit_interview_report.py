from odoo import fields, models
from odoo.tools import SQL

from ..models.survey_question import EXIT_REASONS

TENURE_BANDS = [
    ("under_1", "Under 1 year"),
    ("1_3", "1 to 3 years"),
    ("3_5", "3 to 5 years"),
    ("over_5", "5 years and more"),
]


class HrExitInterviewReport(models.Model):
    """Reasons for leaving, from the answered exit interviews: one row per exit and reason
    chosen, with the leaver's department, manager and tenure, whether HR regrets the loss and
    whether the leaver would come back."""

    _name = "hr.exit.interview.report"
    _description = "Exit Interview Reasons"
    _auto = False
    _order = "answered_on desc, id desc"
    _rec_name = "reason"
    # What the query reads: pending writes to these fields are flushed before it runs.
    _depends = {
        "survey.user_input": ["exit_id", "state", "end_datetime"],
        "survey.user_input.line": ["user_input_id", "question_id", "suggested_answer_id"],
        "survey.question": ["exit_role"],
        "survey.question.answer": ["exit_reason", "exit_positive"],
        "hr.exit": [
            "employee_id",
            "company_id",
            "service_date_start",
            "departure_date",
            "last_working_day",
            "regretted_loss",
        ],
        "hr.employee": ["parent_id", "current_version_id"],
        "hr.version": ["department_id"],
    }

    exit_id = fields.Many2one("hr.exit", readonly=True)
    employee_id = fields.Many2one(
        "hr.employee", string="Leaver", readonly=True, context={"active_test": False}
    )
    company_id = fields.Many2one("res.company", readonly=True)
    department_id = fields.Many2one("hr.department", readonly=True)
    manager_id = fields.Many2one(
        "hr.employee", string="Line manager", readonly=True, context={"active_test": False}
    )
    tenure = fields.Selection(TENURE_BANDS, readonly=True)
    reason = fields.Selection(EXIT_REASONS, string="Reason for leaving", readonly=True)
    regretted_loss = fields.Boolean(readonly=True)
    would_return = fields.Boolean(readonly=True)
    answered_on = fields.Date(readonly=True)
    leaver_count = fields.Integer(string="Leavers", readonly=True)

    @property
    def _table_query(self):
        return SQL(
            """
            SELECT line.id AS id, e.id AS exit_id, e.employee_id, e.company_id,
                   v.department_id, emp.parent_id AS manager_id,
                   CASE WHEN e.service_date_start IS NULL THEN NULL
                        WHEN age(COALESCE(e.departure_date, e.last_working_day),
                                 e.service_date_start) < interval '1 year' THEN 'under_1'
                        WHEN age(COALESCE(e.departure_date, e.last_working_day),
                                 e.service_date_start) < interval '3 years' THEN '1_3'
                        WHEN age(COALESCE(e.departure_date, e.last_working_day),
                                 e.service_date_start) < interval '5 years' THEN '3_5'
                        ELSE 'over_5' END AS tenure,
                   a.exit_reason AS reason, COALESCE(e.regretted_loss, FALSE) AS regretted_loss,
                   EXISTS (
                       SELECT 1 FROM survey_user_input_line r
                         JOIN survey_question rq ON rq.id = r.question_id
                         JOIN survey_question_answer ra ON ra.id = r.suggested_answer_id
                        WHERE r.user_input_id = ui.id AND rq.exit_role = 'would_return'
                          AND ra.exit_positive
                   ) AS would_return,
                   ui.end_datetime::date AS answered_on, 1 AS leaver_count
              FROM survey_user_input ui
              JOIN hr_exit e ON e.id = ui.exit_id
              JOIN hr_employee emp ON emp.id = e.employee_id
              LEFT JOIN hr_version v ON v.id = emp.current_version_id
              JOIN survey_user_input_line line ON line.user_input_id = ui.id
              JOIN survey_question_answer a ON a.id = line.suggested_answer_id
             WHERE ui.state = 'done' AND a.exit_reason IS NOT NULL
            """
        )
