{
    "name": "Client Custody - Exit Interviews",
    "summary": "The exit interview on Odoo Survey: sent to the leaver within the notice period, "
    "answers readable by HR only, regretted losses, reasons by department, manager and tenure",
    "version": "19.0.1.0.0",
    "category": "Human Resources",
    "author": "Client Custody Team",
    "website": "https://example.com/client-custody",
    "license": "LGPL-3",
    "depends": ["client_custody_exit_cn", "survey"],
    "data": [
        "security/ir.model.access.csv",
        "security/exit_survey_security.xml",
        "data/exit_survey_data.xml",
        "views/hr_exit_views.xml",
        "report/hr_exit_interview_report_views.xml",
    ],
    "auto_install": True,
    "installable": True,
}
