from . import (
    custody_assignment,
    custody_client,
    hr_employee,
    res_company,
    res_config_settings,
    res_partner,
)
