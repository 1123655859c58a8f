from . import (
    custody_handover,
    custody_handover_line,
    custody_noncompete,
    custody_noncompete_amendment,
    custody_noncompete_month,
    hr_employee,
    hr_employee_leaving,
    hr_exit,
    hr_exit_wage,
    hr_version,
    res_company,
    res_config_settings,
)
