from . import custody_handover_wizard, custody_orphan_assign_wizard
