from . import custody_handover, custody_orphan, hr_employee
