{
    "name": "Client Custody: WeCom",
    "summary": "WeCom (企业微信) inheritance moves with the client handover: transfers, "
    "results, callbacks, external contacts and the unassigned list",
    "version": "19.0.1.1.0",
    "category": "Sales/CRM",
    "author": "Client Custody Team",
    "website": "https://example.com/client-custody",
    "license": "LGPL-3",
    "depends": ["client_custody_handover"],
    "external_dependencies": {"python": ["requests", "cryptography"]},
    "data": [
        "security/ir.model.access.csv",
        "security/client_custody_wecom_security.xml",
        "data/ir_cron_data.xml",
        "views/res_config_settings_views.xml",
        "views/hr_employee_views.xml",
        "views/wecom_contact_views.xml",
        "views/wecom_unassigned_views.xml",
        "views/wecom_event_views.xml",
        "views/wecom_reconcile_line_views.xml",
        "views/custody_handover_views.xml",
        "views/menus.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "client_custody_wecom/static/tests/tours/**/*",
        ],
    },
    "installable": True,
}
