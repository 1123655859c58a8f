import logging
import smtplib
import uuid
from collections import defaultdict
from email.header import Header
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from email.utils import formataddr, formatdate, getaddresses

from psycopg2.errors import SerializationFailure

from odoo import models, tools
from odoo.tools import SQL

_logger = logging.getLogger(__name__)

# Client notices sent per transaction: a crash re-sends at most this many.
NOTICE_SEND_CHUNK = 200


def _header_text(value, name):
    """A header value, as RFC 2047 words where it is not ASCII (the lines folded as the
    header ``name`` needs)."""
    value = value or ""
    return value if value.isascii() else Header(value, "utf-8", header_name=name).encode()


def _header_addresses(value):
    """Addresses, their display names as RFC 2047 words where they are not ASCII."""
    return ", ".join(
        formataddr((name, address), charset="utf-8")
        for name, address in getaddresses([value or ""])
    )


class MailMail(models.Model):
    _inherit = "mail.mail"

    # ------------------------------------------------------------------
    # Client notices: sent by the mail queue, set-based
    # ------------------------------------------------------------------
    def _send(
        self,
        auto_commit=False,
        raise_exception=False,
        smtp_session=None,
        alias_domain_id=False,
        mail_server=False,
        post_send_callback=None,
    ):
        """Client notices go out in chunks (see ``_send_client_notices``); any other mail as
        Odoo sends it, one at a time. A notice that fails is recorded on its client's line
        (untold, retried), never raised: ``raise_exception`` applies to the other mails."""
        notices = self._client_notices()
        others = self - notices
        if others:
            super(MailMail, others)._send(
                auto_commit=auto_commit,
                raise_exception=raise_exception,
                smtp_session=smtp_session,
                alias_domain_id=alias_domain_id,
                mail_server=mail_server,
                post_send_callback=post_send_callback,
            )
        if notices:
            notices._send_client_notices(
                auto_commit=auto_commit,
                smtp_session=smtp_session,
                alias_domain_id=alias_domain_id,
                post_send_callback=post_send_callback,
            )
        return True

    def _client_notices(self):
        """Those of these mails that are client notices of a handover (one per client, as
        ``custody.handover.notice._insert_mails`` stores them)."""
        return self.browse(self._client_notice_lines())

    def _client_notice_lines(self):
        """{mail id: handover line id} of the client notices among these mails, in one query
        (no ORM read per mail: the mail queue hands over thousands at a time)."""
        if not self.ids:
            return {}
        self.flush_recordset()
        self.env.cr.execute(
            SQL(
                # From these mails outwards, whatever the planner's statistics say: a guess
                # of "one notice in mail_message" must not scan them all, per chunk.
                """WITH mails AS MATERIALIZED (
                       SELECT id, mail_message_id FROM mail_mail
                        WHERE id = ANY(%s) AND NOT is_notification
                   )
                   SELECT mails.id, l.id
                     FROM mails
                     JOIN mail_message m ON m.id = mails.mail_message_id
                     JOIN custody_handover_line l ON l.id = m.res_id
                    WHERE m.model = 'custody.handover.line'""",
                self.ids,
            )
        )
        return dict(self.env.cr.fetchall())

    def _send_client_notices(
        self, auto_commit=False, smtp_session=None, alias_domain_id=False, post_send_callback=None
    ):
        """Send these client notices over the one SMTP session, ``NOTICE_SEND_CHUNK`` at a time.

        Per chunk: the mails are claimed with row locks that skip locked rows (a mail another
        worker is sending is left to it, never sent twice), read in one query, each built and
        handed to the SMTP server through Odoo's ``ir.mail_server.send_email``, then the sent
        ones are marked and their clients told in one go (``_postprocess_sent_message``), the
        refused ones marked failed with the server's reason (their clients stay untold and the
        notice is retried). With ``auto_commit`` each chunk is committed: a crash re-sends at
        most the chunk under way, and tells nobody who was not sent their notice.
        """
        IrMailServer = self.env["ir.mail_server"]
        if IrMailServer._disable_send():
            return
        if alias_domain_id:
            alias_domain = self.env["mail.alias.domain"].sudo().browse(alias_domain_id)
            IrMailServer = IrMailServer.with_context(
                domain_notifications_email=alias_domain.default_from_email,
                domain_bounce_address=alias_domain.bounce_email,
            )
        for chunk in tools.split_every(NOTICE_SEND_CHUNK, self.ids):
            sent, failed, disconnected = self._send_notice_chunk(chunk, IrMailServer, smtp_session)
            if sent:
                mails = self.browse(sent)
                # Those removed once sent (every notice) are not marked first.
                mails.filtered(lambda mail: not mail.auto_delete).write(
                    {"state": "sent", "failure_type": False, "failure_reason": False}
                )
                mails._postprocess_sent_message(success_pids=[], success_emails=[])
            for (failure_type, reason), ids in failed.items():
                mails = self.browse(ids)
                mails.write(
                    {"state": "exception", "failure_type": failure_type, "failure_reason": reason}
                )
                mails._postprocess_sent_message(
                    success_pids=[], success_emails=[], failure_reason=reason,
                    failure_type=failure_type,
                )  # fmt: skip
            if auto_commit is True:
                if post_send_callback:
                    post_send_callback(list(chunk))
                # As Odoo's own ``_send`` commits after each mail it sent (auto_commit is only
                # given by the mail queue and our scheduled actions).
                self.env.cr.commit()  # pylint: disable=invalid-commit
            if disconnected:
                # What was sent is recorded; the rest waits in the queue for a new session.
                raise disconnected
        if post_send_callback:
            post_send_callback(self.ids)

    def _send_notice_chunk(self, ids, IrMailServer, smtp_session):
        """Claim, build and send one chunk. Returns (sent ids, {(failure type, reason): ids},
        the SMTP disconnection that ended the chunk early, if any).

        Mails another sender changed since this transaction began (sent and removed by a
        lane while the mail queue looked at them) cannot be locked under repeatable read: the
        chunk is then left to whoever has it, untouched."""
        claim = SQL(
            """SELECT mm.id, mm.body_html, mm.email_to, m.email_from, m.reply_to, m.subject,
                          m.message_id, m.res_id, m.mail_server_id,
                          ad.bounce_alias || '@' || ad.name
                     FROM mail_mail mm
                     JOIN mail_message m ON m.id = mm.mail_message_id
                     LEFT JOIN mail_alias_domain ad ON ad.id = m.record_alias_domain_id
                    WHERE mm.id = ANY(%s) AND mm.state = 'outgoing'
                    ORDER BY mm.id
                      FOR NO KEY UPDATE OF mm SKIP LOCKED""",
            list(ids),
        )
        try:
            with self.env.cr.savepoint(flush=False):
                self.env.cr.execute(claim, log_exceptions=False)
                rows = self.env.cr.fetchall()
        except SerializationFailure:
            _logger.info("Client notices %s taken by another sender", ids[0])
            return [], {}, None
        company_bounce = self.env.company.bounce_email
        sent, failed = [], defaultdict(list)
        for mail_id, body, email_to, email_from, reply_to, subject, *rest in rows:
            message_id, line_id, server_id, bounce = rest
            try:
                message = self._client_notice_message(
                    body, email_to, email_from, reply_to, subject, message_id,
                    f"{line_id}-custody.handover.line", bounce or company_bounce,
                )  # fmt: skip
                sender = IrMailServer
                if "@" in "".join(name for name, _address in getaddresses([email_to or ""])):
                    # A name such as "Bike@Home" would read as a second address: only the
                    # validated one is sent to (a new environment, so only where needed).
                    sender = IrMailServer.with_context(
                        send_validated_to=tools.mail.email_normalize_all(email_to)
                    )
                sender.send_email(message, mail_server_id=server_id, smtp_session=smtp_session)
                sent.append(mail_id)
            except smtplib.SMTPServerDisconnected as error:
                return sent, failed, error
            except MemoryError:
                raise
            except Exception as error:  # refused by the server, or unsendable: retried later
                failure_type = "unknown"
                if isinstance(error, AssertionError) and error.args:
                    failure_type = {
                        IrMailServer.NO_VALID_RECIPIENT: "mail_email_invalid",
                        IrMailServer.NO_VALID_FROM: "mail_from_invalid",
                        IrMailServer.NO_FOUND_FROM: "mail_from_missing",
                        IrMailServer.NO_FOUND_SMTP_FROM: "mail_from_missing",
                    }.get(error.args[0], failure_type)
                reason = tools.exception_to_unicode(error)
                _logger.info("Client notice (mail.mail %s) not sent: %s", mail_id, reason)
                failed[failure_type, reason].append(mail_id)
        return sent, failed, None

    def _client_notice_message(
        self, body, email_to, email_from, reply_to, subject, message_id, object_id, bounce
    ):
        """The notice as an RFC 2822 message, as ``ir.mail_server._build_email__`` would make
        it (multipart/alternative: plain text, then HTML; the same headers), built with the
        lighter compat32 classes: a tenth of the cost, which matters at 100,000 clients."""
        html = self.env["mail.render.mixin"]._replace_local_links(body or "")
        # A boundary of our own: the generator would otherwise search each message's text
        # for the one it draws (the parts are base64, which never holds a line with "--").
        message = MIMEMultipart("alternative", boundary=f"custody-notice-{uuid.uuid4().hex}")
        message["Message-Id"] = message_id
        message["Subject"] = _header_text(subject, "Subject")
        message["From"] = _header_addresses(email_from)
        message["Reply-To"] = _header_addresses(reply_to or email_from)
        message["To"] = _header_addresses(email_to)
        message["Date"] = formatdate(usegmt=True)
        message["X-Odoo-Objects"] = object_id
        if bounce:
            message["Return-Path"] = bounce
        message.attach(MIMEText(tools.html2plaintext(html), "plain", "utf-8"))
        message.attach(MIMEText(html, "html", "utf-8"))
        return message

    # ------------------------------------------------------------------
    # A notice sent tells its client; one refused leaves the client untold
    # ------------------------------------------------------------------
    def _postprocess_sent_message(
        self, success_pids, success_emails, failure_reason=False, failure_type=None
    ):
        """A client notice sent tells the client (the refusal window opens now); one that
        fails leaves the client untold, the error on the handover, and is retried."""
        line_ids = self._client_notice_lines()
        if line_ids:
            lines = self.env["custody.handover.line"].sudo().browse(set(line_ids.values()))
            if failure_type and not success_emails:
                lines._notice_failed(failure_reason or failure_type)
            else:
                lines._mark_told("email")
        return super()._postprocess_sent_message(
            success_pids, success_emails, failure_reason=failure_reason, failure_type=failure_type
        )
