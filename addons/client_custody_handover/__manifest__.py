{
    "name": "Client Custody - Handover",
    "summary": "Hand clients over when people leave (离职继承) or change role (在职继承): "
    "wizard, client notice and refusal window, per-client status, checklist, certificate, undo",
    "version": "19.0.2.2.0",
    "category": "Sales/CRM",
    "author": "Client Custody Team",
    "website": "https://example.com/client-custody",
    "license": "LGPL-3",
    "depends": ["client_custody", "base_automation"],
    "data": [
        "security/ir.model.access.csv",
        "security/custody_handover_security.xml",
        "data/custody_handover_data.xml",
        "data/base_automation_data.xml",
        "report/custody_handover_report.xml",
        "wizards/custody_handover_wizard_views.xml",
        "wizards/custody_handover_reassign_wizard_views.xml",
        "views/custody_handover_views.xml",
        "report/custody_handover_analysis_views.xml",
        "views/hr_employee_views.xml",
        "views/res_config_settings_views.xml",
        "views/menus.xml",
        "views/custody_decline_limited_templates.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "client_custody_handover/static/tests/tours/**/*",
        ],
    },
    "pre_init_hook": "pre_init_hook",
    "installable": True,
}
