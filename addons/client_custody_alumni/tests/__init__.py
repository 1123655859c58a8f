from . import test_i18n, test_noncompete_conflict, test_rehire_handover
