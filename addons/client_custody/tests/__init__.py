from . import (
    test_custody_ledger,
    test_custody_orphan,
    test_custody_security,
    test_i18n,
    test_salesperson_sync,
)
