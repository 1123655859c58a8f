{
    "name": "Client Custody - Sales",
    "summary": "Draft and sent quotations move with the clients; handover outcomes: did the "
    "clients stay (activity and revenue before and after, at risk, lost)",
    "version": "19.0.1.0.0",
    "category": "Sales/Sales",
    "author": "Client Custody Team",
    "website": "https://example.com/client-custody",
    "license": "LGPL-3",
    "depends": ["client_custody_crm", "sale"],
    "data": [
        "security/ir.model.access.csv",
        "security/custody_handover_outcome_security.xml",
        "data/ir_cron_data.xml",
        "views/custody_handover_outcome_views.xml",
        "views/custody_handover_views.xml",
        "views/custody_orphan_views.xml",
        "views/res_config_settings_views.xml",
        "views/menus.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "client_custody_sale/static/tests/tours/*.js",
        ],
    },
    "auto_install": True,
    "installable": True,
}
