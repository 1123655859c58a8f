from contextlib import contextmanager
from datetime import timedelta
from unittest.mock import patch

from odoo import SUPERUSER_ID, api, fields
from odoo.modules.registry import Registry
from odoo.tests import BaseCase, get_db_name
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


# ----------------------------------------------------------------------
# Committed data, real cursors: two cron workers, a salesperson and a batch
# ----------------------------------------------------------------------
class CommittedCase(BaseCase):
    """Tests on real cursors, where two transactions meet (two cron workers, a salesperson's
    save and a batch): the fixture is committed once for the class by ``_commit_fixture(env)``,
    which returns the ids it made (``handover`` or ``handovers``, ``clients``, ``employees``,
    ``users``, and any of its own, kept as ``cls.ids``), and removed afterwards, so that the
    rest of the suite sees the database as it was."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.registry = Registry(get_db_name())
        with cls.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {"no_reset_password": True})
            cls.ids = cls._commit_fixture(env)

    @classmethod
    def _commit_fixture(cls, env):
        raise NotImplementedError

    @classmethod
    def tearDownClass(cls):
        ids = cls.ids
        handovers = ids["handovers"] if "handovers" in ids else [ids["handover"]]
        remove_committed(cls.registry, handovers, ids["clients"], ids["employees"], ids["users"])
        super().tearDownClass()


def custody_users(env, names):
    """Users who may hold clients (custody users), one per name, each with an employee."""
    group = env.ref("client_custody.group_custody_user") | env.ref("base.group_user")
    users = env["res.users"].create(
        [
            {
                "name": name,
                "login": name.lower().replace(" ", "_"),
                "group_ids": [(6, 0, group.ids)],
            }
            for name in names
        ]
    )
    employees = env["hr.employee"].create(
        [{"name": user.name, "user_id": user.id} for user in users]
    )
    return users, employees


def committed_departure(env, name, count):
    """A started departure of ``count`` clients (each with an e-mail address) from a leaver
    to one successor, both custody users, for tests on real cursors (the caller commits)."""
    users, (successor, leaver) = custody_users(env, [f"{name} successor", f"{name} leaver"])
    leaver.departure_date = "2026-12-31"  # a departure handover needs a leaver
    clients = env["res.partner"].create(
        [
            {"name": f"{name} client {n}", "is_company": True, "email": "w@example.com"}
            for n in range(count)
        ]
    )
    env["custody.assignment"]._move(clients, leaver)
    handover = env["custody.handover"]._prepare(
        leaver,
        [{"partner_id": c.id, "successor_id": successor.id} for c in clients],
        {"kind": "departure"},
    )
    handover.item_ids.action_mark_returned()
    handover.action_start()
    return users, successor | leaver, clients, handover


def salesperson(env, name):
    """An internal user who edits contacts (Contact Creation), holding no client."""
    groups = env.ref("base.group_user") | env.ref("base.group_partner_manager")
    return env["res.users"].create(
        {"name": name, "login": name.lower().replace(" ", "_"), "group_ids": [(6, 0, groups.ids)]}
    )


def close_windows(lines):
    """The clients were told two days ago and their refusal window closed an hour ago: every
    line is due to be accepted."""
    now = fields.Datetime.now()
    lines._mark_told("email", when=now - timedelta(days=2))
    lines.write({"window_end": now - timedelta(hours=1)})
