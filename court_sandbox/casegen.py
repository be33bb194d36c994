"""What the sandbox's court clerk makes of a docketed filing: the judge and clerk, the query code,
the timeline, the hearing, the deadlines, the served documents and the case file's index.

Everything is drawn from a `random.Random` seeded with the filing id, so the same filing always
gets the same records (tests are reproducible); times are relative to the docketing moment.
No database access here: `court_sandbox.records` stores what these functions return.
"""

from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from typing import Any

from court_sandbox.store import CHINA_TIME
from offline_queue import contract as c

JUDGES = ("王建国", "李明华", "张卫东", "刘晓燕", "陈志强", "杨丽娟", "赵海涛", "黄静", "周文斌", "吴秀兰",
          "徐振宇", "孙立新")
CLERKS = ("孙悦", "马晨", "朱琳", "胡杨", "郭婷", "何雪", "高鹏", "林峰", "宋佳", "韩冰")
_NUMERALS = "一二三四五六七八九十"
#: The court's telephone prefix by court code (the sandbox's courts).
_PHONE_PREFIX = {"京0105": "010-8582", "京0108": "010-8269", "沪0115": "021-5080"}
#: The court that hears an appeal from each of the sandbox's courts.
APPEAL_COURT = {"京0105": "北京市第三中级人民法院", "京0108": "北京市第一中级人民法院",
                "沪0115": "上海市第一中级人民法院"}
#: Section of a document: the case file (阅卷) or the documents served on the parties (送达).
FILE, SERVED = "file", "served"


def rng_for(*parts: str) -> random.Random:
    """A random generator seeded by text (a filing id, a document id): the same draws every time."""
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).digest()
    return random.Random(int.from_bytes(digest[:8], "big"))


def code_from(rng: random.Random, length: int) -> str:
    return "".join(rng.choice(c.CODE_ALPHABET) for _ in range(length))


def query_code_for(filing_id: str) -> str:
    """The case's query code (查询码, printed on the 受理通知书): 8 characters of CODE_ALPHABET."""
    return code_from(rng_for("query-code", filing_id), 8)


def document_id_for(filing_id: str, name: str) -> str:
    return "doc-" + hashlib.sha256(f"{filing_id}\x1f{name}".encode()).hexdigest()[:20]


def cause_of(case_type: str, claims: str) -> str:
    """The cause of action (案由) the docketing clerk records."""
    if case_type.startswith("行"):
        return "行政诉讼"
    by_type = {"民初-劳动争议": "劳动争议", "民初-离婚": "离婚纠纷", "民初-人格权": "名誉权纠纷",
               "民初-知识产权": "著作权权属、侵权纠纷", "民初-非财产": "物权保护纠纷"}
    if case_type in by_type:
        return by_type[case_type]
    if "借" in claims:
        return "民间借贷纠纷"
    if "租" in claims:
        return "房屋租赁合同纠纷"
    return "买卖合同纠纷"


def _at(day: datetime, hour: int, minute: int = 0) -> datetime:
    """A time of day in China time on the day of `day`."""
    local = day.astimezone(CHINA_TIME).date()
    return datetime.combine(local, time(hour, minute), CHINA_TIME)


def chinese_date(moment: datetime) -> str:
    local = moment.astimezone(CHINA_TIME)
    return f"{local.year}年{local.month}月{local.day}日"


@dataclass
class DocumentPlan:
    """One document of a case: where it shows (file/served), what it is, and how to render it."""

    document_id: str
    section: str
    kind: str
    title: str
    at: datetime
    pages: int
    template: str
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class CasePlan:
    """A docketed case's records (what `records` stores as the case's body and documents)."""

    query_code: str
    body: dict[str, Any]
    documents: list[DocumentPlan]


def parties_of(submission: dict[str, Any]) -> list[dict[str, str]]:
    """The parties of a filing as the case shows them (role, kind, name), in the usual order."""
    kind = submission.get("filing_kind", c.FILING_FIRST_INSTANCE)
    first, second = {"appeal": ("上诉人", "被上诉人"), "enforcement": ("申请执行人", "被执行人"),
                     "mediation": ("申请人", "被申请人")}.get(kind, ("原告", "被告"))
    people = [(first, p) for p in (submission["plaintiff"], *submission.get("other_plaintiffs", ()))]
    people += [(second, p) for p in submission.get("defendants", ())]
    people += [("第三人", p) for p in submission.get("third_parties", ())]
    return [{"role": role, "kind": p["kind"], "name": p["name"]} for role, p in people]


