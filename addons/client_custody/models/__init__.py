from . import (
    custody_assignment,
    custody_client,
    custody_guarded_mixin,
    hr_employee,
    ir_http,
    res_company,
    res_config_settings,
    res_partner,
    res_partner_save_lock,
)
