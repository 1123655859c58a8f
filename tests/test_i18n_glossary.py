"""zh_CN that reads as one voice: the glossary (i18n/glossary.json) enforced on every addon.

Each failure names the addon, the msgid and what is wrong, so a string added later is quick to fix.
The completeness checks (every msgid translated, placeholders kept) stay in each addon's test_i18n.
"""

import json
import re
from pathlib import Path

import polib

from odoo.tests import TransactionCase, tagged
from odoo.tools.translate import TranslationModuleReader

ROOT = Path(__file__).resolve().parents[1]
GLOSSARY = ROOT / "i18n" / "glossary.json"
ADDONS = sorted(p.parent.parent.name for p in (ROOT / "addons").glob("*/i18n/zh_CN.po"))

CJK = r"[\u3400-\u9fff\u3000-\u303f\uff00-\uffef]"
HAN = re.compile(CJK)
# Half-width , : ; ( ) ! ? next to a Chinese character (spaces between allowed).
HALF_WIDTH = re.compile(rf"(?<={CJK})\s*[,:;()!?]|[,:;()!?]\s*(?={CJK})")
# Leading XML indentation: blanks first, or markup then a line break and indentation.
INDENTED = re.compile(r"^\s|^(?:<[^>]+>)+[ \t]*\n[ \t]")
# Whole documents (a mail body) are translated as a whole, indentation included.
WHOLE_DOCUMENT = ("model:mail.template,body_html:",)


def load_glossary():
    data = json.loads(GLOSSARY.read_text(encoding="utf-8"))
    terms = [
        dict(term, regex=re.compile(rf"(?<![\w-])(?:{term['pattern']})(?![\w-])", re.IGNORECASE))
        for term in data["terms"]
    ]
    # Longer terms first: "departure handover" is matched (and hidden) before "handover".
    terms.sort(key=lambda t: -len(t["en"]))
    forbidden = [dict(item, regex=re.compile(item["zh"])) for item in data["forbidden"]]
    for item in data.get("confusions", []):
        forbidden.append(
            dict(
                item,
                regex=re.compile(item["zh"]),
                when=re.compile(rf"(?<![\w-])(?:{item['pattern']})(?![\w-])", re.IGNORECASE),
                unless=re.compile(item.get("unless") or r"(?!)", re.IGNORECASE),
            )
        )
    return terms, forbidden, data.get("exceptions", {})


def plain(text):
    """The text a reader sees: markup, placeholders and QWeb expressions removed."""
    text = re.sub(r"<[^>]*>", " ", text)
    text = re.sub(r"%\(\w+\)[sd]|%[sd]|\{\{.*?\}\}", " ", text)
    return text


def term_violations(msgid, msgstr, terms, exceptions, module=None):
    """Glossary terms whose English is in ``msgid`` while ``msgstr`` lacks their translation."""
    excepted = set(exceptions.get(msgid, ()))
    source = plain(msgid)
    wrong = []
    for term in terms:
        if module and module not in term.get("addons", [module]):
            continue
        if not term["regex"].search(source):
            continue
        source = term["regex"].sub(" ", source)
        if term["en"] in excepted or "*" in excepted:
            continue
        if not any(zh in msgstr for zh in term["zh"]):
            wrong.append(f"'{term['en']}' must be {' / '.join(term['zh'])}")
    return wrong


def forbidden_violations(msgid, msgstr, forbidden, exceptions):
    """Forbidden words in ``msgstr``; a confusion only where ``msgid`` speaks of its subject."""
    excepted = set(exceptions.get(msgid, ()))
    return [
        f"'{item['zh']}' is forbidden here ({item['why']})"
        for item in forbidden
        if item["zh"] not in excepted
        and item["regex"].search(msgstr)
        and (
            "when" not in item or (item["when"].search(msgid) and not item["unless"].search(msgid))
        )
    ]


def half_width(msgstr):
    """Half-width punctuation inside a Chinese sentence, with some context."""
    text = plain(msgstr) if "<" in msgstr else msgstr
    return [
        text[max(m.start() - 6, 0) : m.end() + 6].replace("\n", " ")
        for m in HALF_WIDTH.finditer(text)
    ]


def msgid_violations(entry):
    wrong = []
    whole = any(f"{where}".startswith(WHOLE_DOCUMENT) for where, _line in entry.occurrences) or any(
        c.startswith(WHOLE_DOCUMENT) for c in (entry.comment or "").split()
    )
    if INDENTED.search(entry.msgid) and not whole:
        wrong.append("leading XML indentation (move the text or its markup onto one line)")
    if HAN.search(entry.msgid):
        wrong.append("Chinese characters in the English source")
    return wrong


