from . import custody_orphan_assign_wizard
from . import custody_handover_wizard
