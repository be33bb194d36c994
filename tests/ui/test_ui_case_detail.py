"""A case's detail in the real window against the embedded sandbox: a party opens a case from 我的案件 and
sees the timeline, the hearings, the deadlines with the days left and the judge's contact; an agent looks
a case up by case number and query code; a malformed case number is refused before anything is sent;
wrong codes say so with the attempts left, then the lock says for how long."""

from __future__ import annotations

import re

from drivers.idcard.simulator import SAMPLE_CARDS
from tests.ui.steps import click, screen, type_text

DEMO = 3  # the simulated reader's sample card whose demo cases the sandbox seeds
JUDGMENT_CASE = "demo-case-judgment"
HEARING_CASE = "demo-case-hearing"


def sandbox_records(core):
    """The embedded sandbox's court records, with the demo persona's cases seeded when asked for."""
    records = core.sandbox.app.state.sandbox.records
    if not records.demo_people:
        records.demo_people = (SAMPLE_CARDS[DEMO].id_number,)
    records.ensure_demo(case_ref=JUDGMENT_CASE)
    return records


def in_english(qtbot, window):
    """The litigant touches English (the texts below are the English ones, whatever translations exist)."""
    if window.language_button.text() == "English":
        click(qtbot, window.language_button)


def identify_demo(qtbot, window, services):
    qtbot.waitUntil(lambda: screen(window) == "identify")
    qtbot.waitUntil(lambda: window.identify._problem is None)
    services.demo.place_card(DEMO)
    qtbot.waitUntil(lambda: window.identify.continue_button.isVisible(), timeout=5000)
    click(qtbot, window.identify.continue_button)


def texts(widget, name: str) -> list[str]:
    """The texts of the rows called ``name`` under ``widget`` (each row's labels joined)."""
    from PySide6.QtWidgets import QLabel, QWidget

    rows = [w for w in widget.findChildren(QWidget, name) if w.isVisibleTo(widget.window())]
    return [" ".join(lab.text() for lab in row.findChildren(QLabel)) for row in rows]


def test_a_party_opens_a_case_from_my_cases_and_sees_its_course(qtbot, app_parts):
    window, core, services = app_parts()
    records = sandbox_records(core)
    codes = records.case_codes(JUDGMENT_CASE)
    click(qtbot, window.attract.start)
    in_english(qtbot, window)
    click(qtbot, window.menu.tiles["my_cases"])
    identify_demo(qtbot, window, services)
    cases = window.my_cases
    qtbot.waitUntil(lambda: cases.table.rowCount() == 2 and not cases._loading, timeout=8000)
    assert not cases.details.isVisible()
    row = next(r for r in range(cases.table.rowCount()) if cases.table.item(r, 4).text() == codes.case_number)
    cases.table.selectRow(row)
    assert cases.details.isVisible() and cases.details.text() == "Case details"
    click(qtbot, cases.details)
    assert screen(window) == "case_detail"
    detail = window.case_records.detail
    qtbot.waitUntil(lambda: detail.view is not None, timeout=8000)
    assert codes.case_number in detail.heading.text() and "民事一审" in detail.heading.text()
    # rows added to a shown card are shown by a queued event: wait for them, a loaded machine is slow
    qtbot.waitUntil(lambda: bool(texts(detail.people_card, "officerRow") and texts(detail.hearings_card, "hearingRow")
                                 and len(texts(detail.timeline_card, "timelineRow")) > 1), timeout=5000)
    timeline = texts(detail.timeline_card, "timelineRow")
    assert any("立案" in t for t in timeline) and any("宣判" in t for t in timeline)
    dates = [t.split()[0] for t in timeline]
    assert dates == sorted(dates)  # oldest first, each with its date
    hearings = texts(detail.hearings_card, "hearingRow")
    assert hearings and re.match(r"\d{4}-\d\d-\d\d \d\d:\d\d", hearings[0])
    deadlines = texts(detail.deadlines_card, "deadlineRow")
    appeal = next(t for t in deadlines if "上诉期限" in t)
    assert re.search(r"\d+ days left|due today|overdue", appeal), appeal  # 15 days from the judgment 3 days ago
    judge = records.case_detail(_party(JUDGMENT_CASE)).judge
    officers = " ".join(texts(detail.people_card, "officerRow"))
    assert judge.name in officers and "010-" in officers
    assert detail.read.isEnabled()  # an identified party may go on to the case file

    click(qtbot, window.back_button)
    assert screen(window) == "my_cases"
    click(qtbot, window.home_button)
    qtbot.waitUntil(lambda: screen(window) == "attract")
    assert detail.view is None and texts(detail.timeline_card, "timelineRow") == []


