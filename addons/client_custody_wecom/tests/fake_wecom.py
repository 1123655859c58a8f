"""A fake WeCom server for the tests: http.server on 127.0.0.1 (a free port) in a thread.

It follows WeCom's documented server API for what the addon uses: the same paths under
/cgi-bin/, JSON shapes, limits and errcodes. The clock is the ``now`` attribute (epoch
seconds), set by the test to match its frozen time. The callback encryption is written here
from WeCom's documentation, independently of the addon's own code.

Limits and rules it enforces:
- gettoken: corpid + corpsecret, token valid 7200 s; 40001 bad secret; 40014 unknown token,
  42001 expired token (``expire_tokens()``);
- user/get (GET): 60111 for a member who resigned (deleted from the directory);
- externalcontact/get (GET): a customer with every member following it, 500 a page; 40096
  unknown, 84061 when nobody follows it any more;
- ≤ 100 userids / external_userids / chat ids a call (more → 40058), ≤ 100 contacts a page of
  batch/get_by_user, ≤ 1000 a page of transfer_result / get_unassigned_list / groupchat/list;
- transfer_customer: per customer 40096 unknown, 40130 same member, 40131 not a follower,
  40129 a transfer in progress, 40128 twice in 90 days (在职 only), 40099 successor already at
  their limit, 40131 on the 在职 API for a member who resigned; resigned/transfer_customer: 40097
  (whole call) when the member has not resigned; group chats: 90502 on onjob_transfer for a
  resigned owner, 90500 on transfer for an owner still in office;
- results: status 2 until takeover_time (24 h after the request), then 1, or 4 when the
  successor reached their limit at that moment; 3 once the customer refused (``refuse``), 5
  when WeCom lost the record (``lose_record``);
- one-shot errcodes for the next calls of a path (``fail_next``): -1 busy, 45009 rate…
"""

import base64
import hashlib
import json
import os
import struct
import threading
from collections import defaultdict
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

DAY = 86400
WINDOW = DAY
PERIOD_90_DAYS = 90 * DAY
TOO_MANY = 40058


