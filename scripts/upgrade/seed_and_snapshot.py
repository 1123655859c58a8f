"""Run by `odoo shell` on the PREVIOUS version (19.0.1.1.0): add what demo data lacks (a second
company sharing a client, a handover with a retained and a waiting client), then write what an
upgrade must keep to $UPGRADE_SNAPSHOT. `env` is given by the shell."""

import json
import os

env = env(context=dict(env.context, no_reset_password=True, tracking_disable=True))  # noqa: F821
Assignment = env["custody.assignment"]
group_user = env.ref("client_custody.group_custody_user") | env.ref("base.group_user")

# A second company whose seller also holds a client of the first company's.
other = env["res.company"].create({"name": "Upgrade Co B"})
user_b = env["res.users"].create(
    {
        "name": "Seller B",
        "login": "upgrade_seller_b",
        "company_id": other.id,
        "company_ids": [(6, 0, other.ids)],
        "group_ids": [(6, 0, group_user.ids)],
    }
)
seller_b = env["hr.employee"].create(
    {"name": "Seller B", "user_id": user_b.id, "company_id": other.id}
)
shared = env["res.partner"].create({"name": "Shared Upgrade Client", "is_company": True})
holders = env["hr.employee"].search(
    [("department_id", "=", env.ref("client_custody.hr_department_sales_demo").id)], order="id"
)
Assignment._assign(shared, holders[1])
Assignment.create({"partner_id": shared.id, "employee_id": seller_b.id, "company_id": other.id})

# A running departure: one personal client retained (accepted at start), the others waiting.
leaver = holders[2]
book = env["res.partner"].browse(Assignment._current_client_ids(leaver))
personal = book.filtered(lambda p: p.custody_tier == "personal")[:1]
core = (book - personal)[:3]
handover = env["custody.handover"]._prepare(
    leaver,
    [{"partner_id": personal.id, "decision": "retain", "retain_reason": "Own network"}]
    + [{"partner_id": c.id, "successor_id": holders[3].id} for c in core],
    {"kind": "departure"},
)
handover.action_start()
if handover.state == "to_approve":
    handover.action_approve()
env.flush_all()


def rows(query):
    env.cr.execute(query)
    return [
        [str(value) if value is not None else None for value in row] for row in env.cr.fetchall()
    ]


snapshot = {
    "periods": rows(
        "SELECT partner_id, employee_id, company_id, date_start, date_end, origin"
        " FROM custody_assignment ORDER BY id"
    ),
    "current": rows(
        "SELECT partner_id, company_id, employee_id FROM custody_assignment"
        " WHERE date_end IS NULL ORDER BY partner_id, company_id"
    ),
    "tiers": rows(
        "SELECT id, custody_tier, custody_tier_basis FROM res_partner"
        " WHERE custody_tier_decided_on IS NOT NULL ORDER BY id"
    ),
    "handovers": rows("SELECT id, name, state, employee_id FROM custody_handover ORDER BY id"),
    "lines": rows(
        "SELECT id, handover_id, partner_id, state, decision, successor_id"
        " FROM custody_handover_line ORDER BY id"
    ),
    "items": rows("SELECT id, handover_id, name, state FROM custody_handover_item ORDER BY id"),
    "noncompetes": rows("SELECT id, employee_id, state FROM custody_noncompete ORDER BY id"),
    "noncompete_months": rows("SELECT id, noncompete_id FROM custody_noncompete_month ORDER BY id"),
    "consents": rows(
        "SELECT id, consent_date, consent_channel FROM alumni_member"
        " WHERE consent_date IS NOT NULL ORDER BY id"
    ),
    "members": rows("SELECT id, name FROM alumni_member ORDER BY id"),
    # The unassigned-clients queue's action, menus, view, rule and model: the same records
    # after the upgrade, under the core's xml ids (19.0.2.0.0 gave them to the CRM addon,
    # 19.0.2.1.0 takes them back).
    "queue_records": rows(
        "SELECT name, res_id FROM ir_model_data WHERE module = 'client_custody'"
        " AND name IN ('custody_orphan_action', 'custody_orphan_root_menu', 'custody_orphan_menu',"
        " 'custody_orphan_menu_hr', 'custody_orphan_view_list', 'custody_orphan_rule_company',"
        " 'model_custody_orphan') ORDER BY name"
    ),
    "retained": [personal.id, leaver.id, handover.company_id.id],
    "shared": [shared.id, env.company.id, holders[1].id, other.id, seller_b.id],
}
env.cr.commit()
with open(os.environ["UPGRADE_SNAPSHOT"], "w") as snapshot_file:
    json.dump(snapshot, snapshot_file)
print(
    f"snapshot: {len(snapshot['periods'])} periods, {len(snapshot['lines'])} lines, "
    f"{len(snapshot['consents'])} consents"
)
