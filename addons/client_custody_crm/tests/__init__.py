from . import (
    test_custody_client_access,
    test_custody_crm_handover,
    test_custody_orphan,
    test_i18n,
)
