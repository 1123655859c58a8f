"""19.0.1.1.0: what the 19.0.1.0.0 schema leaves behind in an upgraded database.

- The lines' copy of their handover's status (``handover_state``) is gone: a line's own state
  tells whether its client is still in a running handover. Odoo keeps the column and the
  single-column indexes of fields that lost ``index=True`` ("unexpected index"): each would be
  maintained on every line written and could still steer the planner away from the index on
  (handover, state, id) that the scheduled actions read.
- The refusal-window scheduled action was replaced by the batch and notice ones; it was
  ``noupdate`` data, which an upgrade does not remove.
"""

from odoo import SUPERUSER_ID, api
from odoo.tools import SQL, sql

OBSOLETE_INDEXES = (
    "custody_handover_line__handover_id_index",
    "custody_handover_line__state_index",
    "custody_handover_line__window_end_index",
)


def migrate(cr, version):
    for index in OBSOLETE_INDEXES:
        sql.drop_index(cr, index, "custody_handover_line")
    if sql.column_exists(cr, "custody_handover_line", "handover_state"):
        cr.execute(SQL("ALTER TABLE custody_handover_line DROP COLUMN handover_state"))
    env = api.Environment(cr, SUPERUSER_ID, {})
    old_cron = env.ref(
        "client_custody.ir_cron_custody_close_refusal_windows", raise_if_not_found=False
    )
    if old_cron:
        old_cron.unlink()
