{
    "name": "Client Custody - Alumni Network",
    "summary": "Flag alumni whose new employer is a client or a competitor while their "
    "non-compete runs",
    "version": "19.0.1.0.0",
    "category": "Human Resources/Alumni",
    "author": "Client Custody Team",
    "website": "https://example.com/client-custody",
    "license": "LGPL-3",
    "depends": ["client_custody", "alumni_network"],
    "data": [
        "data/res_partner_category_data.xml",
        "data/mail_activity_type_data.xml",
        "data/ir_cron_data.xml",
        "views/alumni_member_views.xml",
    ],
    "auto_install": True,
    "installable": True,
}
