"""The simulated microphone and the level meter."""

from __future__ import annotations

import math
import struct
import time
import wave

import pytest

from drivers.audio import AudioError, Microphone, MicrophoneUnavailable, level
from drivers.audio.simulator import SimulatedMicrophone, render_script


def test_level_is_rms_between_zero_and_one():
    assert level(b"") == 0.0
    assert level(bytes(320)) == 0.0
    square = struct.pack("<4h", 32767, -32768, 32767, -32768)
    assert level(square) == pytest.approx(1.0, abs=1e-4)
    half = struct.pack("<2h", 16384, -16384)
    assert level(half) == pytest.approx(0.5)


def test_tone_is_louder_than_silence():
    mic = SimulatedMicrophone([("silence", 200), ("tone", 440, 200), ("silence", 100)], realtime=False)
    assert isinstance(mic, Microphone)
    mic.start()
    quiet = mic.read(200)
    loud = mic.read(200)
    assert len(quiet) == len(loud) == 16000 * 2 // 5  # 16 kHz, 2 bytes, 200 ms
    assert level(loud) > 0.15 > level(quiet)
    assert level(loud) == pytest.approx(0.3 / math.sqrt(2), rel=0.02)  # sine RMS
    assert level(mic.read(100)) == 0.0
    assert mic.read(1000) == bytes(32000)  # after the script: silence
    mic.stop()


def test_start_replays_the_script_and_play_replaces_it():
    mic = SimulatedMicrophone([("tone", 1000, 50, 0.8)], realtime=False)
    mic.start()
    first = mic.read(50)
    mic.stop()
    mic.start()
    assert mic.read(50) == first
    mic.play([("silence", 50)])
    mic.start()
    assert level(mic.read(50)) == 0.0


def test_wav_segment_is_mixed_to_mono_and_resampled(tmp_path):
    path = tmp_path / "speech.wav"
    with wave.open(str(path), "wb") as wav:
        wav.setnchannels(2)
        wav.setsampwidth(2)
        wav.setframerate(8000)
        frames = [round(10000 * math.sin(2 * math.pi * 300 * i / 8000)) for i in range(4000)]  # 0.5 s
        wav.writeframes(b"".join(struct.pack("<hh", v, v) for v in frames))
    pcm = render_script([("wav", path)])
    assert len(pcm) == 16000  # 0.5 s at 16 kHz, 2 bytes per sample
    assert level(pcm) == pytest.approx(10000 / 32768 / math.sqrt(2), rel=0.05)


def test_bad_wav_and_bad_segments(tmp_path):
    with pytest.raises(AudioError, match="cannot read"):
        render_script([("wav", tmp_path / "missing.wav")])
    with pytest.raises(ValueError, match="segment"):
        SimulatedMicrophone([("noise", 100)])


def test_read_needs_start_and_a_plugged_device():
    mic = SimulatedMicrophone(realtime=False)
    with pytest.raises(AudioError, match="not started"):
        mic.read(20)
    mic.unplug()
    assert not mic.is_usable()
    with pytest.raises(MicrophoneUnavailable):
        mic.start()
    mic.plug()
    mic.start()
    assert mic.read(20) == bytes(640)
    mic.close()
    mic.close()


def test_realtime_reads_are_paced():
    mic = SimulatedMicrophone([("tone", 440, 100)], realtime=True)
    mic.start()
    started = time.monotonic()
    for _ in range(3):
        mic.read(50)
    assert time.monotonic() - started >= 0.13
    mic.stop()
