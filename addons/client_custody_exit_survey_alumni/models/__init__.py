from . import alumni_consent, alumni_member, survey_user_input
