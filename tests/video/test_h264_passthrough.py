"""H.264 passthrough (``video.camera_h264``): a camera that gives H.264 is sent as it comes, without an
encoder on the kiosk (issue 20).

Without a network (fast): the passthrough track's 90 kHz timestamps, its start at a keyframe and its
drop after a stall; the parameter sets put before an IDR; `H264CameraFeed` on files made at test time
with PyAV's libx264 (`tests.video.h264_sample`, an encoder independent of the passthrough path): Annex-B
out of an MP4 and a raw stream, paced at the file's rate, looping, the self view from a keyframe; a
missing camera and a stream that is not H.264, logged by type only; `media_factory`.

Real calls on loopback (slow, like tests/video/test_video_engine.py): the engine with the file as its
camera, the test relay and the aiortc console: the console decodes 640x480 pictures, the kiosk never
encodes (its sender's H264Encoder never ``encode``s, libx264 is never opened) and offers H.264 only;
a camera that is missing makes a voice-only call.
"""

from __future__ import annotations

import asyncio
import logging
import threading
import time

import aiortc.codecs.h264 as aiortc_h264
import numpy as np
import pytest
from aiortc.mediastreams import MediaStreamError
from av import Packet

import tests.video.relay as relay_module
from kiosk.video import media
from kiosk.video.media import H264CameraFeed, ParameterSets, media_factory, nal_units
from kiosk.video.tracks import (
    VIDEO_TIME_BASE,
    EncodedPacket,
    EncodedVideoSource,
    H264PassthroughTrack,
    MediaCounters,
)
from tests.video.h264_sample import write_h264, write_other

SPS = bytes.fromhex("6742c01ed900a03da1")
PPS = bytes.fromhex("68ce3c80")
IDR = bytes.fromhex("65888400ff")
P_SLICE = bytes.fromhex("419a0203")
SC4, SC3 = b"\x00\x00\x00\x01", b"\x00\x00\x01"


def run(coro, timeout: float = 10.0):
    return asyncio.run(asyncio.wait_for(coro, timeout))


def wait_until(predicate, timeout: float = 10.0, what: str = "") -> None:
    start = time.monotonic()
    while not predicate():
        if time.monotonic() - start > timeout:
            raise AssertionError(f"not within {timeout:g} s: {what}")
        time.sleep(0.02)


class FakeSource:
    """An `EncodedVideoSource` the test feeds by hand (``push`` from any thread)."""

    codec = "H264"
    failed = False

    def __init__(self) -> None:
        self.callbacks: list = []

    def subscribe(self, callback):
        self.callbacks.append(callback)
        return lambda: self.callbacks.remove(callback)

    def push(self, packet: EncodedPacket) -> None:
        for callback in list(self.callbacks):
            callback(packet)

    def __call__(self):
        return None


def packet(t: float, keyframe: bool = False) -> EncodedPacket:
    data = SC4 + SPS + SC4 + PPS + SC4 + IDR if keyframe else SC4 + P_SLICE
    return EncodedPacket(data, keyframe, t)


@pytest.fixture(scope="module")
def mp4(tmp_path_factory):
    return write_h264(tmp_path_factory.mktemp("h264") / "camera.mp4", seconds=2.0)


@pytest.fixture(scope="module")
def annexb(tmp_path_factory):
    return write_h264(tmp_path_factory.mktemp("h264") / "camera.h264", seconds=1.0)


@pytest.fixture
def feeds():
    made: list[H264CameraFeed] = []

    def make(source, **kwargs) -> H264CameraFeed:
        feed = H264CameraFeed(str(source), **kwargs)
        made.append(feed)
        return feed

    yield make
    for feed in made:
        feed.close()


def collect(feed: H264CameraFeed) -> list[EncodedPacket]:
    """The feed's packets from the first keyframe this subscriber gets (the feed's thread runs already:
    on a loaded machine it may have handed on the file's first picture before the subscription)."""
    got: list[EncodedPacket] = []

    def arrived(packet: EncodedPacket) -> None:
        if got or packet.keyframe:
            got.append(packet)

    feed.subscribe(arrived)
    return got


