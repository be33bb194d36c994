"""SQLite storage of the court sandbox: seed data, filings, case serials, idempotency keys.

One short-lived connection per operation (the FastAPI thread pool calls in from
many threads); writes are ``BEGIN IMMEDIATE`` transactions. Idempotency keys are
kept forever: a kiosk may be offline for a long weekend (or longer).
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path
from typing import Any

from court_sandbox.fees import SCHEDULE_VERSION
from offline_queue import contract as c

SCHEMA_VERSION = 1
POLICY_VERSION = "2026.1"
#: An idempotent request still "in progress" after this long was abandoned (its worker died).
STALE_IN_PROGRESS = timedelta(seconds=60)
#: Case numbers take the year in China Standard Time (no DST).
CHINA_TIME = timezone(timedelta(hours=8), "CST")

SEED_COURTS: tuple[tuple[str, str, str], ...] = (
    ("京0105", "北京市朝阳区人民法院", "京0105"),
    ("京0108", "北京市海淀区人民法院", "京0108"),
    ("沪0115", "上海市浦东新区人民法院", "沪0115"),
)
#: (code, name, fee_kind, case number type code, fixed fee in yuan or None)
SEED_CASE_TYPES: tuple[tuple[str, str, str, str, str | None], ...] = (
    ("民初", "民事一审（财产案件）", c.FEE_KIND_PROPERTY, "民初", None),
    ("民初-非财产", "民事一审（非财产案件）", c.FEE_KIND_NON_PROPERTY, "民初", "100"),
    ("民初-离婚", "离婚纠纷", c.FEE_KIND_DIVORCE, "民初", "200"),
    ("民初-人格权", "人格权纠纷", c.FEE_KIND_PERSONALITY, "民初", "300"),
    ("民初-劳动争议", "劳动争议", c.FEE_KIND_LABOUR, "民初", "10"),
    ("民初-知识产权", "知识产权民事纠纷", c.FEE_KIND_IP, "民初", "800"),
    ("行初", "行政一审", c.FEE_KIND_ADMINISTRATIVE, "行初", "50"),
)

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS courts (
    code TEXT PRIMARY KEY, name TEXT NOT NULL, case_number_prefix TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS case_types (
    code TEXT PRIMARY KEY, name TEXT NOT NULL, fee_kind TEXT NOT NULL,
    case_number_code TEXT NOT NULL, fixed_fee TEXT
);
CREATE TABLE IF NOT EXISTS filings (
    filing_id TEXT PRIMARY KEY,
    court_code TEXT NOT NULL REFERENCES courts(code),
    case_type TEXT NOT NULL REFERENCES case_types(code),
    plaintiff_id_number TEXT,
    body TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    status TEXT NOT NULL,
    case_number TEXT UNIQUE,
    reasons TEXT NOT NULL DEFAULT '[]',
    receipt TEXT NOT NULL,
    kiosk_id TEXT,
    correlation_id TEXT,
    received_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS filings_plaintiff ON filings (plaintiff_id_number);
CREATE TABLE IF NOT EXISTS case_serials (
    court_code TEXT NOT NULL, year INTEGER NOT NULL, type_code TEXT NOT NULL, last_serial INTEGER NOT NULL,
    PRIMARY KEY (court_code, year, type_code)
);
CREATE TABLE IF NOT EXISTS idempotency_keys (
    key TEXT PRIMARY KEY,
    fingerprint TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('in_progress', 'done')),
    status_code INTEGER,
    response TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
)
"""


class Refused(Exception):
    """A request the backend refuses with a 4xx status."""

    def __init__(self, status: int, detail: str) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail


@dataclass(frozen=True)
class KeyClaim:
    """What an Idempotency-Key lookup found: ``new`` (go ahead), ``replay``, ``mismatch``, ``in_progress``."""

    outcome: str
    status_code: int | None = None
    body: dict[str, Any] | None = None


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


