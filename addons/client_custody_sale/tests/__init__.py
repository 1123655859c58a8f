from . import (
    test_handover_outcome,
    test_handover_outcome_performance,
    test_handover_outcome_tour,
    test_quotation_cascade,
)
