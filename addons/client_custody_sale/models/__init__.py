from . import (
    custody_handover,
    custody_handover_outcome,
    custody_orphan,
    res_company,
    res_config_settings,
)
