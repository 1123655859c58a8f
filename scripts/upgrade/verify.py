"""Run by `odoo shell` on the CURRENT version after upgrading the database seeded by
seed_and_snapshot.py: nothing the previous version held is lost, and the new custody records
say what the old columns said. Exits non-zero, naming what differs."""

import json
import os
import sys

env = globals()["env"]  # given by `odoo shell`
before = json.load(open(os.environ["UPGRADE_SNAPSHOT"]))
failures = []
checks = []


def rows(query):
    env.cr.execute(query)
    return [
        [str(value) if value is not None else None for value in row] for row in env.cr.fetchall()
    ]


def same(name, query):
    """Every row of before is still there, unchanged (the new release's demo data may add)."""
    checks.append(name)
    after = rows(query)
    lost = [row for row in before[name] if row not in after]
    if lost:
        failures.append(f"{name}: {len(lost)} of {len(before[name])} lost or changed: {lost[:5]}")


def expect(label, condition):
    checks.append(label)
    if not condition:
        failures.append(label)


same(
    "periods",
    "SELECT partner_id, employee_id, company_id, date_start, date_end, origin"
    " FROM custody_assignment ORDER BY id",
)
same("handovers", "SELECT id, name, state, employee_id FROM custody_handover ORDER BY id")
same(
    "lines",
    "SELECT id, handover_id, partner_id, state, decision, successor_id"
    " FROM custody_handover_line ORDER BY id",
)
same("items", "SELECT id, handover_id, name, state FROM custody_handover_item ORDER BY id")
same("noncompetes", "SELECT id, employee_id, state FROM custody_noncompete ORDER BY id")
same("noncompete_months", "SELECT id, noncompete_id FROM custody_noncompete_month ORDER BY id")
same("members", "SELECT id, name FROM alumni_member ORDER BY id")
# The queue's action, menus, view, rule and model are the same records, the core's again.
same(
    "queue_records",
    "SELECT name, res_id FROM ir_model_data WHERE module = 'client_custody'"
    " AND name IN ('custody_orphan_action', 'custody_orphan_root_menu', 'custody_orphan_menu',"
    " 'custody_orphan_menu_hr', 'custody_orphan_view_list', 'custody_orphan_rule_company',"
    " 'model_custody_orphan') ORDER BY name",
)
# Consents: where 19.0.1.x kept them on the member, or in the consent records that replace them.
env.cr.execute("SELECT 1 FROM information_schema.tables WHERE table_name = 'alumni_consent'")
if env.cr.fetchone():
    env.cr.execute("SELECT DISTINCT member_id FROM alumni_consent WHERE member_id IS NOT NULL")
    consenting = {str(row[0]) for row in env.cr.fetchall()}
    expect(
        "every consent of 19.0.1.x is a consent record",
        {row[0] for row in before["consents"]} <= consenting,
    )
else:
    same(
        "consents",
        "SELECT id, consent_date, consent_channel FROM alumni_member"
        " WHERE consent_date IS NOT NULL ORDER BY id",
    )

# One custody record per (client, company), saying who holds it as the open period does.
current = rows(
    "SELECT partner_id, company_id, custodian_id FROM custody_client"
    " WHERE custodian_id IS NOT NULL ORDER BY partner_id, company_id"
)
expect(
    f"current custodians: {len(before['current'])} periods, {len(current)} records",
    current == before["current"],
)
tiers = {
    row[0]: row[1:]
    for row in rows(
        "SELECT c.partner_id, c.tier, c.tier_basis FROM custody_client c"
        " JOIN res_company co ON co.id = c.company_id ORDER BY c.partner_id, c.company_id"
    )
}
expect(
    "decided tiers and their evidence are kept",
    all(tiers.get(partner) == [tier, basis] for partner, tier, basis in before["tiers"]),
)
expect(
    "every period points at its custody record",
    not rows("SELECT id FROM custody_assignment WHERE client_id IS NULL"),
)
partner, leaver, company = before["retained"]
retained = rows(
    f"SELECT state, retained_by_id FROM custody_client WHERE partner_id = {int(partner)}"
    f" AND company_id = {int(company)}"
)
expect("the retained client is retained by its leaver", retained == [["retained", str(leaver)]])
queue = env["custody.orphan"].search([])
expect(
    "the unassigned-clients queue (the core's) reads, without the retained client",
    int(partner) not in queue.partner_id.ids
    and env.ref("client_custody.custody_orphan_action").res_model == "custody.orphan",
)
shared, company_a, holder_a, company_b, holder_b = before["shared"]
Partner = env["res.partner"]
expect(
    "a shared client keeps one custodian in each company",
    Partner.browse(shared).with_company(company_a).custodian_id.id == holder_a
    and Partner.browse(shared).with_company(company_b).custodian_id.id == holder_b,
)
modules = env["ir.module.module"].search(
    [("name", "in", ("client_custody_handover", "client_custody_crm", "client_custody_exit_cn"))]
)
expect(
    f"the split addons are installed ({modules.mapped(lambda m: (m.name, m.state))})",
    set(modules.mapped("state")) == {"installed"} and len(modules) == 3,
)
last = max(int(row[1].rsplit("/", 1)[-1]) for row in before["handovers"])
name = env["ir.sequence"].next_by_code("custody.handover")
expect(f"handover numbering goes on ({name} after {last})", int(name.rsplit("/", 1)[-1]) > last)
env.cr.rollback()

for failure in failures:
    print(f"FAILED: {failure}")
print(f"Upgrade check: {len(checks)} checks, {len(failures)} differences")
sys.exit(1 if failures else 0)
