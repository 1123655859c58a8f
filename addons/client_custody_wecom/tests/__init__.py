from . import test_wecom_transfer
