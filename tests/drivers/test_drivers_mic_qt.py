"""The QtMultimedia microphone on a PulseAudio virtual microphone fed at real-time pace."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from drivers.audio import AudioError, Microphone, MicrophoneUnavailable, level
from drivers.audio.qt_backend import QtMicrophone
from drivers.base import DeviceUnavailable
from tests.drivers import pulse_stack
from tests.drivers.pulse_stack import tone

# QtMultimedia looks for PipeWire first and says so (harmless) when it is first used; a mark on
# every test, since whichever test runs first (or its fixture) loads the backend.
pytestmark = pytest.mark.qt_log_ignore(
    r"Couldn't load pipewire-0\.3 library",
    r"Couldn't resolve pipewire-0\.3 symbols",
)

RATE = 16_000


@pytest.fixture(scope="session")
def pulse(qapp):
    """The private PulseAudio whose default source is the fed pipe, started before QtMultimedia."""
    stack = pulse_stack.acquire()
    try:
        probe = QtMicrophone("testmic")
        usable = probe.is_usable()
        probe.close()
        assert usable.ok, (f"QtMultimedia does not see the virtual microphone ({usable.reason}); "
                           "was QtMultimedia used before PULSE_SERVER was set?")
        yield stack
    finally:
        pulse_stack.release()


@pytest.fixture
def mic(pulse):
    microphone = QtMicrophone()
    yield microphone
    microphone.close()
    assert microphone._thread is None  # joined


def read_until(mic, condition, seconds=5.0, chunk_ms=50) -> None:
    """Read and drop audio until a chunk meets ``condition`` (the feed has reached the capture)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition(mic.read(chunk_ms)):
            return
    pytest.fail("the fed audio never reached the microphone")


