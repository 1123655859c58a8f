"""The client notice: an e-mail template per kind of handover (the company edits it, per
language, like any Odoo e-mail), compiled and rendered once per (handover, language) for all
its successors and filled per client, so that 100,000 notices cost one rendering per batch
and a join per client."""

import logging
import re
from collections import defaultdict
from datetime import timedelta
from email.utils import formataddr

import pytz
from babel.dates import format_date, get_timezone_name
from markupsafe import escape

from odoo import api, fields, models
from odoo.tools import SQL
from odoo.tools.misc import babel_locale_parse

from ..states import NOTICE_CLIENT, NOTICE_DEADLINE, NOTICE_URL

_logger = logging.getLogger(__name__)

# The markers (states.py) are replaced per client with the client's own (escaped) values; a
# company's own template uses them through the variables ``client_name``, ``deadline`` and
# ``decline_url``.
# Separates the successors' copies of a notice rendered in one go (see ``_render``).
SEPARATOR = "@@custody-successor-%s@@"
SEPARATOR_RE = re.compile(r"@@custody-successor-(\d+)@@")
MARKERS_RE = re.compile(f"({NOTICE_CLIENT}|{NOTICE_DEADLINE}|{NOTICE_URL})")
# The default template of each kind of handover (data, noupdate: the company edits it).
NOTICE_TEMPLATES = {
    "departure": "client_custody_handover.mail_template_custody_notice_departure",
    "transfer": "client_custody_handover.mail_template_custody_notice_transfer",
}
# Time zones people in mainland China call 北京时间 (Beijing time); babel's name for them is
# 中国标准时间, which nobody writes in a letter.
BEIJING_ZONES = frozenset(
    {"Asia/Shanghai", "Asia/Chongqing", "Asia/Chungking", "Asia/Harbin", "PRC"}
)


