{
    "name": "Client Custody - Alumni Network",
    "summary": "Flag alumni who join a competitor while their non-compete runs, and those who "
    "join a client (relationship risk)",
    "version": "19.0.1.0.0",
    "category": "Human Resources/Alumni",
    "author": "Client Custody Team",
    "website": "https://example.com/client-custody",
    "license": "LGPL-3",
    "depends": ["client_custody_exit_cn", "alumni_network"],
    "data": [
        "data/res_partner_category_data.xml",
        "data/mail_activity_type_data.xml",
        "data/ir_cron_data.xml",
        "views/alumni_member_views.xml",
    ],
    "auto_install": True,
    "installable": True,
}
