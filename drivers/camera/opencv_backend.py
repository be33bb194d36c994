"""Document cameras (高拍仪) through OpenCV ``VideoCapture``.

The source is a device index (``0`` or ``"0"``: ``/dev/video0`` through V4L2 on
Linux), a video file or an image-sequence pattern (``frames/%03d.png``: a recorded
camera for demos and tests; it loops), or a stream URL (``rtsp://``, ``http://``).

Only transport here: frames come out as BGR numpy arrays (``read_frame``, the fast
path for a live preview) or PNG :class:`Frame` objects (``capture``); page
detection and perspective correction are pure functions in
:mod:`drivers.camera.pages`.

The capture is opened lazily, on the first call that needs it. When a source stops
delivering (the camera was unplugged, the file or stream went away) the capture is
released and the call raises :class:`CameraUnavailable`; the next call opens it
again, so a camera that is plugged back in is picked up without a restart. Losing
and regaining the camera is logged once each. Frames may show personal documents:
they are never logged, only sizes and counts.
"""

from __future__ import annotations

import logging
import os
import re
import sys
import threading
import time
from pathlib import Path
from typing import Any

import cv2
import numpy as np

from drivers.base import LogsAvailability, Usability
from drivers.camera.base import CameraError, CameraUnavailable, Frame

log = logging.getLogger("drivers.camera")

# OpenCV prints its own warnings ("can't open camera by index") to stderr; ours say the same
# in words and go through logging. A deployment can still ask for them with OPENCV_LOG_LEVEL.
if "OPENCV_LOG_LEVEL" not in os.environ:  # pragma: no branch
    cv2.utils.logging.setLogLevel(cv2.utils.logging.LOG_LEVEL_ERROR)

_URL = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*://")
_CREDENTIALS = re.compile(r"(://)[^/@]*@")
_PATTERN = re.compile(r"%0?\d*d")


