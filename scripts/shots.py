"""What the screenshot scripts (scripts/<area>/*.py) share: the kiosk started for them and stopped
after (`kiosk_shots`), a window's picture saved (`Kiosk.shot`), pumping Qt's events while the real
app works, and waiting for a screen to reach a state."""

from __future__ import annotations

import os
import time
from contextlib import contextmanager

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before any Qt: the scripts' default


def pump(seconds: float = 0.3) -> None:
    """Let the app run for ``seconds`` (events, workers' answers, repaints)."""
    from PySide6.QtCore import QCoreApplication, QEventLoop

    end = time.monotonic() + seconds
    while time.monotonic() < end:
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
        time.sleep(0.01)


def wait(cond, timeout: float = 30.0) -> None:
    """Pump until ``cond()`` is true; TimeoutError after ``timeout`` seconds."""
    end = time.monotonic() + timeout
    while not cond():
        if time.monotonic() > end:
            raise TimeoutError(f"waiting for {cond}")
        pump(0.05)


def arguments(folder: str):
    """``--lang`` (zh_CN | en) and ``--out`` (default screenshots/<folder>, made if missing); other
    arguments (`make screenshots ARGS=...` passes the same to every script) are ignored.
    Returns (the parsed arguments, the output folder)."""
    import argparse
    from pathlib import Path

    parser = argparse.ArgumentParser()
    parser.add_argument("--lang", default="zh_CN", choices=["zh_CN", "en"])
    parser.add_argument("--out", default=str(Path(__file__).resolve().parents[1] / "screenshots" / folder))
    args = parser.parse_known_args()[0]
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    return args, out


_app = None  # the one QApplication, kept here: scripts that start the kiosk more than once reuse it


class Kiosk:
    """A kiosk started by `kiosk_shots`: ``app``, ``window``, ``core``, ``services``, the parsed
    ``args``, the output folder ``out``, the ``lang`` it runs in, and `shot`."""

    def __init__(self, app, window, core, services, args, out, lang: str, prefix: str, sep: str,
                 settle: float) -> None:
        self.app, self.window, self.core, self.services = app, window, core, services
        self.args, self.out, self.lang = args, out, lang
        self.prefix, self.sep, self.settle = prefix, sep, settle

    def path(self, name: str):
        """Where `shot` saves ``name``: out/<prefix><name><sep><lang>.png."""
        return self.out / f"{self.prefix}{name}{self.sep}{self.lang}.png"

    def shot(self, name: str, widget=None, settle: float | None = None):
        """Pump ``settle`` seconds (the kiosk's default unless given), grab ``widget`` (the window
        unless given), save it at `path` (name), print and return that path."""
        pump(self.settle if settle is None else settle)
        path = self.path(name)
        (widget or self.window).grab().save(str(path))
        print(path)
        return path

    def identify(self, tile: str, card: int = 0) -> None:
        """From the menu: open ``tile``, place demo ID card number ``card`` on the reader and go on
        past the identify screen (the service's first screen may still be loading)."""
        window = self.window
        window.menu.tiles[tile].click()
        wait(lambda: window.current == "identify")
        self.services.demo.place_card(card)
        wait(lambda: window.identify.continue_button.isVisible())
        window.identify.continue_button.click()


@contextmanager
def kiosk_shots(folder: str, prefix: str = "", *, sep: str = "-", lang: str | None = None, settle: float = 0.4,
                **overrides):
    """The whole kiosk in this process (`kiosk.app.start_in_process`) at 1920x1080, windowed, with a
    fresh temporary data and log folder, no metrics endpoint, in ``lang`` (default: --lang); yields a
    `Kiosk` whose `shot` saves into screenshots/<folder> (or --out) as <prefix><name><sep><lang>.png.
    ``overrides``: more config settings (dotted keys: ``**{"devices.a4_printer.queue": "X"}``).
    On leaving, stops services and core and closes the window."""
    import sys
    import tempfile

    from PySide6.QtWidgets import QApplication

    from kiosk.app import start_in_process
    from kiosk.config import load_config

    global _app
    args, out = arguments(folder)
    lang = lang or args.lang
    _app = _app or QApplication.instance() or QApplication(sys.argv[:1])
    tag = (prefix or folder).strip("-_").replace("/", "-")
    tmp = tempfile.mkdtemp(prefix=f"kiosk-shots-{tag}-")
    config = load_config(env={}, overrides={
        "kiosk.data_dir": tmp, "kiosk.log_dir": tmp, "kiosk.language": lang, "kiosk.fullscreen": False,
        "metrics.enabled": False, **overrides})
    window, core, services = start_in_process(config, _app, (1920, 1080))
    try:
        yield Kiosk(_app, window, core, services, args, out, lang, prefix, sep, settle)
    finally:
        services.shutdown()
        core.stop()
        window.allow_close()
        window.close()
