{
    "name": "Alumni Network",
    "summary": "Former employees as a network: talent pool, referrals, benefits, "
    "service plan and privacy",
    "version": "19.0.1.0.0",
    "category": "Human Resources/Alumni",
    "author": "Client Custody Team",
    "website": "https://example.com/client-custody",
    "license": "LGPL-3",
    "depends": ["hr", "mail", "base_automation"],
    "data": [
        "security/alumni_network_groups.xml",
        "views/menus.xml",
    ],
    "application": True,
    "installable": True,
}
