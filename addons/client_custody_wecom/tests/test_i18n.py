import re

import polib

from odoo.tests import TransactionCase, tagged
from odoo.tools.misc import file_path

PLACEHOLDER = re.compile(r"%\(\w+\)s")
MODULE = "client_custody_wecom"


@tagged("post_install", "-at_install")
class TestI18n(TransactionCase):
    """The zh_CN translation covers the whole template and keeps its placeholders."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.pot = polib.pofile(file_path(f"{MODULE}/i18n/{MODULE}.pot"))
        cls.po = polib.pofile(file_path(f"{MODULE}/i18n/zh_CN.po"))

    def test_header(self):
        self.assertEqual(self.po.metadata.get("Language"), "zh_CN")
        self.assertEqual(self.po.metadata.get("Plural-Forms"), "nplurals=1; plural=0;")

    def test_every_msgid_translated(self):
        translated = {entry.msgid: entry.msgstr for entry in self.po if not entry.obsolete}
        missing = [
            e.msgid for e in self.pot if not e.obsolete and not translated.get(e.msgid, "").strip()
        ]
        self.assertFalse(missing, f"{len(missing)} msgid(s) without zh_CN: {missing[:10]}")

    def test_placeholders_kept(self):
        translated = {entry.msgid: entry.msgstr for entry in self.po if not entry.obsolete}
        for entry in self.pot:
            if entry.obsolete or entry.msgid not in translated:
                continue
            with self.subTest(msgid=entry.msgid):
                self.assertEqual(
                    sorted(PLACEHOLDER.findall(entry.msgid)),
                    sorted(PLACEHOLDER.findall(translated[entry.msgid])),
                )
