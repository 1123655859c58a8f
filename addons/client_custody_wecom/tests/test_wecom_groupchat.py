from odoo.tests import tagged

from .common import WecomCase


@tagged("post_install", "-at_install")
class TestWecomGroupchat(WecomCase):
    def test_groupchats_move_with_the_handover(self):
        """The leaver's 150 customer group chats go to the successor with the most clients,
        100 a call (在职: onjob_transfer); failures are shown per chat."""
        with self.clock():
            clients = self._clients(3)
            self._import()
            for index in range(150):
                self.fake.chats[f"wrChat{index:03d}"] = "leaver"
            self.fake.chats["wrOther"] = "succ_c"
            handover = self._handover(clients, [self.succ_b, self.succ_b, self.succ_c])
            self._start(handover)
            calls = self.fake.calls_to("externalcontact/groupchat/onjob_transfer")
            self.assertEqual([len(call["chat_id_list"]) for call in calls], [100, 50])
            self.assertEqual({call["new_owner"] for call in calls}, {"succ_b"})
            self.assertEqual(len(handover.wecom_groupchat_ids), 150)
            self.assertEqual(set(handover.wecom_groupchat_ids.mapped("state")), {"done"})
            self.assertEqual(
                {owner for chat, owner in self.fake.chats.items() if chat != "wrOther"},
                {"succ_b"},
            )
            # Moving again sends nothing: every chat is already with its new owner.
            handover.action_wecom_groupchats()
            self._poll()  # the WeCom scheduled action, triggered by the button
            self.assertEqual(len(self.fake.calls_to("externalcontact/groupchat/onjob_transfer")), 2)

    def test_resigned_groupchats(self):
        """A resigned leaver's chats go through groupchat/transfer; a chat WeCom refuses is
        marked failed with its message."""
        with self.clock():
            clients = self._clients(1)
            self._import()
            self.fake.resign("leaver")
            self.leaver.wecom_resigned = True
            self.fake.chats.update({"wrA": "leaver", "wrB": "leaver"})
            self.fake.fail_next("externalcontact/groupchat/transfer", 48002)
            handover = self._handover(clients, self.succ_c)
            handover.wecom_groupchat_owner_id = self.succ_d
            self._start(handover)
            chats = handover.wecom_groupchat_ids
            self.assertEqual(set(chats.mapped("state")), {"failed"})
            self.assertIn("no permission", chats[0].message)
            handover.action_wecom_groupchats()
            self._poll()  # the WeCom scheduled action, triggered by the button
            self.assertEqual(set(handover.wecom_groupchat_ids.mapped("state")), {"done"})
            self.assertEqual(self.fake.chats, {"wrA": "succ_d", "wrB": "succ_d"})

    def test_unassigned_list(self):
        """get_unassigned_list (cursor paging) lists the customers of resigned members that
        no handover has taken; their members are marked resigned in WeCom."""
        with self.clock():
            self._clients(3)
            self.fake.add_user("gone")
            gone = self._employee_for("gone")
            self.fake.add_contact("wmGone1", "Old buyer", "gone")
            self.fake.add_contact("wmGone2", "Older buyer", "gone")
            contacts = self._import()
            self.fake.resign("gone")
            self.fake.resign("leaver")
            handover = self._handover(
                contacts.filtered(lambda c: c.external_userid.startswith("wmClient")).partner_id[
                    :2
                ],
                self.succ_b,
            )
            self.leaver.wecom_resigned = True
            self._start(handover)
            self.assertEqual(len(handover.wecom_transfer_ids), 2)
            rows = self.env["wecom.unassigned"]._wecom_refresh(self.company)
            self.assertEqual(
                set(rows.mapped("external_userid")), {"wmGone1", "wmGone2", "wmClient002"}
            )
            self.assertEqual(rows.filtered(lambda r: r.handover_userid == "gone").employee_id, gone)
            self.assertTrue(gone.wecom_resigned)
            self.assertEqual(
                self.fake.calls_to("externalcontact/get_unassigned_list")[0]["page_size"], 1000
            )

    def _employee_for(self, userid):
        return self.env["hr.employee"].create({"name": userid, "wecom_userid": userid})
