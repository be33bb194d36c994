"""``kiosk risk assess FILE.json [--today YYYY-MM-DD] [--lang zh_CN|en]``: the assessment as JSON.

FILE.json (``-`` reads standard input)::

    {"case_type": "private_lending", "today": "2025-06-01",
     "answers": {"amount": "50000", "limitation_start": "2023-01-10", "has_iou": "yes", ...}}

``today`` and ``lang`` may be given in the file or on the command line (the command line wins;
today's date by default). Exit 0 with the JSON, 2 with a message on standard error for a file or
an answer that cannot be used (docs/risk-assessment.md lists every key).
"""

from __future__ import annotations

import json
import sys
from datetime import date


def add_parser(sub, common) -> None:
    p = sub.add_parser("risk", parents=[common], help="litigation risk assessment (JSON)")
    risk_sub = p.add_subparsers(dest="risk_command", required=True)
    a = risk_sub.add_parser("assess", help="assess the answers in FILE.json, print the risks as JSON",
                            description="Assess a case's litigation risks from the answers in FILE.json "
                                        "(keys: docs/risk-assessment.md) and print them as JSON.")
    a.add_argument("file", metavar="FILE.json", help="the case type and the answers ('-': standard input)")
    a.add_argument("--today", metavar="YYYY-MM-DD", help="the day the deadlines are counted to (default: today)")
    a.add_argument("--lang", choices=("zh_CN", "en"), help="the language of the texts (default: zh_CN)")
    risk_sub.add_parser("types", help="the case types and their questions, as JSON")


def _fail(message: str) -> int:
    print(f"kiosk risk: {message}", file=sys.stderr)
    return 2


def run(args) -> int:
    from kiosk.risk import AnswerError, CatalogError, assess, load_catalog
    from kiosk.risk.report import to_json

    try:
        catalog = load_catalog()
    except CatalogError as exc:
        return _fail(str(exc))
    if args.risk_command == "types":
        out = {case.code: {"name": case.name.zh_CN, "name_en": case.name.en, "court_case_type": case.court_case_type,
                           "questions": {key: catalog.questions[key].type for key in case.questions}}
               for case in catalog.ordered_case_types()}
        print(json.dumps(out, ensure_ascii=False, indent=1))
        return 0
    try:
        text = sys.stdin.read() if args.file == "-" else open(args.file, encoding="utf-8").read()  # noqa: SIM115
        data = json.loads(text)
    except OSError as exc:
        return _fail(f"cannot read {args.file}: {exc.strerror}")
    except json.JSONDecodeError as exc:
        return _fail(f"{args.file} is not JSON: {exc}")
    if not isinstance(data, dict) or not isinstance(data.get("answers", {}), dict):
        return _fail('the file must be an object: {"case_type": ..., "answers": {...}}')
    extra = set(data) - {"case_type", "answers", "today", "lang"}
    if extra:
        return _fail(f"unknown keys in the file: {', '.join(sorted(extra))}")
    lang = args.lang or data.get("lang") or "zh_CN"
    if lang not in ("zh_CN", "en"):
        return _fail("lang is zh_CN or en")
    today_text = args.today or data.get("today")
    try:
        today = date.fromisoformat(today_text) if today_text else date.today()
    except (TypeError, ValueError):
        return _fail("today is a date, YYYY-MM-DD")
    from kiosk.config import ConfigError, load_config
    from kiosk.domain import fees

    try:
        schedule = fees.FeeSchedule.from_mapping(load_config(getattr(args, "config", None)).section("fees"))
    except ConfigError as exc:
        return _fail(f"configuration error: {exc}")
    try:
        assessment = assess(catalog, str(data.get("case_type", "")), data.get("answers", {}), today, schedule)
    except AnswerError as exc:
        return _fail(f"answer {exc}")
    print(json.dumps(to_json(catalog, assessment, lang), ensure_ascii=False, indent=1))
    return 0
