"""判后答疑 as a litigant does it (contract 1.8): 远程视频 → 判后答疑 lists the litigant's cases with a
judgment and whether each judge is at the video console. A judge who is not: the litigant books a time,
which reaches the court through the outbox and comes back as the court booked it. A judge who is: the
touch places a video call about that case, which the judge's console sees. A court that cannot be reached
says so. The embedded court, the demo persona's judged case; no browser (the console's socket is opened
with the websockets client)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
import requests
from websockets.sync.client import connect

from court_sandbox.demo import DEMO_ID_NUMBER, JUDGMENT_DOCUMENT
from drivers.idcard.simulator import SAMPLE_CARDS
from offline_queue import contract as c
from offline_queue.contract import FaultSpec
from tests.ui import steps

WAIT_MS = 20_000
DEMO = next(i for i, card in enumerate(SAMPLE_CARDS) if card.id_number == DEMO_ID_NUMBER)


def _seed(core) -> None:
    """The embedded court seeds the demo persona's cases (one with a judgment) when they are asked for."""
    records = core.sandbox.app.state.sandbox.records
    if not records.demo_people:
        records.demo_people = (DEMO_ID_NUMBER,)


def _judgment_page(qtbot, window, services, core):
    steps.click(qtbot, window.attract.start)
    steps.click(qtbot, window.menu.tiles["video_call"])
    _seed(core)
    qtbot.waitUntil(lambda: window.current == "identify")
    qtbot.waitUntil(lambda: window.identify._problem is None)
    services.demo.place_card(DEMO)
    qtbot.waitUntil(lambda: window.identify.continue_button.isVisible(), timeout=5000)
    steps.click(qtbot, window.identify.continue_button)
    qtbot.waitUntil(lambda: window.current == "video_call")
    screen = window.screens["video_call"]
    steps.click(qtbot, screen.tiles["judgment_qa"])
    qtbot.waitUntil(lambda: not screen._loading, timeout=WAIT_MS)
    return screen


def _case_button(screen, index: int = 0):
    return screen.case_list.itemAt(index).widget()


def test_a_judge_not_online_is_booked_and_the_court_answers_with_the_time(app_parts, qtbot):
    window, core, services = app_parts()
    screen = _judgment_page(qtbot, window, services, core)
    assert screen.pages.currentIndex() == 1 and len(screen._rows) == 1
    case = screen._rows[0]
    assert case.judge and not case.judge_online
    text = _case_button(screen).text()
    assert case.case_number in text and case.judge in text
    steps.click(qtbot, _case_button(screen))
    assert screen.pages.currentIndex() == 5  # the times to book
    assert case.judge in screen.booking_text.text()
    slot_button = screen.slot_grid.itemAtPosition(0, 1).widget()  # the second time offered
    chosen = case.slots[1]
    assert chosen.strftime("%H:%M") in slot_button.text()
    steps.click(qtbot, slot_button)
    assert screen.pages.currentIndex() == 6
    booking = services.judgment_qa
    qtbot.waitUntil(lambda: booking.current is not None and booking.current.state == "booked", timeout=WAIT_MS)
    assert booking.current.slot == chosen and not booking.current.moved
    assert chosen.strftime("%H:%M") in screen.booked_text.text() and case.judge in screen.booked_text.text()
    assert screen.booked_hint.text()
    # The slip: the booked time, for a litigant who may forget it
    assert screen.booked_print.isVisible()
    steps.click(qtbot, screen.booked_print)
    qtbot.waitUntil(lambda: len(window.demo_panel.receipts) == 1, timeout=WAIT_MS)
    from PySide6.QtWidgets import QLabel

    # the printer's ESC/POS bytes as the simulated printer decoded them
    slip = "\n".join(label.text() for label in window.demo_panel.receipts[0].findChildren(QLabel))
    assert "判后答疑预约凭条" in slip and case.case_number in slip and chosen.strftime("%H:%M") in slip
    assert "法院已确认" in slip and DEMO_ID_NUMBER not in slip and "人民法院" in slip  # the court's name
    qtbot.waitUntil(lambda: "Printed" in screen.booked_print_status.text() or "已打印" in
                    screen.booked_print_status.text(), timeout=WAIT_MS)

    sandbox = core.sandbox
    listed = requests.get(sandbox.admin_url + c.ADMIN_VIDEO_BOOKINGS_PATH, timeout=5,
                          headers={c.ADMIN_TOKEN_HEADER: sandbox.admin_token}).json()["items"]
    assert [(b["case_number"], b["judge"]) for b in listed] == [(case.case_number, case.judge)]
    # Back to the choices and into 判后答疑 again: the case shows the time booked.
    steps.click(qtbot, screen.booked_again)
    steps.click(qtbot, screen.tiles["judgment_qa"])
    qtbot.waitUntil(lambda: not screen._loading and screen.case_list.count() > 1, timeout=WAIT_MS)
    assert chosen.strftime("%H:%M") in _case_button(screen).text()


