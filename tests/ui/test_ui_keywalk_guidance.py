"""Key-only walks for the services a litigant uses without much paper: 诉讼风险评估, 诉讼指南, 申请调解,
联系法官, 案件查询, the green channel's own settings, call staff and the idle warning. Only the five keys
(up, down, select, back, help) are pressed; the ID card is placed by the simulator, the court answers
through the sandbox (the world, not the litigant's hands). At each step the test asserts what a blind
litigant hears: the screen's title and prompt as it opens, the item the keys land on, errors and
status changes.

Text goes in through the five-key entry (ui/keypad_entry.py), in Latin letters, digits and symbols;
a case number with its own groups (its brackets and 号, the courts, the case types).
"""

from __future__ import annotations

import re
import time
from datetime import date

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication

from kiosk.session import SCHEMES, TEXT_SIZES
from tests.ui.keywalk import KeyWalk, announcer_config
from tests.ui.steps import click, file_case
from tests.ui.test_ui_case_detail import HEARING_CASE, sandbox_records
from tests.ui.test_ui_keywalk_core import (
    identify_by_card,
    next_screen,
    open_service,
    read_notice,
    start_with_help,
    type_into,
)
from ui.accessibility import describe
from ui.keypad_entry import Choice
from ui.screens.case_lookup import failure_text
from ui.screens.risk_assessment.steps import error_text

TODAY = date(2025, 6, 1)


def _t(text: str, context: str = "Accessibility") -> str:
    return QCoreApplication.translate(context, text)


def _k(text: str) -> str:
    return QCoreApplication.translate("KeypadEntry", text)


def walk_for(qtbot, app_parts, **config):
    window, core, services = app_parts(**announcer_config(), **config)
    window.show()
    window.activateWindow()  # as the kiosk's one window is: key events go to the focused widget
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=3000)
    return window, core, services, KeyWalk(qtbot, window, services)


# -- the five-key entry, beyond tests/ui/keywalk.py ---------------------------------------------
def entry_choose(walk, choice: Choice) -> None:
    """Down in the entry's current ring until ``choice`` is highlighted (its exact value: 民初, not 民终)."""
    entry = walk.entry
    for _ in range(200):
        if entry.highlighted == choice:
            return
        walk.press("down")
    raise AssertionError(f"the keypad never highlighted {choice!r}")


def entry_group(walk, group: str) -> None:
    """Into a character group (digits, symbols, courts, case_types) from wherever the entry is."""
    entry = walk.entry
    if entry._place == group:
        return
    if entry._place != "top":
        walk.press("back")
    entry_choose(walk, Choice("group", group))
    walk.press("select")
    assert entry._place == group


def entry_action(walk, action: str) -> list[str]:
    """Take an action of the top ring (done, read, delete, clear); what was said."""
    entry = walk.entry
    if entry._place != "top":
        walk.press("back")
    entry_choose(walk, Choice("action", action))
    mark = walk.mark()
    walk.press("select")
    return walk.since(mark)


def type_case_number(walk, number: str) -> None:
    """A case number as the keypad's case-number groups type it: （2026）京0108民初4127号."""
    found = re.fullmatch(r"[（(](\d{4})[）)](\D+?)(\d+)(\D+?)(\d+)号", number)
    assert found, number
    year, court, code, case_type, serial = found.groups()
    tokens = [("symbols", "(")] + [("digits", d) for d in year] + [("symbols", ")"), ("courts", court)] + \
        [("digits", d) for d in code] + [("case_types", case_type)] + [("digits", d) for d in serial] + \
        [("symbols", "号")]
    for group, token in tokens:
        entry_group(walk, group)
        entry_choose(walk, Choice("char", token))
        mark = walk.mark()
        walk.press("select")
        spoken = walk.entry._char_name(token)
        assert walk.since(mark, "item") == [_k("{char} typed.").replace("{char}", spoken)], walk.since(mark)
    said = entry_action(walk, "done")
    assert not walk.entry.is_open and any(s.startswith(_k("Done. The field reads: {text}").split("{")[0]) for s in said)