class Store:
    def __init__(self, db_path: str | Path, clock: Callable[[], datetime] | None = None) -> None:
        self.path = Path(db_path)
        self._clock = clock or (lambda: datetime.now(UTC))
        self.path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(self.path, isolation_level=None)
        try:
            conn.execute("PRAGMA journal_mode=WAL")
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION:
                raise RuntimeError(
                    f"sandbox database schema {version} is newer than this sandbox ({SCHEMA_VERSION})"
                )
            conn.execute("BEGIN IMMEDIATE")
            for statement in _SCHEMA.split(";"):
                if statement.strip():
                    conn.execute(statement)
            conn.executemany("INSERT OR IGNORE INTO courts VALUES (?, ?, ?)", SEED_COURTS)
            conn.executemany("INSERT OR IGNORE INTO case_types VALUES (?, ?, ?, ?, ?)", SEED_CASE_TYPES)
            conn.executemany(
                "INSERT OR IGNORE INTO meta VALUES (?, ?)",
                (("policy_version", POLICY_VERSION), ("fee_schedule_version", SCHEDULE_VERSION)),
            )
            # Nothing is in progress in a process that is just starting: those requests died with it.
            conn.execute("DELETE FROM idempotency_keys WHERE state = 'in_progress'")
            conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            conn.execute("COMMIT")
        finally:
            conn.close()

    def now(self) -> datetime:
        return self._clock()

    @contextlib.contextmanager
    def _connect(self, write: bool = False) -> Iterator[sqlite3.Connection]:
        conn = sqlite3.connect(self.path, isolation_level=None, timeout=10.0)
        try:
            conn.execute("PRAGMA synchronous=FULL")
            conn.execute("PRAGMA foreign_keys=ON")
            if write:
                conn.execute("BEGIN IMMEDIATE")
                try:
                    yield conn
                    conn.execute("COMMIT")
                except BaseException:
                    if conn.in_transaction:
                        conn.execute("ROLLBACK")
                    raise
            else:
                yield conn
        finally:
            conn.close()

    # ---------------------------------------------------------------- policy
    def policy(self) -> c.Policy:
        with self._connect() as conn:
            meta = dict(conn.execute("SELECT key, value FROM meta").fetchall())
            courts = conn.execute(
                "SELECT code, name, case_number_prefix FROM courts ORDER BY rowid"
            ).fetchall()
            types = conn.execute("SELECT code, name, fee_kind FROM case_types ORDER BY rowid").fetchall()
        return c.Policy(
            version=meta["policy_version"],
            fee_schedule_version=meta["fee_schedule_version"],
            courts=[c.Court(code=a, name=b, case_number_prefix=p) for a, b, p in courts],
            case_types=[c.CaseType(code=a, name=b, fee_kind=k) for a, b, k in types],
        )

    def fee_schedule_version(self) -> str:
        with self._connect() as conn:
            return conn.execute("SELECT value FROM meta WHERE key = 'fee_schedule_version'").fetchone()[0]

    def case_type(self, code: str) -> dict[str, Any] | None:
        with self._connect() as conn:
            row = conn.execute(
                "SELECT code, name, fee_kind, case_number_code, fixed_fee FROM case_types WHERE code = ?",
                (code,),
            ).fetchone()
        if row is None:
            return None
        return {
            "code": row[0],
            "name": row[1],
            "fee_kind": row[2],
            "case_number_code": row[3],
            "fixed_fee": Decimal(row[4]) if row[4] is not None else None,
        }

    # ----------------------------------------------------------- idempotency
    def claim_key(self, key: str, fingerprint: str) -> KeyClaim:
        now = self.now()
        with self._connect(write=True) as conn:
            row = conn.execute(
                "SELECT fingerprint, state, status_code, response, updated_at FROM idempotency_keys WHERE key = ?",
                (key,),
            ).fetchone()
            if row is not None:
                stored_fp, state, status_code, response, updated_at = row
                if stored_fp != fingerprint:
                    return KeyClaim("mismatch")
                if state == "done":
                    return KeyClaim("replay", status_code, json.loads(response))
                if datetime.fromisoformat(updated_at) > now - STALE_IN_PROGRESS:
                    return KeyClaim("in_progress")
                conn.execute("UPDATE idempotency_keys SET updated_at = ? WHERE key = ?", (_iso(now), key))
                return KeyClaim("new")
            conn.execute(
                "INSERT INTO idempotency_keys (key, fingerprint, state, created_at, updated_at) "
                "VALUES (?, ?, 'in_progress', ?, ?)",
                (key, fingerprint, _iso(now), _iso(now)),
            )
        return KeyClaim("new")

    def release_key(self, key: str) -> None:
        """Forget a key whose request did not succeed (a 4xx/5xx answer is never replayed)."""
        with self._connect(write=True) as conn:
            conn.execute("DELETE FROM idempotency_keys WHERE key = ? AND state = 'in_progress'", (key,))

    # --------------------------------------------------------------- filings
    def create_filing(
        self,
        key: str,
        fingerprint: str,
        submission: c.FilingSubmission,
        kiosk_id: str | None,
        correlation_id: str | None,
    ) -> tuple[int, dict[str, Any]]:
        """Store a new filing and complete its key in one transaction. Returns (status code, receipt)."""
        now = _iso(self.now())
        with self._connect(write=True) as conn:
            if (
                conn.execute("SELECT 1 FROM courts WHERE code = ?", (submission.court_code,)).fetchone()
                is None
            ):
                raise Refused(422, "unknown court_code")
            if (
                conn.execute("SELECT 1 FROM case_types WHERE code = ?", (submission.case_type,)).fetchone()
                is None
            ):
                raise Refused(422, "unknown case_type")
            existing = conn.execute(
                "SELECT fingerprint, receipt FROM filings WHERE filing_id = ?", (submission.filing_id,)
            ).fetchone()
            if existing is not None:
                if existing[0] != fingerprint:
                    raise Refused(422, "filing_id is already used by a different filing")
                status_code, receipt_text = 200, existing[1]
            else:
                receipt = c.FilingReceipt(
                    filing_id=submission.filing_id, received_at=datetime.fromisoformat(now)
                ).model_dump(mode="json")
                receipt_text = json.dumps(receipt, ensure_ascii=False)
                status_code = 201
                conn.execute(
                    "INSERT INTO filings (filing_id, court_code, case_type, plaintiff_id_number, body, fingerprint,"
                    " status, receipt, kiosk_id, correlation_id, received_at, updated_at)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        submission.filing_id,
                        submission.court_code,
                        submission.case_type,
                        submission.plaintiff.id_number,
                        submission.model_dump_json(),
                        fingerprint,
                        c.STATUS_PENDING_REVIEW,
                        receipt_text,
                        kiosk_id,
                        correlation_id,
                        now,
                        now,
                    ),
                )
            conn.execute(
                "UPDATE idempotency_keys SET state = 'done', status_code = ?, response = ?, updated_at = ? "
                "WHERE key = ?",
                (status_code, receipt_text, now, key),
            )
        return status_code, json.loads(receipt_text)

    def filing_status(self, filing_id: str) -> c.FilingStatus | None:
        with self._connect() as conn:
            row = conn.execute(
                "SELECT filing_id, status, case_number, reasons, updated_at FROM filings WHERE filing_id = ?",
                (filing_id,),
            ).fetchone()
        if row is None:
            return None
        return c.FilingStatus(
            filing_id=row[0], status=row[1], case_number=row[2], reasons=json.loads(row[3]), updated_at=row[4]
        )

    def review(self, filing_id: str, decision: c.ReviewDecision) -> c.FilingStatus:
        moment = self.now()
        now = _iso(moment)
        with self._connect(write=True) as conn:
            row = conn.execute(
                "SELECT f.status, f.court_code, t.case_number_code, ct.case_number_prefix FROM filings f "
                "JOIN case_types t ON t.code = f.case_type JOIN courts ct ON ct.code = f.court_code "
                "WHERE f.filing_id = ?",
                (filing_id,),
            ).fetchone()
            if row is None:
                raise Refused(404, "no such filing")
            status, court_code, type_code, prefix = row
            if status != c.STATUS_PENDING_REVIEW:
                raise Refused(409, f"the filing was already decided ({status})")
            case_number = None
            reasons: list[str] = list(decision.reasons)
            if decision.decision == c.DECISION_DOCKET:
                year = moment.astimezone(CHINA_TIME).year
                serial = conn.execute(
                    "INSERT INTO case_serials (court_code, year, type_code, last_serial) VALUES (?, ?, ?, 1) "
                    "ON CONFLICT (court_code, year, type_code) DO UPDATE SET last_serial = last_serial + 1 "
                    "RETURNING last_serial",
                    (court_code, year, type_code),
                ).fetchone()[0]
                case_number = f"（{year}）{prefix}{type_code}{serial}号"
                reasons = []
            conn.execute(
                "UPDATE filings SET status = ?, case_number = ?, reasons = ?, updated_at = ? WHERE filing_id = ?",
                (
                    c.DECISION_STATUS[decision.decision],
                    case_number,
                    json.dumps(reasons, ensure_ascii=False),
                    now,
                    filing_id,
                ),
            )
        status_now = self.filing_status(filing_id)
        assert status_now is not None
        return status_now

    def search(self, id_number: str) -> c.CaseList:
        with self._connect() as conn:
            rows = conn.execute(
                "SELECT f.filing_id, f.court_code, ct.name, f.case_type, t.name, f.status, f.case_number, f.reasons,"
                " f.received_at, f.updated_at, f.body FROM filings f"
                " JOIN courts ct ON ct.code = f.court_code JOIN case_types t ON t.code = f.case_type"
                " WHERE f.plaintiff_id_number = ? ORDER BY f.received_at DESC, f.rowid DESC",
                (id_number,),
            ).fetchall()
        items = []
        for (
            fid,
            court,
            court_name,
            ctype,
            ctype_name,
            status,
            number,
            reasons,
            received,
            updated,
            body,
        ) in rows:
            data = json.loads(body)
            items.append(
                c.CaseSummary(
                    filing_id=fid,
                    court_code=court,
                    court_name=court_name,
                    case_type=ctype,
                    case_type_name=ctype_name,
                    status=status,
                    case_number=number,
                    reasons=json.loads(reasons),
                    submitted_at=received,
                    updated_at=updated,
                    plaintiff_name=data["plaintiff"]["name"],
                    defendant_name="、".join(d["name"] for d in data["defendants"]),
                    amount=data["amount"],
                )
            )
        return c.CaseList(items=items)

    def list_filings(self) -> c.FilingList:
        with self._connect() as conn:
            rows = conn.execute(
                "SELECT filing_id, court_code, case_type, status, case_number, kiosk_id, received_at, updated_at"
                " FROM filings ORDER BY received_at, rowid"
            ).fetchall()
        return c.FilingList(
            items=[
                c.FilingSummary(
                    filing_id=r[0],
                    court_code=r[1],
                    case_type=r[2],
                    status=r[3],
                    case_number=r[4],
                    kiosk_id=r[5],
                    received_at=r[6],
                    updated_at=r[7],
                )
                for r in rows
            ]
        )
