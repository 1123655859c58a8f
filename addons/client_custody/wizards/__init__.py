from . import custody_orphan_assign_wizard, custody_tier_wizard
