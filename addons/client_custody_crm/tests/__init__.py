from . import test_custody_orphan, test_i18n
