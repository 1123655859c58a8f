from . import (
    test_concurrency,
    test_custody_automation,
    test_custody_decline,
    test_custody_handover,
    test_custody_handover_journey,
    test_custody_handover_tour,
    test_custody_handover_ui,
    test_custody_migration_1_1,
    test_custody_performance,
    test_custody_scale,
    test_i18n,
    test_trust_contract,
)
