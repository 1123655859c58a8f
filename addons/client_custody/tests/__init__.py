from . import (
    test_custody_automation,
    test_custody_decline,
    test_custody_handover,
    test_custody_handover_tour,
    test_custody_ledger,
    test_custody_migration,
    test_custody_orphan,
    test_custody_performance,
    test_custody_scale,
    test_custody_security,
    test_i18n,
    test_salesperson_sync,
)