# -- the track, without a network ---------------------------------------------------------------------

def test_passthrough_track_gives_packets_with_90khz_pts_from_their_times_starting_at_a_keyframe():
    source = FakeSource()
    counters = MediaCounters()
    track = H264PassthroughTrack(source, counters=counters)
    assert isinstance(source, EncodedVideoSource)

    async def scenario():
        first = asyncio.ensure_future(track.recv())
        await asyncio.sleep(0)  # recv subscribes on its first call
        assert len(source.callbacks) == 1
        t0 = 1000.0
        # from the source's thread, as H264CameraFeed hands them on
        feeder = threading.Thread(target=lambda: [
            source.push(packet(t0 - 0.2)), source.push(packet(t0 - 0.1)),  # before a keyframe: skipped
            source.push(packet(t0, keyframe=True)),
            *[source.push(packet(t0 + i / 15)) for i in range(1, 15)],
            source.push(packet(t0 + 1.0, keyframe=True)),
            source.push(packet(t0 + 1.0)),  # the same time again (a camera's jitter): pts still goes up
        ])
        feeder.start()
        packets = [await first] + [await track.recv() for _ in range(16)]
        feeder.join()
        return packets

    packets = run(scenario())
    assert all(isinstance(p, Packet) for p in packets)
    assert all(p.time_base == VIDEO_TIME_BASE for p in packets)
    assert [p.pts for p in packets[:16]] == [round(i * 90_000 / 15) for i in range(15)] + [90_000]
    assert packets[16].pts == 90_001
    assert packets[0].is_keyframe and bytes(packets[0]).startswith(SC4 + SPS)
    assert [p.is_keyframe for p in packets].count(True) == 2
    assert track.packets_skipped == 2 and track.packets_sent == 17 and counters.video_frames_sent == 17
    track.request_keyframe()
    assert track.keyframe_requests == 1 and counters.keyframe_requests == 1
    track.stop()
    assert source.callbacks == []  # unsubscribed
    with pytest.raises(MediaStreamError):
        run(track.recv())


def test_passthrough_track_paced_by_its_source_in_real_time():
    """recv waits for the source: a source that delivers at 15 fps gives packets 1/15 s apart."""
    source = FakeSource()
    track = H264PassthroughTrack(source)

    def feed():  # as H264CameraFeed plays a file: each packet when it is due, stamped with that time
        start = time.monotonic()
        for i in range(10):
            time.sleep(max(0.0, start + i / 15 - time.monotonic()))
            source.push(packet(start + i / 15, keyframe=i == 0))

    async def scenario():
        asyncio.get_running_loop().call_later(0.05, threading.Thread(target=feed, daemon=True).start)
        first = await track.recv()
        started = time.monotonic()
        rest = [await track.recv() for _ in range(9)]
        return first, rest, time.monotonic() - started

    first, rest, took = run(scenario())
    assert 0.5 < took < 2.0  # recv waited for the source: 9 intervals of 1/15 s (0.6 s), and a loaded machine
    assert [p.pts for p in rest] == [6000 * i for i in range(1, 10)]  # 1/15 s at 90 kHz, from the times
    track.stop()


def test_passthrough_track_after_a_stall_drops_its_queue_and_waits_for_the_next_keyframe():
    source = FakeSource()
    track = H264PassthroughTrack(source, max_queued=5)

    async def scenario():
        waiting = asyncio.ensure_future(track.recv())
        await asyncio.sleep(0)
        track.put(packet(0.0, keyframe=True))
        assert (await waiting).pts == 0
        for i in range(1, 8):  # the sender did not come for them: more than 5
            track.put(packet(i / 15))
        assert track.packets_dropped == 5 and track.packets_skipped == 2
        track.put(packet(8 / 15))  # still no keyframe: skipped
        track.put(packet(9 / 15, keyframe=True))
        track.put(packet(10 / 15))
        return [await track.recv(), await track.recv()]

    after = run(scenario())
    assert after[0].is_keyframe and after[0].pts == 54_000 and after[1].pts == 60_000
    assert track.packets_skipped == 3
    track.stop()


