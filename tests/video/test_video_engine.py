"""The call engine in real calls on loopback (slow: real WebRTC for seconds): the test relay
(`tests.video.relay`) as the court's signalling and an aiortc console peer as the other end, no browser.

A full call with media both ways, hang-up from either side, a dropped socket within and past the grace,
a failed peer connection replaced with the next attempt, `stop` bounded in every state, and no STUN
server asked (the offer carries host candidates only)."""

from __future__ import annotations

import asyncio
import socket
import threading
import time

import numpy as np
import pytest

import kiosk.video.engine as engine_module
from kiosk.video.engine import CallEngine, CallListener
from kiosk.video.signalling import kiosk_headers
from kiosk.video.tracks import SyntheticVideoSource, ToneAudioSource
from tests.video.relay import ConsolePeer, LoopThread, Relay

CALL = "7d3f2c1e-5b6a-4c8d-9e0f-1a2b3c4d5e6f"
MEDIA_SECONDS = 15.0  # the most any wait for media may take on a loaded machine


class Recorder(CallListener):
    """Everything the engine says, from its thread."""

    def __init__(self) -> None:
        self.states: list[str] = []
        self.positions: list = []
        self.answered_by: list[str] = []
        self.local_frames = 0
        self.remote_frames = 0
        self.remote_shape = None
        self.quality: list[tuple] = []
        self.documents: list[tuple] = []
        self.recording: list[bool] = []
        self.ended: list[tuple] = []
        self.threads: set[str] = set()

    def _seen(self):
        self.threads.add(threading.current_thread().name)

    def on_state(self, state):
        self._seen()
        self.states.append(state)

    def on_position(self, position):
        self.positions.append(position)

    def on_answered(self, by):
        self.answered_by.append(by)

    def on_local_frame(self, rgb):
        self._seen()
        self.local_frames += 1

    def on_remote_frame(self, rgb):
        self._seen()
        self.remote_frames += 1
        self.remote_shape = rgb.shape

    def on_quality(self, rtt_ms, loss, level):
        self.quality.append((rtt_ms, loss, level))

    def on_document(self, title, document_id):
        self.documents.append((title, document_id))

    def on_recording(self, active):
        self.recording.append(active)

    def on_ended(self, reason, by):
        self._seen()
        self.ended.append((reason, by))


def wait_until(predicate, timeout: float = MEDIA_SECONDS, what: str = "") -> float:
    start = time.monotonic()
    while not predicate():
        if time.monotonic() - start > timeout:
            raise AssertionError(f"not within {timeout:g} s: {what}")
        time.sleep(0.02)
    return time.monotonic() - start


class Rig:
    """The relay and the console on a test loop thread; engines made here are stopped at the end."""

    def __init__(self) -> None:
        self.loop = LoopThread()
        self.relay: Relay = self.loop.run(self._relay())
        self.console = ConsolePeer(self.relay.console_url, CALL)
        self.loop.run(self.console.start())
        self.engines: list[CallEngine] = []
        self.pcm: list[tuple[bytes, int, int]] = []

    @staticmethod
    async def _relay() -> Relay:
        relay = Relay()
        await relay.start()
        return relay

    def engine(self, **kwargs) -> tuple[CallEngine, Recorder]:
        listener = kwargs.pop("listener", None) or Recorder()
        options = dict(headers=kiosk_headers("K-TEST-01", "tok"), video_source=SyntheticVideoSource(),
                       audio_source=ToneAudioSource(), audio_sink=lambda pcm, rate, ch: self.pcm.append((pcm, rate, ch)),
                       listener=listener)
        options.update(kwargs)
        engine = CallEngine(options.pop("url", self.relay.kiosk_url(CALL)), **options)
        self.engines.append(engine)
        return engine, listener

    def take(self) -> None:
        wait_until(lambda: CALL in self.relay.kiosks, 5, "the kiosk's socket")
        self.loop.run(self.console.take())

    def connected_call(self, **kwargs) -> tuple[CallEngine, Recorder]:
        engine, listener = self.engine(**kwargs)
        engine.start()
        self.take()
        wait_until(lambda: "connected" in listener.states, MEDIA_SECONDS, "connected")
        return engine, listener

    def close(self) -> None:
        try:
            for engine in self.engines:
                assert engine.stop(5.0), "an engine did not stop within 5 s"
        finally:
            try:
                self.loop.run(self.console.close(), 15)
                self.loop.run(self.relay.close(), 10)
            finally:
                self.loop.close()


