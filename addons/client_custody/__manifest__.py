{
    "name": "Client Custody",
    "summary": "Who holds each client, how confidential it is, and a safe handover "
    "when people move on",
    "version": "19.0.1.0.0",
    "category": "Sales/CRM",
    "author": "Client Custody Team",
    "website": "https://example.com/client-custody",
    "license": "LGPL-3",
    "depends": ["hr", "crm", "contacts", "mail", "base_automation"],
    "data": [
        "security/client_custody_groups.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "client_custody/static/tests/tours/**/*",
        ],
    },
    "application": True,
    "installable": True,
}
