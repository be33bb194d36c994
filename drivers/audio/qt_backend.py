"""Microphones through QtMultimedia's QAudioSource (16 kHz mono s16le).

QAudioSource needs a Qt event loop in the thread that owns it, but the
Microphone API is blocking and is called from the device's worker thread
(never the GUI thread). So each ``QtMicrophone`` owns one ``QThread`` (started
lazily, joined by ``close()``) running an event loop in which the
QAudioSource lives:

- the source delivers PCM with ``readyRead`` into a thread-safe ring buffer
  (the oldest audio is dropped when nobody reads for ``buffer_seconds``);
- ``read(ms)`` blocks on that buffer, with a timeout;
- ``start()``, ``stop()``, ``is_usable()`` and ``close()`` marshal their Qt
  work into the audio thread (a queued signal) and wait for its answer.

Nothing here waits for the GUI thread, so the calls work while the GUI thread
is busy or blocked. QtMultimedia needs a QCoreApplication (the kiosk's
QApplication) to exist; without one the microphone reports itself unusable.

Qt does not report every lost input (Qt 6.12 keeps a killed PulseAudio
recording "active" with no error), so a watchdog in the audio thread also
counts an input that delivers nothing for ``LOST_AFTER_SECONDS`` as lost.

Only QtCore and QtMultimedia are used (no widgets); QtMultimedia is imported
on first use, so importing this module (the driver registry, ``kiosk.spec``)
loads no audio backend. PySide6 cannot convert ``QAudioSource.stateChanged``'s
argument for a Python callable, so the slot takes no argument and asks the
source for its state.
"""

from __future__ import annotations

import concurrent.futures
import logging
import threading
import time
from collections.abc import Callable
from types import ModuleType
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QObject, Qt, QThread, QTimer, Signal, Slot

from drivers.audio.base import (
    CHANNELS,
    SAMPLE_RATE,
    SAMPLE_WIDTH,
    AudioError,
    MicrophoneUnavailable,
    bytes_for_ms,
    level,
)
from drivers.base import Usability

if TYPE_CHECKING:
    from PySide6.QtMultimedia import QAudioDevice, QAudioFormat, QAudioSource

__all__ = ["QtMicrophone"]

log = logging.getLogger("drivers.audio")

#: A capturing input that delivers nothing for this long counts as lost.
LOST_AFTER_SECONDS = 2.0
#: How often the audio thread checks that the input is still alive.
WATCHDOG_MS = 250
#: read() gives up when the audio it asked for has not arrived this long after it should have.
STALL_SECONDS = LOST_AFTER_SECONDS + 1.0
#: How long a caller waits for the audio thread to answer a request.
CALL_TIMEOUT = 10.0
#: The level meter looks at this much of the most recent audio.
LEVEL_MS = 100


def _multimedia() -> ModuleType:
    """PySide6.QtMultimedia, imported on first use (in the audio thread): importing it loads
    Qt's audio backends, which logs about PipeWire and costs start-up time."""
    import PySide6.QtMultimedia

    return PySide6.QtMultimedia


def _wanted_format() -> QAudioFormat:
    fmt = _multimedia().QAudioFormat()
    fmt.setSampleRate(SAMPLE_RATE)
    fmt.setChannelCount(CHANNELS)
    fmt.setSampleFormat(fmt.SampleFormat.Int16)
    return fmt


def _device_id(device: QAudioDevice) -> str:
    return bytes(device.id().data()).decode("utf-8", "replace")


def _device_name(device: QAudioDevice) -> str:
    return device.description() or _device_id(device)