@pytest.fixture
def rig():
    rig = Rig()
    yield rig
    rig.close()


def media_both_ways(rig: Rig, engine: CallEngine, video: int = 30, audio: int = 1) -> dict:
    """Waits until each side has received ``video`` more video frames and ``audio`` more audio frames."""
    before, console_before = engine.stats(), rig.loop.call(lambda: (rig.console.counters.video_frames_received,
                                                                     rig.console.counters.audio_frames_received))

    def enough():
        s, c = engine.stats(), rig.console.counters
        return (s["video_frames_received"] - before["video_frames_received"] > video
                and s["audio_frames_received"] - before["audio_frames_received"] >= audio
                and c.video_frames_received - console_before[0] > video
                and c.audio_frames_received - console_before[1] >= audio)

    wait_until(enough, MEDIA_SECONDS, f"{video} video frames both ways")
    return engine.stats()


def test_a_full_call_with_media_both_ways_then_the_kiosk_hangs_up(rig, monkeypatch):
    configurations = []

    class SpyPeerConnection(engine_module.RTCPeerConnection):
        def __init__(self, configuration=None):
            configurations.append(configuration)
            super().__init__(configuration)

    monkeypatch.setattr(engine_module, "RTCPeerConnection", SpyPeerConnection)
    engine, listener = rig.engine()
    started = time.monotonic()
    engine.start()
    wait_until(lambda: listener.positions == [2, 1], 5, "positions")
    assert listener.states == ["signalling", "waiting"]
    rig.take()
    wait_until(lambda: listener.remote_frames > 0, MEDIA_SECONDS, "the first remote frame")
    set_up = time.monotonic() - started
    stats = media_both_ways(rig, engine, video=30, audio=1)

    assert listener.states == ["signalling", "waiting", "answered", "connecting", "connected"]
    assert listener.answered_by == ["Desk 3"]
    assert listener.local_frames > 0 and listener.remote_shape == (480, 640, 3)
    assert listener.threads == {"video-call-engine"}  # every callback on the engine's thread
    assert stats["attempt"] == 1 and stats["reconnects"] == 0 and stats["connected_at"] is not None
    assert stats["video_frames_sent"] > 30 and stats["audio_frames_sent"] > 0
    assert stats["audio_samples_received"] >= 960 * stats["audio_frames_received"] > 0
    assert set_up < 10, f"set-up took {set_up:.1f} s"
    pcm, rate, channels = rig.pcm[-1]
    assert rate == 48_000 and channels in (1, 2) and len(pcm) == 960 * 2 * channels
    # the kiosk's headers reached the court; no ICE server at all was given to aiortc
    headers = rig.relay.kiosk_upgrades[0]
    assert headers["X-Kiosk-Id"] == "K-TEST-01" and headers["Authorization"] == "Bearer tok"
    assert configurations and all(c.iceServers == [] for c in configurations)
    offer = rig.console.offers[0]
    assert offer["attempt"] == 1
    candidates = [line for line in offer["sdp"].splitlines() if line.startswith("a=candidate:")]
    assert candidates and all(" typ host" in line for line in candidates)  # no STUN look-up (no srflx)

    # the console's frames reach the listener
    rig.loop.run(rig.relay.to_kiosk(CALL, {"type": "show_document", "title": "判决书", "document_id": "D-1"}))
    rig.loop.run(rig.relay.to_kiosk(CALL, {"type": "recording", "state": "started"}))
    wait_until(lambda: listener.recording == [True], 5, "recording")
    assert listener.documents == [("判决书", "D-1")]
    # quality every 2 s, to the listener and to the console
    wait_until(lambda: listener.quality and rig.relay.kiosk_frames("quality"), 5, "quality")
    rtt_ms, loss, level = listener.quality[-1]
    assert level in ("good", "fair", "poor") and (rtt_ms is None or rtt_ms < 1000)
    for frame in rig.relay.kiosk_frames("quality"):  # what the court accepts: numbers >= 0, a level
        assert set(frame) == {"type", "rtt_ms", "loss", "level"}
        assert isinstance(frame["rtt_ms"], int | float) and frame["rtt_ms"] >= 0
        assert isinstance(frame["loss"], int | float) and 0 <= frame["loss"] <= 1
        assert frame["level"] in ("good", "fair", "poor")
    # the volume applies to what the speaker gets
    engine.set_volume(0.0)
    count = len(rig.pcm)
    wait_until(lambda: len(rig.pcm) > count + 10, 5, "more audio")
    assert not np.frombuffer(rig.pcm[-1][0], np.int16).any()

    engine.hang_up()
    wait_until(lambda: listener.ended, 5, "the end")
    assert listener.ended == [("hangup", "kiosk")]
    assert listener.states[-1] == "ended"
    wait_until(lambda: rig.console.byes == ["hangup"], 5, "the console's bye")
    start = time.monotonic()
    assert engine.stop(5.0)
    assert time.monotonic() - start < 1.0
    stats = engine.stats()
    assert stats["ended_reason"] == "hangup" and stats["ended_by"] == "kiosk" and stats["bye_sent"]
    assert not stats["running"]


