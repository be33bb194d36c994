"""OCR in a process of its own: the kiosk's process never loads the OCR engines.

The engines (PP-OCR on onnxruntime, Tesseract) and their imports leave about 127 MB in a process
that has used them once, even after the models are closed and the heap trimmed (bench_memory), and
a page read in the kiosk's process competes with the GUI thread for the GIL. So the scan service
(kiosk.services.recognition) reads cards and pages through :class:`OcrChild`:

- the child is started when a scan screen is shown (``prepare``), loads its models while the
  litigant places the card or page, and is ended when the session ends: a kiosk at rest has no
  OCR in memory at all;
- each call sends a camera image (PNG/JPEG bytes) down a pipe and gets back what the filing screens
  use: the card's fields, or the page's form suggestions (picklable dataclasses), with the number
  of fields or lines read;
- a call that takes longer than :data:`CALL_SECONDS`, or a child that dies, ends the child and
  raises :class:`~kiosk.recognition.ocr.OcrError`; the next call starts a new one.

The child is ``python -m kiosk.recognition.child`` (the bundle: its executable with ``ocr-worker``),
imports nothing of Qt, logs to stderr (nothing recognised is logged), and answers on a duplicate of
its stdout (its stdout proper goes to stderr, so a stray print cannot corrupt an answer).
"""

from __future__ import annotations

import logging
import os
import pickle
import select
import subprocess
import sys
import threading
import time
import weakref

from kiosk.recognition.ocr import OcrError

log = logging.getLogger("kiosk.recognition.child")

__all__ = ["CALL_SECONDS", "OcrChild", "command", "read_card", "read_page", "serve"]

#: the longest one read may take (a page is about 1-2 s; a child's start with its models, 2-4 s)
CALL_SECONDS = 60.0
_PROTOCOL = 5


# -- the work (in the child) ---------------------------------------------------------------

def read_page(engines, data: bytes, page_dpi: int):
    """A complaint page photographed: (form suggestions, lines read)."""
    from drivers.camera.pages import decode_image, find_page, warp_page
    from kiosk.recognition.form import page_form
    from kiosk.recognition.preprocess import remove_red_seal

    image = decode_image(data)
    corners = find_page(image)
    if corners is not None:
        image = warp_page(image, corners, dpi=page_dpi)
    lines = engines.read_page(remove_red_seal(image))  # a seal stamped over the text
    return page_form(lines), len(lines)


def read_card(engines, data: bytes):
    """An ID card photographed: (fields, fields read)."""
    from drivers.camera.pages import decode_image
    from kiosk.recognition.idcard_image import read_id_card

    fields = read_id_card(decode_image(data), engines)  # found by its printed labels, its edges seen or not
    return fields, sum(1 for f in fields.values() if f.value)


def serve(inp=None, out=None) -> int:
    """The child's loop: a settings message, then (op, args) requests until "quit" or EOF."""
    if out is None:
        out = os.fdopen(os.dup(1), "wb")
        os.dup2(2, 1)  # print() and C libraries writing to stdout end up on stderr
        sys.stdout = sys.stderr
    inp = inp if inp is not None else sys.stdin.buffer
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr, format="ocr child %(levelname)s %(name)s: %(message)s")
    from kiosk.recognition.engines import OcrEngines

    settings = pickle.load(inp)
    engines = OcrEngines(settings["engine"], tessdata=settings["tessdata"], languages=settings["languages"])
    while True:
        try:
            op, args = pickle.load(inp)
        except EOFError:
            break
        if op == "quit":
            break
        try:
            if op == "open":
                engines.open()
                result = None
            elif op == "page":
                result = read_page(engines, args[0], settings["page_dpi"])
            elif op == "card":
                result = read_card(engines, *args)
            else:
                raise ValueError(f"unknown request {op!r}")
            answer = ("ok", result)
        except Exception as exc:  # noqa: BLE001 - every failure goes back to the kiosk, by kind
            answer = ("error", type(exc).__name__, str(exc), isinstance(exc, OcrError))
        pickle.dump(answer, out, protocol=_PROTOCOL)
        out.flush()
    engines.close()
    return 0


# -- the kiosk's side ------------------------------------------------------------------------

