"""Install and upgrade hooks."""

from odoo.tools import SQL, sql

TABLE = "custody_handover_line"


def record_told_history(cr):
    """Give every line the CHECK on told_at needs its told_at (see migrations/19.0.2.1.0)."""
    if not sql.table_exists(cr, TABLE):
        return
    for column, kind in (
        ("told_at", "timestamp"),
        ("told_channel", "varchar"),
        ("notice_error", "text"),
    ):
        if not sql.column_exists(cr, TABLE, column):
            sql.create_column(cr, TABLE, column, kind)
    cr.execute(
        SQL(
            """UPDATE custody_handover_line
                  SET told_at = notified_at, told_channel = 'email'
                WHERE told_at IS NULL AND state IN ('accepted', 'waiting')
                  AND notice_state = 'sent' AND notified_at IS NOT NULL"""
        )
    )
    cr.execute(
        SQL(
            """UPDATE custody_handover_line
                  SET told_at = COALESCE(accepted_on, write_date, create_date),
                      told_channel = 'legacy'
                WHERE told_at IS NULL AND state = 'accepted' AND decision <> 'retain'"""
        )
    )
    cr.execute(
        SQL(
            """UPDATE custody_handover_line
                  SET notice_state = 'queued', window_end = NULL
                WHERE told_at IS NULL AND state = 'waiting'"""
        )
    )


def pre_init_hook(env):
    """Installed over the lines client_custody 19.0.1.x kept (its 19.0.2.0.0 migration hands
    them over): their history is recorded before the CHECK on told_at is added."""
    record_told_history(env.cr)