class _Capture(QObject):
    """Lives in the audio thread: owns the QAudioSource and runs marshalled jobs."""

    job = Signal(object)

    def __init__(self, mic: QtMicrophone) -> None:
        super().__init__()
        self._mic = mic
        self._mm = _multimedia()
        errors = self._mm.QtAudio.Error
        self._harmless = (errors.NoError, errors.UnderrunError)  # an input does not underrun
        self._source: QAudioSource | None = None
        self._io: Any = None
        self._device_id = b""
        self._last_audio = 0.0
        self.device_name = ""
        self._watchdog = QTimer(self)
        self._watchdog.setInterval(WATCHDOG_MS)
        self._watchdog.timeout.connect(self._check_alive)
        self.job.connect(self._run_job, Qt.ConnectionType.QueuedConnection)

    @Slot(object)
    def _run_job(self, job: Callable[[], None]) -> None:
        job()

    # -- devices (audio thread) --

    def find_device(self) -> QAudioDevice:
        """The configured input, or MicrophoneUnavailable naming the available ones."""
        wanted = self._mic.device
        inputs = self._mm.QMediaDevices.audioInputs()
        if wanted:
            needle = wanted.casefold()
            for device in inputs:
                if needle in device.description().casefold() or needle in _device_id(device).casefold():
                    return device
        else:
            device = self._mm.QMediaDevices.defaultAudioInput()
            if not device.isNull():
                return device
        names = ", ".join(repr(_device_name(d)) for d in inputs) or "none"
        what = f"no audio input matching {wanted!r}" if wanted else "no default audio input"
        raise MicrophoneUnavailable(f"{what}; available inputs: {names}")

    def check(self) -> Usability:
        device = self.find_device()
        if not device.isFormatSupported(_wanted_format()):
            return Usability(False, f"audio input {_device_name(device)!r} cannot record "
                                    "16 kHz mono 16-bit audio")
        if self._source is not None:
            return Usability(True, f"capturing from {_device_name(device)!r}")
        return Usability(True, f"audio input {_device_name(device)!r} ready")

    # -- capture (audio thread) --

    def start(self) -> None:
        if self._source is not None:
            return
        device = self.find_device()
        fmt = _wanted_format()
        name = _device_name(device)
        if not device.isFormatSupported(fmt):
            raise MicrophoneUnavailable(f"audio input {name!r} cannot record 16 kHz mono 16-bit audio")
        source = self._mm.QAudioSource(device, fmt)
        source.stateChanged.connect(self._state_changed)
        io = source.start()
        if io is None or source.error() != self._mm.QtAudio.Error.NoError:
            error = source.error().name
            source.stop()
            raise MicrophoneUnavailable(f"audio input {name!r} did not start ({error})")
        io.readyRead.connect(self._ready_read)
        self._source, self._io, self.device_name = source, io, name
        self._device_id = device.id().data()
        self._last_audio = time.monotonic()
        self._watchdog.start()
        log.info("microphone started (qt, %d Hz mono)", source.format().sampleRate())

    def stop(self) -> None:
        self._watchdog.stop()
        source, self._source, self._io = self._source, None, None
        if source is not None:
            source.stateChanged.disconnect(self._state_changed)
            source.stop()
            log.info("microphone stopped (qt)")

    def _lost(self, why: str) -> None:
        log.warning("microphone lost (qt): %s", why)
        self.stop()
        self._mic._fail(MicrophoneUnavailable(
            f"audio input {self.device_name!r} stopped delivering audio ({why})"))

    @Slot()
    def _ready_read(self) -> None:
        if self._io is not None:
            data = self._io.readAll().data()
            if data:
                self._last_audio = time.monotonic()
                self._mic._push(bytes(data))

    @Slot()
    def _state_changed(self) -> None:
        if self._source is None:
            return
        error = self._source.error()
        if error not in self._harmless:
            self._lost(error.name)

    @Slot()
    def _check_alive(self) -> None:
        """Qt does not always report a lost input (a killed PulseAudio stream stays "active")."""
        if self._source is None:
            return
        error = self._source.error()
        if error not in self._harmless:
            self._lost(error.name)
        elif not any(d.id().data() == self._device_id for d in self._mm.QMediaDevices.audioInputs()):
            self._lost("the device was removed")
        elif time.monotonic() - self._last_audio > LOST_AFTER_SECONDS:
            self._lost(f"no audio for {LOST_AFTER_SECONDS:g} s")


class _AudioThread(QThread):
    def __init__(self, mic: QtMicrophone) -> None:
        super().__init__()
        self.setObjectName("microphone-audio")
        self._mic = mic
        self.ready = threading.Event()
        self.capture: _Capture | None = None

    def run(self) -> None:
        self.capture = _Capture(self._mic)
        self.ready.set()
        try:
            self.exec()
        finally:
            self.capture.stop()
            self.capture = None  # the QObjects go away in the thread that owns them


