"""Key-only walks: a litigant who cannot see the screen files a case on the thin path, looks at
my cases (and a case's detail) and works out a fee with the five keys alone (up, down, select,
back, help), hearing every screen, every item and every result. Placing the ID card on the
reader is not a key (the demo panel's simulator places it, as in tests/ui/steps.py).

Text goes in through the five-key entry (ui/keypad_entry.py): digits, letters and symbols one by
one. Chinese characters cannot be spelled on five keys (the entry offers dictation, and these tests
have no Chinese speech model), so the names and claims here are typed in Latin letters.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from offline_queue.admin_client import admin_client
from offline_queue.contract import ReviewDecision
from tests.ui.keywalk import KeyWalk, announcer_config
from tests.ui.steps import click, file_case
from tests.ui.test_ui_keypad import KEYS_HELP_SOURCE  # noqa: E402
from ui.accessibility import describe


def _t(text: str) -> str:
    return QCoreApplication.translate("Accessibility", text)


def start_with_help(walk) -> None:
    """At the attract screen: help switches the green channel (speech) on and explains; select starts."""
    window = walk.window
    assert window.current == "attract" and not walk.services.session.data.settings.speech
    mark = walk.mark()
    walk.press("help")
    said = walk.wait_heard(window.attract.spec.prompt(), "help", mark)
    assert said.startswith(window.attract.spec.title()) and _t(KEYS_HELP_SOURCE) in said
    mark = walk.mark()
    walk.press("select")
    walk.screen_opened("menu", mark)


def open_service(walk, service_id: str, screen: str) -> None:
    mark = walk.mark()
    said = walk.choose(walk.window.menu.tiles[service_id])
    assert said == describe(walk.window.menu.tiles[service_id]) and said.endswith(_t("button"))
    walk.screen_opened(screen, mark)


def identify_by_card(qtbot, walk, then: str) -> None:
    window = walk.window
    walk.services.demo.place_card(0)  # (the simulator places the card: not a key)
    qtbot.waitUntil(lambda: window.identify.continue_button.isVisible(), timeout=5000)
    walk.wait_heard(window.identify.prompt.text(), "change")  # "identified": heard as it happens
    said = walk.press_heard("down")  # who was identified (the ID number masked)
    assert window.identify.name_value.text() in said and window.identify.id_value.text() in said
    mark = walk.mark()
    walk.choose(window.identify.continue_button)
    walk.screen_opened(then, mark)


def next_screen(walk, button, screen: str) -> None:
    mark = walk.mark()
    said = walk.choose(button)
    assert said == describe(button)
    walk.screen_opened(screen, mark)


def read_notice(walk, notice) -> int:
    """Reach the notice, hear it page by page to its end, then tick that it was read."""
    said = walk.reach(notice.text)
    assert _t("text, press select to hear it page by page") in said
    assert _t("unavailable") in describe(notice.check.box)  # not before it is read
    for pages in range(1, 80):  # noqa: B007 (the count is returned)
        mark = walk.mark()
        walk.press("select")
        page = walk.last("item", mark)
        assert len(page) > 20
        if page.endswith(_t("End of the text.")):
            break
    assert notice.check.isEnabled()
    said = walk.reach(notice.check.box)
    assert said.endswith(_t("not selected"))
    mark = walk.mark()
    walk.press("select")
    assert notice.acknowledged() and walk.last("item", mark).endswith(_t(", ") + _t("selected"))
    return pages


def type_into(walk, editor, text: str) -> str:
    """Reach a field, open the five-key entry on it, type, Done; what is heard of the field after."""
    said = walk.reach(editor)
    assert _t("text field") in said
    mark = walk.mark()
    walk.press("select")
    assert walk.entry is not None and walk.entry.is_open and walk.since(mark, "item")
    walk.type_text(text)
    return walk.wait_heard(describe(editor), "item", mark)


def test_a_filing_with_five_keys(qtbot, app_parts):
    window, core, services = app_parts(**announcer_config())
    walk = KeyWalk(qtbot, window, services)
    start_with_help(walk)
    open_service(walk, "filing", "identify")
    identify_by_card(qtbot, walk, "filing_start")

    start = window.filing.start
    said = walk.press_heard("down")  # the first item: what to file, the default chosen
    assert said == describe(start.kind_buttons["first_instance"]) and said.endswith(_t(", ") + _t("selected"))
    assert read_notice(walk, start.notice) >= 2
    next_screen(walk, start.next, "filing_parties")

    parties = window.filing.parties
    said = type_into(walk, parties.name_edit, "LI SI")
    assert parties.name_edit.text() == "LI SI" and "LI SI" in said
    next_screen(walk, parties.next, "filing_claims")

    claims = window.filing.claims
    type_into(walk, claims.claims, "PAY BACK")
    type_into(walk, claims.facts, "LOAN")
    said = type_into(walk, claims.amount, "100000")
    assert said.endswith("100000") and "2,300.00" in claims.fee.text()
    next_screen(walk, claims.next, "filing_evidence")
    next_screen(walk, window.filing.evidence.next, "filing_fees")

    fees = window.filing.fees
    said = walk.reach(fees.total)  # the fee is heard before going on
    assert "2,300.00" in said
    next_screen(walk, fees.next, "filing_risk")
    read_notice(walk, window.filing.risk.notice)
    next_screen(walk, window.filing.risk.next, "filing_address")

    form = window.filing.address.form
    said = type_into(walk, form.fields["phone"], "13800000000")
    assert form.captions["phone"].text() in said and "13800000000" in said
    walk.reach(form.confirmed.box)
    walk.press("select")
    assert form.confirmed.isChecked()
    next_screen(walk, window.filing.address.next, "filing_review")

    review = window.filing.review
    walk.reach(review.text)
    heard = []
    for _ in range(30):  # the answers, heard page by page
        mark = walk.mark()
        walk.press("select")
        heard.append(walk.last("item", mark))
        if heard[-1].endswith(_t("End of the text.")):
            break
    assert "LI SI" in " ".join(heard) and "PAY BACK" in " ".join(heard)
    next_screen(walk, review.confirm, "filing_sign")

    sign = window.filing.sign
    said = walk.press_heard("down")  # the pad says what it is and what the keys do instead
    assert said.startswith(sign.box.pad.accessibleName())
    walk.reach(sign.box.paper.box)  # sign on paper
    walk.press("select")
    assert sign.box.sign_on_paper()
    mark = walk.mark()
    walk.choose(sign.confirm)
    walk.screen_opened("submitted", mark)

    submitted = window.filing.submitted
    outcome = submitted._outcome
    assert core.outbox.get(outcome.filing_id) is not None
    assert outcome.fee is not None and outcome.fee == 2300
    walk.wait_heard(submitted.tr("Your receipt has been printed. Please take it."), "change", mark)
    said = walk.reach(submitted.number)
    assert outcome.filing_id[:8].upper() in said
    payload = core.outbox.get(outcome.filing_id).payload
    assert payload["signature"] == "paper" and payload["defendants"][0]["name"] == "LI SI"
    next_screen(walk, submitted.finish, "done")
    mark = walk.mark()
    walk.choose(window.done.finish)
    qtbot.waitUntil(lambda: window.current == "attract")


def test_my_cases_and_a_case_detail_with_five_keys(qtbot, app_parts):
    window, core, services = app_parts(**announcer_config())
    outcome = file_case(qtbot, window, services)  # (filed by touch: this walk is about my cases)
    qtbot.waitUntil(lambda: core.outbox.get(outcome.filing_id).state == "delivered", timeout=10000)
    with admin_client(core.sandbox) as admin:  # the court, on the embedded sandbox's admin API
        admin.review(outcome.filing_id, ReviewDecision(decision="docket", reasons=[]))
    click(qtbot, window.home_button)
    services.demo.remove_card()
    walk = KeyWalk(qtbot, window, services)

    start_with_help(walk)
    open_service(walk, "my_cases", "identify")
    identify_by_card(qtbot, walk, "my_cases")
    cases = window.my_cases
    qtbot.waitUntil(lambda: not cases._loading and cases.table.rowCount() == 1, timeout=8000)
    said = walk.reach(cases.table, 0)
    assert said.startswith(_t("Row {n} of {count}").replace("{n}", "1").replace("{count}", "1"))
    assert "已立案" in said and "民初" in said and said.endswith(_t("not selected"))
    mark = walk.mark()
    walk.press("select")
    assert walk.since(mark, "item") == [describe(cases.table, 0)] and walk.last("item", mark).endswith(
        _t(", ") + _t("selected"))
    assert cases.details.isVisible()
    next_screen(walk, cases.details, "case_detail")

    detail = window.screens["case_detail"]
    qtbot.waitUntil(lambda: detail.view is not None, timeout=8000)
    said = walk.reach(detail.timeline_card)
    assert detail.timeline_title.text() in said and len(said) > len(detail.timeline_title.text()) + 5
    mark = walk.mark()
    walk.press("back")
    walk.screen_opened("my_cases", mark)


def test_the_fee_calculator_with_five_keys(qtbot, app_parts):
    window, core, services = app_parts(**announcer_config())
    walk = KeyWalk(qtbot, window, services)
    start_with_help(walk)
    open_service(walk, "fee_calculator", "fee_calculator")
    calc = window.fee_calculator

    said = walk.reach(calc.kind)  # a choice list: its label, what is chosen
    assert said == describe(calc.kind) and calc.kind_label.text() in said and calc.kind.currentText() in said
    first = calc.kind.currentText()
    mark = walk.mark()
    walk.press("select")  # the choices, spoken one by one
    assert walk.entry.is_open
    assert walk.press_heard("down") == calc.kind.itemText(1)
    assert walk.press_heard("up") == first
    walk.press("select")
    assert not walk.entry.is_open and calc.kind.currentText() == first

    said = type_into(walk, calc.amount, "100000")
    assert "100000" in said
    walk.wait_heard("2,300.00", "change", mark)  # the fee, said as it comes
    mark = walk.mark()
    walk.reach(calc.checks["feeSimple"].box)
    walk.press("select")
    assert calc.checks["feeSimple"].isChecked()
    walk.wait_heard("1,150.00", "change", mark)  # halved
    said = walk.reach(calc.breakdown)
    assert said.startswith(calc.breakdown.text().split("\n")[0])
    mark = walk.mark()
    walk.choose(calc.done)
    walk.screen_opened("menu", mark)
