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
