"""远程视频 as a litigant and a member of the hall's staff do it: the kiosk's screens with the real call
engine and the embedded court, and the video console in Debian's headless Chromium with a fake camera
and microphone (tests.queue.test_sandbox_video_console's browser). Picture and voice are counted on
both sides; either side hangs up; a dropped signalling socket reconnects and the call goes on; the
call's log reaches the court through the outbox."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
import requests
from selenium.webdriver.common.by import By

from offline_queue import contract as c
from tests.queue.test_sandbox_video_console import browser  # noqa: F401 - the fixture
from tests.ui import steps

DESK = "诉讼服务中心 3号台"
WAIT_MS = 30_000


def _sign_in(driver, sandbox) -> None:
    driver.get(sandbox.admin_url + c.VIDEO_CONSOLE_PATH)
    driver.find_element(By.ID, "token").send_keys(sandbox.admin_token)
    driver.find_element(By.ID, "name").send_keys(DESK)
    driver.find_element(By.ID, "signin-button").click()
    _until(lambda: _console_state(driver) == "list", "the console signed in")


def _console_state(driver):
    return driver.execute_script("return window.videoConsole ? window.videoConsole.state : null")


def _console_stats(driver) -> dict:
    return driver.execute_async_script("const done = arguments[arguments.length - 1];"
                                       "window.videoConsole.stats().then(done, () => done(null));") or {}


def _until(condition, what: str, timeout: float = 20.0):
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.2)


def _call_up(qtbot, window, services, driver, sandbox):
    """The litigant touches 远程视频, shows the ID card and calls hall staff; the console answers."""
    _sign_in(driver, sandbox)
    steps.click(qtbot, window.attract.start)
    steps.click(qtbot, window.menu.tiles["video_call"])
    steps.identify(qtbot, window, services)
    qtbot.waitUntil(lambda: window.current == "video_call")
    screen = window.screens["video_call"]
    steps.click(qtbot, screen.tiles["staff"])
    video = services.video_call
    qtbot.waitUntil(lambda: video.view.state == "waiting", timeout=WAIT_MS)
    assert "waiting" in screen.status.text().lower() or "等待" in screen.status.text()
    call_id = video.view.call_id
    selector = f'tr[data-call-id="{call_id}"] button.take'
    qtbot.waitUntil(lambda: bool(driver.find_elements(By.CSS_SELECTOR, selector)), timeout=WAIT_MS)
    driver.find_element(By.CSS_SELECTOR, selector).click()
    qtbot.waitUntil(lambda: video.view.state == "connected", timeout=WAIT_MS)
    return screen, video, call_id


def _media_flows(qtbot, screen, video, driver) -> None:
    engine = video._engine
    qtbot.waitUntil(lambda: engine.stats()["video_frames_received"] > 30
                    and engine.stats()["audio_frames_received"] > 0, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: screen.remote._image is not None and screen.local._image is not None, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: _console_stats(driver).get("framesDecoded", 0) > 30
                    and _console_stats(driver).get("audioSamplesReceived", 0) > 0, timeout=WAIT_MS)


@pytest.mark.timeout(180)
def test_a_litigant_talks_with_hall_staff_and_hangs_up(app_parts, qtbot, browser):  # noqa: F811
    window, core, services = app_parts()
    screen, video, call_id = _call_up(qtbot, window, services, browser, core.sandbox)
    _media_flows(qtbot, screen, video, browser)
    qtbot.waitUntil(lambda: DESK in screen.status.text(), timeout=WAIT_MS)  # "talking with 诉讼服务中心 3号台"
    assert not screen.recording.isVisible()  # this court does not record: nothing was asked, nothing recorded
    assert not browser.find_element(By.ID, "record").is_enabled()

    steps.click(qtbot, screen.hang_up)
    qtbot.waitUntil(lambda: video.view.state == "ended", timeout=WAIT_MS)
    assert video.view.ended_by == "kiosk" and screen.pages.currentIndex() == 4
    _until(lambda: _console_state(browser) == "list", "the console back at its list")

    def logged():  # the call's log, through the outbox, at the court
        answer = requests.get(core.sandbox.admin_url + c.ADMIN_VIDEO_CALL_LOGS_PATH,
                              headers={c.ADMIN_TOKEN_HEADER: core.sandbox.admin_token}, timeout=5).json()
        return [e["log"] for e in answer["items"] if e["log"]["call_id"] == call_id]

    qtbot.waitUntil(lambda: bool(logged()), timeout=WAIT_MS)
    (entry,) = logged()
    assert (entry["kind"], entry["ended_by"], entry["answered_by"], entry["recorded"]) == (
        "staff", "kiosk", DESK, False)
    assert entry["duration_seconds"] > 0


@pytest.mark.timeout(180)
def test_the_console_hangs_up_and_a_dropped_socket_reconnects(app_parts, qtbot, browser):  # noqa: F811
    window, core, services = app_parts()
    screen, video, call_id = _call_up(qtbot, window, services, browser, core.sandbox)
    _media_flows(qtbot, screen, video, browser)

    engine = video._engine
    hub = core.sandbox.app.state.video
    hub.drop_kiosk_socket(call_id)  # the network between the kiosk and the court drops
    qtbot.waitUntil(lambda: engine.stats()["reconnects"] >= 1, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: video.view.state == "connected", timeout=WAIT_MS)
    before = engine.stats()["video_frames_received"]
    qtbot.waitUntil(lambda: engine.stats()["video_frames_received"] > before + 15, timeout=WAIT_MS)  # goes on

    browser.find_element(By.ID, "hangup").click()
    qtbot.waitUntil(lambda: video.view.state == "ended", timeout=WAIT_MS)
    assert video.view.ended_by == "console"


@pytest.mark.skipif(not os.environ.get("VIDEO_SHOTS_DIR"), reason="screenshots: set VIDEO_SHOTS_DIR")
@pytest.mark.parametrize("lang", ["zh_CN", "en"])
@pytest.mark.timeout(180)
def test_screenshots(app_parts, qtbot, browser, lang):  # noqa: F811
    """Not a check: the video screens as PNGs for people to look at (``VIDEO_SHOTS_DIR=shots make ...``)."""
    out = Path(os.environ["VIDEO_SHOTS_DIR"])
    out.mkdir(parents=True, exist_ok=True)
    window, core, services = app_parts(**{"kiosk.language": lang, "video.recording": True})

    def shot(name: str) -> None:
        qtbot.wait(400)
        window.grab().save(str(out / f"video-{name}-{lang}.png"))

    _sign_in(browser, core.sandbox)
    steps.click(qtbot, window.attract.start)
    steps.click(qtbot, window.menu.tiles["video_call"])
    steps.identify(qtbot, window, services)
    qtbot.waitUntil(lambda: window.current == "video_call")
    screen, video = window.screens["video_call"], services.video_call
    shot("choose")
    steps.click(qtbot, screen.tiles["staff"])
    shot("consent")
    steps.click(qtbot, screen.consent_no)
    qtbot.waitUntil(lambda: video.view.state == "waiting", timeout=WAIT_MS)
    shot("waiting")
    selector = f'tr[data-call-id="{video.view.call_id}"] button.take'
    qtbot.waitUntil(lambda: bool(browser.find_elements(By.CSS_SELECTOR, selector)), timeout=WAIT_MS)
    browser.save_screenshot(str(out / f"video-console-list-{lang}.png"))
    browser.find_element(By.CSS_SELECTOR, selector).click()
    _media_flows(qtbot, screen, video, browser)
    qtbot.wait(2500)  # a quality measure
    shot("call")
    browser.save_screenshot(str(out / f"video-console-call-{lang}.png"))
    steps.click(qtbot, screen.hang_up)
    qtbot.waitUntil(lambda: video.view.state == "ended", timeout=WAIT_MS)
    shot("ended")


@pytest.mark.timeout(180)
def test_an_h264_camera_is_sent_as_it_comes_and_the_console_shows_it(app_parts, qtbot, browser, tmp_path):  # noqa: F811
    """``video.camera_h264``: the camera's H.264 (here a file made with libx264, looping) reaches the console
    in Chromium without the kiosk encoding it, and the console decodes its pictures."""
    from tests.video.h264_sample import write_h264

    camera = write_h264(tmp_path / "camera.mp4", seconds=2.0)
    window, core, services = app_parts(**{"video.camera": str(camera), "video.camera_h264": True})
    screen, video, _ = _call_up(qtbot, window, services, browser, core.sandbox)
    engine = video._engine
    assert engine.stats()["video_passthrough"]
    qtbot.waitUntil(lambda: _console_stats(browser).get("framesDecoded", 0) > 30, timeout=WAIT_MS)
    size = browser.execute_script("const v = document.getElementById('remote');"
                                  "return v ? [v.videoWidth, v.videoHeight] : null")
    assert size == [640, 480]
    qtbot.waitUntil(lambda: engine.stats()["video_frames_received"] > 30, timeout=WAIT_MS)  # and back
    steps.click(qtbot, screen.hang_up)
    qtbot.waitUntil(lambda: video.view.state == "ended", timeout=WAIT_MS)