class CustodyHandoverNotice(models.AbstractModel):
    """The notice engine: rendering, the deadline as the client reads it, and the mails
    stored in bulk. The lines decide who is told and record it (``_send_notices``)."""

    _name = "custody.handover.notice"
    _description = "Client Handover Notice"

    @api.model
    def _template(self, handover):
        """The e-mail template of ``handover``'s kind (the company may have edited it)."""
        return self.env.ref(NOTICE_TEMPLATES[handover.kind]).sudo()

    @api.model
    def _render(self, handover, successors, lang):
        """{successor id: (subject, body, email_from, reply_to)}: the notices of
        ``handover`` to each of ``successors``' clients in ``lang``, the client's name,
        deadline and decline link left as markers.

        The body is compiled and rendered once for all the successors (the company's template
        repeated per successor, each copy behind a separator): compiling a QWeb template costs
        far more than running it, and this runs once per batch of clients."""
        handover = handover.sudo().with_context(lang=lang)
        successors = successors.sudo().with_context(lang=lang)
        template = self._template(handover).with_context(lang=lang)
        values = {
            "previous": handover.employee_id,
            "client_name": NOTICE_CLIENT,
            "deadline": NOTICE_DEADLINE,
            "decline_url": NOTICE_URL,
        }
        options = {"post_process": False}  # links are made absolute when the mail is sent
        source = (
            '<t t-foreach="custody_successors" t-as="successor">'
            f"<t t-out=\"'{SEPARATOR}' % successor.id\"/>{template.body_html or ''}</t>"
        )
        body = template._render_template(
            source,
            template.render_model,
            handover.ids,
            engine="qweb",
            add_context=dict(values, custody_successors=successors),
            options=options,
        )[handover.id]
        _before, *pieces = SEPARATOR_RE.split(str(body))
        bodies = dict(zip(map(int, pieces[::2]), pieces[1::2], strict=True))
        company = handover.company_id
        email_from = company.email_formatted or self.env.user.email_formatted
        notices = {}
        for successor in successors:
            subject = template._render_field(
                "subject",
                handover.ids,
                set_lang=lang,
                add_context=dict(values, successor=successor),
            )[handover.id]
            reply_to = successor.work_email and formataddr((successor.name, successor.work_email))
            notices[successor.id] = (
                str(subject or ""),
                bodies[successor.id],
                email_from,
                reply_to or email_from,
            )
        return notices

    @api.model
    def _render_mails(self, groups):
        """The notices of ``groups`` ((handover, successor, language) -> rows): one rendering
        per handover and language, filled per client. Returns (mails, {line: deadline},
        {handover: {line: error}})."""
        Handover = self.env["custody.handover"].sudo()
        Employee = self.env["hr.employee"].sudo()
        now = fields.Datetime.now()
        mails, rendered, failed = [], {}, defaultdict(dict)
        by_language = defaultdict(dict)
        for (handover_id, successor_id, client_lang), group in groups.items():
            handover = Handover.browse(handover_id)
            lang = client_lang or handover._notice_lang()
            by_language[handover, lang][successor_id] = group
        for (handover, lang), per_successor in by_language.items():
            try:
                notices = self._render(handover, Employee.browse(per_successor), lang)
            except Exception as error:  # any rendering error: the clients wait, untold
                _logger.warning("Client notice of %s not rendered: %s", handover.name, error)
                for group in per_successor.values():
                    for row in group:
                        failed[handover.id][row[0]] = str(error)
                continue
            deadline = now + timedelta(hours=handover.refusal_hours)
            base_url = handover.get_base_url()
            company = handover.company_id
            company_tz = company._custody_tz()
            alias_domain = company.alias_domain_id.id or None
            deadlines = {}
            for successor_id, group in per_successor.items():
                subject, body, email_from, reply_to = notices[successor_id]
                # Split once at the markers: each client's notice is then one join.
                subject_parts = MARKERS_RE.split(subject)
                body_parts = MARKERS_RE.split(body)
                for line_id, _h, _s, token, partner_id, name, email, _lang, tz in group:
                    if tz not in deadlines:
                        text = self._format_deadline(deadline, tz or company_tz, lang)
                        deadlines[tz] = (text, str(escape(text)))
                    deadline_text, deadline_html = deadlines[tz]
                    url = str(escape(f"{base_url}/custody/decline/{line_id}/{token}"))
                    plain = {NOTICE_CLIENT: name or "", NOTICE_DEADLINE: deadline_text}
                    html = {
                        NOTICE_CLIENT: str(escape(name or "")),
                        NOTICE_DEADLINE: deadline_html,
                        NOTICE_URL: url,
                    }
                    mails.append(
                        (
                            line_id,
                            "".join([plain.get(part, part) for part in subject_parts]),
                            "".join([html.get(part, part) for part in body_parts]),
                            email_from,
                            reply_to,
                            formataddr((name or "", email)),
                            partner_id,
                            company.id,
                            alias_domain,
                        )
                    )
                    rendered[line_id] = deadline
        return mails, rendered, failed

    @api.model
    def _format_deadline(self, deadline, tz, lang):
        """The deadline as people write it in ``lang``: the long date, the time without
        seconds and the zone's name (2026年12月6日 18:00（北京时间）; December 6, 2026 18:00
        (Beijing time)). ``tz`` is the client's, else the company's (see ``_custody_tz``)."""
        tz = tz if tz in pytz.all_timezones_set else "UTC"
        local = pytz.utc.localize(deadline).astimezone(pytz.timezone(tz))
        env = self.with_context(lang=lang).env
        locale = babel_locale_parse(lang or "en_US")
        if tz in BEIJING_ZONES:
            zone = env._("Beijing time")
        elif tz == "UTC":
            zone = "UTC"
        else:
            zone = get_timezone_name(local, width="long", locale=locale)
        return env._(
            "%(date)s %(time)s (%(zone)s)",
            date=format_date(local.date(), format="long", locale=locale),
            time=local.strftime("%H:%M"),
            zone=zone,
        )

    @api.model
    def _insert_mails(self, mails):
        """The notices as outgoing mails, in two statements whatever their number.

        What ``mail.mail.create`` would store, without its per-record work (sanitizing a body
        rendered from the company's template, tracking): the message of each mail is linked to
        its line, so that sending it tells the client (see
        ``mail.mail._postprocess_sent_message``).
        """
        if not mails:
            return []
        now = self.env.cr.now()
        author = self.env.user.partner_id.id
        self.env.cr.execute(
            SQL(
                """INSERT INTO mail_message (
                       model, res_id, message_type, subject, email_from, reply_to, author_id,
                       date, message_id, record_company_id, record_alias_domain_id,
                       create_uid, create_date, write_uid, write_date)
                   SELECT 'custody.handover.line', v.line, 'email_outgoing', v.subject,
                          v.email_from, v.reply_to, %(author)s, %(now)s,
                          '<' || md5(random()::text || v.line::text) || '-custody-notice@odoo>',
                          v.company, v.alias_domain, %(uid)s, %(now)s, %(uid)s, %(now)s
                     FROM unnest(%(lines)s::int[], %(subjects)s::varchar[],
                                 %(froms)s::varchar[], %(replies)s::varchar[],
                                 %(companies)s::int[], %(alias_domains)s::int[])
                          AS v(line, subject, email_from, reply_to, company, alias_domain)
                RETURNING id""",
                author=author,
                now=now,
                uid=self.env.uid,
                lines=[mail[0] for mail in mails],
                subjects=[mail[1] for mail in mails],
                froms=[mail[3] for mail in mails],
                replies=[mail[4] for mail in mails],
                companies=[mail[7] for mail in mails],
                alias_domains=[mail[8] for mail in mails],
            )
        )
        message_ids = [row[0] for row in self.env.cr.fetchall()]
        self.env.cr.execute(
            SQL(
                """INSERT INTO mail_mail (
                       mail_message_id, body_html, email_to, state, auto_delete,
                       is_notification, create_uid, create_date, write_uid, write_date)
                   SELECT v.message, v.body, v.email_to, 'outgoing', TRUE, FALSE,
                          %(uid)s, %(now)s, %(uid)s, %(now)s
                     FROM unnest(%(messages)s::int[], %(bodies)s::text[], %(tos)s::varchar[])
                          AS v(message, body, email_to)
                RETURNING id""",
                uid=self.env.uid,
                now=now,
                messages=message_ids,
                bodies=[mail[2] for mail in mails],
                tos=[mail[5] for mail in mails],
            )
        )
        return [row[0] for row in self.env.cr.fetchall()]
