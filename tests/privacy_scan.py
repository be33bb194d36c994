"""No personal data in logs: every log record emitted during the suite, and every log or
temporary file the kiosk wrote, is scanned for the names, ID numbers, addresses and phone
numbers the tests used (and for any valid resident ID number at all). A hit fails the run.

Wired in tests/conftest.py: a handler on the root logger (level INFO, as the kiosk logs in
production) scans each record as it is emitted; at the end of the session the files are
scanned and the hits reported.
"""

from __future__ import annotations

import logging
import random
import re
import tempfile
from pathlib import Path

from stdnum.cn import ric

# The one logger that logs personal data on purpose: the test of the redaction filter.
REDACTION_TEST_LOGGER = "kiosk.redaction_test"

_ID = re.compile(r"(?<![0-9])(\d{17}[0-9Xx])(?![0-9])")

# Test data that never belongs in a log, besides the sample cards and the generated corpus.
LITERALS = (
    "李四", "赵六", "王五", "赵建文", "张三", "北京市海淀区中关村大街1号", "北京市西城区金融街9号",
    "13800000000", "13912345678", "判令被告归还借款", "判令被告还款",
)


def known_values() -> list[str]:
    from drivers.idcard.simulator import SAMPLE_CARDS
    from kiosk.recognition import corpus

    values: set[str] = set(LITERALS)
    for card in SAMPLE_CARDS:
        values.update((card.name, card.id_number, card.address))
    for seed in range(40):  # the seeds the OCR tests and benchmarks use
        truth = corpus.random_card(random.Random(seed))
        values.update(str(truth[k]) for k in ("name", "id_number", "address"))
        page = corpus.page_truth(seed)
        values.update(str(v) for k in ("names", "id_numbers", "addresses", "phones") for v in page.fields[k])
    return sorted((v for v in values if len(v) >= 2), key=len, reverse=True)


class Scanner:
    def __init__(self) -> None:
        self.values = known_values()
        self._known = re.compile("|".join(re.escape(v) for v in self.values))
        self.hits: list[str] = []

    def scan(self, text: str, where: str) -> None:
        found = {m.group(0) for m in self._known.finditer(text)}
        found.update(m.group(1) for m in _ID.finditer(text) if ric.is_valid(m.group(1).upper()))
        for value in sorted(found):
            self.hits.append(f"{where}: {value[:2]}… ({len(value)} characters)")

    def scan_files(self, roots: list[Path]) -> int:
        count = 0
        for root in roots:
            if not root.exists():
                continue
            for path in root.rglob("*"):
                if path.is_file() and _is_log_or_temp(path, root) and path.stat().st_size < 50_000_000:
                    count += 1
                    self.scan(path.read_bytes().decode("utf-8", "replace"), str(path))
        return count


def _is_log_or_temp(path: Path, root: Path) -> bool:
    """Log files, and files in the kiosk's own temporary folders (not test inputs or databases)."""
    parts = path.relative_to(root).parts
    if path.suffix in (".sqlite3", ".db", ".png", ".wav", ".jpg", ".avi", ".json") or path.name.endswith(
            ("-wal", "-shm")):
        return False
    return "log" in parts or ".log" in path.name or any(p.startswith("kiosk-") for p in parts[:1])


class RecordScanner(logging.Handler):
    def __init__(self, scanner: Scanner) -> None:
        super().__init__(logging.INFO)
        self.scanner = scanner
        self.records = 0

    def emit(self, record: logging.LogRecord) -> None:
        if record.name == REDACTION_TEST_LOGGER:
            return
        try:
            text = record.getMessage()
        except Exception:  # a record that cannot be formatted is the logging call's own bug
            return
        if record.exc_info and record.exc_info[1] is not None:
            text += f" {record.exc_info[1]}"
        self.records += 1
        self.scanner.scan(text, f"log record {record.name}:{record.lineno}")


def kiosk_temp_dirs() -> set[Path]:
    return {p for p in Path(tempfile.gettempdir()).glob("kiosk-*") if p.is_dir()}


def temp_roots(basetemp: Path, before: set[Path]) -> list[Path]:
    """pytest's temporary folders, and the kiosk's folders made in the system temp dir
    during this session (not those of other runs)."""
    return [basetemp, *sorted(kiosk_temp_dirs() - before)]
