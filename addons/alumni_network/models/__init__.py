from . import (
    alumni_benefit,
    alumni_benefit_type,
    alumni_holiday,
    alumni_interaction,
    alumni_member,
    alumni_referral,
    alumni_tag,
    hr_employee,
    res_company,
    res_config_settings,
)
