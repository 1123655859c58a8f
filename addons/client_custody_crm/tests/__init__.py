from . import test_custody_orphan
