from . import (
    test_handover_outcome,
    test_quotation_cascade,
)
