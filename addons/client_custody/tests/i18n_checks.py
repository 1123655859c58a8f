import re

import polib

from odoo.tools.misc import file_path

PLACEHOLDER = re.compile(r"%\(\w+\)s")


class I18nChecks:
    """The zh_CN translation covers the module's whole template and keeps its placeholders.

    Mixed into a TransactionCase by each addon's test_i18n, with ``module`` set.
    """

    module = None

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.pot = polib.pofile(file_path(f"{cls.module}/i18n/{cls.module}.pot"))
        cls.po = polib.pofile(file_path(f"{cls.module}/i18n/zh_CN.po"))

    def test_header(self):
        self.assertEqual(self.po.metadata.get("Language"), "zh_CN")
        self.assertEqual(self.po.metadata.get("Plural-Forms"), "nplurals=1; plural=0;")

    def test_every_msgid_translated(self):
        translated = {entry.msgid: entry.msgstr for entry in self.po if not entry.obsolete}
        missing = [
            e.msgid for e in self.pot if not e.obsolete and not translated.get(e.msgid, "").strip()
        ]
        self.assertFalse(
            missing, f"{len(missing)} msgid(s) without a zh_CN translation: {missing[:10]}"
        )

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