# -- 诉讼风险评估 --------------------------------------------------------------------------------
def test_risk_assessment_answered_and_heard_with_five_keys(qtbot, app_parts):
    window, core, services, walk = walk_for(qtbot, app_parts)
    services.risk_assessment._clock = lambda: TODAY
    start_with_help(walk)
    open_service(walk, "risk_assessment", "risk_type")
    flow = window.risk_assessment
    name = services.risk_assessment.case_type("private_lending").name.get("zh_CN")
    mark = walk.mark()
    said = walk.choose(flow.types.buttons["private_lending"])
    assert said == name + _t(", ") + _t("button")
    walk.screen_opened("risk_questions", mark)

    q = flow.questions
    said = walk.press_heard("down")  # first: which page
    assert said == q.heading.text() and name in said and "1" in said and "4" in said
    question = q.texts["amount"][0]
    said = walk.reach(question)  # a question: its wording (and its help)
    assert said.startswith(question.text())
    said = type_into(walk, q.fields["amount"].edit, "12.345")  # one decimal too many
    assert question.text() in said and "12.345" in said
    date_field = q.fields["limitation_start"]
    said = walk.reach(q.texts["limitation_start"][0])
    assert said.startswith(q.texts["limitation_start"][0].text())
    said = walk.press_heard("down")  # the date as it is, then its steps by name
    assert said == date_field.shown.text()
    said = walk.reach(date_field.steps["year-"])
    assert said == _t("One year earlier", "RiskFields") + _t(", ") + _t("button")
    mark = walk.mark()
    walk.press("select", 3)  # from today: 2022-06-01
    assert date_field.value() == "2022-06-01"
    walk.wait_heard("2022年6月1日", "change", mark)  # the new date, said
    yes = q.fields["has_iou"].buttons["yes"]
    walk.reach(yes)
    mark = walk.mark()
    walk.press("select")
    assert yes.isChecked() and walk.last("item", mark) == describe(yes) and describe(yes).endswith(
        _t(", ") + _t("selected"))

    mark = walk.mark()
    walk.choose(q.next_button)  # the bad amount: said, and the page stays
    walk.wait_heard(error_text("amount_format"), "error", mark)
    assert q.page() == 0 and date_field.value() == "2022-06-01"
    walk.reach(q.fields["amount"].edit)
    walk.press("select")
    assert entry_action(walk, "clear") == [_k("The field is cleared.")]
    walk.type_text("50000")
    assert q.fields["amount"].edit.text() == "50000"
    for page in (2, 3, 4):  # the rest: "don't know" is an answer too
        mark = walk.mark()
        walk.choose(q.next_button)
        walk.screen_opened("risk_questions", mark)  # the new page is said, the keys start at its top
        said = walk.press_heard("down")
        assert said == q.heading.text() and f"{page}" in said and q.page() == page - 1
    mark = walk.mark()
    walk.choose(q.next_button)
    walk.screen_opened("risk_result", mark)

    result = flow.result
    said = walk.press_heard("down")  # the overall result first, then each risk
    assert said == result.overall.text() and name in said
    levels = {_t(t, "RiskResultScreen") for t in ("High risk", "Medium risk", "Low risk")}
    assert any(level in said for level in levels)
    said = walk.press_heard("down")
    first = result.cards[0]
    assert said == describe(first) and result.level_text(first.property("level")) in said
    said = walk.reach(result.warning)  # guidance, not legal advice
    assert said == result.warning.text()
    mark = walk.mark()
    walk.press("back")  # to the answers, kept
    walk.screen_opened("risk_questions", mark)
    assert q.fields["amount"].edit.text() == "50000"


# -- 诉讼指南 ------------------------------------------------------------------------------------
def test_guidance_browsed_read_and_searched_with_five_keys(qtbot, app_parts):
    window, core, services, walk = walk_for(qtbot, app_parts)
    start_with_help(walk)
    open_service(walk, "guidance", "guidance")
    qtbot.waitUntil(lambda: services.guidance.state == "ready", timeout=5000)
    guide = window.guidance
    topic = guide.topic_buttons["procedures"]
    mark = walk.mark()
    heard = describe(topic)
    said = walk.choose(topic)
    assert said == heard and topic.text() in said and said.endswith(_t("not selected"))
    assert topic.isChecked() and guide.results.count() >= 2
    assert walk.since(mark, "item")[-1] == describe(topic) and describe(topic).endswith(_t(", ") + _t("selected"))
    walk.wait_heard(guide.status.text(), "change", mark)  # the topic's summary, said
    said = walk.reach(guide.results, 1)  # a row: its place in the list and its title
    title = guide.results.item(1).text().split("\n")[0]
    assert said.startswith(_t("Row {n} of {count}").replace("{n}", "2").replace(
        "{count}", str(guide.results.count()))) and title in said
    walk.press("select")  # opens it
    assert guide.article.accessibleName() == title
    said = walk.reach(guide.article)
    assert said == title + _t(", ") + _t("text, press select to hear it page by page")
    heard = []
    for _ in range(40):  # the article, page by page, to its end
        mark = walk.mark()
        walk.press("select")
        heard.append(walk.last("item", mark))
        if heard[-1].endswith(_t("End of the text.")):
            break
    assert heard[-1].endswith(_t("End of the text.")) and len(" ".join(heard)) > 100

    mark = walk.mark()
    said = type_into(walk, guide.query, "XYZ")  # the search box by keypad entry: nothing answers this
    assert "XYZ" in said
    nothing = QCoreApplication.translate("GuidanceScreen", "Nothing in the guide answers “{question}”. Try other "
                                                           "words, or choose a topic.").replace("{question}", "XYZ")
    walk.wait_heard(nothing, "error", mark)
    walk.reach(guide.query)
    walk.press("select")
    entry_action(walk, "clear")
    walk.type_text("12368")
    mark = walk.mark()
    walk.choose(guide.search_button)
    qtbot.waitUntil(lambda: guide._query == "12368")
    said = walk.wait_heard("12368", "change", mark) if guide.results.count() else walk.wait_heard("12368", "error",
                                                                                                  mark)
    assert said == guide.status.text()


