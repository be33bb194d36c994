"""Logging for the kiosk processes: rotating file + stderr, named loggers, a redaction net.

Loggers are named per area (``kiosk.session``, ``kiosk.maintenance``,
``drivers.printer``, ``offline_queue.sync`` …) and propagate to the root
logger, where :func:`setup_logging` installs its handlers.

Code must never log personal data (names, ID numbers, addresses, phone
numbers, claim text): log ids, kinds and counts. :class:`PersonalDataFilter`
is only the safety net behind that rule: on every record that reaches the
kiosk's handlers it replaces anything that looks like a resident ID number
(18 characters, or a legacy 15-digit number) or a mainland mobile number with
a marker, in the message, its arguments, the exception text and the stack.

Routing Qt's own messages into logging is the ui layer's job (it owns Qt).
"""

from __future__ import annotations

import functools
import logging
import re
import sys
from pathlib import Path

__all__ = [
    "PROJECT_LOGGERS",
    "JsonFormatter",
    "PersonalDataFilter",
    "redact",
    "setup_logging",
    "shutdown_logging",
]

PROJECT_LOGGERS = ("kiosk", "drivers", "offline_queue", "court_sandbox", "ui")
TEXT_FORMAT = "%(asctime)s %(levelname)-7s %(name)s [%(threadName)s] %(message)s"
# Third-party loggers that are chatty at INFO and say nothing an operator needs.
QUIET_LOGGERS = ("urllib3", "PIL", "asyncio", "multipart", "httpx", "httpcore")

ID_MARK = "[ID-REDACTED]"
PHONE_MARK = "[PHONE-REDACTED]"

_PATTERNS = (
    (r"(?<!\d)\d{17}[\dXx](?!\d)", ID_MARK),
    (r"(?<!\d)\d{15}(?!\d)", ID_MARK),
    (r"(?<!\d)(?:(?:\+|00)?86[- ]?)?1[3-9]\d(?:[- ]?\d{4}){2}(?!\d)", PHONE_MARK),
)


@functools.cache
def _redactions() -> tuple[tuple[re.Pattern[str], str], ...]:  # compiled on first use (start-up)
    return tuple((re.compile(pattern), mark) for pattern, mark in _PATTERNS)


def redact(text: str) -> str:
    """Replace ID-number-like and mobile-number-like substrings with markers."""
    if sum(ch.isdigit() for ch in text) < 11:  # both need 11+ digits: skip the regexes
        return text
    for pattern, mark in _redactions():
        text = pattern.sub(mark, text)
    return text


class PersonalDataFilter(logging.Filter):
    """Redacts ID numbers and mobile numbers from records (attach it to handlers)."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a broken format string: let the handler report it
            return True
        cleaned = redact(message)
        if cleaned != message or record.args:
            record.msg = cleaned
            record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line: ts, level, logger, thread, message (+ exc)."""

    def format(self, record: logging.LogRecord) -> str:
        import datetime
        import json

        entry = {
            "ts": datetime.datetime.fromtimestamp(record.created, datetime.UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "thread": record.threadName,
            "message": record.getMessage(),
        }
        if record.exc_info and not record.exc_text:
            record.exc_text = self.formatException(record.exc_info)
        if record.exc_text:
            entry["exc"] = record.exc_text
        if record.stack_info:
            entry["stack"] = record.stack_info
        return json.dumps(entry, ensure_ascii=False)


_installed: list[logging.Handler] = []


class _EarlyBuffer(logging.Handler):
    """Holds records until the log file is open (see :func:`start_early_logging`)."""

    def __init__(self) -> None:
        super().__init__()
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        if len(self.records) < 1000:
            self.records.append(record)


def start_early_logging(level: str | int = "INFO") -> None:
    """Log to stderr at once and keep the records for the file that
    :func:`setup_logging` opens later (the app opens it after its first paint)."""
    shutdown_logging()
    root = logging.getLogger()
    root.setLevel(level.upper() if isinstance(level, str) else level)
    stream = logging.StreamHandler(sys.stderr)
    stream.setFormatter(logging.Formatter(TEXT_FORMAT))
    stream.addFilter(PersonalDataFilter())
    buffer = _EarlyBuffer()
    buffer.addFilter(PersonalDataFilter())
    for handler in (stream, buffer):
        root.addHandler(handler)
        _installed.append(handler)


def shutdown_logging() -> None:
    """Remove and close the handlers :func:`setup_logging` installed."""
    root = logging.getLogger()
    while _installed:
        handler = _installed.pop()
        root.removeHandler(handler)
        handler.close()
    logging.captureWarnings(False)


def setup_logging(
    log_dir: str | Path,
    level: str | int = "INFO",
    json: bool = False,
    *,
    filename: str = "kiosk.log",
    stderr: bool = True,
    max_bytes: int = 5 * 1024 * 1024,
    backup_count: int = 10,
) -> Path:
    """Install a rotating file handler in ``log_dir`` and a stderr handler on the root logger.

    Both carry :class:`PersonalDataFilter`. ``json`` writes JSON lines to the
    file (stderr stays human-readable). Calling it again replaces the previous
    handlers. Returns the log file path. Use a different ``filename`` for a
    second process (e.g. ``kiosk sync``) so two processes never rotate one file.
    """
    import logging.handlers

    early = [r for h in _installed if isinstance(h, _EarlyBuffer) for r in h.records]
    shutdown_logging()
    directory = Path(log_dir)
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / filename
    if isinstance(level, str):
        level_no = logging.getLevelName(level.upper())
        if not isinstance(level_no, int):
            raise ValueError(f"unknown log level {level!r}")
    else:
        level_no = level

    redactor = PersonalDataFilter()
    file_handler = logging.handlers.RotatingFileHandler(
        path, maxBytes=max_bytes, backupCount=backup_count, encoding="utf-8"
    )
    file_handler.setFormatter(JsonFormatter() if json else logging.Formatter(TEXT_FORMAT))
    handlers: list[logging.Handler] = [file_handler]
    if stderr:
        stream = logging.StreamHandler(sys.stderr)
        stream.setFormatter(logging.Formatter(TEXT_FORMAT))
        handlers.append(stream)

    root = logging.getLogger()
    root.setLevel(level_no)
    for handler in handlers:
        handler.setLevel(level_no)
        handler.addFilter(redactor)
        root.addHandler(handler)
        _installed.append(handler)
    for name in QUIET_LOGGERS:
        logging.getLogger(name).setLevel(max(level_no, logging.WARNING))
    logging.captureWarnings(True)
    for record in early:
        file_handler.handle(record)
    logging.getLogger("kiosk").info("logging to %s at %s", path, logging.getLevelName(level_no))
    return path
