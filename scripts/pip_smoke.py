# Run by scripts/pip_install_test.sh inside `odoo shell` (``env`` is given) on the database where
# the pip-installed addons were just installed. Prints one line per check; exits non-zero on a
# failure. Plain assertions: the point is that it runs from site-packages, not from the repository.
import os
import sys

import odoo.modules

site = os.path.realpath(os.environ["PIP_SMOKE_SITE"])
repo_addons = os.path.join(os.path.realpath(os.environ["PIP_SMOKE_ROOT"]), "addons")
modules = os.environ["PIP_SMOKE_MODULES"].split(",")
failures = []
env = globals()["env"]  # given by `odoo shell`


def check(label, ok):
    print(f"{'ok  ' if ok else 'FAIL'} {label}")
    if not ok:
        failures.append(label)


states = dict(
    env["ir.module.module"].search([("name", "in", modules)]).mapped(lambda m: (m.name, m.state))
)
for name in modules:
    check(f"{name} installed", states.get(name) == "installed")
    path = os.path.realpath(odoo.modules.get_module_path(name) or "")
    check(f"{name} loaded from site-packages ({path})", path.startswith(site))
    check(f"{name} not loaded from the repository's addons/", not path.startswith(repo_addons))

# The addons work: an employee holds a client through the move service.
company = env.company
employee = env["hr.employee"].create({"name": "Pip Smoke Holder"})
user = env["res.users"].create(
    {
        "name": "Pip Smoke Holder",
        "login": "pip.smoke.holder",
        "group_ids": [(4, env.ref("client_custody.group_custody_user").id)],
    }
)
employee.user_id = user
client = env["res.partner"].create({"name": "Pip Smoke Client", "is_company": True})
env["custody.assignment"]._move(client, employee)
record = env["custody.client"].search(
    [("partner_id", "=", client.id), ("company_id", "=", company.id)]
)
check("a client held through the move service", record.custodian_id == employee)
check(
    "handover, exit and alumni models present",
    all(m in env for m in ("custody.handover", "hr.exit", "alumni.member")),
)
env.cr.rollback()
print(f"pip smoke: {len(failures)} failed")
sys.exit(1 if failures else 0)
