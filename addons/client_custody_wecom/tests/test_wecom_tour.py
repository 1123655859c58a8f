from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestWecomTour(HttpCase):
    def test_contacts_tour(self):
        """A custody manager creates a client for an unmatched WeCom contact and sees the
        reconciliation list."""
        manager = new_test_user(
            self.env,
            login="wecom_tour_manager",
            groups="base.group_user,base.group_partner_manager,"
            "client_custody.group_custody_manager",
        )
        holder_user = new_test_user(
            self.env,
            login="tour_holder",
            name="Tour Holder",
            groups="base.group_user,client_custody.group_custody_user",
        )
        holder, follower = self.env["hr.employee"].create(
            [
                {"name": "Tour Holder", "user_id": holder_user.id, "wecom_userid": "holder"},
                {"name": "Tour Follower", "wecom_userid": "follower"},
            ]
        )
        client = self.env["res.partner"].create({"name": "Tour Differ Co", "is_company": True})
        self.env["custody.assignment"]._move(client, holder, origin="assigned")
        Contact = self.env["wecom.contact"]
        stranger, differ = Contact.create(
            [
                {"external_userid": "wmTourStranger", "name": "Tour Stranger"},
                {
                    "external_userid": "wmTourDiffer",
                    "name": "Tour Differ Buyer",
                    "partner_id": client.id,
                },
            ]
        )
        self.env["wecom.contact.follow"].create(
            [
                {"contact_id": stranger.id, "userid": "follower", "employee_id": follower.id},
                {"contact_id": differ.id, "userid": "follower", "employee_id": follower.id},
            ]
        )
        self.start_tour(
            "/odoo/action-client_custody_wecom.wecom_contact_action_unmatched",
            "client_custody_wecom_contacts_tour",
            login=manager.login,
        )
        self.assertEqual(stranger.partner_id.name, "Tour Stranger")
        self.assertEqual(stranger.match_method, "created")
