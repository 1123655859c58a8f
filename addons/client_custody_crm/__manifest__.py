{
    "name": "Client Custody - CRM",
    "summary": "Open opportunities and activities move with the clients; the unassigned-clients "
    "queue over Salesperson, opportunities and sales teams",
    "version": "19.0.2.0.0",
    "category": "Sales/CRM",
    "author": "Client Custody Team",
    "website": "https://example.com/client-custody",
    "license": "LGPL-3",
    "depends": ["client_custody_handover", "crm"],
    "data": [
        "security/ir.model.access.csv",
        "security/custody_orphan_security.xml",
        "security/custody_wizard_security.xml",
        "views/custody_orphan_views.xml",
        "views/custody_handover_views.xml",
        "views/menus.xml",
    ],
    "demo": [
        "demo/client_custody_crm_demo.xml",
    ],
    "auto_install": True,
    "installable": True,
}
