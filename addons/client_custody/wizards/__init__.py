from . import custody_tier_wizard