class FakeWeCom:
    def __init__(self, corp_id, secret, token, aes_key, now=0):
        self.corp_id, self.secret, self.token, self.aes_key = corp_id, secret, token, aes_key
        self.now = now
        self.lock = threading.RLock()
        self.server = None
        self.reset()

    def reset(self):
        """Forget everything but the credentials (each test starts from an empty WeCom)."""
        self.tokens = {}  # access_token -> expires at
        self.gettoken_calls = 0
        self.users = {}  # userid -> {"resigned": bool, "quota": int | None, "resigned_at": int}
        self.contacts = {}  # external_userid -> external_contact dict
        self.follows = defaultdict(dict)  # external_userid -> {userid: follow_info}
        self.transfers = []  # dicts, in request order
        self.history = defaultdict(list)  # external_userid -> times of 在职 transfers
        self.chats = {}  # chat_id -> owner userid
        self.failures = defaultdict(list)  # path -> errcodes to answer next
        self.http_failures = defaultdict(list)  # path -> HTTP statuses to answer next
        self.calls = []  # (path, payload) of every call

    # ------------------------------------------------------------------
    # Server
    # ------------------------------------------------------------------
    def start(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                self._answer(None)

            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                self._answer(json.loads(self.rfile.read(length) or b"{}"))

            def _answer(self, payload):
                url = urlsplit(self.path)
                query = {key: values[0] for key, values in parse_qs(url.query).items()}
                status = fake.http_status(url.path)
                if status != 200:
                    self.send_error(status)
                    return
                body = json.dumps(fake.handle(url.path, query, payload)).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def stop(self):
        self.server.shutdown()
        self.server.server_close()

    @property
    def url(self):
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    # ------------------------------------------------------------------
    # Test controls
    # ------------------------------------------------------------------
    def add_user(self, userid, resigned=False, quota=None):
        self.users[userid] = {"resigned": resigned, "quota": quota, "resigned_at": self.now}

    def resign(self, userid):
        self.users[userid].update(resigned=True, resigned_at=self.now)

    def add_contact(self, external_userid, name, follower, corp_name="", mobile=None, **extra):
        self.contacts[external_userid] = {
            "external_userid": external_userid,
            "name": name,
            "type": 2 if corp_name else 1,
            "corp_name": corp_name,
            "corp_full_name": corp_name,
            "gender": 0,
        }
        self.follow(external_userid, follower, mobile=mobile, **extra)

    def follow(self, external_userid, userid, mobile=None, description="", tags=()):
        self.follows[external_userid][userid] = {
            "userid": userid,
            "remark": f"{self.contacts[external_userid]['name']} ({userid})",
            "description": description,
            "createtime": self.now,
            "tag_id": list(tags),
            "remark_corp_name": self.contacts[external_userid]["corp_name"],
            "remark_mobiles": [mobile] if mobile else [],
            "oper_userid": userid,
            "add_way": 1,
        }

    def expire_tokens(self):
        with self.lock:
            for token in self.tokens:
                self.tokens[token] = self.now - 1

    def fail_next(self, path, errcode, times=1):
        self.failures[path] += [errcode] * times

    def fail_http_next(self, path, status=500, times=1):
        """The next calls of ``path`` answer an HTTP error (WeCom's gateway failing)."""
        self.http_failures[path] += [status] * times

    def http_status(self, path):
        with self.lock:
            path = path.removeprefix("/cgi-bin/")
            if self.http_failures[path]:
                self.calls.append((path, "HTTP error"))
                return self.http_failures[path].pop(0)
            return 200

    def refuse(self, external_userid):
        """The customer declines the new contact in WeCom's 24 h window."""
        with self.lock:
            transfer = self._pending(external_userid)
            transfer["final"] = 3
            if transfer["mode"] == "resigned":
                # WeCom's gap: a resigned member's customer who refuses is lost.
                self.follows[external_userid].pop(transfer["handover"], None)

    def lose_record(self, external_userid):
        with self.lock:
            self._pending(external_userid)["final"] = 5

    def followers(self, external_userid):
        self._tick()
        return set(self.follows[external_userid])

    def calls_to(self, path):
        return [payload for called, payload in self.calls if called == path]

    # ------------------------------------------------------------------
    # Callbacks, encrypted as WeCom documents it
    # ------------------------------------------------------------------
    def encrypt(self, message, receive_id=None, key=None):
        key = base64.b64decode((key or self.aes_key) + "=")
        plain = (
            os.urandom(16)
            + struct.pack(">I", len(message.encode()))
            + message.encode()
            + (receive_id or self.corp_id).encode()
        )
        pad = 32 - len(plain) % 32
        plain += bytes([pad]) * pad
        encryptor = Cipher(algorithms.AES(key), modes.CBC(key[:16])).encryptor()
        return base64.b64encode(encryptor.update(plain) + encryptor.finalize()).decode()

    def sign(self, timestamp, nonce, encrypted, token=None):
        parts = sorted([token or self.token, str(timestamp), nonce, encrypted])
        return hashlib.sha1("".join(parts).encode()).hexdigest()

    def verification(self, echo, nonce="1372623149"):
        """Query string of WeCom's URL verification GET."""
        encrypted = self.encrypt(echo)
        return {
            "msg_signature": self.sign(self.now, nonce, encrypted),
            "timestamp": str(self.now),
            "nonce": nonce,
            "echostr": encrypted,
        }

    def event(
        self, change_type, userid, external_userid, nonce="1372623149", create_time=None, **extra
    ):
        """(query, body) of an encrypted change_external_contact event POST."""
        more = "".join(f"<{key}><![CDATA[{value}]]></{key}>" for key, value in extra.items())
        message = (
            f"<xml><ToUserName><![CDATA[{self.corp_id}]]></ToUserName>"
            "<FromUserName><![CDATA[sys]]></FromUserName>"
            f"<CreateTime>{self.now if create_time is None else create_time}</CreateTime>"
            "<MsgType><![CDATA[event]]></MsgType>"
            "<Event><![CDATA[change_external_contact]]></Event>"
            f"<ChangeType><![CDATA[{change_type}]]></ChangeType>"
            f"<UserID><![CDATA[{userid}]]></UserID>"
            f"<ExternalUserID><![CDATA[{external_userid}]]></ExternalUserID>{more}</xml>"
        )
        encrypted = self.encrypt(message)
        body = (
            f"<xml><ToUserName><![CDATA[{self.corp_id}]]></ToUserName>"
            f"<AgentID><![CDATA[1000002]]></AgentID><Encrypt><![CDATA[{encrypted}]]></Encrypt></xml>"
        )
        query = {
            "msg_signature": self.sign(self.now, nonce, encrypted),
            "timestamp": str(self.now),
            "nonce": nonce,
        }
        return query, body

    # ------------------------------------------------------------------
    # API
    # ------------------------------------------------------------------
    def handle(self, path, query, payload):
        with self.lock:
            path = path.removeprefix("/cgi-bin/")
            self.calls.append((path, payload))
            if path == "gettoken":
                return self._gettoken(query)
            token = query.get("access_token")
            if token not in self.tokens:
                return {"errcode": 40014, "errmsg": "invalid access_token"}
            if self.tokens[token] <= self.now:
                return {"errcode": 42001, "errmsg": "access_token expired"}
            if self.failures[path]:
                errcode = self.failures[path].pop(0)
                return {"errcode": errcode, "errmsg": f"injected {errcode}"}
            handler = getattr(self, "_" + path.replace("/", "_"), None)
            if not handler:
                return {"errcode": 60020, "errmsg": "not allowed to access"}
            self._tick()
            # GET: the parameters are in the query string.
            return handler(query if payload is None else payload or {})

    def _gettoken(self, query):
        self.gettoken_calls += 1
        if query.get("corpid") != self.corp_id or query.get("corpsecret") != self.secret:
            return {"errcode": 40001, "errmsg": "invalid credential"}
        token = hashlib.sha1(f"{self.gettoken_calls}{os.urandom(8)}".encode()).hexdigest()
        self.tokens[token] = self.now + 7200
        return {"errcode": 0, "errmsg": "ok", "access_token": token, "expires_in": 7200}

    def _user_get(self, query):
        """user/get (GET, userid in the query): a member who resigned is deleted from the
        directory, and WeCom answers 60111 for a userid it does not know."""
        user = self.users.get(query.get("userid"))
        if not user or user["resigned"]:
            return {"errcode": 60111, "errmsg": "invalid userid"}
        return {"errcode": 0, "errmsg": "ok", "userid": query["userid"], "status": 1}

    def _externalcontact_get(self, query):
        """externalcontact/get (GET): one customer and every member following it (500 a
        page); 40096 unknown external_userid, 84061 when no member follows it any more."""
        external = query.get("external_userid")
        if external not in self.contacts:
            return {"errcode": 40096, "errmsg": "invalid external userid"}
        follows = sorted(self.follows[external].values(), key=lambda f: f["userid"])
        if not follows:
            return {"errcode": 84061, "errmsg": "not external contact"}
        start = int(query.get("cursor") or 0)
        return {
            "errcode": 0,
            "errmsg": "ok",
            "external_contact": self.contacts[external],
            "follow_user": follows[start : start + 500],
            "next_cursor": str(start + 500) if start + 500 < len(follows) else "",
        }

    def _externalcontact_batch_get_by_user(self, payload):
        userids = payload.get("userid_list") or []
        limit = int(payload.get("limit") or 50)
        if not userids or len(userids) > 100 or limit > 100:
            return {"errcode": TOO_MANY, "errmsg": "userid_list / limit out of range"}
        pairs = sorted(
            (userid, external)
            for external, follows in self.follows.items()
            for userid in follows
            if userid in userids
        )
        start = int(payload.get("cursor") or 0)
        page = pairs[start : start + limit]
        return {
            "errcode": 0,
            "errmsg": "ok",
            "external_contact_list": [
                {
                    "external_contact": self.contacts[external],
                    "follow_info": self.follows[external][userid],
                }
                for userid, external in page
            ],
            "next_cursor": str(start + limit) if start + limit < len(pairs) else "",
        }

    def _pending(self, external_userid):
        return next(
            t
            for t in reversed(self.transfers)
            if t["external_userid"] == external_userid and t["final"] is None
        )

    def _tick(self):
        """Transfers whose 24 h window closed are taken over (or not), in request order."""
        for transfer in self.transfers:
            if transfer["final"] is not None or self.now < transfer["takeover_time"]:
                continue
            quota = self.users.get(transfer["takeover"], {}).get("quota")
            held = sum(transfer["takeover"] in f for f in self.follows.values())
            if quota is not None and held >= quota:
                transfer["final"] = 4
                continue
            follows = self.follows[transfer["external_userid"]]
            info = follows.pop(transfer["handover"], None) or {}
            follows[transfer["takeover"]] = dict(info, userid=transfer["takeover"])
            transfer["final"] = 1

    def _transfer(self, payload, mode):
        handover, takeover = payload.get("handover_userid"), payload.get("takeover_userid")
        externals = payload.get("external_userid") or []
        if not externals or len(externals) > 100:
            return {"errcode": TOO_MANY, "errmsg": "external_userid size must be 1 to 100"}
        if mode == "resigned" and not self.users.get(handover, {}).get("resigned"):
            return {"errcode": 40097, "errmsg": "handover user is not resigned"}
        customers = []
        for external in externals:
            customers.append(
                {
                    "external_userid": external,
                    "errcode": self._check(mode, handover, takeover, external),
                }
            )
            if customers[-1]["errcode"]:
                continue
            self.transfers.append(
                {
                    "mode": mode,
                    "handover": handover,
                    "takeover": takeover,
                    "external_userid": external,
                    "takeover_time": self.now + WINDOW,
                    "final": None,
                    "message": payload.get("transfer_success_msg"),
                }
            )
            if mode == "onjob":
                self.history[external].append(self.now)
        return {"errcode": 0, "errmsg": "ok", "customer": customers}

    def _check(self, mode, handover, takeover, external):
        """The per-customer errcode of a transfer request, in WeCom's order of checks."""
        if external not in self.contacts:
            return 40096
        recent = [t for t in self.history[external] if t > self.now - PERIOD_90_DAYS]
        quota = self.users.get(takeover, {}).get("quota")
        held = sum(takeover in follows for follows in self.follows.values())
        gone = self.users.get(handover, {}).get("resigned")
        checks = (
            (handover == takeover, 40130),
            # A resigned member is out of the directory: the 在职 API finds no follower.
            (handover not in self.follows[external] or (mode == "onjob" and gone), 40131),
            (
                any(
                    t["external_userid"] == external and t["final"] is None for t in self.transfers
                ),
                40129,
            ),
            (mode == "onjob" and len(recent) >= 2, 40128),
            (quota is not None and held >= quota, 40099),
        )
        return next((errcode for failed, errcode in checks if failed), 0)

    def _results(self, payload, mode):
        handover, takeover = payload.get("handover_userid"), payload.get("takeover_userid")
        latest = {}
        for transfer in self.transfers:
            if (transfer["mode"], transfer["handover"], transfer["takeover"]) == (
                mode,
                handover,
                takeover,
            ):
                latest[transfer["external_userid"]] = transfer
        rows = sorted(latest.values(), key=lambda t: t["external_userid"])
        start = int(payload.get("cursor") or 0)
        page = rows[start : start + 1000]
        return {
            "errcode": 0,
            "errmsg": "ok",
            "customer": [
                {
                    "external_userid": t["external_userid"],
                    "status": t["final"] or 2,
                    "takeover_time": t["takeover_time"],
                }
                for t in page
            ],
            "next_cursor": str(start + 1000) if start + 1000 < len(rows) else "",
        }

    def _externalcontact_transfer_customer(self, payload):
        return self._transfer(payload, "onjob")

    def _externalcontact_resigned_transfer_customer(self, payload):
        return self._transfer(payload, "resigned")

    def _externalcontact_transfer_result(self, payload):
        return self._results(payload, "onjob")

    def _externalcontact_resigned_transfer_result(self, payload):
        return self._results(payload, "resigned")

    def _externalcontact_get_unassigned_list(self, payload):
        size = int(payload.get("page_size") or 1000)
        if size > 1000:
            return {"errcode": TOO_MANY, "errmsg": "page_size must be at most 1000"}
        moving = {
            t["external_userid"]
            for t in self.transfers
            if t["mode"] == "resigned" and t["final"] in (None, 1)
        }
        rows = sorted(
            (userid, external)
            for external, follows in self.follows.items()
            for userid in follows
            if self.users.get(userid, {}).get("resigned") and external not in moving
        )
        start = int(payload.get("cursor") or 0)
        page = rows[start : start + size]
        last = start + size >= len(rows)
        return {
            "errcode": 0,
            "errmsg": "ok",
            "info": [
                {
                    "handover_userid": userid,
                    "external_userid": external,
                    "dimission_time": self.users[userid]["resigned_at"],
                }
                for userid, external in page
            ],
            "is_last": last,
            "next_cursor": "" if last else str(start + size),
        }

    def _externalcontact_groupchat_list(self, payload):
        limit = int(payload.get("limit") or 100)
        if limit > 1000:
            return {"errcode": TOO_MANY, "errmsg": "limit must be at most 1000"}
        owners = (payload.get("owner_filter") or {}).get("userid_list") or []
        chats = sorted(c for c, owner in self.chats.items() if not owners or owner in owners)
        start = int(payload.get("cursor") or 0)
        return {
            "errcode": 0,
            "errmsg": "ok",
            "group_chat_list": [{"chat_id": c, "status": 0} for c in chats[start : start + limit]],
            "next_cursor": str(start + limit) if start + limit < len(chats) else "",
        }

    def _chat_transfer(self, payload, resigned):
        chat_ids = payload.get("chat_id_list") or []
        owner = payload.get("new_owner")
        if not chat_ids or len(chat_ids) > 100:
            return {"errcode": TOO_MANY, "errmsg": "chat_id_list size must be 1 to 100"}
        failed = []
        for chat_id in chat_ids:
            if chat_id not in self.chats:
                failed.append({"chat_id": chat_id, "errcode": 49008, "errmsg": "chat not found"})
            elif bool(self.users.get(self.chats[chat_id], {}).get("resigned")) != resigned:
                # 90502: the owner resigned (use groupchat/transfer); 90500: the owner has not.
                code = 90500 if resigned else 90502
                failed.append({"chat_id": chat_id, "errcode": code, "errmsg": "owner state"})
            else:
                self.chats[chat_id] = owner
        return {"errcode": 0, "errmsg": "ok", "failed_chat_list": failed}

    def _externalcontact_groupchat_onjob_transfer(self, payload):
        return self._chat_transfer(payload, resigned=False)

    def _externalcontact_groupchat_transfer(self, payload):
        return self._chat_transfer(payload, resigned=True)
