"""The video console (远程视频坐席) in Debian's headless Chromium with a fake camera and microphone, against a
real sandbox on loopback, and a small aiortc peer as the kiosk (a 440 Hz tone, a moving 640x480 pattern)
talking the kiosk's signalling over the `websockets` client: media flows both ways, the console and the
kiosk each hang up, and recording is offered only for a call whose litigant consented (and then stored).

Chromium and chromedriver are declared dependencies (Makefile APT_PACKAGES): the test fails without them.
Selenium Manager never runs (explicit driver and browser paths, SE_OFFLINE). The browser is started as in
test_sandbox_lookup_page.py. Every wait is bounded; the scenario runs in one asyncio loop (aiortc) and
drives the browser through `asyncio.to_thread`.

ICE: aiortc offers host candidates on the machine's interfaces other than 127.0.0.1 and Chromium answers
with its own (no STUN or TURN on loopback): the host needs an interface beyond loopback."""

from __future__ import annotations

import asyncio
import fractions
import json
import time
import uuid
from collections.abc import Iterator
from typing import Any

import av
import numpy as np
import pytest
import requests
from aiortc import (
    AudioStreamTrack,
    RTCConfiguration,
    RTCPeerConnection,
    RTCSessionDescription,
    VideoStreamTrack,
)
from aiortc.mediastreams import MediaStreamError
from selenium import webdriver
from selenium.webdriver.common.by import By
from websockets.asyncio.client import ClientConnection, connect

from court_sandbox.app import create_app
from court_sandbox.server import SandboxServer
from offline_queue import contract as c
from tests.chromium import chromium
from tests.queue.test_sandbox_video import CASE, HALL, JUDGE, KIOSK, new_call

WAIT = 20.0  # the longest any one step may take
SCENARIO_SECONDS = 90.0
SAMPLE_RATE = 48000
SAMPLES_PER_FRAME = 960  # 20 ms


@pytest.fixture
def browser(tmp_path, monkeypatch) -> Iterator[webdriver.Chrome]:
    """Debian's chromium, headless (tests.chromium), with a fake camera and microphone that it may use
    without asking."""
    monkeypatch.setenv("SE_OFFLINE", "true")
    flags = ("--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream",
             "--autoplay-policy=no-user-gesture-required")
    with chromium(tmp_path / "chromium-profile", (1280, 900), flags) as driver:
        driver.set_script_timeout(10)
        yield driver


@pytest.fixture
def court(tmp_path) -> Iterator[SandboxServer]:
    db = tmp_path / "court.sqlite3"
    with SandboxServer(db, app=create_app(str(db), demo_people=(), video_recording=True)) as server:
        yield server


# ------------------------------------------------------------------- the kiosk


class Tone(AudioStreamTrack):
    """440 Hz, 48 kHz mono, in 20 ms frames at the pace of real time."""

    def __init__(self) -> None:
        super().__init__()
        self._sent = 0
        self._start: float | None = None

    async def recv(self) -> av.AudioFrame:
        if self.readyState != "live":
            raise MediaStreamError
        if self._start is None:
            self._start = time.monotonic()
        else:
            await asyncio.sleep(max(0.0, self._start + self._sent / SAMPLE_RATE - time.monotonic()))
        t = (np.arange(SAMPLES_PER_FRAME) + self._sent) / SAMPLE_RATE
        samples = (0.3 * 32767 * np.sin(2 * np.pi * 440 * t)).astype(np.int16).reshape(1, -1)
        frame = av.AudioFrame.from_ndarray(samples, format="s16", layout="mono")
        frame.sample_rate = SAMPLE_RATE
        frame.pts = self._sent
        frame.time_base = fractions.Fraction(1, SAMPLE_RATE)
        self._sent += SAMPLES_PER_FRAME
        return frame


class Pattern(VideoStreamTrack):
    """A 640x480 picture with a bar sweeping across it, 30 frames a second."""

    def __init__(self) -> None:
        super().__init__()
        self._count = 0
        ramp = np.linspace(0, 255, 640, dtype=np.uint8)
        self._base = np.stack([np.tile(ramp, (480, 1))] * 3, axis=-1)

    async def recv(self) -> av.VideoFrame:
        pts, time_base = await self.next_timestamp()
        picture = self._base.copy()
        x = (self._count * 8) % 600
        picture[:, x:x + 40] = (220, 40, 40)
        self._count += 1
        frame = av.VideoFrame.from_ndarray(picture, format="rgb24")
        frame.pts, frame.time_base = pts, time_base
        return frame


