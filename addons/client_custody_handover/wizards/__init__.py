from . import custody_handover_wizard
