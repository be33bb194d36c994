"""SQLite storage of the court sandbox: seed data, filings, case serials, idempotency keys, uploads.

Uploads (resumable, tus-like) are files under `Store.uploads_dir` named by their upload id;
the ``uploads`` table says how many bytes were received and whether the upload is complete
(all bytes received and their SHA-256 matched the declared one). A chunk is written and
fsynced before its new offset commits, so a crash at any point leaves the recorded offset
at or behind the bytes on disk, and the client resumes from the recorded offset.

One short-lived connection per operation (the FastAPI thread pool calls in from
many threads); writes are ``BEGIN IMMEDIATE`` transactions. Idempotency keys are kept
for the retention period (`purge`): a kiosk may be offline for a long weekend (or longer).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sqlite3
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path
from typing import Any

from court_sandbox import fees
from court_sandbox.fees import SCHEDULE_VERSION
from court_sandbox.numbers import receipt_number
from court_sandbox.private import private_database, private_dir
from court_sandbox.routing import CROSS_REGIONAL, MORE_COURTS, filing_marks
from offline_queue import contract as c

SCHEMA_VERSION = 3  # 2: uploads; 3: fee notices, payments, messages, heartbeats
POLICY_VERSION = "2026.1"
#: An idempotent request still "in progress" after this long was abandoned (its worker died).
STALE_IN_PROGRESS = timedelta(seconds=60)
#: Case numbers take the year in China Standard Time (no DST).
CHINA_TIME = timezone(timedelta(hours=8), "CST")

SEED_COURTS: tuple[tuple[str, str, str], ...] = (
    ("京0105", "北京市朝阳区人民法院", "京0105"),
    ("京0108", "北京市海淀区人民法院", "京0108"),
    ("沪0115", "上海市浦东新区人民法院", "沪0115"),
) + MORE_COURTS  # 跨域立案's receiving courts (court_sandbox.routing)
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
);
CREATE TABLE IF NOT EXISTS uploads (
    upload_id TEXT PRIMARY KEY,
    idempotency_key TEXT NOT NULL UNIQUE,
    sha256 TEXT NOT NULL,
    length INTEGER NOT NULL,
    media_type TEXT NOT NULL,
    received INTEGER NOT NULL DEFAULT 0,
    state TEXT NOT NULL CHECK (state IN ('receiving', 'complete')),
    kiosk_id TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS uploads_digest ON uploads (sha256, state);
CREATE TABLE IF NOT EXISTS fee_notices (
    notice_id TEXT PRIMARY KEY,
    filing_id TEXT NOT NULL UNIQUE REFERENCES filings(filing_id),
    amount TEXT NOT NULL,
    body TEXT NOT NULL,
    paid INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS payments (
    payment_id TEXT PRIMARY KEY,
    notice_id TEXT NOT NULL REFERENCES fee_notices(notice_id),
    fingerprint TEXT NOT NULL,
    status TEXT NOT NULL,
    body TEXT NOT NULL,
    kiosk_id TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS payments_notice ON payments (notice_id, status);
CREATE TABLE IF NOT EXISTS messages (
    message_id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    court_code TEXT NOT NULL,
    case_number TEXT,
    fingerprint TEXT NOT NULL,
    body TEXT NOT NULL,
    receipt TEXT NOT NULL,
    kiosk_id TEXT,
    received_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS filing_people (
    filing_id TEXT NOT NULL REFERENCES filings(filing_id),
    id_number TEXT NOT NULL,
    role TEXT NOT NULL,
    PRIMARY KEY (filing_id, id_number, role)
);
CREATE INDEX IF NOT EXISTS filing_people_id ON filing_people (id_number);
INSERT OR IGNORE INTO filing_people (filing_id, id_number, role)
    SELECT filing_id, plaintiff_id_number, 'plaintiff' FROM filings WHERE plaintiff_id_number IS NOT NULL;
CREATE TABLE IF NOT EXISTS heartbeats (
    kiosk_id TEXT PRIMARY KEY,
    sent_at TEXT NOT NULL,
    body TEXT NOT NULL,
    received_at TEXT NOT NULL
)
"""
#: How long a payment order's QR stays payable.
PAYMENT_LIFETIME = timedelta(minutes=15)
#: Decree 481 Art. 22: pay within 7 days of the notice.
PAY_WITHIN = timedelta(days=7)
#: What a payment QR encodes: the provider's payment page for the order (the sandbox's is not real).
PAYMENT_PAGE = "https://pay.court-sandbox.invalid/p/{payment_id}"


