"""判后答疑 on the court's side (contract 1.8, docs/VIDEO.md): the litigant's cases with a judgment, whether
the judge is at the video console now, the free times, and bookings (the time chosen, or the next free one
when it was taken or past by the time the outbox delivered it). A real sandbox on loopback, the demo
persona's judged case, a clock fixed on a Wednesday morning."""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta

import pytest
import requests
from websockets.sync.client import connect

from court_sandbox.app import create_app
from court_sandbox.demo import DEMO_ID_NUMBER
from court_sandbox.routes.video_bookings import COURT_TZ, day_slots, free_slots, on_grid
from court_sandbox.server import SandboxServer
from offline_queue import contract as c

HALL = "京0105"
KIOSK = "kiosk-video-01"
#: Wednesday 2 December 2026, 10:07 in Beijing.
NOW = datetime(2026, 12, 2, 10, 7, tzinfo=COURT_TZ)
STRANGER = "11010519491231002X"


class Clock:
    def __init__(self) -> None:
        self.now = NOW

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def court(tmp_path) -> Iterator[tuple[SandboxServer, Clock]]:
    clock = Clock()
    db = tmp_path / "court.sqlite3"
    with SandboxServer(db, app=create_app(str(db), clock=clock)) as server:
        yield server, clock


def cases(server: SandboxServer, id_number: str = DEMO_ID_NUMBER) -> list[dict]:
    response = requests.post(server.base_url + c.VIDEO_JUDGMENT_CASES_PATH, json={"id_number": id_number}, timeout=10)
    assert response.status_code == 200, response.text
    return response.json()["items"]


def book(server: SandboxServer, case_number: str, slot: str, *, booking_id: str | None = None,
         key: str | None = None, id_number: str = DEMO_ID_NUMBER) -> requests.Response:
    booking_id = booking_id or str(uuid.uuid4())
    body = {"booking_id": booking_id, "kiosk_id": KIOSK, "hall": HALL, "case_number": case_number,
            "id_number": id_number, "slot": slot, "requested_at": NOW.isoformat()}
    return requests.put(server.base_url + c.VIDEO_BOOKING_PATH.format(booking_id=booking_id), json=body,
                        headers={c.IDEMPOTENCY_KEY_HEADER: key or str(uuid.uuid4()), c.KIOSK_ID_HEADER: KIOSK},
                        timeout=10)


def at(text: str) -> datetime:
    return datetime.fromisoformat(text)


# ------------------------------------------------------------------------ the grid of times


def test_a_working_day_has_five_morning_and_six_afternoon_sessions_and_a_weekend_none():
    starts = [s.strftime("%H:%M") for s in day_slots(date(2026, 12, 2))]
    assert starts == ["09:00", "09:30", "10:00", "10:30", "11:00", "14:00", "14:30", "15:00", "15:30", "16:00",
                      "16:30"]
    assert day_slots(date(2026, 12, 5)) == day_slots(date(2026, 12, 6)) == []  # Saturday, Sunday


def test_free_times_skip_taken_ones_and_the_weekend():
    friday_afternoon = datetime(2026, 12, 4, 16, 1, tzinfo=COURT_TZ)
    taken = [datetime(2026, 12, 4, 16, 30, tzinfo=COURT_TZ), datetime(2026, 12, 7, 1, 0, tzinfo=UTC)]  # 09:00 BJ
    found = free_slots(friday_afternoon, taken, 2)
    assert found == [datetime(2026, 12, 7, 9, 30, tzinfo=COURT_TZ), datetime(2026, 12, 7, 10, 0, tzinfo=COURT_TZ)]
    assert on_grid(datetime(2026, 12, 7, 2, 0, tzinfo=UTC))  # 10:00 in Beijing
    assert not on_grid(datetime(2026, 12, 7, 10, 15, tzinfo=COURT_TZ))
    assert not on_grid(datetime(2026, 12, 7, 12, 0, tzinfo=COURT_TZ))  # lunch
    assert not on_grid(datetime(2026, 12, 5, 10, 0, tzinfo=COURT_TZ))  # Saturday


# ------------------------------------------------------------------------------ over HTTP