def po_problems(module, terms, forbidden, exceptions):
    """Every glossary, punctuation and source problem of ``module``'s template and zh_CN.po."""
    i18n = ROOT / "addons" / module / "i18n"
    pot = polib.pofile(str(i18n / f"{module}.pot"))
    po = polib.pofile(str(i18n / "zh_CN.po"))
    problems = []
    for entry in pot:
        for wrong in msgid_violations(entry):
            problems.append(f"[{module}] msgid {entry.msgid[:120]!r}: {wrong}")
    for entry in po:
        if entry.obsolete or not entry.msgstr:
            continue
        head = f"[{module}] msgid {entry.msgid[:120]!r}"
        for wrong in term_violations(entry.msgid, entry.msgstr, terms, exceptions, module):
            problems.append(f"{head}: {wrong}; msgstr {entry.msgstr[:120]!r}")
        for wrong in forbidden_violations(entry.msgid, entry.msgstr, forbidden, exceptions):
            problems.append(f"{head}: {wrong}; msgstr {entry.msgstr[:120]!r}")
        for where in half_width(entry.msgstr):
            problems.append(
                f"{head}: half-width punctuation in a Chinese sentence (use ，：；（）！？): "
                f"...{where}..."
            )
    return problems


@tagged("post_install", "-at_install")
class TestI18nGlossary(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.terms, cls.forbidden, cls.exceptions = load_glossary()

    def test_glossary_covers_the_issue(self):
        """The glossary holds the agreed terms and the words that must never appear."""
        zh = {term["en"]: term["zh"] for term in self.terms}
        self.assertEqual(zh["successor"], ["接替人"])
        self.assertEqual(zh["custodian"], ["客户负责人"])
        self.assertEqual(zh["non-compete compensation"], ["竞业限制补偿"])
        self.assertEqual(zh["unassigned clients"], ["待分配客户"])
        banned = {item["zh"] for item in self.forbidden}
        self.assertLessEqual({"继承人", "越权", "孤儿", "(?<!企业)校友", "此致敬礼"}, banned)

    def test_checks_catch_what_they_claim(self):
        """Each check fails on a bad sample: the test cannot pass by checking nothing."""
        self.assertTrue(
            term_violations("The successor is set.", "继承人已设定。", self.terms, {}),
        )
        self.assertFalse(
            term_violations("The departure handover", "离职继承", self.terms, {}),
            "a longer term hides the shorter one it contains",
        )
        self.assertTrue(forbidden_violations("", "校友网络", self.forbidden, {}))
        self.assertTrue(
            forbidden_violations("Monthly non-compete pay", "每月经济补偿", self.forbidden, {}),
            "severance (经济补偿) is not what a non-compete pays",
        )
        self.assertFalse(forbidden_violations("", "企业校友网络", self.forbidden, {}))
        self.assertEqual(len(half_width("客户(%(name)s)已交接")), 2)
        self.assertFalse(half_width("客户（%(name)s）已交接：WeCom, CRM"))
        self.assertTrue(
            msgid_violations(polib.POEntry(msgid="<br/>\n      <strong>Kind:</strong>"))
        )
        self.assertTrue(msgid_violations(polib.POEntry(msgid="Departure (离职继承)")))

    def test_po_files_follow_the_glossary(self):
        """Every zh_CN.po: glossary terms, no forbidden words, full-width punctuation, clean
        English msgids."""
        self.assertTrue(ADDONS)
        problems = [
            problem
            for module in ADDONS
            for problem in po_problems(module, self.terms, self.forbidden, self.exceptions)
        ]
        self.assertFalse(
            problems, f"{len(problems)} zh_CN problem(s):\n" + "\n".join(problems[:200])
        )

    def test_exceptions_still_used(self):
        """An exception names a msgid that exists and a term or word the glossary has."""
        msgids = {
            entry.msgid
            for module in ADDONS
            for entry in polib.pofile(str(ROOT / "addons" / module / "i18n" / f"{module}.pot"))
        }
        names = {term["en"] for term in self.terms} | {item["zh"] for item in self.forbidden}
        for msgid, excepted in self.exceptions.items():
            with self.subTest(msgid=msgid):
                self.assertIn(msgid, msgids, "exception for a msgid no addon has: remove it")
                self.assertLessEqual(set(excepted), names | {"*"})

    def test_pot_up_to_date(self):
        """Each addon's .pot has exactly the msgids a fresh export of the code gives
        (scripts/i18n_export.sh <module> <db> regenerates it)."""
        installed = set(
            self.env["ir.module.module"]
            .search([("name", "in", ADDONS), ("state", "=", "installed")])
            .mapped("name")
        )
        self.assertEqual(installed, set(ADDONS), "the glossary test runs with every addon")
        for module in ADDONS:
            with self.subTest(module=module):
                reader = TranslationModuleReader(self.env.cr, modules=[module])
                fresh = {source for _m, _t, _n, _r, source, _v, _c in reader}
                pot = polib.pofile(str(ROOT / "addons" / module / "i18n" / f"{module}.pot"))
                committed = {entry.msgid for entry in pot if not entry.obsolete}
                missing = sorted(fresh - committed)
                stale = sorted(committed - fresh)
                self.assertFalse(
                    missing or stale,
                    f"[{module}] {module}.pot is out of date: run scripts/i18n_export.sh {module}"
                    f" <db> and translate. Not in the .pot: {missing[:20]}; no longer in the"
                    f" code: {stale[:20]}",
                )


if __name__ == "__main__":  # listing for translators: python tests/test_i18n_glossary.py
    TERMS, FORBIDDEN, EXCEPTIONS = load_glossary()
    for addon in ADDONS:
        for line in po_problems(addon, TERMS, FORBIDDEN, EXCEPTIONS):
            print(line)