class Refused(Exception):
    """A request the backend refuses with a 4xx status."""

    def __init__(self, status: int, detail: str) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail


class OffsetMismatch(Refused):
    """A chunk that does not start where the upload stands (409 with the current offset)."""

    def __init__(self, offset: int) -> None:
        super().__init__(409, "the chunk does not start at the upload's offset")
        self.offset = offset


def _fsync_dir(directory: Path) -> None:
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


@dataclass(frozen=True)
class KeyClaim:
    """What an Idempotency-Key lookup found: ``new`` (go ahead), ``replay``, ``mismatch``, ``in_progress``."""

    outcome: str
    status_code: int | None = None
    body: dict[str, Any] | None = None


#: The enforcement application fee without an amount to enforce (Decree 481 Art. 14: 50-500 yuan).
ENFORCEMENT_WITHOUT_AMOUNT = Decimal("50")


def case_fee(
    case_type: dict[str, Any], amount: Decimal | None, filing_kind: str
) -> tuple[Decimal, list[tuple[str, Decimal]]]:
    """The court's fee for a filing of `filing_kind` in a case type (as `Store.case_type` gives it):
    pre-suit mediation is free, an enforcement application pays the enforcement scale, an appeal the
    scale on the part appealed. FeeError when the amount does not fit the case type."""
    if filing_kind == c.FILING_MEDIATION:
        return Decimal("0"), [("诉前调解，不交纳诉讼费用", Decimal("0"))]
    fee_kind, fixed_fee = case_type["fee_kind"], case_type["fixed_fee"]
    if filing_kind == c.FILING_ENFORCEMENT:
        fee_kind, fixed_fee = fees.FEE_KIND_ENFORCEMENT, ENFORCEMENT_WITHOUT_AMOUNT
    elif fee_kind in fees.FIXED_ONLY_KINDS:
        amount = None
    return fees.calculate(
        fee_kind,
        amount,
        fixed_fee=fixed_fee,
        case_type_name=case_type["name"],
        appeal=filing_kind == c.FILING_APPEAL,
    )


def _people(submission: c.FilingSubmission) -> list[tuple[str, str]]:
    """(resident ID number, role) of the people whose cases list shows a filing: the filing side
    (plaintiffs, the agent). The other parties learn of it when the court serves it, not at a kiosk."""
    people = [(p.id_number, "plaintiff") for p in (submission.plaintiff, *submission.other_plaintiffs)
              if p.id_number]
    if submission.agent is not None:
        people.append((submission.agent.id_number, "agent"))
    return people


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


