{
    "name": "Client Custody",
    "summary": "Who holds each client, how confidential it is, and a safe handover "
    "when people move on",
    "version": "19.0.1.1.0",
    "category": "Sales/CRM",
    "author": "Client Custody Team",
    "website": "https://example.com/client-custody",
    "license": "LGPL-3",
    "depends": ["hr", "crm", "contacts", "mail", "base_automation"],
    "data": [
        "security/client_custody_groups.xml",
        "security/ir.model.access.csv",
        "security/custody_assignment_security.xml",
        "data/custody_handover_data.xml",
        "data/base_automation_data.xml",
        "report/custody_handover_report.xml",
        "views/custody_assignment_views.xml",
        "views/custody_handover_views.xml",
        "wizards/custody_handover_wizard_views.xml",
        "views/custody_orphan_views.xml",
        "views/res_partner_views.xml",
        "views/hr_employee_views.xml",
        "views/custody_tier_wizard_views.xml",
        "views/res_config_settings_views.xml",
        "views/menus.xml",
    ],
    "demo": [
        "demo/client_custody_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "client_custody/static/tests/tours/**/*",
        ],
    },
    "application": True,
    "installable": True,
}
