import email
import email.policy
from datetime import datetime
from unittest.mock import patch

from freezegun import freeze_time
from psycopg2.errors import CheckViolation

from odoo.exceptions import UserError
from odoo.tests import tagged, warmup
from odoo.tools import SQL, mute_logger

from odoo.addons.client_custody.tests.common import CustodyCase
from odoo.addons.client_custody_handover.models.custody_handover_notice import (
    CustodyHandoverNotice,
)
from odoo.addons.client_custody_handover.tests.common import (
    send_mail_queue,
    smtp_sink,
    tell_clients,
)

NOTICE_DOMAIN = [("model", "=", "custody.handover.line")]


@tagged("post_install", "-at_install")
class TestCustodyNotices(CustodyCase):
    """Every client is told before being handed over, through a channel that reaches them."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.sales_b.write({"work_email": "sales.b@example.com", "work_phone": "+86 21 5555 0101"})
        cls.company.write({"email": "info@example.com"})
        # Salesperson 0 leaves: the departure is recorded (a departure handover needs a leaver).
        cls.sales_a.departure_date = "2026-12-31"

    def _start(self, clients, hours=24, kind="departure", successor=None, reason=None):
        self._hold(clients, self.sales_a)
        wizard = (
            self.env["custody.handover.wizard"]
            .with_user(self.manager_user)
            .with_context(active_model="res.partner", active_ids=clients.ids)
            .create({"strategy": "single", "successor_id": (successor or self.sales_b).id})
        )
        handover = self.env["custody.handover"].browse(wizard.action_confirm()["res_id"])
        handover.write(
            {"refusal_hours": hours, "kind": kind, "reason": reason or "Li Wei moves on."}
        )
        handover.item_ids.action_mark_returned()
        handover.with_user(self.manager_user).action_start()
        return handover

    def _notices(self, handover):
        return (
            self.env["mail.mail"]
            .sudo()
            .search([*NOTICE_DOMAIN, ("res_id", "in", handover.line_ids.ids)])
        )

    # ------------------------------------------------------------------
    # The invariant
    # ------------------------------------------------------------------
    @freeze_time("2026-06-01 09:00:00")
    def test_zero_hour_window_sends_the_notice_first(self):
        """A zero-hour window with the notices action lagging: nobody is accepted until the
        notice is sent; then the client is accepted at once."""
        clients = self._clients(3, prefix="Zero", email="zero@example.com")
        handover = self._start(clients, hours=0)
        Handover = self.env["custody.handover"]
        Handover._cron_process_batches()  # notices rendered and queued; the mail queue lags
        self.assertEqual(set(handover.line_ids.mapped("state")), {"waiting"})
        self.assertEqual(clients.custodian_id, self.sales_a)
        self.assertEqual(len(self._notices(handover)), 3)
        Handover._cron_process_batches()
        self.assertEqual(set(handover.line_ids.mapped("state")), {"waiting"})
        self.assertIn("3 client(s) to be told", handover.message_ids.mapped("body")[-2])
        send_mail_queue(self.env)
        self.assertEqual(set(handover.line_ids.mapped("told_channel")), {"email"})
        Handover._cron_process_batches()
        self.assertEqual(set(handover.line_ids.mapped("state")), {"accepted"})
        self.assertEqual(clients.custodian_id, self.sales_b)

    def test_database_refuses_an_untold_acceptance(self):
        """The CHECK constraint: whatever code path tries, an untold client is not accepted."""
        clients = self._clients(1, prefix="Guarded", email="g@example.com")
        line = self._start(clients).line_ids
        self.env.flush_all()
        with mute_logger("odoo.sql_db"), self.assertRaises(CheckViolation), self.cr.savepoint():
            self.env.cr.execute(
                SQL("UPDATE custody_handover_line SET state = 'accepted' WHERE id = %s", line.id)
            )
        line._accept()
        self.assertEqual(line.state, "waiting", "the move service is not even called")
        self.assertEqual(clients.custodian_id, self.sales_a)

    @freeze_time("2026-06-01 09:00:00")
    def test_failing_template_leaves_clients_untold_and_retries(self):
        """A notice that fails to render: the line is untold with the error shown on it and
        on the handover, nothing moves, and the next run retries it."""
        clients = self._clients(2, prefix="Failing", email="f@example.com")
        handover = self._start(clients, hours=0)
        Handover = self.env["custody.handover"]
        with (
            patch.object(CustodyHandoverNotice, "_render", side_effect=ValueError("bad t-out")),
            mute_logger("odoo.addons.client_custody_handover.models.custody_handover_notice"),
        ):
            Handover._cron_send_notices()
        lines = handover.line_ids
        self.assertEqual(set(lines.mapped("notice_state")), {"failed"})
        self.assertEqual(set(lines.mapped("notice_error")), {"bad t-out"})
        self.assertEqual(handover.notice_error, "bad t-out")
        self.assertIn("2 failed", handover.message_ids[0].body)
        self.assertFalse(self._notices(handover))
        Handover._cron_process_batches()
        self.assertEqual(set(lines.mapped("state")), {"waiting"}, "never accepted silently")
        self.assertEqual(clients.custodian_id, self.sales_a, "never half-moved")
        self.assertEqual(handover.untold_count, 2)
        tell_clients(self.env)  # the retry
        self.assertEqual(set(lines.mapped("notice_state")), {"sent"})
        self.assertFalse(handover.notice_error)
        Handover._cron_process_batches()
        self.assertEqual(set(lines.mapped("state")), {"accepted"})

    @freeze_time("2026-06-01 09:00:00")
    def test_undelivered_notice_is_retried(self):
        """The SMTP server refuses the notice: untold, error on the handover, sent again."""
        clients = self._clients(1, prefix="Bounce", email="b@example.com")
        handover = self._start(clients, hours=0)
        self.env["custody.handover"]._cron_send_notices()
        with mute_logger("odoo.addons.mail.models.mail_mail"):
            send_mail_queue(self.env, fail="SMTP down")
        line = handover.line_ids
        self.assertEqual(line.notice_state, "failed")
        self.assertFalse(line.told_at)
        self.assertIn("SMTP down", handover.notice_error)
        self.env["custody.handover"]._cron_process_batches()
        self.assertEqual(line.state, "waiting")
        tell_clients(self.env)
        self.assertEqual(line.told_channel, "email")

    def test_client_without_email_is_called_by_the_successor(self):
        """No e-mail address: an activity for the successor; the window opens when the call
        is logged, and the client is accepted when it closes."""
        client = self._clients(1, prefix="Phone only", phone="+86 21 1234 5678")
        with freeze_time("2026-06-01 09:00:00"):
            handover = self._start(client)
            self.env["custody.handover"]._cron_send_notices()
        line = handover.line_ids
        self.assertEqual(line.notice_state, "no_email")
        activity = line.told_activity_id
        self.assertEqual(activity.user_id, self.user_b)
        self.assertEqual((activity.res_model, activity.res_id), ("res.partner", client.id))
        self.assertIn("introduce yourself", activity.summary)
        self.assertIn(
            "0 handed to the mail queue, 1 client(s) without", handover.message_ids[0].body
        )
        self.assertFalse(line.window_end, "no window before the client is told")
        with freeze_time("2026-06-05 09:00:00"):
            self.env["custody.handover"]._cron_process_batches()
            self.assertEqual(line.state, "waiting")
        with freeze_time("2026-06-05 10:00:00"):
            activity.with_user(self.user_b).action_feedback(feedback="Called, all good")
        self.assertEqual(line.told_channel, "call")
        self.assertEqual(line.told_at, datetime(2026, 6, 5, 10))
        self.assertEqual(line.window_end, datetime(2026, 6, 6, 10))
        with freeze_time("2026-06-06 09:00:00"):
            self.env["custody.handover"]._cron_process_batches()
        self.assertEqual(line.state, "waiting")
        with freeze_time("2026-06-06 10:01:00"):
            self.env["custody.handover"]._cron_process_batches()
        self.assertEqual(line.state, "accepted")
        self.assertEqual(client.custodian_id, self.sales_b)

    def test_only_the_successor_logs_the_visit(self):
        """Another salesperson cannot record that the client was told."""
        client = self._clients(1, prefix="Visit")
        handover = self._start(client)
        self.env["custody.handover"]._cron_send_notices()
        line = handover.line_ids
        with self.assertRaises(UserError):
            line.with_user(self.user_c).action_told_by_visit()
        self.assertFalse(line.told_at)
        line.with_user(self.user_b).action_told_by_visit()
        self.assertEqual(line.told_channel, "visit")
        self.assertFalse(line.told_activity_id.active, "the activity is done")

    # ------------------------------------------------------------------
    # The notice itself
    # ------------------------------------------------------------------
    @freeze_time("2026-06-01 09:00:00")
    def test_notice_in_english(self):
        """The client's language and time zone; the previous and the new contact by name, the
        successor's own address and phone; the deadline as people write it; the subject names
        the matter; no internal model name."""
        client = self._clients(
            1, prefix="London", email="london@example.com", lang="en_US", tz="Europe/London"
        )
        handover = self._start(client)
        self.env["custody.handover"]._cron_send_notices()
        notice = self._notices(handover)
        self.assertEqual(len(notice), 1)
        self.assertEqual(notice.subject, f"{self.company.name}: change of your contact person")
        body = notice.body_html
        self.assertIn("Dear London 0,", body)
        self.assertIn(
            "Following the departure of Salesperson 0, your contact person at My Company until "
            "now, your contact person will be Salesperson 1 from June 2, 2026",
            body,
        )
        self.assertIn("Salesperson 0 will no longer act on behalf of My Company", body)
        self.assertIn("sales.b@example.com", body)
        self.assertIn("+86 21 5555 0101", body)
        self.assertNotIn(self.company.email, body.replace("mailto:", ""))
        self.assertIn("June 2, 2026 10:00 (British Summer Time)", body)
        self.assertIn("If we do not hear from you, the change takes effect on June 2", body)
        self.assertIn("Ask for another contact person", body)
        self.assertIn(f"/custody/decline/{handover.line_ids.id}/", body)
        self.assertNotIn("Handover Line", body)
        self.assertIn("sales.b@example.com", notice.reply_to)
        self.assertEqual(notice.email_to, "London 0 <london@example.com>")

    @freeze_time("2026-06-01 09:00:00")
    def test_notice_in_chinese(self):
        """A zh_CN client reads the notice in Chinese as a Chinese company writes it: our
        person is the 业务对接人 (联系人 is the client's own people), the deadline in Beijing
        time, keeping the previous contact offered on a transfer."""
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(["client_custody_handover"], ["zh_CN"])
        client = self._clients(
            1, prefix="上海客户", email="sh@example.com", lang="zh_CN", tz="Asia/Shanghai"
        )
        handover = self._start(client, kind="transfer")
        self.env["custody.handover"]._cron_send_notices()
        notice = self._notices(handover)
        self.assertEqual(notice.subject, f"【{self.company.name}】业务对接人变更通知")
        body = notice.body_html
        self.assertIn("尊敬的上海客户 0：", body)
        self.assertIn(
            "自2026年6月2日 17:00（北京时间）起，您在My Company的业务对接人将由Salesperson 0"
            "变更为Salesperson 1。",
            body,
        )
        self.assertIn("如您希望继续由Salesperson 0对接", body)
        self.assertIn("本次变更将于2026年6月2日 17:00（北京时间）生效。", body)
        self.assertNotIn("联系人", body)
        self.assertNotIn("Asia/Shanghai", body)
        self.assertIn("sales.b@example.com", body)

    @freeze_time("2026-06-01 09:00:00")
    def test_client_without_time_zone_gets_the_companys(self):
        """A client without a time zone reads the deadline in the company's (not UTC, eight
        hours off for a Chinese client); one with its own reads it in its own."""
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(["client_custody_handover"], ["zh_CN"])
        self.company.partner_id.tz = "Asia/Shanghai"
        clients = self._clients(2, prefix="无时区客户", email="notz@example.com", lang="zh_CN")
        clients[1].tz = "Europe/Paris"
        clients[0].tz = False
        handover = self._start(clients)
        self.env["custody.handover"]._cron_send_notices()
        lines = self.env["custody.handover.line"]
        bodies = {
            lines.browse(notice.res_id).partner_id: notice.body_html
            for notice in self._notices(handover)
        }
        self.assertIn("2026年6月2日 17:00（北京时间）", bodies[clients[0]])
        self.assertIn(
            "因您在My Company的原业务对接人Salesperson 0离职，自2026年6月2日 17:00（北京时间）起，"
            "您的业务对接人将变更为Salesperson 1。Salesperson 0今后不再代表My Company办理任何业务",
            bodies[clients[0]],
            "a departure notice says who left and that they no longer act for the company",
        )
        self.assertNotIn("09:00", bodies[clients[0]])
        self.assertIn("2026年6月2日 11:00", bodies[clients[1]])

    @freeze_time("2026-06-01 09:00:00")
    def test_no_notice_tells_the_leavers_reason_or_dates(self):
        """The clients need the new contact, not the leaver's personal data (PIPL arts. 6 and
        13): the handover's reason and the leaver's dates are in no notice, of either kind,
        in any language."""
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(["client_custody_handover"], ["zh_CN"])
        self.sales_a.sudo().write({"departure_date": "2026-06-30"})
        for kind in ("departure", "transfer"):
            clients = self._clients(2, prefix=f"Reason {kind}", email="r@example.com")
            clients[1].lang = "zh_CN"
            # What the exit addon writes on the departure handover it prepares.
            reason = "Li Wei gave notice; the last working day is 06/30/2026. Moves on."
            handover = self._start(clients, kind=kind, reason=reason)
            self.assertEqual(handover.reason, reason)
            self.env["custody.handover"]._cron_send_notices()
            notices = self._notices(handover)
            self.assertEqual(len(notices), 2)
            for notice in notices:
                text = f"{notice.subject} {notice.body_html}"
                for leaked in ("Li Wei", "Moves on", "gave notice", "last working day",
                               "2026-06-30", "06/30/2026", "June 30", "6月30日", "2026/06/30",
                               "Why", "原因", "辞职", "离职日期"):  # fmt: skip
                    self.assertNotIn(leaked, text, f"{kind} notice to {notice.email_to}")

    @freeze_time("2026-06-01 09:00:00")
    def test_company_edited_template_is_what_the_client_receives(self):
        """The company rewrites its letter in the e-mail template, per language, as with any
        Odoo e-mail: each client receives the company's own text in the client's language,
        still filled with the client's name, the new contact and the deadline."""
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(["client_custody_handover"], ["zh_CN"])
        clients = self._clients(2, prefix="Edited", email="e@example.com")
        clients[1].write({"lang": "zh_CN", "tz": "Asia/Shanghai"})
        clients[0].tz = "Asia/Shanghai"
        handover = self._start(clients)
        # Edited while a handover runs (Odoo checks the template renders on a handover).
        template = self.env.ref("client_custody_handover.mail_template_custody_notice_departure")
        template.write(
            {
                "subject": "Bike Co: meet {{ successor.name }}",
                "body_html": '<p>Hello <t t-out="client_name"/>, meet '
                '<t t-out="successor.name"/> before <t t-out="deadline"/>. '
                '<a t-att-href="decline_url">Other contact</a></p>',
            }
        )
        template.with_context(lang="zh_CN").write(
            {
                "subject": "单车公司：新的业务对接人{{ successor.name }}",
                "body_html": '<p><t t-out="client_name"/>您好，新的业务对接人是'
                '<t t-out="successor.name"/>，请于<t t-out="deadline"/>前答复。'
                '<a t-att-href="decline_url">更换对接人</a></p>',
            }
        )
        self.env["custody.handover"]._cron_send_notices()
        notices = {notice.email_to: notice for notice in self._notices(handover)}
        english = notices["Edited 0 <e@example.com>"]
        chinese = notices["Edited 1 <e@example.com>"]
        self.assertEqual(english.subject, "Bike Co: meet Salesperson 1")
        self.assertIn(
            "Hello Edited 0, meet Salesperson 1 before June 2, 2026 17:00 (Beijing time).",
            english.body_html,
        )
        self.assertEqual(chinese.subject, "单车公司：新的业务对接人Salesperson 1")
        self.assertIn(
            "Edited 1您好，新的业务对接人是Salesperson 1，"
            "请于2026年6月2日 17:00（北京时间）前答复。",
            chinese.body_html,
        )
        for notice, line in ((english, handover.line_ids[0]), (chinese, handover.line_ids[1])):
            self.assertIn(f"/custody/decline/{line.id}/", notice.body_html)
        self.assertNotIn("Bike Co", chinese.body_html + chinese.subject)

    @freeze_time("2026-06-01 09:00:00")
    def test_clients_chatter_shows_notice_and_move(self):
        """The client's own chatter: told of the new contact, then custody moved."""
        client = self._clients(1, prefix="Chatter", email="c@example.com")
        handover = self._start(client, hours=0)
        tell_clients(self.env)
        self.env["custody.handover"]._cron_process_batches()
        bodies = client.message_ids.mapped("body")
        self.assertTrue(any("Told that Salesperson 1 is the new contact" in b for b in bodies))
        self.assertTrue(any("Custody moved to Salesperson 1" in b for b in bodies))
        self.assertTrue(any(handover.name in b for b in bodies))

    # ------------------------------------------------------------------
    # Cost: the same queries for 10 or 40 notices
    # ------------------------------------------------------------------
    def _notice_queries(self, count, prefix):
        clients = self._clients(count, prefix=prefix, email="q@example.com")
        handover = self._start(clients)
        lines = handover.line_ids
        self.env.flush_all()
        self.env.invalidate_all()
        start = self.cr.sql_log_count
        lines._send_notices()
        self.env.flush_all()
        rendered = self.cr.sql_log_count - start
        self.assertEqual(len(self._notices(handover)), count)
        self.env.invalidate_all()
        start = self.cr.sql_log_count
        send_mail_queue(self.env)  # built, handed to the SMTP sink, clients told, mails removed
        self.env.flush_all()
        sent = self.cr.sql_log_count - start
        self.assertEqual(set(lines.mapped("told_channel")), {"email"})
        self.assertFalse(self._notices(handover))
        return rendered, sent

    @warmup
    def test_notice_queries_do_not_grow_with_clients(self):
        """Rendering and queuing, then sending and telling, cost the same queries for 10 and
        40 clients."""
        small = self._notice_queries(10, "Q10")
        large = self._notice_queries(40, "Q40")
        if self.warm:
            self.assertEqual(small, large, "(render and queue, send and tell) queries")

    @freeze_time("2026-06-01 09:00:00")
    def test_mail_queue_sends_the_notices_as_odoo_would(self):
        """The notices go out through Odoo's mail queue and mail server, in bulk: each a
        multipart message (plain text, then HTML) with the stored subject, addresses and
        Message-Id, names encoded; sent, the client is told and the mail removed."""
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(["client_custody_handover"], ["zh_CN"])
        client = self._clients(
            1, prefix="上海客户", email="sh@example.com", lang="zh_CN", tz="Asia/Shanghai"
        )
        handover = self._start(client)
        self.env["custody.handover"]._cron_send_notices()
        notice = self._notices(handover)
        stored = notice.read(["subject", "message_id", "email_to", "reply_to", "body_html"])[0]
        outbox = []
        with smtp_sink(self.env, outbox=outbox):
            self.env["mail.mail"].sudo().process_email_queue()
        self.assertEqual(len(outbox), 1)
        message = email.message_from_bytes(outbox[0].as_bytes(), policy=email.policy.default)
        self.assertEqual(message.get_content_type(), "multipart/alternative")
        plain, html = message.iter_parts()
        self.assertEqual(plain.get_content_type(), "text/plain")
        self.assertIn("尊敬的上海客户 0：", plain.get_content())
        self.assertEqual(html.get_content_type(), "text/html")
        self.assertIn("2026年6月2日 17:00（北京时间）", html.get_content())
        self.assertEqual(str(message["Subject"]), stored["subject"])
        self.assertEqual(str(message["To"]), "上海客户 0 <sh@example.com>")
        self.assertIn("sales.b@example.com", str(message["Reply-To"]))
        self.assertEqual(message["Message-Id"], stored["message_id"])
        line = handover.line_ids
        self.assertEqual((line.told_channel, line.notice_state), ("email", "sent"))
        self.assertEqual(line.told_at, datetime(2026, 6, 1, 9, 0))
        self.assertFalse(notice.exists(), "sent notices are removed, as Odoo removes its mails")

    def test_a_name_that_looks_like_an_address_is_not_a_recipient(self):
        """A client named "Bike@Home": the notice goes to their address only."""
        client = self._clients(1, prefix="Bike@Home", email="bike@example.com")
        handover = self._start(client)
        handover.line_ids._send_notices()
        recipients = []
        with smtp_sink(self.env, recipients=recipients):
            self.env["mail.mail"].sudo().process_email_queue()
        self.assertEqual(recipients, [["bike@example.com"]])
        self.assertEqual(handover.line_ids.told_channel, "email")

    @freeze_time("2026-06-01 09:00:00")
    def test_a_lane_tells_its_clients_in_the_same_run(self):
        """A run of the batches renders, queues and sends the notices of the clients it
        started: they are told, and their window runs, without waiting for another action."""
        clients = self._clients(4, prefix="Lane", email="lane@example.com")
        self.company.custody_background_threshold = 2
        handover = self._start(clients)
        self.assertEqual(set(handover.line_ids.mapped("state")), {"draft"})
        Handover = self.env["custody.handover"]
        self.assertEqual(
            Handover._batch_lanes(),
            self.env.ref("client_custody_handover.ir_cron_custody_handover_batches")
            | self.env.ref("client_custody_handover.ir_cron_custody_handover_batches_lane_2"),
        )
        with smtp_sink(self.env):
            Handover._cron_process_batches(batch_size=3)
        lines = handover.line_ids
        self.assertEqual(set(lines.mapped("told_channel")), {"email"})
        self.assertEqual(set(lines.mapped("state")), {"waiting"}, "the window runs")
        self.assertEqual(clients.custodian_id, self.sales_a)
        self.assertFalse(self._notices(handover))

    @warmup
    def test_notice_query_locks(self):
        """Locked numbers: a change that adds queries to the notices path is seen."""
        clients = self._clients(30, prefix="Lock", email="l@example.com")
        handover = self._start(clients)
        lines = handover.line_ids
        self.env.flush_all()
        self.env.invalidate_all()
        with self.assertQueryCount(18):
            lines._send_notices()
        self.env.invalidate_all()
        with self.assertQueryCount(11):  # both lanes woken for the window's end
            lines._mark_told("email")

    @warmup
    def test_notice_sending_query_lock(self):
        """Locked number: the mail queue sending 30 notices (claimed, built, handed to the SMTP
        server, marked sent, clients told, mails removed) in a fixed number of queries."""
        clients = self._clients(30, prefix="Send", email="s@example.com")
        handover = self._start(clients)
        handover.line_ids._send_notices()
        self.env.flush_all()
        self.env.invalidate_all()
        outbox = []
        # With Accounting installed (the Sales bridge brings it), its audit-trail check reads
        # the notices' messages before they are removed: one more query, whatever the number.
        audit_trail = 1 if "account.move" in self.env else 0
        with smtp_sink(self.env, outbox=outbox), self.assertQueryCount(36 + audit_trail):
            self.env["mail.mail"].sudo().process_email_queue()
        self.assertEqual(len(outbox), 30)
        self.assertEqual(set(handover.line_ids.mapped("told_channel")), {"email"})
