from . import (
    custody_assignment,
    custody_handover,
    custody_handover_item,
    custody_handover_line,
    custody_orphan,
    hr_employee,
    res_company,
    res_config_settings,
    res_partner,
)
