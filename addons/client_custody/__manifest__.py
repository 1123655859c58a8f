{
    "name": "Client Custody",
    "summary": "Who holds each client in each company, and how confidential the relationship is",
    "version": "19.0.2.0.0",
    "category": "Sales/CRM",
    "author": "Client Custody Team",
    "website": "https://example.com/client-custody",
    "license": "LGPL-3",
    "depends": ["hr", "contacts", "mail"],
    "data": [
        "security/client_custody_groups.xml",
        "security/ir.model.access.csv",
        "security/custody_assignment_security.xml",
        "security/custody_wizard_security.xml",
        "views/custody_assignment_views.xml",
        "views/custody_client_views.xml",
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
