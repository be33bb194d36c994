"""The call engine's parts without a call (fast): the media tracks (pacing, resizing, repeating the last
frame, 20 ms PCM frames, volume, the display throttle, what the receiving side hands on), the quality
thresholds, and the signalling client against the test relay on loopback."""

from __future__ import annotations

import asyncio
import time
from types import SimpleNamespace

import cv2
import numpy as np
import pytest
from aiortc.mediastreams import MediaStreamError
from aiortc.stats import RTCInboundRtpStreamStats, RTCRemoteInboundRtpStreamStats
from av import AudioFrame, VideoFrame

from kiosk.video import quality
from kiosk.video.signalling import (
    SignallingClient,
    SignallingClosed,
    SignallingRefused,
    SignallingUnreachable,
    kiosk_headers,
)
from kiosk.video.tracks import (
    AUDIO_FRAME_BYTES,
    AUDIO_SAMPLES,
    MAX_AUDIO_BUFFER_SECONDS,
    FrameVideoTrack,
    MediaCounters,
    PcmAudioTrack,
    RemoteMediaSink,
    SyntheticVideoSource,
    Throttle,
    ToneAudioSource,
    _Pacer,
    apply_volume,
    audio_frame_pcm,
    to_bgr,
)
from tests.video.relay import Relay


def run(coro, timeout: float = 10.0):
    return asyncio.run(asyncio.wait_for(coro, timeout))


def i420_to_bgr(frame: VideoFrame) -> np.ndarray:
    return cv2.cvtColor(frame.to_ndarray(), cv2.COLOR_YUV2BGR_I420)


# -- video ---------------------------------------------------------------------------------------------

def test_video_track_is_paced_at_its_rate_with_90khz_timestamps():
    track = FrameVideoTrack(SyntheticVideoSource(), fps=15, size=(640, 480))

    async def read(n):
        start = time.monotonic()
        frames = [await track.recv() for _ in range(n)]
        return frames, time.monotonic() - start

    frames, elapsed = run(read(8))
    assert [f.pts for f in frames] == [6000 * i for i in range(8)]  # 90 kHz / 15 fps
    assert all(f.time_base == frames[0].time_base and f.time_base.denominator == 90_000 for f in frames)
    assert 7 / 15 - 0.05 <= elapsed <= 7 / 15 + 0.25  # paced in real time, not as fast as it can
    assert track.frames_sent == 8 and track.frames_repeated == 0
    assert (frames[0].width, frames[0].height, frames[0].format.name) == (640, 480, "yuv420p")


def test_pacer_waits_for_each_frame_and_jumps_ahead_after_a_stall():
    now = [100.0]
    pacer = _Pacer(90_000, 6000, now=lambda: now[0])
    assert pacer.next_due() == (0, 0.0)
    timestamp, wait = pacer.next_due()
    assert timestamp == 6000 and wait == pytest.approx(1 / 15)
    now[0] += 5.0  # the loop stalled for 5 s: no burst of 75 frames, the clock moves on
    timestamp, wait = pacer.next_due()
    assert timestamp == 5 * 90_000 and wait == 0.0
    now[0] += 0.01
    timestamp, wait = pacer.next_due()
    assert timestamp == 5 * 90_000 + 6000 and wait == pytest.approx(1 / 15 - 0.01)


def test_video_track_resizes_converts_and_repeats_the_last_frame():
    big = np.zeros((720, 1280, 3), np.uint8)
    big[:, :640] = (255, 0, 0)  # left half blue (BGR)
    frames = [big, None, None]
    calls = []

    def source():
        calls.append(1)
        return frames[len(calls) - 1] if len(calls) <= len(frames) else None

    track = FrameVideoTrack(source, fps=30, size=(320, 240))
    first = track.next_frame()
    assert (first.width, first.height) == (320, 240)
    bgr = i420_to_bgr(first)
    assert bgr[120, 40, 0] > 200 and bgr[120, 40, 2] < 60  # blue on the left
    assert bgr[120, 280].max() < 40  # black on the right
    second = track.next_frame()
    assert track.frames_repeated == 1
    assert np.array_equal(second.to_ndarray(), first.to_ndarray())  # nothing new: the same picture again


