import psycopg2

from odoo import models
from odoo.exceptions import UserError
from odoo.tools import SQL

# How long a person's save of a client that a running handover moves waits for the row (a
# batch holds it until the batch commits) before it answers with a message instead of waiting.
SAVE_LOCK_TIMEOUT_MS = 1500


class ResPartner(models.Model):
    """A client a running handover is moving answers a save quickly with a clear message.

    The handover's batches update the clients they move and their contacts (Salesperson,
    custody) and hold those rows until the batch commits. A salesperson saving such a client
    would wait for the whole batch; the save of a client in a handover under way takes the
    rows' locks first, with a short lock timeout, and says the client is being moved when it
    cannot have them. Every other save is Odoo's own: two people saving one client wait for
    each other, and one whose transaction began before the other's commit is retried by
    Odoo's request retry (last write wins), never refused. Jobs (superuser: the batches
    themselves, crons, installs) wait as before.
    """

    _inherit = "res.partner"

    def write(self, vals):
        if self.ids and not self.env.su:
            moving = self._moving_in_handover()
            if moving:
                self.check_access("write")
                moving._lock_for_save()
        return super().write(vals)

    def _moving_in_handover(self):
        """The partners of ``self`` (clients, or contacts of clients) whose client has an open
        line in a handover under way: the rows its batches lock and update."""
        commercial = self.sudo().commercial_partner_id
        Line = self.env["custody.handover.line"].sudo()
        lines = Line.search(
            [*Line._running_domain(commercial.ids), ("handover_id.state", "=", "in_progress")]
        )
        if not lines:
            return self.browse()
        held = set(lines.partner_id.ids)
        return self.filtered(lambda partner: partner.sudo().commercial_partner_id.id in held)

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
            # whole request with growing pauses (26 s seen under load) while the batches go on.
            names = ", ".join(self[:3].mapped("display_name"))
            raise UserError(
                self.env._(
                    "%(clients)s is being moved by a running handover and cannot be saved "
                    "right now. Nothing was changed: reload and save again in a moment.",
                    clients=names,
                )
            ) from None
