from . import (
    custody_assignment,
    custody_handover,
    custody_handover_item,
    custody_handover_lanes,
    custody_handover_line,
    hr_employee,
    ir_config_parameter,
    mail_activity,
    mail_mail,
    res_company,
    res_config_settings,
)