class Store:
    def __init__(
        self,
        db_path: str | Path,
        clock: Callable[[], datetime] | None = None,
        *,
        uploads_dir: str | Path | None = None,
    ) -> None:
        self.path = Path(db_path)
        self._clock = clock or (lambda: datetime.now(UTC))
        if not self.path.parent.exists():
            private_dir(self.path.parent)
        #: Where uploaded files are kept (default: ``<db file>.uploads`` next to the database).
        self.uploads_dir = Path(uploads_dir) if uploads_dir is not None else self.path.with_name(
            self.path.name + ".uploads"
        )
        private_dir(self.uploads_dir)  # 0700, the database 0600 (court_sandbox.private)
        private_database(self.path)
        self._upload_lock = threading.Lock()
        #: Called in the transaction of a new filing (conn, submission) / a docketing (conn, id, number, moment).
        self.filing_hooks: list[Callable[..., None]] = []
        self.docket_hooks: list[Callable[..., None]] = []
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
        private_database(self.path)  # the -wal/-shm just made (SQLite gives them the database's mode)

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
            courts=[c.Court(code=a, name=b, case_number_prefix=p, cross_regional=a in CROSS_REGIONAL)
                    for a, b, p in courts],
            case_types=[c.CaseType(code=a, name=b, fee_kind=k) for a, b, k in types],
        )

    def fee_schedule_version(self) -> str:
        with self._connect() as conn:
            return conn.execute("SELECT value FROM meta WHERE key = 'fee_schedule_version'").fetchone()[0]

    def case_type(self, code: str, conn: sqlite3.Connection | None = None) -> dict[str, Any] | None:
        """A case type's code, name, fee kind, case number code and fixed fee (`conn`: inside a transaction)."""
        if conn is None:
            with self._connect() as own:
                return self.case_type(code, own)
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
            for n, ref in enumerate(submission.attachments):
                if conn.execute(
                    "SELECT 1 FROM uploads WHERE sha256 = ? AND length = ? AND state = 'complete'",
                    (ref.sha256, ref.length),
                ).fetchone() is None:
                    raise Refused(422, f"attachments.{n}: no completed upload has this sha256 and length")
            existing = conn.execute(
                "SELECT fingerprint, receipt FROM filings WHERE filing_id = ?", (submission.filing_id,)
            ).fetchone()
            if existing is not None:
                if existing[0] != fingerprint:
                    raise Refused(422, "filing_id is already used by a different filing")
                status_code, receipt_text = 200, existing[1]
            else:
                notice = self._fee_notice(conn, submission, datetime.fromisoformat(now))
                receipt = c.FilingReceipt(
                    filing_id=submission.filing_id, received_at=datetime.fromisoformat(now), fee_notice=notice
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
                conn.executemany(
                    "INSERT OR IGNORE INTO filing_people (filing_id, id_number, role) VALUES (?, ?, ?)",
                    [(submission.filing_id, number, role) for number, role in _people(submission)],
                )
                for hook in self.filing_hooks:
                    hook(conn, submission)
                if notice is not None:
                    conn.execute(
                        "INSERT INTO fee_notices (notice_id, filing_id, amount, body) VALUES (?, ?, ?, ?)",
                        (notice.notice_id, notice.filing_id, str(notice.amount), notice.model_dump_json()),
                    )
            self._complete_key(conn, key, status_code, receipt_text, now)
        return status_code, json.loads(receipt_text)

    @staticmethod
    def _complete_key(conn: sqlite3.Connection, key: str, status_code: int, body_text: str, now: str) -> None:
        """Record the answer to an idempotent request (same transaction as its effect)."""
        conn.execute(
            "UPDATE idempotency_keys SET state = 'done', status_code = ?, response = ?, updated_at = ? "
            "WHERE key = ?",
            (status_code, body_text, now, key),
        )

    def _fee_notice(
        self, conn: sqlite3.Connection, submission: c.FilingSubmission, moment: datetime
    ) -> c.FeeNotice | None:
        """The court's fee notice for a new filing (its own calculation); None when no fee is due now:
        pre-suit mediation costs nothing, an enforcement fee is not prepaid (Decree 481 Art. 20), and
        a fee relief request is decided by the court first."""
        if submission.filing_kind in (c.FILING_MEDIATION, c.FILING_ENFORCEMENT) or submission.fee_relief:
            return None
        case_type = self.case_type(submission.case_type, conn)
        assert case_type is not None  # checked by the caller
        try:
            total, lines = case_fee(case_type, submission.amount, submission.filing_kind)
        except fees.FeeError as exc:
            raise Refused(422, f"amount: {exc}") from exc
        if total <= 0:
            return None
        year = moment.astimezone(CHINA_TIME).year
        serial = conn.execute(
            "INSERT INTO case_serials (court_code, year, type_code, last_serial) VALUES ('*', ?, 'FN', 1) "
            "ON CONFLICT (court_code, year, type_code) DO UPDATE SET last_serial = last_serial + 1 "
            "RETURNING last_serial",
            (year,),
        ).fetchone()[0]
        return c.FeeNotice(
            notice_id=f"FN{year}{serial:06d}",
            filing_id=submission.filing_id,
            amount=total,
            breakdown=[c.FeeLine(label=label, amount=amount) for label, amount in lines],
            schedule_version=SCHEDULE_VERSION,
            issued_at=moment,
            pay_by=moment + PAY_WITHIN,
        )

    def fee_notice(self, notice_id: str | None = None, *, filing_id: str | None = None) -> c.FeeNotice | None:
        """A fee notice by its id or its filing's, with whether it is paid."""
        column, value = ("notice_id", notice_id) if notice_id is not None else ("filing_id", filing_id)
        with self._connect() as conn:
            row = conn.execute(f"SELECT body, paid FROM fee_notices WHERE {column} = ?", (value,)).fetchone()
        if row is None:
            return None
        return c.FeeNotice.model_validate_json(row[0]).model_copy(update={"paid": bool(row[1])})

    # -------------------------------------------------------------- payments
    def _payment(self, conn: sqlite3.Connection, payment_id: str) -> c.PaymentOrder | None:
        row = conn.execute("SELECT body, status FROM payments WHERE payment_id = ?", (payment_id,)).fetchone()
        if row is None:
            return None
        order = c.PaymentOrder.model_validate_json(row[0]).model_copy(update={"status": row[1]})
        if order.status == c.PAYMENT_AWAITING and order.expires_at <= self.now():
            order = order.model_copy(update={"status": c.PAYMENT_EXPIRED})
        return order

    def create_payment(
        self, key: str, fingerprint: str, request: c.PaymentOrderCreate, kiosk_id: str | None
    ) -> tuple[int, dict[str, Any]]:
        """Make the payment order for a fee notice (one open order per notice). (201, order) the first time;
        (200, order) for the same order again; Refused(422) for an unknown or paid notice, a wrong amount,
        or a notice that already has an open order under another id."""
        moment = self.now()
        now = _iso(moment)
        with self._connect(write=True) as conn:
            existing = conn.execute(
                "SELECT fingerprint FROM payments WHERE payment_id = ?", (request.payment_id,)
            ).fetchone()
            if existing is not None:
                if existing[0] != fingerprint:
                    raise Refused(422, "payment_id is already used by a different payment order")
                order = self._payment(conn, request.payment_id)
                assert order is not None
                body_text = order.model_dump_json()
                self._complete_key(conn, key, 200, body_text, now)
                return 200, json.loads(body_text)
            row = conn.execute(
                "SELECT filing_id, amount, paid FROM fee_notices WHERE notice_id = ?", (request.notice_id,)
            ).fetchone()
            if row is None:
                raise Refused(422, "no such fee notice")
            filing_id, amount, paid = row
            if paid:
                raise Refused(422, "the fee notice is already paid")
            if Decimal(amount) != request.amount:
                raise Refused(422, "amount differs from the fee notice's")
            for (other,) in conn.execute(
                "SELECT payment_id FROM payments WHERE notice_id = ? AND status = ?",
                (request.notice_id, c.PAYMENT_AWAITING),
            ).fetchall():
                open_order = self._payment(conn, other)
                if open_order is not None and open_order.status == c.PAYMENT_AWAITING:
                    raise Refused(422, f"the fee notice already has an open payment order ({other})")
            order = c.PaymentOrder(
                payment_id=request.payment_id,
                notice_id=request.notice_id,
                filing_id=filing_id,
                amount=request.amount,
                status=c.PAYMENT_AWAITING,
                qr_content=PAYMENT_PAGE.format(payment_id=request.payment_id),
                created_at=moment,
                expires_at=moment + PAYMENT_LIFETIME,
            )
            body_text = order.model_dump_json()
            conn.execute(
                "INSERT INTO payments (payment_id, notice_id, fingerprint, status, body, kiosk_id, created_at,"
                " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (request.payment_id, request.notice_id, fingerprint, c.PAYMENT_AWAITING, body_text, kiosk_id,
                 now, now),
            )
            self._complete_key(conn, key, 201, body_text, now)
        return 201, json.loads(body_text)

    def payment(self, payment_id: str) -> c.PaymentOrder | None:
        with self._connect() as conn:
            return self._payment(conn, payment_id)

    def payment_count(self) -> int:
        with self._connect() as conn:
            return conn.execute("SELECT COUNT(*) FROM payments").fetchone()[0]

    def settle_payment(self, payment_id: str, outcome: str) -> c.PaymentOrder:
        """Record the provider's outcome of an open order (paid also marks its notice paid)."""
        moment = self.now()
        with self._connect(write=True) as conn:
            order = self._payment(conn, payment_id)
            if order is None:
                raise Refused(404, "no such payment order")
            if order.status != c.PAYMENT_AWAITING:
                raise Refused(409, f"the payment order is already {order.status}")
            update: dict[str, Any] = {"status": outcome}
            if outcome == c.PAYMENT_PAID:
                update |= {"paid_at": moment, "receipt_number": receipt_number(conn, moment)}
                conn.execute("UPDATE fee_notices SET paid = 1 WHERE notice_id = ?", (order.notice_id,))
            order = order.model_copy(update=update)
            conn.execute(
                "UPDATE payments SET status = ?, body = ?, updated_at = ? WHERE payment_id = ?",
                (outcome, order.model_dump_json(), _iso(moment), payment_id),
            )
        return order

    # -------------------------------------------------------------- messages
    def create_message(
        self, key: str, fingerprint: str, message: c.MessageSubmission, kiosk_id: str | None
    ) -> tuple[int, dict[str, Any]]:
        """Store a litigant's message. (201, receipt); (200, receipt) for the same message again."""
        now = _iso(self.now())
        with self._connect(write=True) as conn:
            if conn.execute("SELECT 1 FROM courts WHERE code = ?", (message.court_code,)).fetchone() is None:
                raise Refused(422, "unknown court_code")
            existing = conn.execute(
                "SELECT fingerprint, receipt FROM messages WHERE message_id = ?", (message.message_id,)
            ).fetchone()
            if existing is not None:
                if existing[0] != fingerprint:
                    raise Refused(422, "message_id is already used by a different message")
                status_code, receipt_text = 200, existing[1]
            else:
                receipt_text = c.MessageReceipt(
                    message_id=message.message_id, received_at=datetime.fromisoformat(now)
                ).model_dump_json()
                status_code = 201
                conn.execute(
                    "INSERT INTO messages (message_id, kind, court_code, case_number, fingerprint, body, receipt,"
                    " kiosk_id, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (message.message_id, message.kind, message.court_code, message.case_number, fingerprint,
                     message.model_dump_json(), receipt_text, kiosk_id, now),
                )
            self._complete_key(conn, key, status_code, receipt_text, now)
        return status_code, json.loads(receipt_text)

    def list_messages(self) -> c.MessageList:
        with self._connect() as conn:
            rows = conn.execute(
                "SELECT message_id, kind, court_code, case_number, kiosk_id, received_at FROM messages"
                " ORDER BY received_at, rowid"
            ).fetchall()
        return c.MessageList(items=[
            c.MessageSummary(message_id=r[0], kind=r[1], court_code=r[2], case_number=r[3], kiosk_id=r[4],
                             received_at=r[5])
            for r in rows
        ])

    # ------------------------------------------------------------ heartbeats
    def put_heartbeat(self, heartbeat: c.Heartbeat) -> c.HeartbeatAck:
        """Keep a kiosk's newest heartbeat (an older one arriving late changes nothing)."""
        moment = self.now()
        with self._connect(write=True) as conn:
            conn.execute(
                "INSERT INTO heartbeats (kiosk_id, sent_at, body, received_at) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (kiosk_id) DO UPDATE SET sent_at = excluded.sent_at, body = excluded.body, "
                "received_at = excluded.received_at WHERE excluded.sent_at > heartbeats.sent_at",
                (heartbeat.kiosk_id, _iso(heartbeat.sent_at), heartbeat.model_dump_json(), _iso(moment)),
            )
        return c.HeartbeatAck(kiosk_id=heartbeat.kiosk_id, received_at=moment)

    def list_kiosks(self) -> c.KioskList:
        with self._connect() as conn:
            rows = conn.execute("SELECT body FROM heartbeats ORDER BY kiosk_id").fetchall()
        return c.KioskList(items=[c.Heartbeat.model_validate_json(r[0]) for r in rows])

    def filing_attachments(self, filing_id: str) -> list[c.AttachmentRef] | None:
        """The attachments a stored filing references (None: no such filing)."""
        with self._connect() as conn:
            row = conn.execute("SELECT body FROM filings WHERE filing_id = ?", (filing_id,)).fetchone()
        if row is None:
            return None
        return [c.AttachmentRef.model_validate(a) for a in json.loads(row[0]).get("attachments", [])]

    # --------------------------------------------------------------- uploads
    def upload_path(self, upload_id: str) -> Path:
        return self.uploads_dir / upload_id

    @staticmethod
    def _upload_status(row: tuple[Any, ...]) -> c.UploadStatus:
        upload_id, sha256, length, media_type, received, state = row
        return c.UploadStatus(
            upload_id=upload_id, offset=received, length=length, sha256=sha256, media_type=media_type,
            complete=state == "complete",
        )

    _UPLOAD_COLUMNS = "upload_id, sha256, length, media_type, received, state"

    def create_upload(
        self, key: str, spec: c.UploadCreate, kiosk_id: str | None
    ) -> tuple[int, c.UploadStatus]:
        """Announce an upload. (201, status) the first time; (200, current status) for the same key and
        request again; Refused(422) when the key or the upload id was used for a different upload."""
        now = _iso(self.now())
        with self._connect(write=True) as conn:
            row = conn.execute(
                f"SELECT {self._UPLOAD_COLUMNS}, idempotency_key FROM uploads WHERE upload_id = ? "
                "OR idempotency_key = ?",
                (spec.upload_id, key),
            ).fetchone()
            if row is not None:
                status = self._upload_status(row[:6])
                same = (status.upload_id, status.sha256, status.length, status.media_type, row[6]) == (
                    spec.upload_id, spec.sha256, spec.length, spec.media_type, key
                )
                if not same:
                    raise Refused(
                        422, f"the upload id or {c.IDEMPOTENCY_KEY_HEADER} was already used for a different upload"
                    )
                return 200, status
            conn.execute(
                "INSERT INTO uploads (upload_id, idempotency_key, sha256, length, media_type, received, state,"
                " kiosk_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 0, 'receiving', ?, ?, ?)",
                (spec.upload_id, key, spec.sha256, spec.length, spec.media_type, kiosk_id, now, now),
            )
        return 201, c.UploadStatus(
            upload_id=spec.upload_id, offset=0, length=spec.length, sha256=spec.sha256, media_type=spec.media_type
        )

    def upload_status(self, upload_id: str) -> c.UploadStatus | None:
        with self._connect() as conn:
            row = conn.execute(
                f"SELECT {self._UPLOAD_COLUMNS} FROM uploads WHERE upload_id = ?", (upload_id,)
            ).fetchone()
        return None if row is None else self._upload_status(row)

    def write_chunk(self, upload_id: str, offset: int, data: bytes) -> c.UploadStatus:
        """Write `data` at `offset` (it must be the current offset), fsync it, then record the new offset.

        When the last byte arrives the file's SHA-256 is checked: a match completes the upload; a
        mismatch discards it (file and record) and raises Refused(422). OffsetMismatch (409) for a
        chunk at the wrong offset, Refused(404) for an unknown upload, Refused(400) past the length.
        """
        with self._upload_lock:
            status = self.upload_status(upload_id)
            if status is None:
                raise Refused(404, "no such upload")
            if offset != status.offset or (status.complete and data):
                raise OffsetMismatch(status.offset)
            if offset + len(data) > status.length:
                raise Refused(400, "the chunk goes past the upload's declared length")
            if status.complete:
                return status
            path = self.upload_path(upload_id)
            created = not path.exists()
            fd = os.open(path, os.O_WRONLY | os.O_CREAT, 0o600)
            try:
                view = memoryview(data)
                written = 0
                while written < len(view):
                    written += os.pwrite(fd, view[written:], offset + written)
                new_offset = offset + len(data)
                if new_offset == status.length:
                    os.ftruncate(fd, status.length)  # bytes of a chunk written but never recorded
                os.fsync(fd)
            finally:
                os.close(fd)
            if created:
                _fsync_dir(self.uploads_dir)
            complete = new_offset == status.length
            if complete:
                digest = hashlib.sha256()
                with open(path, "rb") as f:
                    for block in iter(lambda: f.read(1 << 20), b""):
                        digest.update(block)
                if digest.hexdigest() != status.sha256:
                    with self._connect(write=True) as conn:
                        conn.execute("DELETE FROM uploads WHERE upload_id = ?", (upload_id,))
                    path.unlink(missing_ok=True)
                    _fsync_dir(self.uploads_dir)
                    raise Refused(422, "the content's SHA-256 differs from the declared sha256; upload discarded")
            with self._connect(write=True) as conn:
                conn.execute(
                    "UPDATE uploads SET received = ?, state = ?, updated_at = ? WHERE upload_id = ?",
                    (new_offset, "complete" if complete else "receiving", _iso(self.now()), upload_id),
                )
        return status.model_copy(update={"offset": new_offset, "complete": complete})

    def completed_uploads(self, sha256: str) -> list[c.UploadStatus]:
        with self._connect() as conn:
            rows = conn.execute(
                f"SELECT {self._UPLOAD_COLUMNS} FROM uploads WHERE sha256 = ? AND state = 'complete'", (sha256,)
            ).fetchall()
        return [self._upload_status(r) for r in rows]

    def filing_status(self, filing_id: str) -> c.FilingStatus | None:
        with self._connect() as conn:
            row = conn.execute(
                "SELECT filing_id, status, case_number, reasons, updated_at, body FROM filings WHERE filing_id = ?",
                (filing_id,),
            ).fetchone()
        if row is None:
            return None
        return c.FilingStatus(
            filing_id=row[0], status=row[1], case_number=row[2], reasons=json.loads(row[3]), updated_at=row[4],
            fee_notice=self.fee_notice(filing_id=filing_id), **filing_marks(row[5]),
        )

    def review(self, filing_id: str, decision: c.ReviewDecision) -> c.FilingStatus:
        moment = self.now()
        now = _iso(moment)
        with self._connect(write=True) as conn:
            row = conn.execute(
                "SELECT f.status, f.court_code, t.case_number_code, ct.case_number_prefix, f.body FROM filings f "
                "JOIN case_types t ON t.code = f.case_type JOIN courts ct ON ct.code = f.court_code "
                "WHERE f.filing_id = ?",
                (filing_id,),
            ).fetchone()
            if row is None:
                raise Refused(404, "no such filing")
            status, court_code, type_code, prefix, body = row
            kind = json.loads(body).get("filing_kind", c.FILING_FIRST_INSTANCE)
            type_code = c.CASE_NUMBER_CODES.get(kind, {}).get(type_code, type_code)
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
            for hook in self.docket_hooks if case_number is not None else ():
                hook(conn, filing_id, case_number, moment)
        status_now = self.filing_status(filing_id)
        assert status_now is not None
        return status_now

    def search(self, id_number: str) -> c.CaseList:
        with self._connect() as conn:
            rows = conn.execute(
                "SELECT f.filing_id, f.court_code, ct.name, f.case_type, t.name, f.status, f.case_number, f.reasons,"
                " f.received_at, f.updated_at, f.body FROM filings f"
                " JOIN courts ct ON ct.code = f.court_code JOIN case_types t ON t.code = f.case_type"
                " WHERE f.filing_id IN (SELECT filing_id FROM filing_people WHERE id_number = ?)"
                " ORDER BY f.received_at DESC, f.rowid DESC",
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
                    fee_notice=self.fee_notice(filing_id=fid),
                )
            )
        return c.CaseList(items=items)

    def list_filings(self) -> c.FilingList:
        with self._connect() as conn:
            rows = conn.execute(
                "SELECT filing_id, court_code, case_type, status, case_number, kiosk_id, received_at, updated_at,"
                " body FROM filings ORDER BY received_at, rowid"
            ).fetchall()
        return c.FilingList(
            items=[
                c.FilingSummary(filing_id=r[0], court_code=r[1], case_type=r[2], status=r[3], case_number=r[4],
                                kiosk_id=r[5], received_at=r[6], updated_at=r[7], **filing_marks(r[8]))
                for r in rows
            ]
        )