class Kiosk:
    """The kiosk's side of one call: its signalling socket and an aiortc peer connection."""

    def __init__(self, server: SandboxServer, call: dict[str, Any]) -> None:
        self.server, self.call = server, call
        self.socket: ClientConnection | None = None
        self.pc: RTCPeerConnection | None = None
        self.received = {"audio": 0, "video": 0}
        self._readers: list[asyncio.Task] = []

    async def place(self) -> None:
        response = await asyncio.to_thread(
            requests.put, self.server.base_url + c.VIDEO_CALL_PATH.format(call_id=self.call["call_id"]),
            json=self.call, headers={c.IDEMPOTENCY_KEY_HEADER: str(uuid.uuid4()), c.KIOSK_ID_HEADER: KIOSK},
            timeout=5)
        assert response.status_code == 201, response.text
        url = self.server.base_url.replace("http://", "ws://", 1) + c.VIDEO_SIGNAL_PATH.format(
            call_id=self.call["call_id"])
        self.socket = await connect(url, additional_headers={c.KIOSK_ID_HEADER: KIOSK}, open_timeout=WAIT)

    async def expect(self, kind: str) -> dict[str, Any]:
        async with asyncio.timeout(WAIT):
            while True:
                frame = json.loads(await self.socket.recv())
                if frame["type"] == kind:
                    return frame

    async def send(self, **frame: Any) -> None:
        await self.socket.send(json.dumps(frame))

    async def offer(self, attempt: int = 1) -> None:
        """Offer (every candidate gathered by aiortc first), then take the console's answer."""
        self.pc = RTCPeerConnection(RTCConfiguration(iceServers=[]))
        self.pc.addTrack(Tone())
        self.pc.addTrack(Pattern())

        @self.pc.on("track")
        def on_track(track) -> None:
            self._readers.append(asyncio.ensure_future(self._count(track)))

        await self.pc.setLocalDescription(await self.pc.createOffer())
        await self.send(type="offer", sdp=self.pc.localDescription.sdp, attempt=attempt)
        answer = await self.expect("answer")
        assert answer["attempt"] == attempt
        await self.pc.setRemoteDescription(RTCSessionDescription(sdp=answer["sdp"], type="answer"))

    async def _count(self, track) -> None:
        while True:
            try:
                await track.recv()
            except MediaStreamError:
                return
            self.received[track.kind] += 1

    async def close(self) -> None:
        for reader in self._readers:
            reader.cancel()
        await asyncio.gather(*self._readers, return_exceptions=True)
        if self.pc is not None:
            await self.pc.close()
        if self.socket is not None:
            await self.socket.close()


# ------------------------------------------------------------------ the console


async def run(function, *args: Any) -> Any:
    return await asyncio.to_thread(function, *args)


async def until(condition, what: str, timeout: float = WAIT) -> Any:
    """Poll `condition` (a coroutine function) until it returns something true."""
    deadline = time.monotonic() + timeout
    while True:
        value = await condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await asyncio.sleep(0.2)


async def console_state(driver: webdriver.Chrome) -> str | None:
    return await run(driver.execute_script, "return window.videoConsole ? window.videoConsole.state : null")


async def console_stats(driver: webdriver.Chrome) -> dict[str, int]:
    return await run(driver.execute_async_script,
                     "const done = arguments[arguments.length - 1];"
                     "window.videoConsole.stats().then(done, () => done(null));")


async def sign_in(driver: webdriver.Chrome, server: SandboxServer, name: str) -> None:
    await run(driver.get, server.admin_url + c.VIDEO_CONSOLE_PATH)
    await run(lambda: driver.find_element(By.ID, "token").send_keys(server.admin_token))
    await run(lambda: driver.find_element(By.ID, "name").send_keys(name))
    await run(lambda: driver.find_element(By.ID, "signin-button").click())
    assert await until(lambda: console_state(driver), "the console after signing in") == "list"


