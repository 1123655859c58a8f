{
    "name": "Client Custody - Exit Interviews and Alumni",
    "summary": "An alumnus who said in the exit interview they would come back, and who consents "
    "to job offers, joins the talent pool",
    "version": "19.0.1.0.0",
    "category": "Human Resources",
    "author": "Client Custody Team",
    "website": "https://example.com/client-custody",
    "license": "LGPL-3",
    "depends": ["client_custody_exit_survey", "alumni_network"],
    "data": [],
    "auto_install": True,
    "installable": True,
}