def test_video_track_sends_black_before_the_first_frame_and_survives_a_failing_camera():
    def broken():
        raise OSError("camera unplugged")

    track = FrameVideoTrack(broken, fps=15, size=(64, 48))
    frame = track.next_frame()
    assert i420_to_bgr(frame).max() < 30
    track.next_frame()
    assert track.frames_repeated == 2


def test_to_bgr_handles_grey_bgra_and_the_same_size():
    grey = np.full((48, 64), 200, np.uint8)
    assert to_bgr(grey, (64, 48)).shape == (48, 64, 3)
    bgra = np.zeros((48, 64, 4), np.uint8)
    assert to_bgr(bgra, (32, 24)).shape == (24, 32, 3)
    same = np.zeros((48, 64, 3), np.uint8)
    assert to_bgr(same, (64, 48)) is same


def test_video_track_counts_into_shared_counters_and_rejects_odd_sizes():
    counters = MediaCounters()
    track = FrameVideoTrack(SyntheticVideoSource((64, 48)), fps=60, size=(64, 48), counters=counters)

    async def read():
        for _ in range(3):
            await track.recv()

    run(read())
    assert counters.video_frames_sent == 3
    with pytest.raises(ValueError):
        FrameVideoTrack(lambda: None, size=(641, 480))


def test_synthetic_source_moves_and_counts():
    source = SyntheticVideoSource()
    a, b = source(), source()
    assert a.shape == (480, 640, 3) and a.dtype == np.uint8
    assert not np.array_equal(a, b)
    assert source.count == 2


# -- audio ---------------------------------------------------------------------------------------------

def test_pcm_track_sends_20ms_frames_of_960_samples_s16_mono_48k_paced_in_real_time():
    tone = ToneAudioSource()
    track = PcmAudioTrack(tone)

    async def read(n):
        start = time.monotonic()
        frames = [await track.recv() for _ in range(n)]
        return frames, time.monotonic() - start

    frames, elapsed = run(read(10))
    assert AUDIO_SAMPLES == 960 and AUDIO_FRAME_BYTES == 1920
    for i, frame in enumerate(frames):
        assert (frame.samples, frame.sample_rate, frame.format.name, frame.layout.name) == (960, 48000, "s16", "mono")
        assert frame.pts == 960 * i
    assert 9 * 0.02 - 0.02 <= elapsed <= 9 * 0.02 + 0.15
    assert track.frames_sent == 10 and track.silent_frames == 0
    pcm = np.frombuffer(bytes(frames[3].planes[0])[:1920], np.int16)
    assert np.abs(pcm).max() > 5000  # the tone, not silence


def test_pcm_track_buffers_odd_chunks_and_pads_with_silence():
    chunks = [b"\x01\x00" * 500, b"\x02\x00" * 700, None, b"", b"\x03"]
    track = PcmAudioTrack(lambda: chunks.pop(0) if chunks else None)
    first = np.frombuffer(track.next_pcm(), np.int16)  # 500 samples there: padded
    assert len(first) == 960 and (first[:500] == 1).all() and (first[500:] == 0).all()
    second = np.frombuffer(track.next_pcm(), np.int16)  # 700 samples
    assert (second[:700] == 2).all() and (second[700:] == 0).all()
    assert len(track.next_pcm()) == 1920  # None: silence
    assert track.silent_frames == 3
    no_source = PcmAudioTrack(None)
    assert no_source.next_pcm() == bytes(1920)


def test_pcm_track_keeps_at_most_200ms_the_newest():
    big = (np.arange(48_000, dtype=np.int32) % 30000).astype(np.int16).tobytes()  # 1 s at once
    track = PcmAudioTrack(lambda: big)
    pcm = np.frombuffer(track.next_pcm(), np.int16)
    kept = int(MAX_AUDIO_BUFFER_SECONDS * 48_000)
    assert pcm[0] == (48_000 - kept) % 30000  # the oldest 0.8 s were dropped