def test_the_console_hangs_up(rig):
    engine, listener = rig.connected_call()
    media_both_ways(rig, engine, video=5)
    rig.loop.run(rig.console.bye("console"))  # (the court says who ended it)
    wait_until(lambda: listener.ended, 5, "the end")
    assert listener.ended == [("console", "console")]
    assert engine.stop(5.0)
    assert engine.stats()["bye_sent"] is False  # the kiosk does not answer a bye with one


def test_the_court_lost_the_console(rig):
    engine, listener = rig.connected_call()
    rig.loop.run(rig.relay.to_kiosk(CALL, {"type": "bye", "reason": "network"}))
    wait_until(lambda: listener.ended, 5, "the end")
    assert listener.ended == [("network", "network")]


def test_a_dropped_socket_reconnects_within_the_grace_and_the_call_goes_on(rig):
    engine, listener = rig.connected_call(reconnect_grace=10.0)
    media_both_ways(rig, engine, video=10)
    rig.loop.call(rig.relay.drop_kiosk, CALL)
    wait_until(lambda: "reconnecting" in listener.states, 5, "reconnecting")
    wait_until(lambda: listener.states[-1] == "connected" and rig.relay.kiosk_connections == 2, 10, "back")
    assert listener.states[-3:] == ["connected", "reconnecting", "connected"]
    stats = media_both_ways(rig, engine, video=30)  # media keeps flowing after
    assert stats["reconnects"] == 1
    assert stats["attempt"] == 1  # the peer connection survived the drop: no new offer
    assert len(rig.console.offers) == 1
    # the socket is usable again: quality frames come over it, a hang-up reaches the console
    count = len(rig.relay.kiosk_frames("quality"))
    wait_until(lambda: len(rig.relay.kiosk_frames("quality")) > count, 5, "quality after the reconnect")
    engine.hang_up("done")
    wait_until(lambda: rig.console.byes == ["done"], 5, "bye after the reconnect")


def test_a_dropped_socket_past_the_grace_ends_the_call_by_network(rig):
    engine, listener = rig.connected_call(reconnect_grace=2.0)
    rig.relay.refuse_status = 503  # the court is restarting, past the grace
    dropped = time.monotonic()
    rig.loop.call(rig.relay.drop_kiosk, CALL)
    wait_until(lambda: listener.ended, 10, "the end")
    elapsed = time.monotonic() - dropped
    assert listener.ended == [("network", "network")]
    assert 2.0 <= elapsed < 5.0
    assert len(rig.relay.kiosk_upgrades) >= 3  # it kept trying within the grace
    assert listener.states[-2:] == ["reconnecting", "ended"]
    assert engine.stop(5.0)


def test_an_offer_without_answer_is_made_again_after_a_drop_but_once(rig):
    """The court says ``answered`` again to a kiosk back on its socket while no console answered: the
    kiosk's new offer (its first may be lost with the socket) is the only one."""
    rig.loop.run(rig.console.close())  # nobody answers
    engine, listener = rig.engine()
    engine.start()
    wait_until(lambda: "waiting" in listener.states, 5, "waiting")
    rig.loop.run(rig.relay.to_kiosk(CALL, {"type": "answered", "by": "Desk 3"}))
    wait_until(lambda: rig.relay.kiosk_frames("offer"), 5, "the offer")
    rig.loop.run(rig.relay.to_kiosk(CALL, {"type": "answered", "by": "Desk 3"}))  # said again: no new offer
    time.sleep(0.5)
    rig.loop.call(rig.relay.drop_kiosk, CALL)
    wait_until(lambda: len(rig.relay.kiosk_frames("offer")) == 2, 10, "the offer again")
    rig.loop.run(rig.relay.to_kiosk(CALL, {"type": "answered", "by": "Desk 3"}))
    time.sleep(0.5)
    assert [m["attempt"] for m in rig.relay.kiosk_frames("offer")] == [1, 2]
    assert listener.answered_by == ["Desk 3"]
    assert listener.states[-1] == "reconnecting" and engine.stats()["reconnects"] == 1