def test_a_recv_waiting_ends_when_the_track_stops():
    track = H264PassthroughTrack(FakeSource())

    async def scenario():
        waiting = asyncio.ensure_future(track.recv())
        await asyncio.sleep(0.01)
        track.stop()
        with pytest.raises(MediaStreamError):
            await waiting

    run(scenario())


# -- Annex-B and the parameter sets -------------------------------------------------------------------

def test_nal_units_split_on_three_and_four_byte_start_codes():
    assert nal_units(SC4 + SPS + SC3 + PPS + SC4 + IDR) == [SPS, PPS, IDR]
    assert nal_units(b"") == [] and nal_units(b"\x01\x02") == []


def test_an_idr_without_its_parameter_sets_gets_the_last_ones_seen():
    sets = ParameterSets()
    assert sets.complete(SC4 + IDR) == (SC4 + IDR, True)  # none seen yet: as it is
    first = SC4 + SPS + SC4 + PPS + SC4 + IDR
    assert sets.complete(first) == (first, True)
    assert sets.profile == 66
    assert sets.complete(SC4 + P_SLICE) == (SC4 + P_SLICE, False)
    completed, keyframe = sets.complete(SC3 + IDR)
    assert keyframe and completed == SC4 + SPS + SC4 + PPS + SC3 + IDR


# -- the camera, from files ---------------------------------------------------------------------------

@pytest.mark.parametrize("kind", ["mp4", "annexb"])
def test_feed_hands_on_annexb_at_the_files_rate_starting_with_a_complete_keyframe(request, feeds, kind):
    path = request.getfixturevalue(kind)
    feed = feeds(path)
    got = collect(feed)
    wait_until(lambda: len(got) >= 16, 5, "16 packets")
    first = got[0]
    assert first.keyframe
    types = [unit[0] & 0x1F for unit in nal_units(first.data)]
    assert types.index(7) < types.index(8) < types.index(5)  # SPS, PPS, then the IDR
    assert all(p.data.startswith((SC3, SC4)) for p in got)  # Annex-B, also out of the MP4
    steps = np.diff([p.time for p in got[:16]])
    assert np.allclose(steps, 1 / 15, atol=1e-6)  # due at the file's rate (no timestamps: at fps)
    # handed on in real time, not as fast as the file reads
    assert abs((got[15].time - got[0].time) - 1.0) < 1e-3
    assert not feed.failed and feed.opened.is_set()


def test_feed_plays_a_file_from_its_start_again_at_its_end(feeds, annexb):
    feed = feeds(annexb)  # 1 s: 15 pictures, a keyframe the first
    got = collect(feed)
    wait_until(lambda: len(got) >= 20, 5, "20 packets")
    assert feed.loops >= 1
    assert [p.keyframe for p in got[:20]] == [i % 15 == 0 for i in range(20)]
    assert np.allclose(np.diff([p.time for p in got[:20]]), 1 / 15, atol=1e-6)  # the clock goes on


def test_feed_self_view_from_a_keyframe_only_while_someone_looks(feeds, annexb):
    feed = feeds(annexb)
    got = collect(feed)
    wait_until(lambda: len(got) >= 20, 5, "20 packets")
    assert feed.self_view_frames == 0 and feed() is None  # nobody asked: nothing decoded
    wait_until(lambda: feed() is not None, 5, "a self view")
    picture = feed()
    assert picture.shape == (480, 640, 3) and picture.dtype == np.uint8
    assert feed.self_view_frames >= 1


def test_feed_of_a_stream_that_is_not_h264_fails_for_good_logged_by_type(feeds, tmp_path, caplog):
    path = write_other(tmp_path / "secret-name.mp4")
    caplog.set_level(logging.INFO)
    feed = feeds(path)
    got = collect(feed)
    wait_until(lambda: feed.failed, 5, "failed")
    feed._thread.join(2)
    assert feed.not_h264 and not feed._thread.is_alive() and got == []
    messages = [r.getMessage() for r in caplog.records if r.name == "kiosk.video_media"]
    assert messages == ["video camera (H.264): the stream is not H.264: calls are voice only"]
    assert "secret-name" not in caplog.text