def test_the_judged_case_comes_with_its_judge_offline_and_free_times_from_an_hour_on(court):
    server, _ = court
    items = cases(server)
    assert len(items) == 1
    case = items[0]
    assert case["case_number"] and case["judge"] and case["judged_at"]
    assert case["judge_online"] is False and case["booking"] is None
    slots = [at(s) for s in case["slots"]]
    assert len(slots) == c.VIDEO_SLOTS_OFFERED
    assert slots == sorted(slots)
    assert all(s >= NOW + timedelta(hours=1) and on_grid(s) for s in slots)
    assert slots[0] == datetime(2026, 12, 2, 14, 0, tzinfo=COURT_TZ)  # 11:07 is past the morning's last start
    assert cases(server, STRANGER) == []  # no case of this person: nothing


def test_a_judge_signed_in_at_the_console_with_the_socket_open_is_online(court):
    server, _ = court
    judge = cases(server)[0]["judge"]
    session = requests.Session()
    response = session.post(server.admin_url + c.VIDEO_CONSOLE_LOGIN_PATH,
                            data={"token": server.admin_token, "name": judge + "法官"}, timeout=5)
    assert response.status_code == 200
    assert cases(server)[0]["judge_online"] is False  # signed in, the page not open yet
    cookie = f"{c.VIDEO_CONSOLE_COOKIE}={session.cookies.get(c.VIDEO_CONSOLE_COOKIE)}"
    url = server.admin_url.replace("http://", "ws://", 1) + c.VIDEO_CONSOLE_WS_PATH
    with connect(url, additional_headers={"Cookie": cookie}, open_timeout=5, close_timeout=2) as socket:
        socket.recv(timeout=5)  # the list of calls
        assert cases(server)[0]["judge_online"] is True
    deadline = time.monotonic() + 5
    while cases(server)[0]["judge_online"] and time.monotonic() < deadline:
        time.sleep(0.05)
    assert cases(server)[0]["judge_online"] is False  # the page closed


def test_a_booking_takes_the_time_chosen_and_a_repeat_replays_it(court):
    server, _ = court
    case = cases(server)[0]
    chosen = case["slots"][2]
    key, booking_id = str(uuid.uuid4()), str(uuid.uuid4())
    first = book(server, case["case_number"], chosen, booking_id=booking_id, key=key)
    assert first.status_code == 201, first.text
    booking = first.json()
    assert at(booking["slot"]) == at(chosen) == at(booking["requested_slot"])
    assert booking["judge"] == case["judge"] and booking["minutes"] == c.VIDEO_SLOT_MINUTES
    again = book(server, case["case_number"], chosen, booking_id=booking_id, key=key)
    assert again.status_code == 200 and again.json() == booking
    after = cases(server)[0]
    assert after["booking"]["booking_id"] == booking_id
    assert chosen not in after["slots"] and len(after["slots"]) == c.VIDEO_SLOTS_OFFERED
    listed = requests.get(server.admin_url + c.ADMIN_VIDEO_BOOKINGS_PATH, params={"judge": case["judge"]},
                          headers={c.ADMIN_TOKEN_HEADER: server.admin_token}, timeout=5).json()["items"]
    assert [b["booking_id"] for b in listed] == [booking_id]


def test_a_time_taken_meanwhile_or_past_on_arrival_moves_to_the_next_free_one(court):
    server, clock = court
    case = cases(server)[0]
    first, second = case["slots"][0], case["slots"][1]
    assert book(server, case["case_number"], first).status_code == 201
    moved = book(server, case["case_number"], first)  # another kiosk chose the same time from an older list
    assert moved.status_code == 201
    assert at(moved.json()["slot"]) == at(second) and at(moved.json()["requested_slot"]) == at(first)
    clock.now = datetime(2026, 12, 3, 15, 10, tzinfo=COURT_TZ)  # delivered the next day, from an outbox
    late = book(server, case["case_number"], case["slots"][3])
    assert late.status_code == 201
    assert at(late.json()["slot"]) == datetime(2026, 12, 3, 15, 30, tzinfo=COURT_TZ)


def test_a_time_off_the_grid_a_stranger_and_an_unknown_case_are_refused(court):
    server, _ = court
    case = cases(server)[0]
    off_grid = datetime(2026, 12, 3, 12, 0, tzinfo=COURT_TZ).isoformat()
    assert book(server, case["case_number"], off_grid).status_code == 422
    slot = case["slots"][0]
    assert book(server, case["case_number"], slot, id_number=STRANGER).status_code == 404
    assert book(server, "（2026）京0105民初99999号", slot).status_code == 404
    bad_id = book(server, case["case_number"], slot, id_number="110105194912310021")  # wrong check digit
    assert bad_id.status_code == 422
    listed = requests.get(server.admin_url + c.ADMIN_VIDEO_BOOKINGS_PATH,
                          headers={c.ADMIN_TOKEN_HEADER: server.admin_token}, timeout=5).json()["items"]
    assert listed == []


