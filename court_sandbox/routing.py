"""Where a filing goes and how the court routes it (contract 1.2): cross-regional filing (跨域立案) and
the enterprise mark (涉企).

跨域立案: a litigant at a kiosk of one court files with another court. The filing's ``court_code`` is
the receiving court (受理法院) and ``assisting_court_code`` the kiosk's court (协助法院). The sandbox
lists a few other courts besides its own (`MORE_COURTS`: Beijing's other district courts, and basic
courts in Shanghai, Tianjin, Guangdong, Zhejiang and Sichuan); those in `CROSS_REGIONAL` accept
cross-regional filings (`Court.cross_regional`). An intermediate court is listed but does not (its
first-instance filings are few; appeals go through the court of first instance). The sandbox
accepts a filing for any court of its policy; an assisting court must be one of its courts too.

涉企: a filing with an organisation among its parties, or with an enterprise impact evaluation
(`contract.is_enterprise_related`), is marked ``enterprise_related`` in its status and in the admin
list, worked out from the stored filing (so filings stored before the mark existed get it too).

No database access and no import of the store here (the store imports this module).
"""

from __future__ import annotations

import json
from typing import Any

from offline_queue import contract as c

#: (code, name, case number prefix) of the courts the sandbox knows besides its seed courts.
MORE_COURTS: tuple[tuple[str, str, str], ...] = (
    ("京0101", "北京市东城区人民法院", "京0101"),
    ("京0102", "北京市西城区人民法院", "京0102"),
    ("京0106", "北京市丰台区人民法院", "京0106"),
    ("津0116", "天津市滨海新区人民法院", "津0116"),
    ("粤0304", "深圳市福田区人民法院", "粤0304"),
    ("浙0106", "杭州市西湖区人民法院", "浙0106"),
    ("川0107", "成都市武侯区人民法院", "川0107"),
    ("京01", "北京市第一中级人民法院", "京01"),
)
#: The courts that accept cross-regional filings through the sandbox's kiosks (the basic courts).
CROSS_REGIONAL: frozenset[str] = frozenset({
    "京0105", "京0108", "沪0115", "京0101", "京0102", "京0106", "津0116", "粤0304", "浙0106", "川0107",
})


def filing_problem(submission: c.FilingSubmission, courts: list[c.Court]) -> str | None:
    """Why the sandbox refuses where a filing goes (None: it accepts it): the assisting court must be
    one of its courts. (The receiving court is checked with the filing: 422 unknown court_code.)"""
    codes = {court.code for court in courts}
    if submission.assisting_court_code is not None and submission.assisting_court_code not in codes:
        return "unknown assisting_court_code"
    return None


def filing_marks(body: str | dict[str, Any]) -> dict[str, Any]:
    """The routing fields of a filing's status and summary, from its stored body (FilingSubmission JSON)."""
    data = json.loads(body) if isinstance(body, str) else body
    return {"enterprise_related": c.is_enterprise_related(data),
            "assisting_court_code": data.get("assisting_court_code")}