def test_feed_of_a_missing_camera_fails_logs_its_type_once_and_closes_at_once(feeds, tmp_path, caplog,
                                                                             monkeypatch):
    monkeypatch.setattr(media, "RETRY_SECONDS", 0.05)
    caplog.set_level(logging.INFO)
    feed = feeds(tmp_path / "secret-name.h264")
    wait_until(lambda: feed.failed, 5, "failed")
    time.sleep(0.3)  # tried again a few times
    assert not feed.not_h264 and feed() is None
    messages = [r.getMessage() for r in caplog.records if r.name == "kiosk.video_media"]
    assert messages == ["video camera (H.264): not opened, voice only until it is (tried again): FileNotFoundError"]
    assert "secret-name" not in caplog.text
    started = time.monotonic()
    feed.close()
    assert time.monotonic() - started < 1.0 and not feed._thread.is_alive()


def test_file_clock_goes_on_across_loops_and_starts_again_after_a_stall():
    from fractions import Fraction
    from types import SimpleNamespace

    now = [100.0]
    clock = media._FileClock(15, now=lambda: now[0])
    stop = threading.Event()
    stop.set()  # (no real waiting: the test moves the clock)

    def at(dts, time_base=Fraction(1, 15360)):
        return SimpleNamespace(dts=dts, pts=dts, time_base=time_base)

    assert clock.due(at(512), stop) == 100.0  # the first packet, whatever its timestamp: now
    assert clock.due(at(512 + 1024), stop) == pytest.approx(100.0 + 1 / 15)  # 1024/15360 s later
    clock.loop()  # the file again, from its start: its time goes on one picture later
    assert clock.due(at(0), stop) == pytest.approx(100.0 + 2 / 15)
    no_stamps = SimpleNamespace(dts=None, pts=None, time_base=None)  # a raw stream: 1/fps each
    assert clock.due(no_stamps, stop) == pytest.approx(100.0 + 3 / 15)
    now[0] = 103.0  # the thread stalled for 3 s: no burst to catch up, the clock starts again from now
    assert clock.due(no_stamps, stop) == 103.0
    now[0] = 103.01
    assert clock.due(no_stamps, stop) == pytest.approx(103.0 + 1 / 15)


def test_h264_device_paths():
    assert media.h264_device("0") == "/dev/video0" and media.h264_device("/dev/video2") == "/dev/video2"
    assert media.h264_device("camera.mp4") is None and media.h264_device("rtsp://cam/h264") is None


def test_media_factory_makes_the_h264_camera_with_the_option(annexb):
    class Config(dict):
        def get(self, key, default=None):
            return super().get(key, default)

    config = Config({"video.camera": str(annexb), "video.camera_h264": True, "video.audio": "simulator"})
    call_media = media_factory(config, demo=False)()
    try:
        assert isinstance(call_media.video, H264CameraFeed) and isinstance(call_media.video, EncodedVideoSource)
        assert call_media.video.size == (640, 480) and call_media.video.fps == 15
    finally:
        call_media.close()
    assert not call_media.video._thread.is_alive()


def test_the_option_is_off_by_default():
    from kiosk.config import load_config

    assert load_config(env={}).get("video.camera_h264") is False
    assert load_config(env={"KIOSK_VIDEO__CAMERA_H264": "true"}).get("video.camera_h264") is True


# -- real calls on loopback (slow) -------------------------------------------------------------------

class _SizedSink(relay_module.RemoteMediaSink):
    """The console's sink, also keeping the size of every decoded picture."""

    sizes: list = []

    def video_frame(self, frame, throttle) -> None:
        _SizedSink.sizes.append((frame.width, frame.height))
        super().video_frame(frame, throttle)


@pytest.fixture
def rig(monkeypatch):
    from tests.video.test_video_engine import Rig

    _SizedSink.sizes = []
    monkeypatch.setattr(relay_module, "RemoteMediaSink", _SizedSink)  # the console's, not the kiosk's
    rig = Rig()
    yield rig
    rig.close()