# -- 申请调解 ------------------------------------------------------------------------------------
def test_a_mediation_request_on_the_thin_path_with_five_keys(qtbot, app_parts):
    window, core, services, walk = walk_for(qtbot, app_parts)
    start_with_help(walk)
    open_service(walk, "mediation", "identify")
    identify_by_card(qtbot, walk, "filing_start")
    start = window.filing.start
    said = walk.reach(start.kind_buttons["mediation"])  # chosen by the tile
    assert said == describe(start.kind_buttons["mediation"]) and said.endswith(_t(", ") + _t("selected"))
    assert window.filing.draft.kind == "mediation"
    read_notice(walk, start.notice)
    next_screen(walk, start.next, "filing_parties")
    parties = window.filing.parties
    said = type_into(walk, parties.name_edit, "LI SI")
    assert "LI SI" in said
    next_screen(walk, parties.next, "filing_claims")
    claims = window.filing.claims
    assert not claims.reference_card.isVisible()
    type_into(walk, claims.claims, "RETURN DEPOSIT")
    type_into(walk, claims.facts, "DEPOSIT KEPT")
    said = type_into(walk, claims.amount, "20000")
    assert said.endswith("20000") and "不收费" in claims.fee.text()
    next_screen(walk, claims.next, "filing_evidence")
    next_screen(walk, window.filing.evidence.next, "filing_fees")
    fees = window.filing.fees
    said = walk.reach(fees.total)  # no fee: heard before going on
    assert said == describe(fees.total)
    next_screen(walk, fees.next, "filing_risk")
    read_notice(walk, window.filing.risk.notice)
    next_screen(walk, window.filing.risk.next, "filing_address")
    form = window.filing.address.form
    type_into(walk, form.fields["phone"], "13800000000")
    walk.reach(form.confirmed.box)
    walk.press("select")
    assert form.confirmed.isChecked()
    next_screen(walk, window.filing.address.next, "filing_review")
    next_screen(walk, window.filing.review.confirm, "filing_sign")
    sign = window.filing.sign
    walk.reach(sign.box.paper.box)
    walk.press("select")
    assert sign.box.sign_on_paper()
    mark = walk.mark()
    walk.choose(sign.confirm)
    walk.screen_opened("submitted", mark)
    submitted = window.filing.submitted
    outcome = submitted._outcome
    payload = core.outbox.get(outcome.filing_id).payload
    assert payload["filing_kind"] == "mediation" and payload["accepts_mediation"] is True
    assert payload["signature"] == "paper" and payload["defendants"][0]["name"] == "LI SI"
    said = walk.reach(submitted.number)
    assert outcome.filing_id[:8].upper() in said
    next_screen(walk, submitted.finish, "done")


