import re
from pathlib import Path

from odoo.tests import TransactionCase, tagged

I18N = Path(__file__).resolve().parent.parent / "i18n"


def _entries(path):
    """(msgid, msgstr) pairs of a .po/.pot file, multi-line strings joined."""
    text = path.read_text(encoding="utf-8")
    entries = []
    for block in re.split(r"\n\s*\n", text):
        msgid = re.search(r'^msgid ((?:".*"\n?)+)', block, re.M)
        msgstr = re.search(r'^msgstr ((?:".*"\n?)+)', block, re.M)
        if not msgid or not msgstr:
            continue
        join = lambda raw: "".join(re.findall(r'"(.*)"', raw))  # noqa: E731
        entries.append((join(msgid.group(1)), join(msgstr.group(1))))
    return [(msgid, msgstr) for msgid, msgstr in entries if msgid]


@tagged("post_install", "-at_install")
class TestTranslations(TransactionCase):
    def test_zh_cn_complete(self):
        """Every English string of the addon has a Simplified Chinese translation."""
        po = dict(_entries(I18N / "zh_CN.po"))
        pot = [msgid for msgid, _msgstr in _entries(I18N / "alumni_network.pot")]
        self.assertTrue(pot)
        missing = [msgid for msgid in pot if not po.get(msgid)]
        self.assertFalse(missing, f"Untranslated in zh_CN.po: {missing[:10]}")
