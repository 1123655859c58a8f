"""19.0.2.0.0: client_custody is split into addons along its seams.

The handover, the CRM side and the exit obligations under Chinese labour law now live in their
own addons. Their models, fields, tables, rules, sequences and scheduled actions already exist
in an upgraded database under client_custody's name: before anything is loaded, the new addons
take over exactly what they now define (``moved_xmlids.json``: what client_custody 19.0.1.1.0
defined and each new addon defines today), so that the end of the upgrade, which removes what a
module no longer defines, finds nothing of theirs to remove (no table, column or m2m table is
dropped), and the new addons are installed in the same upgrade.
"""

import json
import logging
from pathlib import Path

from odoo import SUPERUSER_ID, api
from odoo.tools import SQL

_logger = logging.getLogger(__name__)

MOVED = json.loads((Path(__file__).parent / "moved_xmlids.json").read_text())


def migrate(cr, version):
    for module, names in MOVED["moved"].items():
        cr.execute(
            SQL(
                """UPDATE ir_model_data SET module = %s
                    WHERE module = 'client_custody' AND name = ANY(%s)""",
                module,
                names,
            )
        )
        _logger.info("client_custody 19.0.2.0.0: %s takes over %s records", module, cr.rowcount)
    # Views of 19.0.1.x that no addon defines any more would be validated with the views they
    # extend, against fields that have moved away: they go now (views hold no data).
    taken = set(MOVED["kept"]).union(*MOVED["moved"].values())
    cr.execute(
        SQL(
            """SELECT res_id, name FROM ir_model_data
                WHERE module = 'client_custody' AND model = 'ir.ui.view'"""
        )
    )
    stale = [(res_id, name) for res_id, name in cr.fetchall() if name not in taken]
    if stale:
        cr.execute(
            SQL("DELETE FROM ir_ui_view WHERE id = ANY(%s)", [res_id for res_id, _name in stale])
        )
        cr.execute(
            SQL(
                "DELETE FROM ir_model_data WHERE module = 'client_custody' AND name = ANY(%s)",
                [name for _res_id, name in stale],
            )
        )
        _logger.info("client_custody 19.0.2.0.0: %s views no addon defines removed", len(stale))
    # Record rules are noupdate data: the upgrade rewrites them (their domains changed).
    cr.execute(
        SQL(
            """UPDATE ir_model_data SET noupdate = false
                WHERE module = ANY(%s) AND model = 'ir.rule'""",
            ["client_custody", *MOVED["moved"]],
        )
    )
    env = api.Environment(cr, SUPERUSER_ID, {})
    Module = env["ir.module.module"]
    Module.update_list()
    new = Module.search([("name", "in", list(MOVED["moved"])), ("state", "=", "uninstalled")])
    new.button_install()
