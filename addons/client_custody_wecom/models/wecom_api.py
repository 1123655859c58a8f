import logging
import time
from collections import Counter
from datetime import timedelta

import psycopg2
import requests

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

_logger = logging.getLogger(__name__)

TOKEN_ERRCODES = (40014, 42001)
BUSY_ERRCODE = -1
RATE_ERRCODES = (45009, 45033)
BUSY_RETRIES = 3
TIMEOUT = 15
# A token is renewed this long before WeCom says it expires (clocks differ, requests take time).
TOKEN_MARGIN = timedelta(minutes=5)
# After 45009 / 45033 an endpoint is left alone this long by the whole transaction.
RATE_BACKOFF = timedelta(minutes=1)


class WecomApi(models.AbstractModel):
    """WeCom's server API (https://qyapi.weixin.qq.com/cgi-bin/...), spoken with ``requests``.

    One door for every call: the shared access token, its refresh on 40014 / 42001, busy
    retries (-1), and the call log on the handover concerned. Secrets never reach a log: the
    token travels in the query string as WeCom requires, and only the endpoint is recorded.
    """

    _name = "wecom.api"
    _description = "WeCom API"

    # Seconds between retries of a busy answer (-1); the tests set 0.
    _busy_delay = 1.0

    @api.model
    def _call(self, company, path, payload, handover=None, count=None, query=None):
        """POST ``payload`` to cgi-bin/``path`` (GET with ``query`` when ``payload`` is None);
        returns WeCom's JSON answer (errcode included).

        Raises UserError when WeCom cannot be reached or does not answer JSON.
        """
        company = company.sudo()
        backoff = self.env.cr.cache.setdefault("wecom_backoff", {})
        until, rate_errcode = backoff.get((company.id, path), (None, 0))
        if until and fields.Datetime.now() < until:
            # WeCom asked us to slow down on this endpoint: the other chunks of this run do not
            # call it again; they wait like the one that got the answer.
            return {"errcode": rate_errcode, "errmsg": "rate limited: not sent"}
        token = self._access_token(company)
        busy = refreshed = 0
        while True:
            answer = self._post(company, path, payload, token, query=query)
            errcode = answer.get("errcode", 0)
            if errcode in RATE_ERRCODES:
                backoff[company.id, path] = (fields.Datetime.now() + RATE_BACKOFF, errcode)
                break
            if errcode in TOKEN_ERRCODES and not refreshed:
                refreshed = 1
                token = self._access_token(company, stale=token)
                continue
            if errcode == BUSY_ERRCODE and busy < BUSY_RETRIES:
                busy += 1
                time.sleep(self._busy_delay * busy)
                continue
            break
        self.env["wecom.call.log"].sudo()._record(
            company, path, answer, handover=handover, count=count, attempts=1 + busy + refreshed
        )
        return answer

    @api.model
    def _post(self, company, path, payload, token, query=None):
        url = f"{self._base_url(company)}/cgi-bin/{path}"
        params = dict(query or {}, access_token=token)
        try:
            if payload is None:
                response = requests.get(url, params=params, timeout=TIMEOUT)
            else:
                response = requests.post(url, params=params, json=payload, timeout=TIMEOUT)
            response.raise_for_status()
            return response.json()
        except (requests.RequestException, ValueError) as error:
            # The exception text may hold the URL and its token: name the endpoint only.
            _logger.warning("WeCom %s failed: %s", path, type(error).__name__)
            raise UserError(
                self.env._(
                    "WeCom could not be reached (%(endpoint)s): %(error)s",
                    endpoint=path,
                    error=type(error).__name__,
                )
            ) from None

    @api.model
    def _base_url(self, company):
        return (company.sudo().wecom_api_url or "https://qyapi.weixin.qq.com").rstrip("/")

    # ------------------------------------------------------------------
    # Access token
    # ------------------------------------------------------------------
    @api.model
    def _access_token(self, company, stale=None, force=False):
        """The company's access token, from the database while it is valid.

        ``stale``: a token WeCom just refused (40014 / 42001); ``force``: ask WeCom in any case.
        """
        company = company.sudo()
        if not (company.wecom_corp_id and company.wecom_secret):
            raise UserError(
                self.env._(
                    "WeCom is not configured for %(company)s: set the corp ID and the app "
                    "secret in the settings.",
                    company=company.name,
                )
            )
        if not force:
            row = self._memo_tokens().get(company.id) or self._stored_token(company)
            if row and row[0] != stale and row[1] > fields.Datetime.now() + TOKEN_MARGIN:
                return row[0]
        return self._refresh_token(company, stale=stale, force=force)

    @api.model
    def _memo_tokens(self):
        """company id -> (token, expires at): the tokens this transaction got or refreshed.

        The refresh is committed on a cursor of its own, which this transaction's snapshot
        does not see: without the memo, every later call would read the old token back from
        the table and get one more 40014 from WeCom.
        """
        return self.env.cr.cache.setdefault("wecom_tokens", {})

    @api.model
    def _stored_token(self, company):
        """(token, expires at) of the company's shared token, as this transaction sees it."""
        self.env.cr.execute(
            SQL(
                "SELECT token, expires_at FROM wecom_access_token WHERE company_id = %s",
                company.id,
            )
        )
        return self.env.cr.fetchone()

    @api.model
    def _refresh_token(self, company, stale=None, force=False):
        """Ask ``gettoken`` under a row lock, on a cursor of its own, committed at once.

        Workers that need a token at the same moment wait on the lock; when the one ahead
        has stored a fresh token, theirs fails to serialize and they read the new one
        instead of asking WeCom again.
        """
        corp_id, secret = company.wecom_corp_id, company.wecom_secret
        base = self._base_url(company)
        for _attempt in range(3):
            try:
                with self.env.registry.cursor() as cr:
                    cr.execute(
                        SQL(
                            """SELECT token, expires_at FROM wecom_access_token
                                WHERE company_id = %s FOR UPDATE""",
                            company.id,
                        )
                    )
                    row = cr.fetchone()
                    now = fields.Datetime.now()
                    if not force and row and row[0] != stale and row[1] > now + TOKEN_MARGIN:
                        self._memo_tokens()[company.id] = (row[0], row[1])
                        return row[0]
                    token, expires_in = self._gettoken(base, corp_id, secret)
                    cr.execute(
                        SQL(
                            """INSERT INTO wecom_access_token
                                      (company_id, token, expires_at, create_date, write_date)
                               VALUES (%(company)s, %(token)s, %(expires)s, %(now)s, %(now)s)
                               ON CONFLICT (company_id) DO UPDATE
                                  SET token = EXCLUDED.token, expires_at = EXCLUDED.expires_at,
                                      write_date = EXCLUDED.write_date""",
                            company=company.id,
                            token=token,
                            expires=now + timedelta(seconds=expires_in),
                            now=now,
                        )
                    )
                    self.env["wecom.call.log"]._record_on(cr, company, "gettoken", 0)
                    self._memo_tokens()[company.id] = (token, now + timedelta(seconds=expires_in))
                    return token
            except (psycopg2.errors.SerializationFailure, psycopg2.errors.UniqueViolation):
                # Another worker refreshed it meanwhile: read theirs on the next attempt.
                stale, force = None, False
                continue
        raise UserError(self.env._("The WeCom access token could not be stored; try again."))

    @api.model
    def _gettoken(self, base, corp_id, secret):
        try:
            response = requests.get(
                f"{base}/cgi-bin/gettoken",
                params={"corpid": corp_id, "corpsecret": secret},
                timeout=TIMEOUT,
            )
            response.raise_for_status()
            answer = response.json()
        except (requests.RequestException, ValueError) as error:
            _logger.warning("WeCom gettoken failed: %s", type(error).__name__)
            raise UserError(
                self.env._(
                    "WeCom could not be reached (%(endpoint)s): %(error)s",
                    endpoint="gettoken",
                    error=type(error).__name__,
                )
            ) from None
        if answer.get("errcode") or not answer.get("access_token"):
            _logger.warning("WeCom gettoken refused: errcode %s", answer.get("errcode"))
            raise UserError(
                self.env._(
                    "WeCom refused the corp ID or the secret (errcode %(errcode)s: %(errmsg)s).",
                    errcode=answer.get("errcode"),
                    errmsg=answer.get("errmsg") or "",
                )
            )
        return answer["access_token"], int(answer.get("expires_in") or 7200)

    # ------------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------------
    @api.model
    def _errcode_summary(self, answer):
        """'0×98, 40128×2': the per-item errcodes of an answer (customers, group chats)."""
        items = answer.get("customer") or answer.get("failed_chat_list") or []
        counts = Counter(item.get("errcode", 0) for item in items if "errcode" in item)
        return ", ".join(f"{code}×{count}" for code, count in sorted(counts.items()))