# -- 联系法官 ------------------------------------------------------------------------------------
def test_a_message_for_the_judge_written_and_sent_with_five_keys(qtbot, app_parts):
    window, core, services, walk = walk_for(qtbot, app_parts)
    outcome = file_case(qtbot, window, services)  # (filed by touch: this walk is about the message)
    qtbot.waitUntil(lambda: core.outbox.get(outcome.filing_id).state == "delivered", timeout=15000)
    click(qtbot, window.home_button)
    services.demo.remove_card()
    start_with_help(walk)
    open_service(walk, "message_judge", "identify")
    identify_by_card(qtbot, walk, "message_judge")
    message = window.message
    qtbot.waitUntil(lambda: message.case.count() == 1, timeout=10000)
    said = walk.reach(message.case)  # the case it is about: chosen already, heard
    assert said == describe(message.case) and message.case.currentText() in said
    mark = walk.mark()
    walk.choose(message.send)  # nothing written yet: said
    walk.wait_heard(QCoreApplication.translate("MessageScreen", "Please write your message."), "error", mark)
    said = type_into(walk, message.text, "PLEASE DELAY")
    assert "PLEASE DELAY" in said and message.text.toPlainText() == "PLEASE DELAY"
    mark = walk.mark()
    walk.choose(message.send)
    qtbot.waitUntil(lambda: message._sent is not None, timeout=5000)
    said = walk.wait_heard(message._sent[:8].upper(), "change", mark)  # saved, with its number
    assert said == message.status.text()
    assert core.outbox.get(message._sent) is not None and not message.send.isEnabled()


# -- 案件查询 ------------------------------------------------------------------------------------
def test_case_lookup_by_number_and_query_code_with_five_keys(qtbot, app_parts):
    window, core, services, walk = walk_for(qtbot, app_parts)
    hearing = sandbox_records(core).case_codes(HEARING_CASE)
    start_with_help(walk)
    open_service(walk, "case_detail", "case_lookup")
    lookup = window.case_records.lookup
    said = walk.press_heard("down")
    assert said == describe(lookup.number) and _t("text field") in said
    walk.press("select")  # the case-number keypad: it starts at the brackets
    assert walk.entry.is_open and walk.entry._place == "symbols"
    type_case_number(walk, hearing.case_number)
    assert lookup.number.text().replace("(", "（").replace(")", "）") == hearing.case_number
    wrong = next(code for code in ("ZZZZZZZZ", "YYYYYYYY") if code != hearing.query_code)
    type_into(walk, lookup.code, wrong)
    mark = walk.mark()
    walk.choose(lookup.go)
    qtbot.waitUntil(lambda: lookup.code_error.isVisible(), timeout=8000)
    walk.wait_heard(failure_text("wrong_code", 2)[0], "error", mark)  # the wrong code, with the attempts left
    walk.reach(lookup.code)
    walk.press("select")
    assert entry_action(walk, "clear") == [_k("The field is cleared.")]
    walk.type_text(hearing.query_code)
    mark = walk.mark()
    walk.choose(lookup.go)
    walk.screen_opened("case_detail", mark)


# -- 绿色通道 ------------------------------------------------------------------------------------
def test_every_green_channel_setting_by_keys_and_said(qtbot, app_parts):
    window, core, services, walk = walk_for(qtbot, app_parts)
    start_with_help(walk)
    open_service(walk, "green_channel", "green_channel")
    page = window.green_channel
    settings = services.session.data.settings
    tr = page.tr
    from ui.screens.green_channel import SCHEME_NAMES, SIZE_NAMES

    for size in (*[s for s in TEXT_SIZES if s != "M"], "M"):
        mark = walk.mark()
        said = walk.choose(page.sizes[size])
        assert said.startswith(SIZE_NAMES[size]())
        walk.wait_heard(tr("Text size: {size}").replace("{size}", SIZE_NAMES[size]()), "item", mark)
        assert settings.text_size == size and walk.last("item", mark).endswith(_t(", ") + _t("selected"))
    for scheme in (*[s for s in SCHEMES if s != "standard"], "standard"):
        mark = walk.mark()
        walk.choose(page.schemes[scheme])
        walk.wait_heard(tr("Colours: {scheme}").replace("{scheme}", SCHEME_NAMES[scheme]()), "item", mark)
        assert settings.scheme == scheme
    said = walk.reach(page.speech)
    assert said == describe(page.speech) and said.endswith(_t(", ") + _t("selected"))
    mark = walk.mark()
    walk.press("select")  # speech off: said, then silence
    assert not settings.speech and walk.since(mark) == [tr("Speech off")]
    walk.press("down")
    assert walk.since(mark) == [tr("Speech off")]
    walk.press("up")
    mark = walk.mark()
    walk.press("select")  # and on again
    assert settings.speech and walk.heard(tr("Speech on"), "item", mark)
    for button, name, moved in ((page.louder, "speech_volume", 1), (page.quieter, "speech_volume", -1),
                                (page.faster, "speech_rate", 1), (page.slower, "speech_rate", -1)):
        before = getattr(settings, name)
        said = walk.reach(button)
        assert said == describe(button)
        mark = walk.mark()
        walk.press("select")
        after = getattr(settings, name)
        assert (after - before) * moved > 0
        assert walk.since(mark), button.objectName()  # the new volume or speed, said
        if name == "speech_volume":
            assert walk.heard(str(round(after * 100)), None, mark)
    mark = walk.mark()
    walk.choose(page.repeat)  # say it again
    walk.wait_heard(f"{page.spec.title()}. {page.spec.prompt()}", "screen", mark)
    next_screen(walk, page.continue_button, "menu")
    assert settings.green_channel and settings.speech