def test_no_id_number_reaches_a_url():
    assert "{" not in c.VIDEO_JUDGMENT_CASES_PATH
    assert c.VIDEO_BOOKING_PATH.endswith("{booking_id}")
    assert "id_number" in c.JudgmentCaseQuery.model_fields and "id_number" in c.VideoBookingRequest.model_fields


def test_a_booking_long_past_is_purged_with_the_finished_records_and_a_coming_one_kept(court):
    from court_sandbox.purge import purge_app

    server, clock = court
    case = cases(server)[0]
    assert book(server, case["case_number"], case["slots"][0]).status_code == 201
    clock.now = NOW + timedelta(days=60)
    coming = book(server, case["case_number"], cases(server)[0]["slots"][0])
    assert coming.status_code == 201
    clock.now = NOW + timedelta(days=95)  # the first one's time is past the 90 days kept; the second's is not
    counts = purge_app(server.app)
    assert counts.get("video_bookings") == 1
    listed = requests.get(server.admin_url + c.ADMIN_VIDEO_BOOKINGS_PATH,
                          headers={c.ADMIN_TOKEN_HEADER: server.admin_token}, timeout=5).json()["items"]
    assert [b["booking_id"] for b in listed] == [coming.json()["booking_id"]]


def _console(server: SandboxServer, name: str) -> requests.Session:
    session = requests.Session()
    assert session.post(server.admin_url + c.VIDEO_CONSOLE_LOGIN_PATH, timeout=5,
                        data={"token": server.admin_token, "name": name}).status_code == 200
    return session


def test_the_judges_console_lists_the_coming_bookings_with_that_judge_only(court):
    server, clock = court
    case = cases(server)[0]
    booked = book(server, case["case_number"], case["slots"][1]).json()
    url = server.admin_url + c.VIDEO_CONSOLE_BOOKINGS_PATH
    for name in (case["judge"], case["judge"] + "法官"):
        answer = _console(server, name).get(url, timeout=5)
        assert answer.status_code == 200 and answer.headers["Cache-Control"] == "no-store"
        assert answer.json()["items"] == [{"case_number": case["case_number"], "slot": booked["slot"],
                                           "minutes": c.VIDEO_SLOT_MINUTES}]
        assert DEMO_ID_NUMBER not in answer.text
    assert _console(server, "诉讼服务中心 3号台").get(url, timeout=5).json()["items"] == []  # not this judge's
    assert requests.get(url, timeout=5).status_code in (401, 403)  # no session: nothing
    clock.now = at(booked["slot"]) + timedelta(minutes=31)  # over: no longer listed
    assert _console(server, case["judge"]).get(url, timeout=5).json()["items"] == []


@pytest.mark.slow
def test_the_console_page_shows_the_judges_bookings(court, tmp_path, monkeypatch):
    """The console in Debian's headless Chromium, signed in as the case's judge, lists the booking."""
    from selenium.webdriver.common.by import By

    from tests.chromium import chromium

    server, _ = court
    case = cases(server)[0]
    assert book(server, case["case_number"], case["slots"][0]).status_code == 201
    monkeypatch.setenv("SE_OFFLINE", "true")
    with chromium(tmp_path / "profile", (1280, 900), ()) as driver:
        driver.get(server.admin_url + c.VIDEO_CONSOLE_PATH)
        driver.find_element(By.ID, "token").send_keys(server.admin_token)
        driver.find_element(By.ID, "name").send_keys(case["judge"] + "法官")
        driver.find_element(By.ID, "signin-button").click()
        deadline = time.monotonic() + 20
        while driver.execute_script("return window.videoConsole ? window.videoConsole.bookings : null") != 1:
            assert time.monotonic() < deadline, "the console's bookings list"
            time.sleep(0.2)
        rows = driver.find_elements(By.CSS_SELECTOR, "#bookings tr")
        assert len(rows) == 1 and case["case_number"] in rows[0].text
        assert not driver.find_element(By.ID, "no-bookings").is_displayed()
