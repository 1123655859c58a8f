from . import custody_assignment, hr_employee, res_company, res_config_settings, res_partner