def command() -> list[str]:
    """How to start the child: this interpreter with this module, or the bundle's own executable."""
    if getattr(sys, "frozen", False):
        return [sys.executable, "ocr-worker"]
    return [sys.executable, "-m", "kiosk.recognition.child"]


class OcrChild:
    """One OCR child process at a time, started on first use; calls are serialised."""

    def __init__(self, engine: str = "ppocr", tessdata: str | None = None, languages: str = "chi_sim+eng",
                 page_dpi: int = 200, call_seconds: float = CALL_SECONDS) -> None:
        self.settings = {"engine": engine, "tessdata": tessdata, "languages": languages, "page_dpi": page_dpi}
        self.call_seconds = call_seconds
        self._proc: subprocess.Popen | None = None
        self._ending: weakref.finalize | None = None  # ends the child if this object goes first
        self._lock = threading.Lock()
        self.started = 0  # children started, for the tests and the logs

    @property
    def alive(self) -> bool:
        return self._proc is not None and self._proc.poll() is None

    def _start(self) -> subprocess.Popen:
        root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
        env = dict(os.environ)
        if not getattr(sys, "frozen", False):
            env["PYTHONPATH"] = os.pathsep.join(p for p in (root, env.get("PYTHONPATH", "")) if p)
        proc = subprocess.Popen(command(), stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env, cwd=root,
                                close_fds=True)
        self._ending = weakref.finalize(self, OcrChild._end, proc, True)  # never outlives its OcrChild, nor the kiosk
        pickle.dump(self.settings, proc.stdin, protocol=_PROTOCOL)
        proc.stdin.flush()
        self.started += 1
        log.info("OCR process started")
        return proc

    def call(self, op: str, *args):
        """Run ``op`` ("open", "page", "card") in the child and return its result."""
        with self._lock:
            if not self.alive:
                self._drop(kill=True)  # one that died: its pipes and finalizer go
                self._proc = self._start()
            proc = self._proc
            try:
                pickle.dump((op, args), proc.stdin, protocol=_PROTOCOL)
                proc.stdin.flush()
                answer = self._answer(proc)
            except (OSError, EOFError, pickle.UnpicklingError, TimeoutError) as exc:
                self._drop(kill=True)
                reason = "took too long" if isinstance(exc, TimeoutError) else "ended"
                raise OcrError(f"the OCR process {reason} ({type(exc).__name__})") from None
        if answer[0] == "ok":
            return answer[1]
        _, kind, message, is_ocr = answer
        if is_ocr:
            raise OcrError(message)
        if kind == "ValueError":
            raise ValueError(message)
        raise RuntimeError(f"{kind}: {message}")

    def _answer(self, proc: subprocess.Popen):
        deadline = time.monotonic() + self.call_seconds
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError
            ready, _, _ = select.select([proc.stdout], [], [], min(remaining, 1.0))
            if ready:
                return pickle.load(proc.stdout)
            if proc.poll() is not None:
                raise EOFError

    def open(self) -> None:
        """Start the child and load its models now (else on the first read)."""
        self.call("open")

    def stop(self) -> None:
        """End the child (its memory goes with it); the next call starts a new one."""
        with self._lock:
            self._drop(kill=False)

    def _drop(self, kill: bool) -> None:
        """End the current child, if any, and forget it with its finalizer (a finalizer left
        registered keeps its process object, pipes and buffers for the life of the kiosk: one a
        session, found by the 500-session soak)."""
        proc, ending = self._proc, self._ending
        self._proc = self._ending = None
        if ending is not None:
            ending.detach()
        if proc is not None:
            self._end(proc, kill)

    @staticmethod
    def _end(proc: subprocess.Popen, kill: bool) -> None:
        if proc.returncode is not None and proc.stdin.closed:
            return
        try:
            if not kill and proc.poll() is None:
                pickle.dump(("quit", ()), proc.stdin, protocol=_PROTOCOL)
                proc.stdin.flush()
                proc.wait(timeout=5)
        except (OSError, subprocess.TimeoutExpired):
            pass
        if proc.poll() is None:
            proc.kill()
            proc.wait(timeout=5)
        for stream in (proc.stdin, proc.stdout):
            try:
                stream.close()
            except OSError:
                pass


if __name__ == "__main__":
    raise SystemExit(serve())
