from . import (
    test_automation,
    test_benefit,
    test_i18n,
    test_interaction,
    test_member,
    test_privacy,
    test_referral,
    test_rehire,
    test_tour,
)
