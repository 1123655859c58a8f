from . import (
    custody_handover_wizard,
    custody_noncompete_release_wizard,
    custody_orphan_assign_wizard,
    custody_tier_wizard,
    hr_departure_wizard,
)
