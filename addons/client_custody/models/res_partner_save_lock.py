# pylint: disable=consider-merging-classes-inherited
import psycopg2

from odoo import models
from odoo.exceptions import UserError
from odoo.tools import SQL

# How long a person's save of a client waits for a row another transaction holds (above all a
# handover batch moving that client) before it answers with a message instead of waiting.
SAVE_LOCK_TIMEOUT_MS = 1500


# Its own file on purpose (one concern, kept apart from res_partner.py's custody fields).
class ResPartner(models.Model):
    """A client being moved by a running handover answers a save quickly with a clear message.

    The handover's batches update the clients they move (Salesperson, custody) and hold those
    rows until the batch commits. A salesperson saving such a client used to wait for the whole
    batch; the save now takes the rows' locks first, with a short lock timeout, and says the
    client is being moved when it cannot have them. Jobs (superuser: the batches themselves,
    crons, installs) wait as before.
    """

    _inherit = "res.partner"

    def write(self, vals):
        if self.ids and not self.env.su:
            self.check_access("write")
            self._lock_for_save()
        return super().write(vals)

    def _lock_for_save(self):
        cr = self.env.cr
        cr.execute("SELECT current_setting('lock_timeout')")
        previous = cr.fetchone()[0]
        try:
            with cr.savepoint(flush=False):
                cr.execute(SQL("SET LOCAL lock_timeout = %s", f"{SAVE_LOCK_TIMEOUT_MS}ms"))
                cr.execute(
                    SQL(
                        "SELECT id FROM res_partner WHERE id IN %s FOR NO KEY UPDATE",
                        tuple(self.ids),
                    )
                )
                cr.execute(SQL("SET LOCAL lock_timeout = %s", previous))
        except (psycopg2.errors.LockNotAvailable, psycopg2.errors.SerializationFailure):
            # Locked: a batch is moving the client now. Serialization: it moved the client
            # since this save's transaction began (the form is stale); Odoo would retry the
            # whole request with growing pauses (26 s seen under load) before failing anyway.
            names = ", ".join(self[:3].mapped("display_name"))
            raise UserError(
                self.env._(
                    "%(clients)s is being changed right now (a running handover may be moving "
                    "it) and cannot be saved. Nothing was changed: reload and save again in a "
                    "moment.",
                    clients=names,
                )
            ) from None
