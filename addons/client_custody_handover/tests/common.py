from contextlib import contextmanager
from unittest.mock import MagicMock, patch


@contextmanager
def smtp_sink(env, fail=None):
    """The mail queue runs as in production, up to the SMTP server, which is a sink here:
    every mail is accepted (or, with ``fail``, refused with that error)."""

    def send_email(server, message, *args, **kwargs):
        if fail:
            raise ConnectionRefusedError(fail)
        return message["Message-Id"]

    server = type(env["ir.mail_server"])
    with (
        patch.object(server, "_disable_send", classmethod(lambda cls: False)),
        patch.object(server, "_connect__", lambda *args, **kwargs: MagicMock()),
        patch.object(server, "send_email", send_email),
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
