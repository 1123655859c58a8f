from . import hr_exit, survey_question, survey_survey, survey_user_input
