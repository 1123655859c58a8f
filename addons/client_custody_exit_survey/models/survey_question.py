from odoo import fields, models

# What the exit-interview reports read: the question asking why, and each reason.
EXIT_REASONS = [
    ("pay", "Pay"),
    ("manager", "Relationship with the manager"),
    ("growth", "Growth"),
    ("workload", "Workload"),
    ("family", "Family"),
    ("relocation", "Relocation"),
    ("competitor_offer", "Competitor offer"),
]
EXIT_QUESTION_ROLES = [
    ("reasons", "Reasons for leaving"),
    ("would_return", "Would return"),
    ("would_recommend", "Would recommend us"),
    ("kept_by", "What would have kept them"),
]


class SurveyQuestion(models.Model):
    _inherit = "survey.question"

    exit_role = fields.Selection(
        EXIT_QUESTION_ROLES,
        string="Exit interview role",
        help="What this question of an exit interview measures, for the reports.",
    )


class SurveyQuestionAnswer(models.Model):
    _inherit = "survey.question.answer"

    exit_reason = fields.Selection(
        EXIT_REASONS, help="The reason for leaving this choice stands for, for the reports."
    )
    exit_positive = fields.Boolean(
        string="Means yes",
        help="On a yes/no question of an exit interview (would return, would recommend): this "
        "choice means yes.",
    )
