from . import test_talent_pool
