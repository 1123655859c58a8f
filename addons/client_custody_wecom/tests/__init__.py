from . import (
    test_i18n,
    test_wecom_callback,
    test_wecom_contacts,
    test_wecom_faults,
    test_wecom_groupchat,
    test_wecom_holder_rule,
    test_wecom_token,
    test_wecom_tour,
    test_wecom_transfer,
    test_wecom_transfer_guard,
)