def test_tone_source_is_a_continuous_440hz_sine():
    tone = ToneAudioSource(440.0)
    pcm = np.frombuffer(b"".join(tone() for _ in range(50)), np.int16).astype(np.float64)  # 1 s
    assert len(pcm) == 48_000
    spectrum = np.abs(np.fft.rfft(pcm))
    assert np.argmax(spectrum) == 440  # 1 Hz bins over one second
    assert np.abs(np.diff(pcm)).max() < 32767 * 0.25 * 2 * np.pi * 440 / 48_000 * 1.1  # no jumps between chunks


def test_volume_scales_s16_and_clamps():
    pcm = np.array([0, 1000, -1000, 32767, -32768], np.int16)
    assert apply_volume(pcm, 1.0) is pcm
    assert apply_volume(pcm, 1.7) is pcm
    assert apply_volume(pcm, 0.5).tolist() == [0, 500, -500, 16384, -16384]
    assert apply_volume(pcm, 0.0).tolist() == [0] * 5
    assert apply_volume(pcm, -1).tolist() == [0] * 5
    assert apply_volume(pcm, 0.25).dtype == np.int16


def test_audio_frame_pcm_interleaves_packed_and_planar():
    packed = AudioFrame(format="s16", layout="stereo", samples=4)
    packed.planes[0].update(np.array([1, -1, 2, -2, 3, -3, 4, -4], np.int16).tobytes())
    samples, channels = audio_frame_pcm(packed)
    assert channels == 2 and samples.tolist() == [1, -1, 2, -2, 3, -3, 4, -4]
    planar = AudioFrame.from_ndarray(np.array([[1, 2, 3, 4], [-1, -2, -3, -4]], np.int16), format="s16p",
                                     layout="stereo")
    samples, channels = audio_frame_pcm(planar)
    assert channels == 2 and samples.tolist() == [1, -1, 2, -2, 3, -3, 4, -4]


# -- receiving -----------------------------------------------------------------------------------------

def test_throttle_halves_30fps_keeps_a_jittery_15fps_and_restarts_after_a_pause():
    throttle = Throttle(15)
    shown = sum(throttle.due(i / 30) for i in range(300))  # 10 s at 30 fps
    assert 148 <= shown <= 152
    throttle = Throttle(15)
    rng = np.random.default_rng(0)
    times = [i / 15 + rng.uniform(-0.01, 0.01) for i in range(150)]
    assert sum(throttle.due(t) for t in times) == 150
    throttle = Throttle(15)
    assert throttle.due(0.0)
    assert throttle.due(10.0)  # after a pause
    assert not throttle.due(10.01)


class FakeTrack:
    def __init__(self, kind, frames):
        self.kind = kind
        self._frames = list(frames)

    async def recv(self):
        if not self._frames:
            raise MediaStreamError
        return self._frames.pop(0)


def test_sink_counts_every_video_frame_and_converts_at_the_display_rate():
    now = [0.0]
    shown = []
    counters = MediaCounters()
    media = []
    sink = RemoteMediaSink(on_frame=shown.append, display_fps=15, counters=counters, now=lambda: now[0],
                           on_media=lambda: media.append(1))
    frame = VideoFrame.from_ndarray(np.full((48, 64, 3), (10, 20, 30), np.uint8), format="rgb24")
    throttle = Throttle(15)
    for i in range(30):  # 1 s at 30 fps
        now[0] = i / 30
        sink.video_frame(frame, throttle)
    assert counters.video_frames_received == 30
    assert len(shown) == counters.video_frames_shown == 15
    assert shown[0].shape == (48, 64, 3) and shown[0][0, 0].tolist() == [10, 20, 30]  # RGB
    run(sink.consume(FakeTrack("video", [frame] * 3)))
    assert counters.video_frames_received == 33 and media == [1]