def test_a_refusal_for_good_ends_the_call_at_once(rig):
    rig.relay.refuse_status = 410  # the call is over on the court's side
    engine, listener = rig.engine()
    engine.start()
    wait_until(lambda: listener.ended, 5, "the end")
    assert listener.ended == [("refused", "network")]
    assert len(rig.relay.kiosk_upgrades) == 1
    assert engine.stop(5.0)


def test_a_failed_peer_connection_is_replaced_with_the_next_attempt(rig):
    engine, listener = rig.connected_call()
    media_both_ways(rig, engine, video=10)
    rig.loop.run(rig.console.close_pc())  # the console's side is gone: the kiosk's fails
    wait_until(lambda: len(rig.console.offers) == 2, 10, "a new offer")
    assert rig.console.offers[1]["attempt"] == 2
    stats = media_both_ways(rig, engine, video=30)  # media again, over the new peer connection
    assert stats["attempt"] == 2 and stats["reconnects"] == 0
    assert listener.states[-3:] == ["connected", "reconnecting", "connected"] and not listener.ended


def test_a_peer_connection_without_media_for_5_s_is_replaced(rig):
    engine, listener = rig.connected_call()
    media_both_ways(rig, engine, video=10)
    rig.loop.run(rig.console.go_silent())
    silent = time.monotonic()
    wait_until(lambda: len(rig.console.offers) == 2, 15, "a new offer")
    assert engine_module.DISCONNECTED_SECONDS <= time.monotonic() - silent < engine_module.DISCONNECTED_SECONDS + 3
    assert rig.console.offers[1]["attempt"] == 2
    media_both_ways(rig, engine, video=15)
    assert listener.states[-3:] == ["connected", "reconnecting", "connected"]


def test_stop_returns_within_its_timeout_in_every_state(rig):
    # waiting for a console
    engine, listener = rig.engine()
    engine.start()
    wait_until(lambda: "waiting" in listener.states, 5, "waiting")
    start = time.monotonic()
    assert engine.stop(5.0)
    assert time.monotonic() - start < 2.0
    assert listener.ended == [("stopped", "kiosk")]
    wait_until(lambda: rig.console.byes == ["stopped"], 5, "the court told")  # (the relay passes it on)
    # in a call: bye, the peer connection closed
    engine, listener = rig.connected_call()
    media_both_ways(rig, engine, video=5)
    start = time.monotonic()
    assert engine.stop(5.0)
    assert time.monotonic() - start < 3.0
    assert listener.ended == [("stopped", "kiosk")] and engine.stats()["bye_sent"]
    wait_until(lambda: rig.console.byes == ["stopped", "stopped"], 5, "the console's bye")
    # stopped right after start, and twice
    engine, listener = rig.engine()
    engine.start()
    assert engine.stop(5.0) and engine.stop(5.0)
    # never started
    engine, listener = rig.engine()
    assert engine.stop(1.0)
    assert listener.ended == []


