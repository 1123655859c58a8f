from . import (
    custody_handover_reassign_wizard,
    custody_handover_wizard,
    custody_orphan_assign_wizard,
)
