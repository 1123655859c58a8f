from . import (
    test_approval,
    test_exit_flow,
    test_exit_gate,
    test_exit_http,
    test_exit_law,
    test_exit_notice,
    test_exit_tour,
    test_i18n,
    test_migration,
    test_noncompete,
    test_noncompete_law,
    test_severance,
)
