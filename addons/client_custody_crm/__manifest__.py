{
    "name": "Client Custody - CRM",
    "summary": "Open opportunities and activities move with the clients; the unassigned-clients "
    "queue lists Salespersons, opportunities and sales teams of people who left",
    "version": "19.0.2.0.0",
    "category": "Sales/CRM",
    "author": "Client Custody Team",
    "website": "https://example.com/client-custody",
    "license": "LGPL-3",
    "depends": ["client_custody_handover", "crm"],
    "data": [
        "views/custody_orphan_views.xml",
        "views/custody_handover_views.xml",
    ],
    "demo": [
        "demo/client_custody_crm_demo.xml",
    ],
    "auto_install": True,
    "installable": True,
}