class OpenCvCamera(LogsAvailability):
    """A document camera read through OpenCV.

    ``source``: device index (int or digit string), video file, image-sequence
    pattern (``frames/%03d.png``) or URL. ``width``/``height``/``fps``/``fourcc``
    are requested from a device (it may give something else: see ``size``); for
    files they are ignored, except ``fps``, which then paces ``read_frame`` like a
    camera would. ``loop``: a file or image sequence starts again at its end (else
    the end raises :class:`CameraError`). ``timeout`` bounds opening and reading a
    URL. ``flush``: frames dropped before ``capture()`` on a live device, so the
    still is taken now and not from the driver's queue.
    """

    _log = log

    def __init__(
        self,
        source: str | int = 0,
        width: int | None = None,
        height: int | None = None,
        fps: float | None = None,
        loop: bool = True,
        fourcc: str | None = None,
        timeout: float = 5.0,
        flush: int = 2,
    ) -> None:
        if isinstance(source, bool) or not isinstance(source, int | str):
            raise ValueError(f"camera source must be a device index, a path or a URL, got {source!r}")
        if isinstance(source, str) and source.strip().isdigit():
            source = int(source.strip())
        if isinstance(source, str) and not source.strip():
            raise ValueError("camera source is empty")
        if fourcc is not None and len(fourcc) != 4:
            raise ValueError(f"fourcc must be 4 characters (e.g. 'MJPG'), got {fourcc!r}")
        self.source: str | int = source
        self.width = int(width) if width else None
        self.height = int(height) if height else None
        self.fps = float(fps) if fps else None
        self.loop = bool(loop)
        self.fourcc = fourcc
        self.timeout = float(timeout)
        self.flush = max(0, int(flush))
        self._lock = threading.RLock()
        self._cap: Any = None
        self._available: bool | None = None
        self._next_due = 0.0
        self.size: tuple[int, int] | None = None  # (width, height) of the last frame

    # -- what the source is --

    @property
    def kind(self) -> str:
        """'device', 'url', 'sequence' or 'file'."""
        if isinstance(self.source, int):
            return "device"
        if _URL.match(self.source):
            return "url"
        if _PATTERN.search(Path(self.source).name):
            return "sequence"
        return "file"

    @property
    def live(self) -> bool:
        """Whether frames come from a camera or stream (not a recording)."""
        return self.kind in ("device", "url")

    @property
    def _where(self) -> str:
        kind = self.kind
        if kind == "device":
            return f"camera {self.source} (/dev/video{self.source})" if sys.platform.startswith("linux") \
                else f"camera {self.source}"
        if kind == "url":
            return "camera stream " + _CREDENTIALS.sub(r"\1***@", str(self.source))
        if kind == "sequence":
            return f"camera image sequence {self.source}"
        return f"camera file {self.source}"

    def _problem(self) -> str | None:
        """Why the source cannot be there, found without OpenCV (None: try to open it)."""
        kind = self.kind
        if kind == "device" and sys.platform.startswith("linux"):
            node = Path(f"/dev/video{self.source}")
            if not node.exists():
                return f"{node} does not exist (camera unplugged or driver not loaded)"
            if not os.access(node, os.R_OK | os.W_OK):
                return f"no permission to open {node} (add the kiosk user to the 'video' group)"
        elif kind == "file":
            path = Path(self.source)
            if not path.is_file():
                return "file not found"
        elif kind == "sequence":
            folder = Path(self.source).parent
            if not folder.is_dir():
                return f"folder {folder} not found"
        return None

    # -- opening and losing --

    def _unavailable(self, reason: str) -> CameraUnavailable:
        self._release()
        self._note(False, reason)
        return CameraUnavailable(f"{self._where}: {reason}")

    def _open(self) -> Any:
        if self._cap is not None:
            return self._cap
        problem = self._problem()
        if problem:
            raise self._unavailable(problem)
        kind = self.kind
        params: list[int] = []
        if kind == "device":
            api = cv2.CAP_V4L2 if sys.platform.startswith("linux") else cv2.CAP_ANY
        elif kind == "url":
            api = cv2.CAP_FFMPEG
            ms = max(1, int(self.timeout * 1000))
            params = [cv2.CAP_PROP_OPEN_TIMEOUT_MSEC, ms, cv2.CAP_PROP_READ_TIMEOUT_MSEC, ms]
        elif kind == "sequence":
            api = cv2.CAP_ANY
        else:
            api = cv2.CAP_FFMPEG
        try:
            cap = cv2.VideoCapture(self.source, api, params)
        except cv2.error as exc:
            raise self._unavailable(f"cannot open: {exc.err or exc}") from exc
        if not cap.isOpened():
            cap.release()
            reason = {
                "device": "cannot open the device (busy, or not a video capture device)",
                "url": "cannot connect to the stream",
                "sequence": "no image matches the pattern",
                "file": "not a readable video or image",
            }[kind]
            raise self._unavailable(reason)
        if kind == "device":
            if self.fourcc:
                cap.set(cv2.CAP_PROP_FOURCC, cv2.VideoWriter_fourcc(*self.fourcc))
            if self.width:
                cap.set(cv2.CAP_PROP_FRAME_WIDTH, self.width)
            if self.height:
                cap.set(cv2.CAP_PROP_FRAME_HEIGHT, self.height)
            if self.fps:
                cap.set(cv2.CAP_PROP_FPS, self.fps)
        self._cap = cap  # (the pacing goes on: read_frame paced this frame before opening)
        log.debug("%s opened (%s backend)", self._where, cap.getBackendName())
        return cap

    def _release(self) -> None:
        cap, self._cap = self._cap, None
        if cap is not None:
            cap.release()

    def _read(self) -> np.ndarray:
        cap = self._open()
        ok, image = cap.read()
        if not ok and not self.live:
            if not self.loop:
                self._release()
                raise CameraError(f"{self._where}: end of the recording (loop is off)")
            # back to the first frame; an image sequence whose files went away fails here too
            if cap.set(cv2.CAP_PROP_POS_FRAMES, 0):
                ok, image = cap.read()
            if not ok:  # some containers cannot seek: open again
                self._release()
                cap = self._open()
                ok, image = cap.read()
        if not ok or image is None or image.size == 0:
            raise self._unavailable("stopped delivering frames")
        if image.ndim == 2:
            image = cv2.cvtColor(image, cv2.COLOR_GRAY2BGR)
        elif image.shape[2] == 4:
            image = cv2.cvtColor(image, cv2.COLOR_BGRA2BGR)
        self._note(True, "")
        self.size = (image.shape[1], image.shape[0])
        return image

    def _pace(self) -> None:
        """Recordings with an ``fps`` deliver frames no faster than a camera would."""
        if self.live or not self.fps:
            return
        now = time.monotonic()
        if self._next_due > now:
            time.sleep(self._next_due - now)
            now = self._next_due
        self._next_due = max(now, self._next_due) + 1.0 / self.fps

    # -- the camera --

    def read_frame(self) -> np.ndarray:
        """The next frame as a BGR uint8 array (height x width x 3): the live-preview path.

        Raises CameraUnavailable when the source is missing or stopped delivering
        (the next call tries to open it again), CameraError at the end of a
        recording when ``loop`` is off.
        """
        with self._lock:
            self._pace()
            return self._read()

    def capture(self) -> Frame:
        """A still at the source's full resolution, PNG encoded."""
        with self._lock:
            if self.live and self._cap is not None:
                for _ in range(self.flush):  # drop frames queued in the driver
                    if not self._cap.grab():
                        break
            image = self._read()
            ok, png = cv2.imencode(".png", image, [cv2.IMWRITE_PNG_COMPRESSION, 1])
            if not ok:
                raise CameraError(f"{self._where}: PNG encoding failed")
            log.debug("%s: captured %dx%d", self._where, image.shape[1], image.shape[0])
            return Frame(width=image.shape[1], height=image.shape[0], png=png.tobytes())

    def is_usable(self) -> Usability:
        """Opens the source and reads one frame when it was not open yet; an open device is
        only checked to still be there (cheap enough for a periodic health check)."""
        with self._lock:
            if self._cap is not None:
                problem = self._problem()
                if problem:  # unplugged while idle: noticed before the next read
                    return Usability(False, str(self._unavailable(problem)))
                return Usability(True, f"{self._where} ready")
            try:
                image = self._read()
            except CameraError as exc:
                return Usability(False, str(exc))
            if not self.live:  # the frame used for the check is shown again
                self._cap.set(cv2.CAP_PROP_POS_FRAMES, 0)
            return Usability(True, f"{self._where} ready ({image.shape[1]}x{image.shape[0]})")

    def close(self) -> None:
        with self._lock:
            self._release()

    def __repr__(self) -> str:
        return f"OpenCvCamera({self._where})"