async def take(driver: webdriver.Chrome, call_id: str) -> None:
    selector = f'tr[data-call-id="{call_id}"] button.take'

    async def button():
        found = await run(driver.find_elements, By.CSS_SELECTOR, selector)
        return found[0] if found else None

    await run((await until(button, "the call in the console's list")).click)


async def media_flows(driver: webdriver.Chrome, kiosk: Kiosk) -> dict[str, int]:
    async def enough():
        stats = await console_stats(driver)
        return stats if stats and stats["framesDecoded"] > 30 and stats["audioSamplesReceived"] > 0 \
            and stats["framesSent"] > 0 and stats["packetsSent"] > 0 else None

    async def kiosk_got_enough() -> bool:
        return kiosk.received["video"] > 30 and kiosk.received["audio"] > 0

    stats = await until(enough, "media at the console")
    await until(kiosk_got_enough, "media at the kiosk")
    return stats


def scenario(coroutine) -> None:
    asyncio.run(asyncio.wait_for(coroutine, SCENARIO_SECONDS))


# ------------------------------------------------------------------------ tests


def test_media_flows_both_ways_and_the_console_hangs_up(browser, court):
    call = new_call(kind=c.VIDEO_KIND_JUDGMENT_QA, case_number=CASE, recording_consent=False)

    async def steps() -> None:
        kiosk = Kiosk(court, call)
        try:
            await sign_in(browser, court, JUDGE)
            await kiosk.place()
            assert (await kiosk.expect("position"))["position"] == 1
            row = await until(lambda: run(browser.find_elements, By.CSS_SELECTOR,
                                          f'tr[data-call-id="{call["call_id"]}"]'), "the call's row")
            text = await run(lambda: row[0].text)
            assert "判后答疑" in text and HALL in text and CASE in text and "不同意" in text
            await take(browser, call["call_id"])
            assert (await kiosk.expect("answered"))["by"] == JUDGE
            await kiosk.offer()
            assert await until(lambda: _equal(console_state(browser), "in_call"), "the call connected")
            await media_flows(browser, kiosk)
            assert not await run(lambda: browser.find_element(By.ID, "record").is_enabled())  # no consent
            urls = await run(browser.execute_script,
                             "return performance.getEntriesByType('resource').map(e => e.name)")
            assert all(CASE not in u and "%E4" not in u and KIOSK not in u for u in urls), urls

            await run(lambda: browser.find_element(By.ID, "hangup").click())
            assert (await kiosk.expect("bye"))["reason"] == "console"
            assert await console_state(browser) == "list"
        finally:
            await kiosk.close()

    scenario(steps())


def test_the_kiosk_hangs_up_and_a_consented_call_is_recorded(browser, court):
    call = new_call(kind=c.VIDEO_KIND_VISIT, recording_consent=True)
    recording = court.app.state.video.recordings_dir / f"{call['call_id']}.webm"

    async def steps() -> None:
        kiosk = Kiosk(court, call)
        try:
            await sign_in(browser, court, "诉讼服务中心 3号台")
            await kiosk.place()
            await take(browser, call["call_id"])
            await kiosk.expect("answered")
            await kiosk.offer()
            await media_flows(browser, kiosk)
            record = await run(browser.find_element, By.ID, "record")
            assert await run(record.is_enabled)
            await run(record.click)
            assert (await kiosk.expect("recording"))["state"] == "started"
            await asyncio.sleep(2)
            await run(record.click)
            assert (await kiosk.expect("recording"))["state"] == "stopped"
            await until(lambda: run(browser.execute_script, "return window.videoConsole.recordingsUploaded === 1"),
                        "the recording uploaded")
            assert recording.stat().st_size > 10_000 and recording.read_bytes()[:4] == b"\x1a\x45\xdf\xa3"  # WebM

            await kiosk.send(type="bye", reason="hangup")
            assert await until(lambda: _equal(console_state(browser), "list"), "the console back at its list")
            notice = await run(lambda: browser.find_element(By.ID, "notice").text)
            assert "当事人已挂断" in notice
            assert await run(lambda: browser.find_element(By.ID, "call").is_displayed()) is False
        finally:
            await kiosk.close()

    scenario(steps())


async def _equal(value, expected: Any) -> bool:
    return (await value) == expected