def _party(case_ref):
    from offline_queue.contract import CaseAccess

    return CaseAccess(case_ref=case_ref, id_number=SAMPLE_CARDS[DEMO].id_number)


def test_case_lookup_by_query_code_refuses_bad_input_counts_wrong_codes_and_says_the_lock(qtbot, app_parts):
    window, core, services = app_parts()
    records = sandbox_records(core)
    hearing = records.case_codes(HEARING_CASE)
    judgment = records.case_codes(JUDGMENT_CASE)
    asked = []
    court = services.case_detail._court
    real = court.case_detail
    court.case_detail = lambda access, **kw: (asked.append(access.case_ref), real(access, **kw))[1]

    click(qtbot, window.attract.start)
    in_english(qtbot, window)
    assert window.menu.is_available("case_detail")
    click(qtbot, window.menu.tiles["case_detail"])
    assert screen(window) == "case_lookup"  # no ID card needed
    lookup = window.case_records.lookup
    type_text(qtbot, lookup.number, "2026京0108民初4127")  # no brackets, no 号
    type_text(qtbot, lookup.code, hearing.query_code)
    click(qtbot, lookup.go)
    assert lookup.number_error.isVisible() and "not a case number" in lookup.number_error.text()
    assert not lookup.code_error.isVisible() and "Nothing was sent" in lookup.status.text()
    lookup.code.setText("AB0")
    click(qtbot, lookup.go)
    assert lookup.code_error.isVisible() and asked == []  # nothing sent

    lookup.number.setText(judgment.case_number.replace("（", "(").replace("）", ")"))  # as people type it
    wrong = [code for code in ("ZZZZZZZZ", "YYYYYYYY", "XXXXXXXX") if code != judgment.query_code]
    for n, code in enumerate(wrong):
        lookup.code.setText(code)
        click(qtbot, lookup.go)
        qtbot.waitUntil(lambda: not lookup.asking, timeout=8000)
        if n < 2:
            assert "The query code does not match" in lookup.code_error.text(), lookup.code_error.text()
            assert ("2 attempts left" if n == 0 else "One more wrong code locks") in lookup.code_error.text()
    assert "now locked" in lookup.code_error.text()  # the third wrong code locked it
    lookup.code.setText(judgment.query_code)  # even the right code: locked for a while
    click(qtbot, lookup.go)
    qtbot.waitUntil(lambda: not lookup.asking, timeout=8000)
    assert re.search(r"is locked\. Try again in \d+ minutes", lookup.status.text()), lookup.status.text()
    sent = len(asked)
    click(qtbot, lookup.go)  # the kiosk knows the lock now: it does not ask again
    assert len(asked) == sent and re.search(r"in \d+ minutes", lookup.status.text())

    lookup.number.setText(hearing.case_number)
    lookup.code.setText(hearing.query_code.lower())
    click(qtbot, lookup.go)
    qtbot.waitUntil(lambda: screen(window) == "case_detail", timeout=8000)
    detail = window.case_records.detail
    qtbot.waitUntil(lambda: detail.view is not None)
    assert hearing.case_number in detail.heading.text()
    qtbot.waitUntil(lambda: bool(texts(detail.hearings_card, "hearingRow")), timeout=5000)  # shown by a queued event
    assert not detail.read.isEnabled()
    assert detail.reading_hint.isVisible()  # reading needs the ID card
    click(qtbot, window.back_button)
    assert screen(window) == "case_lookup"
    click(qtbot, window.home_button)
    qtbot.waitUntil(lambda: screen(window) == "attract")
    assert lookup.number.text() == "" and lookup.code.text() == ""
