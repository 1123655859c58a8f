from . import custody_handover_wizard
from . import custody_handover_reassign_wizard
