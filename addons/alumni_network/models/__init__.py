from . import (
    alumni_benefit,
    alumni_benefit_type,
    alumni_consent,
    alumni_feedback,
    alumni_holiday,
    alumni_interaction,
    alumni_member,
    alumni_referral,
    alumni_rehire_request,
    alumni_service,
    alumni_service_type,
    alumni_tag,
    event_event,
    hr_employee,
    mailing_mailing,
    res_company,
    res_config_settings,
    res_partner,
)

# SQL views last: their tables must exist first.
from . import alumni_evaluation_report, alumni_rating_report, alumni_dashboard  # noqa: I001
