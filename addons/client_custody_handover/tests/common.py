from contextlib import contextmanager
from unittest.mock import patch

from odoo import SUPERUSER_ID, api
from odoo.tools import SQL


class _SinkSession:
    """An SMTP session that accepts every message (or refuses each with ``fail``)."""

    def __init__(self, fail, outbox, recipients):
        self.fail, self.outbox, self.recipients = fail, outbox, recipients

    def send_message(self, message, smtp_from, smtp_to_list):
        if self.fail:
            raise ConnectionRefusedError(self.fail)
        if self.outbox is not None:
            self.outbox.append(message)
        if self.recipients is not None:
            self.recipients.append(smtp_to_list)

    def quit(self):
        pass


@contextmanager
def smtp_sink(env, fail=None, outbox=None, recipients=None):
    """The mail queue runs as in production, through Odoo's mail server code, up to the SMTP
    session, which is a sink here: every mail is accepted (or, with ``fail``, refused with
    that error); ``outbox``, a list, receives each message as the SMTP server would, and
    ``recipients`` each message's envelope recipients."""
    server = type(env["ir.mail_server"])
    session = _SinkSession(fail, outbox, recipients)
    with (
        patch.object(server, "_disable_send", classmethod(lambda cls: False)),
        patch.object(server, "_connect__", lambda *args, **kwargs: session),
    ):
        yield


def send_mail_queue(env, fail=None):
    """Odoo's mail queue, through the SMTP sink."""
    with smtp_sink(env, fail):
        env["mail.mail"].sudo().process_email_queue()


def tell_clients(env):
    """What the scheduled actions do between the start and the end of a refusal window: the
    notices are rendered and queued, then the mail queue sends them and the clients are told."""
    env["custody.handover"]._cron_send_notices()
    send_mail_queue(env)


def remove_committed(registry, handover_ids, client_ids, employee_ids, user_ids):
    """What a test committed for real cursors (handovers, their clients' custody, the people)
    is removed again, so that the rest of the suite sees the database as it was."""
    with registry.cursor() as cr:
        for table in ("custody_handover_line", "custody_handover_item"):
            cr.execute(
                SQL(
                    "DELETE FROM %s WHERE handover_id = ANY(%s)",
                    SQL.identifier(table),
                    handover_ids,
                )
            )
        for model, ids in (("custody.handover", handover_ids), ("res.partner", client_ids)):
            cr.execute(
                SQL("DELETE FROM mail_message WHERE model = %s AND res_id = ANY(%s)", model, ids)
            )
        cr.execute(SQL("DELETE FROM custody_handover WHERE id = ANY(%s)", handover_ids))
        cr.execute(SQL("DELETE FROM custody_assignment WHERE partner_id = ANY(%s)", client_ids))
        cr.execute(SQL("DELETE FROM custody_client WHERE partner_id = ANY(%s)", client_ids))
        cr.execute(
            SQL(
                "DELETE FROM mail_followers WHERE res_model = 'res.partner' AND res_id = ANY(%s)",
                client_ids,
            )
        )
        cr.execute(SQL("DELETE FROM res_partner WHERE id = ANY(%s)", client_ids))
        env = api.Environment(cr, SUPERUSER_ID, {})
        env["hr.employee"].browse(employee_ids).unlink()
        env["res.users"].browse(user_ids).unlink()
