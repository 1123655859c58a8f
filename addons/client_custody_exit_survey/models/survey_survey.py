from odoo import api, fields, models

EXIT_SURVEY_TYPE = "exit_interview"
HR_USER = "hr.group_hr_user"


class SurveySurvey(models.Model):
    """Exit interviews are a survey type of their own, as Odoo's recruitment surveys are: the
    survey officers' record rules cover only the generic types, so answers to an exit interview
    are HR's alone (rules in security/exit_survey_security.xml)."""

    _inherit = "survey.survey"

    survey_type = fields.Selection(
        selection_add=[(EXIT_SURVEY_TYPE, "Exit interview")],
        ondelete={EXIT_SURVEY_TYPE: "set default"},
    )

    @api.depends("survey_type")
    @api.depends_context("uid")
    def _compute_allowed_survey_types(self):
        res = super()._compute_allowed_survey_types()
        if self.env.user.has_group(HR_USER):
            self.allowed_survey_types = (self.allowed_survey_types or []) + [EXIT_SURVEY_TYPE]
        return res
