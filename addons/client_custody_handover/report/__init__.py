from . import custody_handover_analysis