def test_sink_hands_on_pcm_with_the_volume_and_counts_samples():
    got = []
    counters = MediaCounters()
    volume = [0.5]
    sink = RemoteMediaSink(audio_sink=lambda pcm, rate, ch: got.append((pcm, rate, ch)), volume=lambda: volume[0],
                           counters=counters)
    frame = AudioFrame(format="s16", layout="stereo", samples=960)
    frame.planes[0].update(np.full(1920, 1000, np.int16).tobytes())
    frame.sample_rate = 48_000
    run(sink.consume(FakeTrack("audio", [frame, frame])))
    assert counters.audio_frames_received == 2 and counters.audio_samples_received == 1920
    pcm, rate, channels = got[0]
    assert (rate, channels, len(pcm)) == (48_000, 2, 3840)
    assert set(np.frombuffer(pcm, np.int16).tolist()) == {500}


def test_sink_survives_a_callback_that_raises():
    def broken(_rgb):
        raise RuntimeError("screen gone")

    counters = MediaCounters()
    sink = RemoteMediaSink(on_frame=broken, counters=counters)
    frame = VideoFrame.from_ndarray(np.zeros((8, 8, 3), np.uint8), format="rgb24")
    run(sink.consume(FakeTrack("video", [frame] * 3)))
    assert counters.video_frames_received == 3


# -- quality -------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("rtt_ms", "loss", "expected"), [
    (None, None, "good"), (20, 0.0, "good"), (299, 0.019, "good"),
    (300, 0.0, "fair"), (20, 0.02, "fair"), (599, 0.079, "fair"), (None, 0.05, "fair"),
    (600, 0.0, "poor"), (20, 0.08, "poor"), (None, 0.5, "poor"), (1500, None, "poor"),
])
def test_quality_levels_follow_the_documented_thresholds(rtt_ms, loss, expected):
    assert quality.level(rtt_ms, loss) == expected


def test_fraction_lost_reads_rtcp_fixed_point_and_browser_floats():
    assert quality.fraction(0) == 0.0
    assert quality.fraction(128) == 0.5  # aiortc: RTCP's 8-bit value
    assert quality.fraction(255) == pytest.approx(0.996, abs=1e-3)
    assert quality.fraction(0.25) == 0.25  # a browser's float
    assert quality.fraction(None) is None


def _remote_inbound(rtt, fraction_lost, kind="video"):
    return RTCRemoteInboundRtpStreamStats(
        timestamp=None, type="remote-inbound-rtp", id=f"ri-{kind}", ssrc=1, kind=kind, transportId="t",
        packetsReceived=100, packetsLost=0, jitter=0, roundTripTime=rtt, fractionLost=fraction_lost)


def _inbound(lost, received, kind="video"):
    return RTCInboundRtpStreamStats(timestamp=None, type="inbound-rtp", id=f"in-{kind}", ssrc=2, kind=kind,
                                    transportId="t", packetsReceived=received, packetsLost=lost, jitter=0)


def test_measure_takes_the_worst_remote_report():
    report = {"a": _remote_inbound(0.040, 0, "audio"), "v": _remote_inbound(0.120, 13, "video")}
    sample = quality.measure(report)
    assert sample.rtt_ms == pytest.approx(120.0)
    assert sample.loss == pytest.approx(13 / 256)
    assert sample.level == "fair"
    assert sample.frame() == {"type": "quality", "rtt_ms": 120.0, "loss": round(13 / 256, 4), "level": "fair"}


def test_measure_falls_back_to_inbound_counts_since_the_last_sample():
    counter = quality.LossCounter()
    first = quality.measure([_inbound(0, 500), SimpleNamespace(type="transport")], counter)
    assert first.loss == 0.0 and first.rtt_ms is None and first.level == "good"
    assert first.frame() is None  # the court takes numbers only
    second = quality.measure([_inbound(50, 950)], counter)  # 50 lost, 450 received since
    assert second.loss == pytest.approx(0.1) and second.level == "poor"
    third = quality.measure([_inbound(50, 950)], counter)  # nothing arrived
    assert third.loss is None
    # a receiver report, when there is one, wins over the counts
    fourth = quality.measure([_inbound(60, 1000), _remote_inbound(None, 0)], counter)
    assert fourth.loss == 0.0 and fourth.rtt_ms is None