def test_a_judge_at_the_console_is_called_at_once_about_the_case(app_parts, qtbot):
    window, core, services = app_parts()
    sandbox = core.sandbox
    _seed(core)
    judge = sandbox.app.state.video_bookings.judgment_cases(DEMO_ID_NUMBER).items[0].judge
    session = requests.Session()
    assert session.post(sandbox.admin_url + c.VIDEO_CONSOLE_LOGIN_PATH, timeout=5,
                        data={"token": sandbox.admin_token, "name": judge}).status_code == 200
    cookie = f"{c.VIDEO_CONSOLE_COOKIE}={session.cookies.get(c.VIDEO_CONSOLE_COOKIE)}"
    url = sandbox.admin_url.replace("http://", "ws://", 1) + c.VIDEO_CONSOLE_WS_PATH
    with connect(url, additional_headers={"Cookie": cookie}, open_timeout=5, close_timeout=2) as console:
        console.recv(timeout=5)
        screen = _judgment_page(qtbot, window, services, core)
        case = screen._rows[0]
        assert case.judge_online
        steps.click(qtbot, _case_button(screen))
        video = services.video_call
        qtbot.waitUntil(lambda: video.view.state == "waiting", timeout=WAIT_MS)
        assert screen.pages.currentIndex() == 3
        (call,) = [x for x in sandbox.app.state.video._calls.values() if x.request.call_id == video.view.call_id]
        assert (call.request.kind, call.request.case_number, call.judge) == ("judgment_qa", case.case_number, judge)

        # The judge takes the call and shows the judgment: the kiosk opens it in the picture's place.
        call_id = video.view.call_id
        console.send(json.dumps({"type": "take", "call_id": call_id}))
        qtbot.waitUntil(lambda: video.view.state in ("answered", "connecting"), timeout=WAIT_MS)
        console.send(json.dumps({"type": "show_document", "call_id": call_id, "title": "民事判决书",
                                 "document_id": JUDGMENT_DOCUMENT}))
        qtbot.waitUntil(lambda: video.view.document_state == "ready", timeout=WAIT_MS)
        assert screen.pages.currentIndex() == 7 and screen.reader.pages >= 1
        assert screen.remote_small.isVisible() and screen.document_hang_up.isVisible()
        qtbot.waitUntil(lambda: screen.reader.shown == 0, timeout=WAIT_MS)  # page 1 on screen
        steps.click(qtbot, screen.reader.close_button)  # back to the picture
        assert screen.pages.currentIndex() == 3 and screen.remote.isVisible()
        assert "民事判决书" in screen.document.text()

        # A document not served on this litigant cannot be opened: said, nothing shown.
        console.send(json.dumps({"type": "show_document", "call_id": call_id, "title": "他案文书",
                                 "document_id": "no-such-document"}))
        qtbot.waitUntil(lambda: video.view.document_state == "unavailable", timeout=WAIT_MS)
        assert screen.pages.currentIndex() == 3 and "他案文书" in screen.document.text()
        steps.click(qtbot, screen.hang_up)
        qtbot.waitUntil(lambda: video.view.state == "ended", timeout=WAIT_MS)


def test_a_court_that_cannot_be_reached_says_so(app_parts, qtbot):
    window, core, services = app_parts()
    core.sandbox.app.state.faults.set(FaultSpec(outage_seconds=3600))
    screen = _judgment_page(qtbot, window, services, core)
    assert screen._rows == [] and not screen._reachable
    assert "cannot be reached" in screen.message.text() or "无法连接" in screen.message.text()


@pytest.mark.skipif(not os.environ.get("VIDEO_SHOTS_DIR"), reason="screenshots: set VIDEO_SHOTS_DIR")
@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_screenshots(app_parts, qtbot, lang):
    """Not a check: 判后答疑's pages and a document shown in a call, as PNGs for people to look at."""
    out = Path(os.environ["VIDEO_SHOTS_DIR"])
    out.mkdir(parents=True, exist_ok=True)
    window, core, services = app_parts(**{"kiosk.language": lang})

    def shot(name: str) -> None:
        qtbot.wait(400)
        window.grab().save(str(out / f"video-{name}-{lang}.png"))

    screen = _judgment_page(qtbot, window, services, core)
    shot("cases")
    steps.click(qtbot, _case_button(screen))
    shot("booking")
    steps.click(qtbot, screen.slot_grid.itemAtPosition(0, 0).widget())
    qtbot.waitUntil(lambda: services.judgment_qa.current.state == "booked", timeout=WAIT_MS)
    steps.click(qtbot, screen.booked_print)
    qtbot.waitUntil(lambda: len(window.demo_panel.receipts) == 1, timeout=WAIT_MS)
    shot("booked")
    steps.click(qtbot, screen.booked_again)

    sandbox = core.sandbox
    judge = screen._rows[0].judge
    session = requests.Session()
    session.post(sandbox.admin_url + c.VIDEO_CONSOLE_LOGIN_PATH, timeout=5,
                 data={"token": sandbox.admin_token, "name": judge})
    cookie = f"{c.VIDEO_CONSOLE_COOKIE}={session.cookies.get(c.VIDEO_CONSOLE_COOKIE)}"
    url = sandbox.admin_url.replace("http://", "ws://", 1) + c.VIDEO_CONSOLE_WS_PATH
    with connect(url, additional_headers={"Cookie": cookie}, open_timeout=5, close_timeout=2) as console:
        console.recv(timeout=5)
        steps.click(qtbot, screen.tiles["judgment_qa"])
        qtbot.waitUntil(lambda: not screen._loading and screen.case_list.count() > 1, timeout=WAIT_MS)
        shot("cases-online")
        steps.click(qtbot, _case_button(screen))
        video = services.video_call
        qtbot.waitUntil(lambda: video.view.state == "waiting", timeout=WAIT_MS)
        console.send(json.dumps({"type": "take", "call_id": video.view.call_id}))
        console.send(json.dumps({"type": "show_document", "call_id": video.view.call_id, "title": "民事判决书",
                                 "document_id": JUDGMENT_DOCUMENT}))
        qtbot.waitUntil(lambda: screen.reader.shown == 0, timeout=WAIT_MS)
        shot("document")
        steps.click(qtbot, screen.hang_up)
        qtbot.waitUntil(lambda: video.view.state == "ended", timeout=WAIT_MS)
