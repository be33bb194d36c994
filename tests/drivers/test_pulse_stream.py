"""A video call's voice through a real PulseAudio (tests.drivers.pulse_stack: a private server with a
pipe microphone and a null sink): parec records the microphone at 48 kHz, pacat plays into the sink,
both come back after PulseAudio drops them, and nothing blocks the caller."""

from __future__ import annotations

import time

import numpy as np
import pytest

from drivers.audio import pulse_stream
from drivers.audio.pulse_stream import PulseCapture, PulsePlayback
from tests.drivers import pulse_stack
from tests.drivers.pulse_stack import tone


@pytest.fixture(scope="module")
def stack():
    stack = pulse_stack.acquire()
    yield stack
    stack.silence()
    pulse_stack.release()


def _record(capture: PulseCapture, seconds: float) -> np.ndarray:
    got = bytearray()
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        got += capture.read()
        time.sleep(0.02)
    return np.frombuffer(bytes(got), "<i2")


def test_the_microphone_is_recorded_at_48_khz(stack):
    stack.feed(tone(1000, 1000, amplitude=0.6), loop=True)
    capture = PulseCapture()
    capture.start()
    try:
        samples = _record(capture, 2.0)
    finally:
        capture.close()
        stack.silence()
    assert len(samples) > 48_000  # over a second of 48 kHz audio in two seconds
    loud = samples[-24_000:]
    assert np.abs(loud).max() > 8000  # the tone, not silence
    spectrum = np.abs(np.fft.rfft(loud.astype(float)))
    peak_hz = np.argmax(spectrum[1:]) + 1
    assert abs(peak_hz * 48_000 / len(loud) - 1000) < 20  # resampled to 48 kHz: 1 kHz stays 1 kHz


def test_the_recorder_keeps_only_the_newest_audio_for_a_slow_reader(stack):
    capture = PulseCapture(buffer_seconds=0.2)
    capture.start()
    try:
        time.sleep(1.0)
        assert len(capture.read()) <= 0.2 * pulse_stream.BYTES_PER_SECOND
    finally:
        capture.close()


def test_playback_reaches_the_sink_without_blocking(stack):
    player = PulsePlayback()
    try:
        chunk = np.zeros(960, "<i2").tobytes()  # 20 ms
        started = time.monotonic()
        written = sum(player.write(chunk) for _ in range(50))
        assert time.monotonic() - started < 1.0  # a full pipe drops, never waits
        assert written > 0
        deadline = time.monotonic() + 5
        while "court-kiosk" not in stack.pactl("list", "sink-inputs").stdout:
            assert time.monotonic() < deadline, "no playback stream reached PulseAudio"
            player.write(chunk)
            time.sleep(0.05)
    finally:
        player.close()


def test_a_player_that_pulseaudio_drops_comes_back(stack, monkeypatch):
    monkeypatch.setattr(pulse_stream, "RESTART_SECONDS", 0.1)
    player = PulsePlayback()
    try:
        chunk = bytes(1920)
        assert player.write(chunk) or player.write(chunk)
        player._process.proc.kill()
        player._process.proc.wait()
        deadline = time.monotonic() + 5
        while not player.write(chunk):
            assert time.monotonic() < deadline
            time.sleep(0.05)
        assert "pacat ended" in player.problem
    finally:
        player.close()


def test_the_deployed_echo_canceller_gives_the_devices_kiosk_toml_names(stack):
    """deploy/pulse/court-kiosk-echo-cancel.pa's module line, loaded in a real PulseAudio: its source and
    sink exist under the names deploy/kiosk.toml.in gives video.pulse_source and video.pulse_sink, and a
    call records from one and plays to the other."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    line = next(x for x in (root / "deploy/pulse/court-kiosk-echo-cancel.pa").read_text().splitlines()
                if x.startswith("load-module"))
    toml = (root / "deploy/kiosk.toml.in").read_text()
    assert 'pulse_source = "kiosk_aec_source"' in toml and 'pulse_sink = "kiosk_aec_sink"' in toml
    module = stack.pactl(*line.split()).stdout.strip()
    try:
        assert "kiosk_aec_source" in stack.pactl("list", "short", "sources").stdout
        assert "kiosk_aec_sink" in stack.pactl("list", "short", "sinks").stdout
        stack.feed(tone(700, 1000, amplitude=0.6), loop=True)
        capture, player = PulseCapture("kiosk_aec_source"), PulsePlayback("kiosk_aec_sink")
        capture.start()
        try:
            for _ in range(20):
                player.write(bytes(1920))
            samples = _record(capture, 2.0)
        finally:
            capture.close()
            player.close()
            stack.silence()
        assert len(samples) > 48_000
        voice = samples[-24_000:].astype(float)
        assert np.abs(voice).max() > 200  # (WebRTC's noise suppression turns a steady tone down, not off)
        spectrum = np.abs(np.fft.rfft(voice))
        assert abs((np.argmax(spectrum[1:]) + 1) * 48_000 / len(voice) - 700) < 20  # the microphone's tone
    finally:
        stack.pactl("unload-module", module, check=False)