# -- signalling ------------------------------------------------------------------------------------------

def test_kiosk_headers():
    assert kiosk_headers("K-01") == {"X-Kiosk-Id": "K-01"}
    assert kiosk_headers("K-01", "t0k", {"X-Trace": "1"}) == {"X-Trace": "1", "X-Kiosk-Id": "K-01",
                                                               "Authorization": "Bearer t0k"}


@pytest.mark.parametrize(("status", "permanent"), [(401, True), (403, True), (404, True), (410, True),
                                                    (408, False), (429, False), (502, False), (503, False)])
def test_refusals_that_are_worth_retrying(status, permanent):
    assert SignallingRefused(status).permanent is permanent


def test_signalling_client_sends_its_headers_receives_json_and_sees_the_drop():
    async def scenario():
        relay = Relay(kiosk_id="K-01")
        await relay.start()
        try:
            client = SignallingClient(relay.kiosk_url("c1"), headers=kiosk_headers("K-01", "secret"),
                                      open_timeout=2)
            await client.connect()
            assert client.connected
            got = [await client.recv(), await client.recv()]
            await relay.to_kiosk("c1", {"no": "type"})  # skipped
            await relay.to_kiosk("c1", {"type": "answered", "by": "Desk 3"})
            got.append(await client.recv())
            await client.send({"type": "quality", "rtt_ms": 5, "loss": 0, "level": "good"})
            for _ in range(50):
                if relay.from_kiosk:
                    break
                await asyncio.sleep(0.01)
            relay.drop_kiosk("c1")
            with pytest.raises(SignallingClosed):
                await client.recv()
            await client.close()
            with pytest.raises(SignallingClosed):
                await client.send({"type": "bye"})
            return got, relay.kiosk_upgrades[0], relay.from_kiosk
        finally:
            await relay.close()

    got, headers, sent = run(scenario())
    assert [m["type"] for m in got] == ["position", "position", "answered"]
    assert headers["X-Kiosk-Id"] == "K-01" and headers["Authorization"] == "Bearer secret"
    assert sent == [{"type": "quality", "rtt_ms": 5, "loss": 0, "level": "good"}]


def test_signalling_client_refused_and_unreachable():
    async def scenario():
        relay = Relay(kiosk_id="K-01")
        await relay.start()
        try:
            wrong = SignallingClient(relay.kiosk_url("c1"), headers=kiosk_headers("K-99"), open_timeout=2)
            with pytest.raises(SignallingRefused) as refused:
                await wrong.connect()
            relay.refuse_status = 503
            busy = SignallingClient(relay.kiosk_url("c1"), headers=kiosk_headers("K-01"), open_timeout=2)
            with pytest.raises(SignallingRefused) as unavailable:
                await busy.connect()
            port = relay.port
        finally:
            await relay.close()
        gone = SignallingClient(f"ws://127.0.0.1:{port}/api/v1/video/calls/c1/signal", open_timeout=1)
        with pytest.raises(SignallingUnreachable):
            await gone.connect()
        return refused.value, unavailable.value

    refused, unavailable = run(scenario())
    assert refused.status == 401 and refused.permanent
    assert unavailable.status == 503 and not unavailable.permanent
    with pytest.raises(ValueError):
        SignallingClient("https://court.example/signal")



def test_the_engine_imports_no_qt():
    """The engine is used by a Qt service but holds none of Qt (the service marshals): its modules import
    only each other, the standard library, aiortc, PyAV, websockets, numpy and OpenCV."""
    import ast
    import sys
    from pathlib import Path

    allowed = {"kiosk", "aiortc", "av", "websockets", "numpy", "cv2"}
    folder = Path(__file__).resolve().parents[2] / "kiosk" / "video"
    for name in ("__init__", "engine", "tracks", "signalling", "quality"):
        path = folder / f"{name}.py"
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                [node.module] if isinstance(node, ast.ImportFrom) and node.module and not node.level else []
            for module in names:
                top = module.split(".")[0]
                assert top in allowed or top in sys.stdlib_module_names or top == "__future__", (path.name, module)
