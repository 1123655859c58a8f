from . import custody_guarded_mixin  # noqa: I001  (first: the models below inherit it)
from . import (
    custody_assignment,
    custody_client,
    custody_orphan,
    hr_employee,
    ir_http,
    res_company,
    res_config_settings,
    res_partner,
)
