from . import alumni_rehire_wizard