def wait_for(condition, seconds=5.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "condition not met in time"
        time.sleep(0.02)


def zero_crossing_frequency(pcm: bytes) -> float:
    from drivers.audio.base import samples

    values = samples(pcm)
    crossings = sum(1 for a, b in zip(values, values[1:], strict=False) if (a < 0) != (b < 0))
    return crossings / 2 / (len(values) / RATE)


def test_tone_is_captured_at_16khz_mono(pulse, mic):
    assert isinstance(mic, Microphone)
    pulse.feed(tone(440, 1000, amplitude=0.5), loop=True)
    mic.start()
    read_until(mic, lambda chunk: level(chunk) > 0.1)
    start = time.monotonic()
    captured = bytearray()
    while time.monotonic() - start < 2.0:
        captured += mic.read(100)
    elapsed = time.monotonic() - start
    rate = len(captured) / 2 / elapsed
    assert rate == pytest.approx(RATE, rel=0.10)
    assert zero_crossing_frequency(bytes(captured)) == pytest.approx(440, rel=0.03)
    assert level(bytes(captured)) == pytest.approx(0.5 / 2**0.5, rel=0.05)  # sine RMS: nothing lost
    assert mic.level > 0.1
    assert mic.level == pytest.approx(0.354, rel=0.1)


def test_silence_gives_level_zero(pulse, mic):
    pulse.feed(tone(1000, 300, amplitude=0.8))  # then silence
    mic.start()
    read_until(mic, lambda chunk: level(chunk) > 0.1)
    read_until(mic, lambda chunk: level(chunk) == 0.0)
    assert level(mic.read(500)) < 0.001
    assert mic.level < 0.001


def test_read_returns_the_asked_duration(pulse, mic):
    pulse.silence()
    mic.start()
    for ms in (10, 20, 100, 333, 1000):
        assert len(mic.read(ms)) == RATE * ms // 1000 * 2
    with pytest.raises(ValueError):
        mic.read(0)


def test_stop_then_start_again(pulse, mic):
    with pytest.raises(AudioError, match="not started"):
        mic.read(100)
    pulse.feed(tone(440, 500), loop=True)
    mic.start()
    mic.start()  # no-op while capturing
    read_until(mic, lambda chunk: level(chunk) > 0.1)
    assert len(pulse.source_outputs()) == 1
    mic.stop()
    mic.stop()
    with pytest.raises(AudioError, match="not started"):
        mic.read(100)
    assert mic.level == 0.0
    wait_for(lambda: not pulse.source_outputs())  # the recording stream is gone
    mic.start()
    read_until(mic, lambda chunk: level(chunk) > 0.1)
    assert len(mic.read(200)) == 6400


def test_device_chosen_by_name(pulse):
    for name in ("testmic", "FIFO source"):
        microphone = QtMicrophone(name)
        try:
            usable = microphone.is_usable()
            assert usable.ok, usable.reason
            assert "FIFO source" in usable.reason
            microphone.start()
            assert len(microphone.read(50)) == 1600
        finally:
            microphone.close()


def test_missing_device_is_not_usable_and_names_the_inputs(pulse):
    microphone = QtMicrophone("no-such-microphone")
    try:
        usable = microphone.is_usable()
        assert not usable.ok
        assert "no-such-microphone" in usable.reason
        assert f"available inputs: 'Unix FIFO source {pulse.fifo}'" in usable.reason
        with pytest.raises(MicrophoneUnavailable) as caught:
            microphone.start()
        assert isinstance(caught.value, DeviceUnavailable)
        with pytest.raises(AudioError, match="not started"):
            microphone.read(10)
    finally:
        microphone.close()


def test_blocking_api_works_from_a_worker_while_the_gui_thread_waits(pulse, qapp):
    """The GUI thread processes no Qt events at all here (it sits in join)."""
    pulse.feed(tone(440, 1000, amplitude=0.5), loop=True)
    result: dict = {}

    def work() -> None:
        microphone = QtMicrophone()
        try:
            result["usable"] = microphone.is_usable().ok
            microphone.start()
            read_until(microphone, lambda chunk: level(chunk) > 0.1)
            result["pcm"] = microphone.read(500)
            result["level"] = microphone.level
            microphone.stop()
        except BaseException as exc:  # reported below, on the test's thread
            result["error"] = exc
        finally:
            microphone.close()

    worker = threading.Thread(target=work)
    worker.start()
    worker.join(timeout=20)
    assert not worker.is_alive()
    assert "error" not in result, result.get("error")
    assert result["usable"]
    assert len(result["pcm"]) == 16000
    assert zero_crossing_frequency(result["pcm"]) == pytest.approx(440, rel=0.03)
    assert result["level"] > 0.1


def test_unread_audio_is_capped_by_the_buffer(pulse):
    pulse.silence()
    microphone = QtMicrophone(buffer_seconds=0.25)
    try:
        microphone.start()
        microphone.read(20)
        time.sleep(1.0)  # nobody reads for 1 s: only the newest 0.25 s may stay
        begin = time.monotonic()
        microphone.read(250)
        assert time.monotonic() - begin < 0.1  # already buffered
        begin = time.monotonic()
        microphone.read(250)
        assert time.monotonic() - begin > 0.15  # the buffer held no more than 0.25 s
    finally:
        microphone.close()


def test_device_lost_mid_capture_raises_and_start_recovers(pulse, mic):
    pulse.feed(tone(440, 500), loop=True)
    mic.start()
    read_until(mic, lambda chunk: level(chunk) > 0.1)
    assert pulse.kill_recordings() == 1
    with pytest.raises(MicrophoneUnavailable, match="stopped delivering audio"):
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            mic.read(20)
    usable = mic.is_usable()
    assert not usable.ok and "stopped delivering audio" in usable.reason
    mic.start()  # plugged back in: capture again
    read_until(mic, lambda chunk: level(chunk) > 0.1)
    assert mic.is_usable().ok


def test_close_is_idempotent_joins_its_thread_and_reopens(pulse):
    microphone = QtMicrophone()
    microphone.close()  # never opened: nothing to do
    microphone.start()
    thread = microphone._thread
    assert thread is not None and thread.isRunning()
    microphone.close()
    assert thread.isFinished()
    microphone.close()
    with pytest.raises(AudioError, match="not started"):
        microphone.read(10)
    microphone.start()  # lazily opened again
    try:
        assert len(microphone.read(50)) == 1600
    finally:
        microphone.close()


def test_unplugged_microphone_raises_is_not_usable_and_comes_back(pulse):
    microphone = QtMicrophone("testmic")
    try:
        pulse.feed(tone(440, 500), loop=True)
        microphone.start()
        read_until(microphone, lambda chunk: level(chunk) > 0.1)
        pulse.unplug()
        with pytest.raises(MicrophoneUnavailable, match="stopped delivering audio"):
            deadline = time.monotonic() + 5
            while time.monotonic() < deadline:
                microphone.read(20)
        usable = microphone.is_usable()
        assert not usable.ok and "stopped delivering audio" in usable.reason
        pulse.plug()
        microphone.start()
        read_until(microphone, lambda chunk: level(chunk) > 0.1)
    finally:
        pulse.plug()
        microphone.close()


def test_without_a_qt_application_the_microphone_says_why():
    code = ("from drivers.audio.qt_backend import QtMicrophone\n"
            "from drivers.audio import MicrophoneUnavailable\n"
            "m = QtMicrophone()\n"
            "print(m.is_usable())\n"
            "try:\n    m.start()\nexcept MicrophoneUnavailable as exc:\n    print('refused:', exc)\n"
            "m.close()\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60,
                          cwd=Path(__file__).resolve().parents[2])
    assert done.returncode == 0, done.stderr
    assert "Usability(ok=False, reason='QtMultimedia needs a running Qt application" in done.stdout
    assert "refused: QtMultimedia needs a running Qt application" in done.stdout
