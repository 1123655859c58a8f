from . import (
    test_approval,
    test_exit_flow,
    test_exit_gate,
    test_exit_notice,
    test_exit_tour,
    test_i18n,
    test_migration,
    test_noncompete,
    test_severance,
)
from . import test_exit_law
from . import test_exit_http
from . import test_noncompete_law