def people_of(submission: dict[str, Any]) -> list[tuple[str, str]]:
    """(resident ID number, role) of every person of a docketed case: all parties and the agent."""
    out = [(p["id_number"], r["role"]) for p, r in zip(
        (submission["plaintiff"], *submission.get("other_plaintiffs", ()), *submission.get("defendants", ()),
         *submission.get("third_parties", ())), parties_of(submission), strict=True) if p.get("id_number")]
    if submission.get("agent"):
        out.append((submission["agent"]["id_number"], "代理人"))
    return out


def plan_case(filing_id: str, submission: dict[str, Any], court_code: str, case_number: str,
              docketed_at: datetime) -> CasePlan:
    """The records of a filing docketed at `docketed_at` with `case_number` (deterministic)."""
    rng = rng_for("case", filing_id)
    judge, clerk = rng.choice(JUDGES), rng.choice(CLERKS)
    phone = f"{_PHONE_PREFIX.get(court_code, '010-8888')}{rng.randrange(10000):04d}"
    query_code = query_code_for(filing_id)
    hearing_day = docketed_at + timedelta(days=rng.randrange(28, 46))
    while hearing_day.astimezone(CHINA_TIME).weekday() >= 5:
        hearing_day += timedelta(days=1)
    hearing_at = _at(hearing_day, *rng.choice(((9, 0), (9, 30), (14, 0), (14, 30))))
    online = rng.random() < 0.3
    courtroom = "互联网法庭" if online else f"第{_NUMERALS[rng.randrange(10)]}法庭"
    served_at = docketed_at
    body = {
        "judge": {"role": "judge", "name": judge, "title": "审判员"},
        "clerk": {"role": "clerk", "name": clerk, "title": "书记员"},
        "contact_phone": phone,
        "cause": cause_of(submission.get("case_type", ""), submission.get("claims", "")),
        "timeline": [
            {"kind": "立案", "at": docketed_at.isoformat(), "note": f"案号{case_number}"},
            {"kind": "分案", "at": docketed_at.isoformat(),
             "note": f"承办法官：{judge}"},
            {"kind": "送达", "at": served_at.isoformat(), "note": "受理通知书、举证通知书、传票"},
        ],
        "hearings": [{"at": hearing_at.isoformat(), "kind": "开庭", "courtroom": courtroom, "online": online,
                      "note": "请携带身份证件及证据原件准时到庭" if not online else "请提前十五分钟登录在线诉讼平台"}],
        "deadlines": [
            {"kind": "举证期限", "due": _at(docketed_at + timedelta(days=15), 17).isoformat(),
             "note": "逾期提交证据的，承担相应法律后果"},
            {"kind": "答辩期限", "due": _at(docketed_at + timedelta(days=15), 17).isoformat(),
             "note": "被告自收到起诉状副本之日起十五日内提出答辩状"},
        ],
    }
    documents = [
        DocumentPlan(document_id_for(filing_id, "受理通知书"), SERVED, "通知书", "受理案件通知书", served_at, 2,
                     "acceptance"),
        DocumentPlan(document_id_for(filing_id, "举证通知书"), SERVED, "通知书", "举证通知书", served_at, 2,
                     "evidence_notice"),
        DocumentPlan(document_id_for(filing_id, "传票"), SERVED, "传票", "传票", served_at, 1, "summons"),
    ]
    received = datetime.fromisoformat(submission["confirmed_at"])
    complaint_pages = 2 + min(4, len(submission.get("claims", "")) // 1500
                              + len(submission.get("facts_and_reasons", "")) // 1500)
    documents.append(DocumentPlan(document_id_for(filing_id, "起诉状"), FILE, "起诉状",
                                  "行政起诉状" if submission.get("case_type", "").startswith("行") else "民事起诉状", received,
                                  complaint_pages, "complaint"))
    names = {}
    for item in submission.get("evidence", ()):
        for digest in item.get("pages", ()):
            names.setdefault(digest, item["name"])
    for n, ref in enumerate(submission.get("attachments", ()), 1):
        if ref.get("purpose") not in ("evidence", "other", "judgment"):
            continue
        title = names.get(ref["sha256"]) or f"证据{n}：{ref['name']}"
        documents.append(DocumentPlan(document_id_for(filing_id, f"证据-{ref['sha256']}"), FILE, "证据", title,
                                      received, 1, "evidence", {"attachment": ref["name"]}))
    documents.append(DocumentPlan(document_id_for(filing_id, "卷-受理通知书"), FILE, "受理通知书", "受理案件通知书",
                                  served_at, 2, "acceptance"))
    return CasePlan(query_code, body, documents)


#: Templates by a served document's kind (an admin event adds documents of any of SERVED_KINDS).
SERVED_TEMPLATES = {"判决书": "judgment", "裁定书": "ruling", "调解书": "mediation", "传票": "summons"}
