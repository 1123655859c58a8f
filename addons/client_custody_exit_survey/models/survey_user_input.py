from odoo import fields, models


class SurveyUserInput(models.Model):
    _inherit = "survey.user_input"

    exit_id = fields.Many2one("hr.exit", index="btree_not_null", readonly=True)