class QtMicrophone:
    """A microphone (16 kHz mono s16le) through QtMultimedia.

    ``device`` picks the first audio input whose description or id contains
    it (case-insensitive); None or "" picks the system's default input.
    Captured audio waits in a ring buffer of ``buffer_seconds``; when nobody
    reads, the oldest audio is dropped. ``level`` is the RMS (0..1) of the
    most recent 100 ms, for a level meter.

    Blocking methods; call them from one worker thread (not the GUI thread).
    """

    def __init__(self, device: str | None = None, buffer_seconds: float = 10.0) -> None:
        if buffer_seconds <= 0:
            raise ValueError("buffer_seconds must be positive")
        self.device = device or None
        self._capacity = max(bytes_for_ms(LEVEL_MS), int(buffer_seconds * SAMPLE_RATE) * SAMPLE_WIDTH)
        self._cond = threading.Condition()
        self._buffer = bytearray()
        self._recent = bytearray()
        self._running = False
        self._error: AudioError | None = None
        self._dropped = 0
        self._lifecycle = threading.RLock()  # open/close
        self._thread: _AudioThread | None = None

    # -- called from the audio thread --

    def _push(self, data: bytes) -> None:
        with self._cond:
            if not self._running:
                return
            self._buffer += data
            excess = len(self._buffer) - self._capacity
            if excess > 0:
                excess += excess % SAMPLE_WIDTH
                del self._buffer[:excess]
                if not self._dropped:
                    log.info("microphone buffer full: dropping the oldest audio until read")
                self._dropped += excess
            keep = bytes_for_ms(LEVEL_MS)
            self._recent = (self._recent + data)[-keep:]
            self._cond.notify_all()

    def _fail(self, error: AudioError) -> None:
        with self._cond:
            self._running = False
            self._error = error
            self._cond.notify_all()

    # -- the audio thread --

    def _capture(self) -> _Capture:
        """The audio thread's capture object, starting the thread on first use."""
        with self._lifecycle:
            if self._thread is None:
                if QCoreApplication.instance() is None:
                    raise MicrophoneUnavailable("QtMultimedia needs a running Qt application "
                                                "(QCoreApplication); none exists")
                thread = _AudioThread(self)
                thread.start()
                if not thread.ready.wait(CALL_TIMEOUT):
                    raise AudioError("the microphone's audio thread did not start")
                self._thread = thread
            assert self._thread.capture is not None
            return self._thread.capture

    def _call(self, fn: Callable[[_Capture], Any]) -> Any:
        """Run ``fn(capture)`` in the audio thread and return its result (or raise its error)."""
        capture = self._capture()
        future: concurrent.futures.Future = concurrent.futures.Future()

        def job() -> None:
            if not future.set_running_or_notify_cancel():
                return
            try:
                future.set_result(fn(capture))
            except BaseException as exc:  # handed to the caller
                future.set_exception(exc)

        capture.job.emit(job)
        try:
            return future.result(CALL_TIMEOUT)
        except concurrent.futures.TimeoutError:
            future.cancel()
            raise AudioError(f"the microphone's audio thread did not answer within {CALL_TIMEOUT:g} s") from None

    # -- Microphone --

    def start(self) -> None:
        """Start capturing (from now on); no-op when already capturing."""
        with self._cond:
            if self._running:
                return
            self._buffer.clear()
            self._recent.clear()
            self._error = None
            self._dropped = 0
            self._running = True
        try:
            self._call(lambda capture: capture.start())
        except BaseException:
            with self._cond:
                self._running = False
            raise

    def read(self, ms: int) -> bytes:
        """Block until ``ms`` milliseconds of audio have been captured and return them.

        Raises AudioError when not started, MicrophoneUnavailable when the
        device went away, AudioError when the audio stalls.
        """
        if ms <= 0:
            raise ValueError("ms must be positive")
        n = bytes_for_ms(ms)
        deadline = time.monotonic() + ms / 1000 + STALL_SECONDS
        with self._cond:
            while True:
                if self._error is not None:
                    raise self._error
                if not self._running:
                    raise AudioError("microphone is not started")
                if len(self._buffer) >= n:
                    chunk = bytes(self._buffer[:n])
                    del self._buffer[:n]
                    return chunk
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise AudioError(f"microphone delivered no audio for {STALL_SECONDS:g} s "
                                     f"({len(self._buffer) // SAMPLE_WIDTH} of {n // SAMPLE_WIDTH} samples)")
                self._cond.wait(remaining)

    @property
    def level(self) -> float:
        """RMS level (0.0 .. 1.0) of the most recent 100 ms captured; 0.0 when not capturing."""
        with self._cond:
            if not self._running:
                return 0.0
            recent = bytes(self._recent)
        return level(recent)

    def _reset_capture(self) -> None:
        """Not capturing, no error, no unread audio; wakes any waiting read()."""
        with self._cond:
            self._running = False
            self._error = None
            self._buffer.clear()
            self._recent.clear()
            self._cond.notify_all()

    def stop(self) -> None:
        """Stop capturing; unread audio is discarded. No-op when not capturing."""
        self._reset_capture()
        with self._lifecycle:
            if self._thread is None:
                return
        self._call(lambda capture: capture.stop())

    def is_usable(self) -> Usability:
        with self._cond:
            error = self._error
        if error is not None:
            return Usability(False, str(error))
        try:
            return self._call(lambda capture: capture.check())
        except AudioError as exc:
            return Usability(False, str(exc))

    def close(self) -> None:
        """Stop capturing and join the audio thread. Idempotent; the next call opens again."""
        self._reset_capture()
        with self._lifecycle:
            thread, self._thread = self._thread, None
            if thread is None:
                return
            thread.quit()  # run() stops the source after the loop ends, in its own thread
            if not thread.wait(int(CALL_TIMEOUT * 1000)):
                self._thread = thread  # never drop a running QThread
                raise AudioError("the microphone's audio thread did not stop")
            log.info("microphone closed (qt)")
