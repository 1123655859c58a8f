"""19.0.2.1.0: the unassigned-clients queue is a custody concept and lives in the core.

``custody.orphan`` and its assign wizard, views, action, menus, access rights and rules were
defined by client_custody_crm (19.0.2.0.0); the core defines them now, the handover addon adds
the clients waiting for a successor (its fields and kind), the CRM addon its own rows. Before
anything is loaded, each record's xml id goes to the addon that defines it now, so that the
records users know (the action, the menus, their ids in bookmarks) are updated in place, not
removed at the end of the upgrade and created again. What the CRM addon still defines (its
fields and kinds) stays its own.
"""

import logging

from odoo.tools import SQL

_logger = logging.getLogger(__name__)

WIZARD_FIELDS = (
    "create_date",
    "create_uid",
    "display_name",
    "id",
    "orphan_count",
    "orphan_ref",
    "successor_id",
    "summary",
    "write_date",
    "write_uid",
)
MOVED = {
    "client_custody": [
        "model_custody_orphan",
        "model_custody_orphan_assign_wizard",
        "access_custody_orphan_manager",
        "access_custody_orphan_assign_wizard_manager",
        "custody_orphan_rule_company",
        "custody_orphan_assign_wizard_rule_own",
        "custody_orphan_action",
        "custody_orphan_view_list",
        "custody_orphan_view_search",
        "custody_orphan_view_pivot",
        "custody_orphan_view_graph",
        "custody_orphan_assign_wizard_view_form",
        "custody_orphan_root_menu",
        "custody_orphan_menu",
        "custody_orphan_menu_hr",
        "selection__custody_orphan__kind__no_custodian",
        "selection__custody_orphan__kind__archived_custodian",
        *(
            f"field_custody_orphan__{name}"
            for name in (
                "company_id",
                "display_name",
                "employee_id",
                "id",
                "kind",
                "name",
                "partner_id",
                "since",
                "user_id",
            )
        ),
        *(f"field_custody_orphan_assign_wizard__{name}" for name in WIZARD_FIELDS),
    ],
    "client_custody_handover": [
        "selection__custody_orphan__kind__handover_line",
        "field_custody_orphan__line_id",
        "field_custody_orphan__handover_id",
        "field_custody_orphan__note",
    ],
}


def migrate(cr, version):
    for module, names in MOVED.items():
        cr.execute(
            SQL(
                """UPDATE ir_model_data d SET module = %(module)s
                    WHERE d.module = 'client_custody_crm' AND d.name = ANY(%(names)s)
                      AND NOT EXISTS (SELECT 1 FROM ir_model_data o
                                       WHERE o.module = %(module)s AND o.name = d.name)""",
                module=module,
                names=names,
            )
        )
        _logger.info(
            "client_custody 19.0.2.1.0: %s takes over %s records of the unassigned-clients queue",
            module,
            cr.rowcount,
        )
