from . import (
    custody_assignment,
    custody_handover,
    custody_handover_item,
    custody_handover_line,
    custody_noncompete,
    custody_noncompete_month,
    hr_employee,
    hr_employee_exit,
    hr_version,
    res_company,
    res_config_settings,
    res_partner,
)
