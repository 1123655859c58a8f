from . import (
    custody_handover,
    custody_handover_item,
    custody_handover_line,
    custody_handover_notice,
    hr_employee,
    mail_activity,
    mail_mail,
    mail_template,
    res_company,
    res_config_settings,
)