def test_stop_is_bounded_against_a_court_that_never_answers(rig):
    """A TCP server that accepts and then says nothing: the upgrade hangs until the open timeout."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    try:
        url = f"ws://127.0.0.1:{server.getsockname()[1]}/api/v1/video/calls/{CALL}/signal"
        engine, listener = rig.engine(url=url, open_timeout=30.0, reconnect_grace=60.0)
        engine.start()
        wait_until(lambda: listener.states == ["signalling"], 5, "signalling")
        time.sleep(0.5)
        start = time.monotonic()
        assert engine.stop(3.0)
        assert time.monotonic() - start < 3.0
        assert listener.ended == [("stopped", "kiosk")]
    finally:
        server.close()


def test_an_unreachable_court_ends_the_call_after_the_grace(rig):
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    engine, listener = rig.engine(url=f"ws://127.0.0.1:{port}/api/v1/video/calls/{CALL}/signal",
                                  reconnect_grace=1.5)
    engine.start()
    wait_until(lambda: listener.ended, 6, "the end")
    assert listener.ended == [("network", "network")]
    assert listener.states == ["signalling", "ended"]
    assert engine.stop(5.0)


def test_no_camera_and_no_microphone_still_receive(rig):
    engine, listener = rig.connected_call(video_source=None, audio_source=None)
    wait_until(lambda: engine.stats()["video_frames_received"] > 15
               and engine.stats()["audio_frames_received"] > 0, MEDIA_SECONDS, "media in")
    stats = engine.stats()
    assert stats["video_frames_sent"] == 0 and stats["audio_frames_sent"] == 0
    assert listener.local_frames == 0
    assert "a=recvonly" in rig.console.offers[0]["sdp"]


def test_listener_exceptions_do_not_break_the_call(rig):
    class Broken(Recorder):
        def on_remote_frame(self, rgb):
            raise RuntimeError("the screen is gone")

        def on_state(self, state):
            super().on_state(state)
            raise RuntimeError("nobody listens")

    broken = Broken()
    engine, _ = rig.connected_call(listener=broken)
    media_both_ways(rig, engine, video=20)
    engine.hang_up()
    wait_until(lambda: broken.ended, 5, "the end")
    assert broken.ended == [("hangup", "kiosk")]


@pytest.mark.parametrize("codec", ["VP8", "H264"])
def test_the_preferred_video_codec_is_offered_first(rig, codec):
    engine, listener = rig.connected_call(video_codecs=(codec,))
    media_both_ways(rig, engine, video=15)
    sdp = rig.console.offers[0]["sdp"]
    video = sdp[sdp.index("m=video"):]
    first_payload = video.splitlines()[0].split()[3]
    assert f"a=rtpmap:{first_payload} {codec}/90000" in video


def test_asyncio_is_not_left_on_the_callers_thread(rig):
    engine, _ = rig.connected_call()
    engine.stop(5.0)
    with pytest.raises(RuntimeError):
        asyncio.get_running_loop()


def _peak_hz(frames: list[tuple[bytes, int, int]]) -> tuple[float, float]:
    """The strongest frequency of the last second of received voice, and its share of the energy."""
    rate = frames[-1][1]
    mono = np.concatenate([np.frombuffer(pcm, np.int16).reshape(-1, channels)[:, 0].astype(np.float64)
                           for pcm, _, channels in frames[-50:]])
    spectrum = np.abs(np.fft.rfft(mono * np.hanning(len(mono)))) ** 2
    spectrum[0] = 0
    peak = int(np.argmax(spectrum))
    near = spectrum[max(0, peak - 20):peak + 21].sum()
    return peak * rate / len(mono), float(near / spectrum.sum())


def test_voice_is_opus_only_and_carries_7_khz_both_ways(rig):
    """EN 301 549 6.1: two-way voice carries at least 7 kHz. Opus is the only voice codec offered (G.711's
    8 kHz sampling would cut at 3.4 kHz), and a 6.8 kHz tone arrives as a 6.8 kHz tone each way."""
    rig.loop.run(rig.console.close())
    rig.console = ConsolePeer(rig.relay.console_url, CALL, tone_hz=6800.0)
    rig.loop.run(rig.console.start())
    engine, _ = rig.connected_call(audio_source=ToneAudioSource(6800.0))
    media_both_ways(rig, engine, video=5, audio=60)
    sdp = rig.console.offers[0]["sdp"]
    audio = sdp[sdp.index("m=audio"):].split("m=video")[0]
    payloads = audio.splitlines()[0].split()[3:]
    codecs = {line.split()[1].split("/")[0].lower() for line in audio.splitlines() if line.startswith("a=rtpmap:")}
    assert codecs == {"opus"} and len(payloads) == 1
    wait_until(lambda: len(rig.pcm) >= 60 and len(rig.console.audio) >= 60, 10, "a second of voice each way")
    for frames in (rig.console.audio, rig.pcm):  # kiosk -> console, console -> kiosk
        assert frames[-1][1] == 48_000
        peak, share = _peak_hz(frames)
        assert abs(peak - 6800) < 30 and share > 0.8, (peak, share)