@pytest.fixture
def encode_calls(monkeypatch):
    """ids of the H264Encoders whose ``encode`` ran (the console's encodes; the kiosk's must not)."""
    calls: set[int] = set()
    original = aiortc_h264.H264Encoder.encode

    def encode(self, frame, force_keyframe=False):
        calls.add(id(self))
        return original(self, frame, force_keyframe)

    monkeypatch.setattr(aiortc_h264.H264Encoder, "encode", encode)
    return calls


def video_sender(engine):
    return next(s for s in engine._peer.pc.getSenders() if s.track is not None and s.track.kind == "video")


def video_section(sdp: str) -> str:
    start = sdp.index("m=video")
    end = sdp.find("\nm=", start)
    return sdp[start:] if end == -1 else sdp[start:end]


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["mp4", "annexb"])
def test_a_call_sends_the_cameras_h264_without_encoding_and_the_console_decodes_it(
        request, rig, feeds, encode_calls, kind):
    from tests.video.test_video_engine import MEDIA_SECONDS, media_both_ways

    feed = feeds(request.getfixturevalue(kind))
    engine, listener = rig.connected_call(video_source=feed, video_codecs=("VP8",))  # (passthrough wins)
    assert engine.video_codecs == ("H264",)
    stats = media_both_ways(rig, engine, video=30)
    wait_until(lambda: len(_SizedSink.sizes) >= 30, MEDIA_SECONDS, "30 pictures at the console")

    # the console decoded the camera's pictures, at their size
    assert set(_SizedSink.sizes) == {(640, 480)}
    assert stats["video_passthrough"] and stats["video_frames_sent"] >= 30
    # the kiosk never encoded video: its sender packs packets, its libx264 was never opened
    sender = video_sender(engine)
    assert isinstance(sender.track, H264PassthroughTrack)
    encoder = sender._RTCRtpSender__encoder
    assert isinstance(encoder, aiortc_h264.H264Encoder)
    assert id(encoder) not in encode_calls and encoder.codec is None
    assert encode_calls  # (the console did encode: the spy works)
    assert sender.track.packets_dropped == 0
    # H.264 only was offered, in the profiles aiortc has
    video = video_section(rig.console.offers[0]["sdp"])
    codecs = {line.split()[1].split("/")[0] for line in video.splitlines() if line.startswith("a=rtpmap:")}
    assert codecs == {"H264", "rtx"}
    assert "profile-level-id=42e01f" in video and "packetization-mode=1" in video
    # the self view comes from the camera's keyframes
    wait_until(lambda: listener.local_frames >= 1, 5, "a self view")
    assert listener.remote_shape == (480, 640, 3)
    engine.hang_up()
    wait_until(lambda: listener.ended, 5, "the end")


@pytest.mark.slow
def test_a_call_with_a_missing_h264_camera_is_voice_only(rig, feeds, tmp_path, caplog, monkeypatch):
    from tests.video.test_video_engine import MEDIA_SECONDS

    monkeypatch.setattr(media, "RETRY_SECONDS", 0.2)
    caplog.set_level(logging.INFO)
    feed = feeds(tmp_path / "secret-name.mp4")
    wait_until(lambda: feed.failed, 5, "failed")
    engine, listener = rig.connected_call(video_source=feed)

    def voice_both_ways_and_the_consoles_picture():
        stats, console = engine.stats(), rig.console.counters
        return (stats["video_frames_received"] > 15 and stats["audio_frames_received"] > 10
                and console.audio_frames_received > 10)

    wait_until(voice_both_ways_and_the_consoles_picture, MEDIA_SECONDS, "voice both ways")
    stats = engine.stats()
    video = video_section(rig.console.offers[0]["sdp"])
    assert "a=recvonly" in video and "H264" in video
    assert stats["video_frames_sent"] == 0 and rig.console.counters.video_frames_received == 0
    assert listener.local_frames == 0  # the self view stays empty
    assert "secret-name" not in caplog.text
    assert any("has no H.264 picture: voice only" in r.getMessage() for r in caplog.records)
    engine.hang_up()
    wait_until(lambda: listener.ended, 5, "the end")
