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


def forbidden_violations(msgid, msgstr, forbidden, exceptions, module=None):
    """Forbidden words in ``msgstr``; a confusion only where ``msgid`` speaks of its subject;
    an item with ``addons`` only in those addons."""
    excepted = set(exceptions.get(msgid, ()))
    return [
        f"'{item['zh']}' is forbidden here ({item['why']})"
        for item in forbidden
        if item["zh"] not in excepted
        and (not module or module in item.get("addons", [module]))
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
        for wrong in forbidden_violations(entry.msgid, entry.msgstr, forbidden, exceptions, module):
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
        self.assertEqual(zh["non-compete compensation"], ["竞业限制补偿", "竞业限制经济补偿"])
        self.assertEqual(zh["unassigned clients"], ["待分配客户"])
        self.assertEqual(zh["contact person (ours, client-facing)"], ["对接人"])
        self.assertEqual(zh["rehire"], ["回聘", "重新录用", "回流"])
        self.assertEqual(zh["core client"], ["核心商业秘密客户"])
        self.assertEqual(zh["damages for unlawful termination (art. 87)"], ["赔偿金"])
        self.assertEqual(zh["client limit"], ["客户上限", "客户数上限"])
        self.assertEqual(zh["Salesperson (contacts)"], ["业务员"])
        self.assertEqual(zh["Salesperson (opportunities)"], ["业务员", "销售人员"])
        self.assertEqual(zh["Officer (alumni group)"], ["专员"])
        self.assertEqual(zh["resignation notice"], ["辞职通知"])
        self.assertEqual(zh["activity (Odoo's planned activity)"], ["待办"])
        banned = {item["zh"] for item in self.forbidden}
        self.assertLessEqual(
            {"继承人", "越权", "孤儿", "此致敬礼", "返聘", "核心客户", "容量", "越过", "销售员"},
            banned,
        )

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
        self.assertFalse(forbidden_violations("", "欢迎加入校友会", self.forbidden, {}))
        self.assertFalse(forbidden_violations("", "%(company)s校友", self.forbidden, {}))

    def test_issue_24_decisions_are_enforced(self):
        """Each decision of issue #24 catches the wrong word and lets the right one pass."""
        wrong = [
            ("Propose Rehire", "提出返聘"),
            ("Approve handovers of core clients", "审批核心客户的交接"),
            ("Successor over capacity", "接替人超出容量"),
            ("Officer", "用户"),
            ("Record a resignation notice", "登记离职通知"),
            ("Termination certificate", "解除（终止）劳动合同证明书"),
            ("Eligibility overridden", "已越过资格限制"),
            ("Declined the new contact", "拒绝了新的联系人"),
            ("Monthly non-compete compensation", "每月经济补偿"),
            ("The monthly compensation of a non-compete must be positive.", "月补偿必须大于零。"),
            ("Art. 87 damages for unlawful termination", "违法解除经济补偿"),
            ("Salesperson follows custodian", "销售员跟随客户负责人"),
            ("Set one in Settings &gt; Alumni.", "请在 设置 &gt；企业校友 中设置。"),
        ]
        for msgid, msgstr in wrong:
            with self.subTest(msgid=msgid):
                module = "alumni_network" if msgid in ("Officer", "Propose Rehire") else None
                self.assertTrue(
                    term_violations(msgid, msgstr, self.terms, {}, module)
                    + forbidden_violations(msgid, msgstr, self.forbidden, {}),
                    msgstr,
                )
        right = [
            ("Propose Rehire", "提出回聘"),
            ("Approve handovers of core clients", "审批核心商业秘密客户的交接"),
            ("Successor over capacity", "接替人超出客户上限"),
            ("Officer", "专员"),
            ("Record a resignation notice", "登记辞职通知"),
            ("Termination certificate", "解除劳动合同证明书"),
            ("Declined the new contact", "拒绝了新的对接人"),
            ("Monthly non-compete compensation", "每月竞业限制经济补偿"),
            ("Art. 87 damages for unlawful termination", "违法解除赔偿金"),
            ("Salesperson follows custodian", "业务员跟随客户负责人"),
        ]
        for msgid, msgstr in right:
            with self.subTest(msgid=msgid):
                module = "alumni_network" if msgid in ("Officer", "Propose Rehire") else None
                self.assertFalse(
                    term_violations(msgid, msgstr, self.terms, {}, module)
                    + forbidden_violations(msgid, msgstr, self.forbidden, {}),
                    msgstr,
                )
        self.assertFalse(
            term_violations(
                "Salesperson departed", "业务员已离职", self.terms, {}, "client_custody_crm"
            ),
            "on the CRM side either of Odoo's two words, as the string is about",
        )
        self.assertEqual(len(half_width("客户(%(name)s)已交接")), 2)
        self.assertFalse(half_width("客户（%(name)s）已交接：WeCom, CRM"))
        self.assertTrue(
            msgid_violations(polib.POEntry(msgid="<br/>\n      <strong>Kind:</strong>"))
        )
        self.assertTrue(msgid_violations(polib.POEntry(msgid="Departure (离职继承)")))

    def test_exit_and_alumni_pass_rules(self):
        """The native pass of the exit and alumni addons: statutes cited one way (书名号, official
        titles, Chinese numerals, 第X项), 离职类型, 现任职单位, a non-compete 履行中, no line break
        inside a Chinese sentence."""
        noncompete = "An employee has at most one draft or active non-compete."
        wrong = [
            ("", "第四十二条第（五）项"),
            ("", "依据劳动合同法第四十七条"),
            ("", "《劳动合同法》第47条"),
            ("", "（《劳动争议司法解释（一）》第三十八条）"),
            ("", "解除类型"),
            ("", "新雇主"),
            ("", "只有企业校友管理员可以\n                    填写理由后特批回聘。"),
            (noncompete, "一份草稿或生效中的竞业限制"),
        ]
        for msgid, msgstr in wrong:
            with self.subTest(msgstr=msgstr):
                self.assertTrue(forbidden_violations(msgid, msgstr, self.forbidden, {}), msgstr)
        right = [
            ("", "不得依据《劳动合同法》第四十一条裁减（第四十二条第五项）"),
            ("", "（《劳动合同法实施条例》第二十四条）"),
            ("", "《个人信息保护法》第十七条"),
            ("", "（《最高人民法院关于审理劳动争议案件适用法律问题的解释（一）》第三十八条）"),
            ("", "离职类型"),
            ("", "现任职单位"),
            (noncompete, "一份草稿或履行中的竞业限制"),
            ("Benefits Active", "生效中"),
        ]
        for msgid, msgstr in right:
            with self.subTest(msgstr=msgstr):
                self.assertFalse(forbidden_violations(msgid, msgstr, self.forbidden, {}), msgstr)

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

    def test_custody_addons_pass_rules(self):
        """The native pass of the custody addons (client_custody, handover, CRM, Sales,
        WeCom): 移交人 / 监交人 / 默认接替人, 您 to clients, placeholders spaced in the back
        office and not in letters, Odoo's own words for its standard fields, 留存, 批准,
        结束日期; the rules that carry addons hold only there."""
        handover = "client_custody_handover"
        wrong = [
            ("Fallback successor", "兜底接替人", handover),
            ("Employee handing over", "交出人", handover),
            ("Witness (direct manager)", "见证人（直属上级）", handover),
            ("We propose %(successor)s as your new contact person at %(company)s.",
             "%(company)s拟安排%(successor)s担任贵司的业务对接人。", handover),
            ("Dear %(client)s,", "尊敬的 %(client)s：", handover),
            ("%(client)s held by %(custodian)s", "%(client)s由%(custodian)s负责", "client_custody"),
            ("Created on", "创建时间", "client_custody_sale"),
            ("Last Updated on", "最后更新时间", "client_custody_wecom"),
            ("Currency", "币种", "client_custody_sale"),
            ("Total", "合计", "client_custody_sale"),
            ("Kept", "留住", "client_custody_sale"),
            ("Approve", "审批", handover),
            ("Until", "截止日期", "client_custody"),
            ("Successor's customer limit reached", "接替人客户数已满", "client_custody_wecom"),
        ]  # fmt: skip
        for msgid, msgstr, module in wrong:
            with self.subTest(msgid=msgid, msgstr=msgstr):
                self.assertTrue(
                    term_violations(msgid, msgstr, self.terms, {}, module)
                    + forbidden_violations(msgid, msgstr, self.forbidden, {}, module),
                    msgstr,
                )
        right = [
            ("Fallback successor", "默认接替人", handover),
            ("Employee handing over", "移交人", handover),
            ("Witness (direct manager)", "监交人（直属上级）", handover),
            ("We propose %(successor)s as your new contact person at %(company)s.",
             "%(company)s拟由%(successor)s担任您的业务对接人。", handover),
            ("Dear %(client)s,", "尊敬的%(client)s：", handover),
            ("%(client)s held by %(custodian)s", "%(client)s 由 %(custodian)s 负责",
             "client_custody"),
            ("Undo of %(name)s", "撤销（%(name)s）", handover),
            ("Created on", "创建日期", "client_custody_sale"),
            ("Currency", "币别", "client_custody_sale"),
            ("Kept", "留存", "client_custody_sale"),
            ("Approve", "批准", handover),
            ("To Approve", "待审批", handover),
            ("Until", "结束日期", "client_custody"),
            ("Successor's customer limit reached", "接替人已达客户数上限", "client_custody_wecom"),
        ]  # fmt: skip
        for msgid, msgstr, module in right:
            with self.subTest(msgid=msgid, msgstr=msgstr):
                self.assertFalse(
                    term_violations(msgid, msgstr, self.terms, {}, module)
                    + forbidden_violations(msgid, msgstr, self.forbidden, {}, module),
                    msgstr,
                )
        self.assertFalse(
            forbidden_violations("Created on", "创建时间", self.forbidden, {}, "alumni_network"),
            "a rule with addons holds only in those addons",
        )


if __name__ == "__main__":  # listing for translators: python tests/test_i18n_glossary.py
    TERMS, FORBIDDEN, EXCEPTIONS = load_glossary()
    for addon in ADDONS:
        for line in po_problems(addon, TERMS, FORBIDDEN, EXCEPTIONS):
            print(line)
