{
    "name": "Client Custody - Exit Obligations (China)",
    "summary": "The exit as the Labour Contract Law orders it: notice period with the client "
    "handover, termination certificate, economic compensation, non-compete register",
    "version": "19.0.3.1.0",
    "category": "Human Resources",
    "author": "Client Custody Team",
    "website": "https://example.com/client-custody",
    "license": "LGPL-3",
    "depends": ["client_custody_handover"],
    "data": [
        "security/ir.model.access.csv",
        "security/custody_noncompete_security.xml",
        "security/hr_exit_security.xml",
        "data/custody_noncompete_data.xml",
        "report/hr_exit_certificate_report.xml",
        "views/hr_exit_views.xml",
        "views/custody_noncompete_views.xml",
        "views/hr_employee_views.xml",
        "views/custody_handover_views.xml",
        "views/res_config_settings_views.xml",
        "wizards/hr_departure_wizard_views.xml",
        "wizards/custody_noncompete_release_wizard_views.xml",
        "wizards/custody_noncompete_end_wizard_views.xml",
        "views/menus.xml",
    ],
    "demo": [
        "demo/client_custody_exit_cn_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "client_custody_exit_cn/static/tests/tours/**/*",
        ],
    },
    "pre_init_hook": "_pre_init_hook",
    "post_init_hook": "_post_init_hook",
    "installable": True,
}