# -- call staff ----------------------------------------------------------------------------------
def test_call_staff_by_keys_and_the_spoken_notice(qtbot, app_parts):
    window, core, services, walk = walk_for(qtbot, app_parts, **{"video.enabled": False})
    start_with_help(walk)
    notice = window.staff_call_notice
    mark = walk.mark()
    said = walk.choose(window.call_staff_button)  # in the header, on every screen
    assert said == QCoreApplication.translate("StaffCallButtonText", "Call staff") + _t(", ") + _t("button")
    assert notice.isVisible()
    qtbot.waitUntil(lambda: services.staff_call.state.ticket_state == "printed", timeout=10000)
    said = walk.wait_heard(notice.heading.text(), "change", mark)  # staff called, the ticket, what to do
    assert notice.ticket.text() in said
    said = walk.press_heard("down")  # the keys work the notice, not the screen behind it
    assert said == describe(notice.close_button)
    mark = walk.mark()
    walk.press("help")
    assert notice.heading.text() in walk.last("help", mark)
    walk.press("select")
    assert not notice.isVisible() and window.current == "menu"
    said = walk.press_heard("down")
    assert said != describe(notice.close_button)


def test_in_the_green_channel_call_staff_also_opens_a_video_call(qtbot, app_parts):
    """With video calls on, the green channel's call for staff is also a video call with hall staff, ahead
    of the queue (the staff call is made as well: its ticket and record)."""
    window, core, services, walk = walk_for(qtbot, app_parts)
    start_with_help(walk)
    walk.choose(window.call_staff_button)
    qtbot.waitUntil(lambda: window.current == "video_call", timeout=5000)
    video = services.video_call
    qtbot.waitUntil(lambda: video.view.state in ("waiting", "failed"), timeout=10000)
    assert video.view.state == "waiting" and video.view.kind == "staff"
    status = core.client.video_call_status(video.view.call_id)
    assert status is not None and status.position == 1
    qtbot.waitUntil(lambda: services.staff_call.state is not None, timeout=5000)
    video.hang_up()
    qtbot.waitUntil(lambda: video.view.state == "ended", timeout=10000)


# -- the idle warning ----------------------------------------------------------------------------
def test_the_idle_warning_by_keys_and_its_spoken_countdown(qtbot, app_parts):
    window, core, services, walk = walk_for(qtbot, app_parts, **{"session.idle_warning_seconds": 10,
                                                                   "session.countdown_seconds": 10})
    start_with_help(walk)  # the green channel: three times longer
    session = services.session.session
    start = time.monotonic()
    mark = walk.mark()
    session.tick(start + 31)
    assert window.overlay.isVisible()
    warning = QCoreApplication.translate("IdleOverlay", "Are you still there? Everything you entered will be cleared "
                                         "in {seconds} seconds. Touch Continue or press any key to keep going.")
    said = walk.wait_heard(warning.split("{seconds}")[0], "error", mark)
    assert said == warning.replace("{seconds}", "29")
    mark = walk.mark()
    walk.press("down")  # any key keeps the session, and does nothing else
    assert not window.overlay.isVisible() and window.current == "menu"
    assert walk.since(mark, "item") == []
    start = time.monotonic()
    session.tick(start + 31)
    mark = walk.mark()
    for second in range(32, 57):
        session.tick(start + second)
    qtbot.waitUntil(lambda: walk.heard("4", "change", mark))
    assert [t for t in walk.since(mark, "change") if any(ch.isdigit() for ch in t)][:3] == [
        QCoreApplication.translate("IdleOverlay", "{seconds} seconds.").replace("{seconds}", str(n))
        for n in (20, 10, 5)]
    walk.press("select")
    assert not window.overlay.isVisible() and window.current == "menu"
    session.tick(time.monotonic() + 31)
    assert window.overlay.isVisible()
    session.tick(time.monotonic() + 62)  # nobody answers: the next person's attract screen
    qtbot.waitUntil(lambda: window.current == "attract")
    assert not services.session.data.settings.speech


