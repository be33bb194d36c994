"""kiosk.logs: handlers, JSON lines and the personal-data redaction net."""

from __future__ import annotations

import json
import logging

import pytest

from kiosk.logs import ID_MARK, PHONE_MARK, redact, setup_logging, shutdown_logging
from tests.privacy_scan import REDACTION_TEST_LOGGER


@pytest.fixture
def logging_to(tmp_path):
    root = logging.getLogger()
    level = root.level
    yield tmp_path
    shutdown_logging()
    root.setLevel(level)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("card 11010519491231002X read", f"card {ID_MARK} read"),
        ("card 11010519491231002x read", f"card {ID_MARK} read"),
        ("身份证210202198001010016。", f"身份证{ID_MARK}。"),
        ("old 210202800101001", f"old {ID_MARK}"),
        ("call 13812345678 now", f"call {PHONE_MARK} now"),
        ("call +86 138-1234-5678", f"call {PHONE_MARK}"),
        ("filing 3f2c9a, 3 items, 120 s", "filing 3f2c9a, 3 items, 120 s"),
        ("ts 1718000000123", "ts 1718000000123"),  # 13 digits: not an ID
        ("n 12345678901234567890", "n 12345678901234567890"),  # 20 digits: not an ID
    ],
)
def test_redact(text, expected):
    assert redact(text) == expected


def test_setup_logging_writes_redacted_text(logging_to, capsys):
    path = setup_logging(logging_to, "INFO")
    assert path == logging_to / "kiosk.log"
    log = logging.getLogger(REDACTION_TEST_LOGGER)  # logs personal data on purpose: the privacy scan skips it
    log.info("read card %s for %s", "11010519491231002X", "13812345678")
    log.debug("not at INFO")
    try:
        raise ValueError("bad id 210202198001010016")
    except ValueError:
        log.exception("failed")
    for handler in logging.getLogger().handlers:
        handler.flush()
    text = path.read_text(encoding="utf-8")
    assert REDACTION_TEST_LOGGER in text
    assert "11010519491231002X" not in text and "13812345678" not in text
    assert "210202198001010016" not in text
    assert f"read card {ID_MARK} for {PHONE_MARK}" in text
    assert "ValueError" in text
    assert "not at INFO" not in text
    err = capsys.readouterr().err
    assert f"read card {ID_MARK}" in err and "11010519491231002X" not in err


def test_json_lines(logging_to):
    path = setup_logging(logging_to, "DEBUG", json=True, stderr=False, filename="sync.log")
    logging.getLogger("offline_queue.sync").debug("delivered %d items", 3)
    for handler in logging.getLogger().handlers:
        handler.flush()
    lines = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    entry = lines[-1]
    assert entry["logger"] == "offline_queue.sync"
    assert entry["level"] == "DEBUG"
    assert entry["message"] == "delivered 3 items"
    assert "ts" in entry


def test_setup_twice_replaces_handlers(logging_to):
    root = logging.getLogger()
    before = len(root.handlers)
    setup_logging(logging_to, "INFO")
    setup_logging(logging_to, "WARNING")
    assert len(root.handlers) == before + 2
    shutdown_logging()
    assert len(root.handlers) == before


def test_bad_level(logging_to):
    with pytest.raises(ValueError):
        setup_logging(logging_to, "LOUD")
