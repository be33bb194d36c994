"""Court records (contract 1.2) in the sandbox's SQLite database: the records of docketed cases
(judge, clerk, timeline, hearings, deadlines, served documents, the case file), query-code access
with its lock, reading applications and records, print records with their verification codes,
materials handed in for a case, and lookup codes.

`Records` shares the `Store`'s database (its ``_connect``) and clock, and hooks into it: a new
filing's ``lookup_code`` is claimed in the filing's transaction (unique: 422 when taken); a
docketed filing gets its records (`court_sandbox.casegen`) in the review's transaction. At start,
docketed filings without records (an older database) get theirs.

Access (`CaseAccess`): a party's ID number (a person of the filing: plaintiffs, the agent, and once
docketed every party with an ID number), or the case number (or filing id) and its query code.
Unknown case or not a party: 404 (whether the case exists is not told). A wrong query code: 403;
after `QUERY_CODE_ATTEMPTS` wrong ones in a row the case's query-code access is locked for
`query_lock_seconds` (429 with Retry-After); a right code resets the count. A case-file document
opens only within a granted reading application's window (403 otherwise); a served document opens
for the case's parties and query-code holders.

Print records count against the person's daily pages (`PrintLimits.max_pages_per_day`, per day in
China time; for query-code access the case counts as the person): 403 past it, or past
`max_pages_per_document`. A print verifies (public, no personal data) unless its outcome says no
page was printed (failed or canceled with 0 pages).
"""

from __future__ import annotations

import hashlib
import json
import math
import sqlite3
import threading
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from court_sandbox import casegen
from court_sandbox.casegen import FILE, SERVED, DocumentPlan
from court_sandbox.pdfdocs import DocumentContext
from court_sandbox.store import CHINA_TIME, Refused, Store, _iso
from offline_queue import contract as c

_SCHEMA = """
CREATE TABLE IF NOT EXISTS lookup_codes (code TEXT PRIMARY KEY, filing_id TEXT NOT NULL UNIQUE);
CREATE TABLE IF NOT EXISTS case_records (
    filing_id TEXT PRIMARY KEY REFERENCES filings(filing_id), case_number TEXT NOT NULL,
    query_code TEXT NOT NULL UNIQUE, body TEXT NOT NULL, docketed_at TEXT NOT NULL, updated_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS case_people (
    filing_id TEXT NOT NULL, id_number TEXT NOT NULL, role TEXT NOT NULL, PRIMARY KEY (filing_id, id_number, role)
);
CREATE INDEX IF NOT EXISTS case_people_id ON case_people (id_number);
CREATE TABLE IF NOT EXISTS case_documents (
    document_id TEXT PRIMARY KEY, filing_id TEXT NOT NULL, section TEXT NOT NULL CHECK (section IN ('file', 'served')),
    kind TEXT NOT NULL, title TEXT NOT NULL, at TEXT NOT NULL, pages INTEGER NOT NULL, template TEXT NOT NULL,
    extra TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX IF NOT EXISTS case_documents_filing ON case_documents (filing_id, section);
CREATE TABLE IF NOT EXISTS query_attempts (
    filing_id TEXT PRIMARY KEY, failures INTEGER NOT NULL, locked_until TEXT
);
CREATE TABLE IF NOT EXISTS reading_applications (
    application_id TEXT PRIMARY KEY, filing_id TEXT NOT NULL, fingerprint TEXT NOT NULL, status TEXT NOT NULL,
    granted_from TEXT, granted_until TEXT, reasons TEXT NOT NULL DEFAULT '[]', body TEXT NOT NULL, kiosk_id TEXT,
    created_at TEXT NOT NULL, updated_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS reading_applications_filing ON reading_applications (filing_id, created_at);
CREATE TABLE IF NOT EXISTS reading_records (
    record_id TEXT PRIMARY KEY, application_id TEXT NOT NULL, document_id TEXT NOT NULL, fingerprint TEXT NOT NULL,
    body TEXT NOT NULL, receipt TEXT NOT NULL, kiosk_id TEXT, received_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS print_records (
    record_id TEXT PRIMARY KEY, document_id TEXT NOT NULL, filing_id TEXT NOT NULL, person TEXT NOT NULL,
    day TEXT NOT NULL, pages INTEGER NOT NULL, verification_code TEXT NOT NULL UNIQUE, fingerprint TEXT NOT NULL,
    ticket TEXT NOT NULL, kiosk_id TEXT, requested_at TEXT NOT NULL, status TEXT NOT NULL DEFAULT 'requested',
    pages_printed INTEGER, finished_at TEXT, outcome_fingerprint TEXT, outcome_receipt TEXT
);
CREATE INDEX IF NOT EXISTS print_records_person ON print_records (person, day);
CREATE TABLE IF NOT EXISTS materials (
    material_id TEXT PRIMARY KEY, filing_id TEXT NOT NULL, case_ref TEXT NOT NULL, kind TEXT NOT NULL,
    pages INTEGER NOT NULL, attachments TEXT NOT NULL, fingerprint TEXT NOT NULL, body TEXT NOT NULL,
    receipt TEXT NOT NULL, kiosk_id TEXT, received_at TEXT NOT NULL
)
"""
#: The default lock after too many wrong query codes.
QUERY_LOCK_SECONDS = 300


class Locked(Refused):
    """Too many wrong query codes: 429 with Retry-After (seconds)."""

    def __init__(self, retry_after: int) -> None:
        super().__init__(429, "too many wrong query codes for this case; try again later")
        self.headers = {c.RETRY_AFTER_HEADER: str(retry_after)}


def normal_case_number(text: str) -> str:
    """A case number as the court stores it (full-width brackets, no surrounding spaces)."""
    return text.strip().replace("(", "（").replace(")", "）")


def _person_key(id_number: str) -> str:
    return "p:" + hashlib.sha256(id_number.encode()).hexdigest()


class Records:
    """The court records of the sandbox (one per application, beside its `Store`)."""

    def __init__(self, store: Store, *, print_limits: c.PrintLimits | None = None,
                 query_lock_seconds: int = QUERY_LOCK_SECONDS, demo_people: tuple[str, ...] = ()) -> None:
        self.store = store
        self.print_limits = print_limits or c.PrintLimits()
        self.query_lock_seconds = query_lock_seconds
        self.demo_people = demo_people
        self._demo_seeded = self._demo_seeding = False
        self._demo_lock = threading.RLock()
        with store._connect(write=True) as conn:
            for statement in _SCHEMA.split(";"):
                if statement.strip():
                    conn.execute(statement)
            conn.execute(
                "INSERT OR IGNORE INTO lookup_codes (code, filing_id) SELECT json_extract(body, '$.lookup_code'),"
                " filing_id FROM filings WHERE json_extract(body, '$.lookup_code') IS NOT NULL")
            for filing_id, number, updated in conn.execute(
                "SELECT filing_id, case_number, updated_at FROM filings WHERE case_number IS NOT NULL AND filing_id"
                " NOT IN (SELECT filing_id FROM case_records)").fetchall():
                self.on_docket(conn, filing_id, number, datetime.fromisoformat(updated))
        store.filing_hooks.append(self.on_filing)
        store.docket_hooks.append(self.on_docket)

    def now(self) -> datetime:
        return self.store.now()

    # ------------------------------------------------------------------ hooks
    def on_filing(self, conn: sqlite3.Connection, submission: c.FilingSubmission) -> None:
        if submission.lookup_code is None:
            return
        try:
            conn.execute("INSERT INTO lookup_codes (code, filing_id) VALUES (?, ?)",
                         (submission.lookup_code, submission.filing_id))
        except sqlite3.IntegrityError as exc:
            raise Refused(422, "lookup_code is already used by another filing") from exc

    def on_docket(self, conn: sqlite3.Connection, filing_id: str, case_number: str, moment: datetime) -> None:
        """Make a docketed case's records (in the review's transaction)."""
        body, court_code = conn.execute("SELECT body, court_code FROM filings WHERE filing_id = ?",
                                        (filing_id,)).fetchone()
        submission = json.loads(body)
        plan = casegen.plan_case(filing_id, submission, court_code, case_number, moment)
        conn.execute("INSERT INTO case_records (filing_id, case_number, query_code, body, docketed_at, updated_at)"
                     " VALUES (?, ?, ?, ?, ?, ?)", (filing_id, case_number, plan.query_code,
                                                    json.dumps(plan.body, ensure_ascii=False), _iso(moment),
                                                    _iso(moment)))
        conn.executemany("INSERT OR IGNORE INTO case_people (filing_id, id_number, role) VALUES (?, ?, ?)",
                         [(filing_id, number, role) for number, role in casegen.people_of(submission)])
        for doc in plan.documents:
            self._add_document(conn, filing_id, doc)

    @staticmethod
    def _add_document(conn: sqlite3.Connection, filing_id: str, doc: DocumentPlan) -> None:
        conn.execute("INSERT OR REPLACE INTO case_documents (document_id, filing_id, section, kind, title, at, pages,"
                     " template, extra) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                     (doc.document_id, filing_id, doc.section, doc.kind, doc.title, _iso(doc.at), doc.pages,
                      doc.template, json.dumps(doc.extra, ensure_ascii=False)))

    # ------------------------------------------------------------------ demo
    def ensure_demo(self, *, id_number: str | None = None, case_ref: str | None = None,
                    document_id: str | None = None) -> None:
        """Seed the demo persona's cases the first time they (or a demo case or document) are asked for."""
        if self._demo_seeded or not self.demo_people:
            return
        from court_sandbox import demo

        if id_number in self.demo_people or demo.is_demo_ref(case_ref) or demo.is_demo_document(document_id):
            with self._demo_lock:  # reentrant: seeding itself adds events (which ask again)
                if self._demo_seeded or self._demo_seeding:
                    return
                self._demo_seeding = True
                try:
                    demo.seed(self)
                    self._demo_seeded = True
                finally:
                    self._demo_seeding = False

    # ---------------------------------------------------------------- access
    def _resolve(self, conn: sqlite3.Connection, case_ref: str) -> tuple[Any, ...] | None:
        return conn.execute(
            "SELECT f.filing_id, f.court_code, ct.name, f.case_type, t.name, f.status, f.case_number, f.body,"
            " f.received_at, f.updated_at FROM filings f JOIN courts ct ON ct.code = f.court_code"
            " JOIN case_types t ON t.code = f.case_type WHERE f.filing_id = ? OR f.case_number = ?",
            (case_ref, normal_case_number(case_ref))).fetchone()

    def _is_party(self, conn: sqlite3.Connection, filing_id: str, id_number: str) -> bool:
        return conn.execute(
            "SELECT 1 FROM filing_people WHERE filing_id = ? AND id_number = ? UNION ALL"
            " SELECT 1 FROM case_people WHERE filing_id = ? AND id_number = ?",
            (filing_id, id_number, filing_id, id_number)).fetchone() is not None

    def check(self, access: c.CaseAccess) -> tuple[tuple[Any, ...], str, str]:
        """(the filing's row, access kind, person key) for an access, or Refused 404/403 or Locked 429."""
        self.ensure_demo(id_number=access.id_number, case_ref=access.case_ref)
        if access.id_number is not None:
            with self.store._connect() as conn:
                row = self._resolve(conn, access.case_ref)
                if row is None or not self._is_party(conn, row[0], access.id_number):
                    raise Refused(404, "no such case")
            return row, c.ACCESS_PARTY, _person_key(access.id_number)
        now = self.now()
        failure: Refused | None = None
        with self.store._connect(write=True) as conn:
            row = self._resolve(conn, access.case_ref)
            record = row and conn.execute("SELECT query_code FROM case_records WHERE filing_id = ?",
                                          (row[0],)).fetchone()
            if row is None or record is None:
                raise Refused(404, "no such case")
            attempts = conn.execute("SELECT failures, locked_until FROM query_attempts WHERE filing_id = ?",
                                    (row[0],)).fetchone()
            failures, locked_until = attempts if attempts else (0, None)
            if locked_until is not None:
                until = datetime.fromisoformat(locked_until)
                if now < until:
                    raise Locked(max(1, math.ceil((until - now).total_seconds())))
                failures = 0
            if access.query_code == record[0]:
                failures, locked = 0, None
            else:
                failures += 1
                locked = (_iso(now + timedelta(seconds=self.query_lock_seconds))
                          if failures >= c.QUERY_CODE_ATTEMPTS else None)
                failure = Refused(403, "the query code is not this case's")
            conn.execute("INSERT INTO query_attempts (filing_id, failures, locked_until) VALUES (?, ?, ?) ON CONFLICT"
                         " (filing_id) DO UPDATE SET failures = excluded.failures,"
                         " locked_until = excluded.locked_until", (row[0], failures, locked))
        if failure is not None:
            raise failure
        return row, c.ACCESS_QUERY_CODE, "c:" + row[0]

    # ----------------------------------------------------------------- cases
    def _record_body(self, conn: sqlite3.Connection, filing_id: str) -> dict[str, Any] | None:
        row = conn.execute("SELECT body, query_code, updated_at FROM case_records WHERE filing_id = ?",
                           (filing_id,)).fetchone()
        if row is None:
            return None
        return json.loads(row[0]) | {"query_code": row[1], "records_updated_at": row[2]}

    def _detail(self, conn: sqlite3.Connection, row: tuple[Any, ...], access: str) -> c.CaseDetail:
        filing_id, court_code, court_name, case_type, type_name, status, number, body = row[:8]
        records = self._record_body(conn, filing_id) or {}
        code = conn.execute("SELECT code FROM lookup_codes WHERE filing_id = ?", (filing_id,)).fetchone()
        return c.CaseDetail(
            filing_id=filing_id, case_number=number, court_code=court_code, court_name=court_name,
            case_type=case_type, case_type_name=type_name, status=status, access=access,
            parties=[c.CaseParty.model_validate(p) for p in casegen.parties_of(json.loads(body))],
            judge=records.get("judge"), clerk=records.get("clerk"), contact_phone=records.get("contact_phone"),
            timeline=sorted(records.get("timeline", []), key=lambda e: e["at"]),
            hearings=sorted(records.get("hearings", []), key=lambda e: e["at"]),
            deadlines=sorted(records.get("deadlines", []), key=lambda e: e["due"]),
            lookup_code=code[0] if code else None,
        )

    def case_detail(self, access: c.CaseAccess) -> c.CaseDetail:
        row, kind, _ = self.check(access)
        with self.store._connect() as conn:
            return self._detail(conn, row, kind)

    def _grant(self, conn: sqlite3.Connection, filing_id: str) -> c.ReadingGrant | None:
        row = conn.execute(
            "SELECT application_id, status, granted_from, granted_until, reasons FROM reading_applications"
            " WHERE filing_id = ? ORDER BY created_at DESC, rowid DESC LIMIT 1", (filing_id,)).fetchone()
        return None if row is None else self._grant_of(row)

    @staticmethod
    def _grant_of(row: tuple[Any, ...]) -> c.ReadingGrant:
        return c.ReadingGrant(application_id=row[0], status=row[1], granted_from=row[2], granted_until=row[3],
                              reasons=json.loads(row[4]))

    def _reading_open(self, conn: sqlite3.Connection, filing_id: str) -> bool:
        now = _iso(self.now())
        return conn.execute(
            "SELECT 1 FROM reading_applications WHERE filing_id = ? AND status = ? AND granted_from <= ?"
            " AND granted_until > ?", (filing_id, c.READING_GRANTED, now, now)).fetchone() is not None

    def case_file(self, access: c.CaseAccess) -> c.CaseFileIndex:
        row, _, _ = self.check(access)
        with self.store._connect() as conn:
            docs = conn.execute("SELECT document_id, kind, title, at, pages FROM case_documents WHERE filing_id = ?"
                                " AND section = ? ORDER BY at, rowid", (row[0], FILE)).fetchall()
            grant = self._grant(conn, row[0])
        return c.CaseFileIndex(case_number=row[6], grant=grant, documents=[
            c.CaseFileDocument(document_id=d[0], kind=d[1], title=d[2], date=d[3], pages=d[4]) for d in docs])

    def served_documents(self, id_number: str) -> c.ServedDocumentList:
        self.ensure_demo(id_number=id_number)
        now = _iso(self.now())
        with self.store._connect() as conn:
            rows = conn.execute(
                "SELECT d.document_id, d.filing_id, f.case_number, ct.name, d.kind, d.title, d.at, d.pages"
                " FROM case_documents d JOIN filings f ON f.filing_id = d.filing_id"
                " JOIN courts ct ON ct.code = f.court_code WHERE d.section = ? AND d.at <= ? AND d.filing_id IN"
                " (SELECT filing_id FROM case_people WHERE id_number = ?) ORDER BY d.at DESC, d.rowid DESC",
                (SERVED, now, id_number)).fetchall()
        return c.ServedDocumentList(items=[
            c.ServedDocument(document_id=r[0], filing_id=r[1], case_number=r[2], court_name=r[3], kind=r[4],
                             title=r[5], served_at=r[6], pages=r[7]) for r in rows])

    # ------------------------------------------------------------- documents
    def document(self, document_id: str, access: c.CaseAccess) -> tuple[DocumentContext, str]:
        """The document's rendering context and the person key, if the access may open it."""
        self.ensure_demo(document_id=document_id)
        row, _, person = self.check(access)
        with self.store._connect() as conn:
            doc = conn.execute("SELECT section, kind, title, at, pages, template, extra FROM case_documents"
                               " WHERE document_id = ? AND filing_id = ?", (document_id, row[0])).fetchone()
            if doc is None or (doc[0] == SERVED and doc[3] > _iso(self.now())):
                raise Refused(404, "no such document in this case")
            if doc[0] == FILE and not self._reading_open(conn, row[0]):
                raise Refused(403, "the case file opens only within a granted reading application's window")
            records = self._record_body(conn, row[0]) or {}
        submission = json.loads(row[7])
        hearings = sorted(records.get("hearings", []), key=lambda h: h["at"])
        context = DocumentContext(
            document_id=document_id, template=doc[5], title=doc[2], pages=doc[4], court_name=row[2],
            case_number=row[6], date=datetime.fromisoformat(doc[3]), parties=casegen.parties_of(submission),
            cause=records.get("cause", "民事纠纷"), claims=submission.get("claims", ""),
            facts=submission.get("facts_and_reasons", ""), amount=str(submission.get("amount", "0.00")),
            judge=records.get("judge", {}).get("name", ""), clerk=records.get("clerk", {}).get("name", ""),
            query_code=records.get("query_code", ""), contact_phone=records.get("contact_phone", ""),
            hearing=hearings[0] if hearings else None, appeal_court=casegen.APPEAL_COURT.get(row[1], ""),
            extra=json.loads(doc[6]))
        return context, person

    # --------------------------------------------------------------- reading
    def create_reading(self, key: str, fingerprint: str, application: c.ReadingApplication,
                       kiosk_id: str | None) -> tuple[int, dict[str, Any]]:
        row, _, _ = self.check(application.access)
        now = _iso(self.now())
        with self.store._connect(write=True) as conn:
            existing = conn.execute("SELECT fingerprint FROM reading_applications WHERE application_id = ?",
                                    (application.application_id,)).fetchone()
            if existing is not None and existing[0] != fingerprint:
                raise Refused(422, "application_id is already used by a different application")
            if existing is None:
                conn.execute(
                    "INSERT INTO reading_applications (application_id, filing_id, fingerprint, status, body,"
                    " kiosk_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    (application.application_id, row[0], fingerprint, c.READING_PENDING,
                     application.model_dump_json(), kiosk_id, now, now))
            grant = self._reading(conn, application.application_id)
            assert grant is not None
            status, text = (201 if existing is None else 200), grant.model_dump_json()
            Store._complete_key(conn, key, status, text, now)
        return status, json.loads(text)

    def _reading(self, conn: sqlite3.Connection, application_id: str) -> c.ReadingGrant | None:
        row = conn.execute("SELECT application_id, status, granted_from, granted_until, reasons FROM"
                           " reading_applications WHERE application_id = ?", (application_id,)).fetchone()
        return None if row is None else self._grant_of(row)

    def reading(self, application_id: str) -> c.ReadingGrant | None:
        with self.store._connect() as conn:
            return self._reading(conn, application_id)

    def decide_reading(self, application_id: str, decision: c.ReadingDecision) -> c.ReadingGrant:
        moment = self.now()
        with self.store._connect(write=True) as conn:
            grant = self._reading(conn, application_id)
            if grant is None:
                raise Refused(404, "no such reading application")
            if grant.status != c.READING_PENDING:
                raise Refused(409, f"the application was already decided ({grant.status})")
            if decision.decision == "grant":
                values = (c.READING_GRANTED, _iso(moment), _iso(moment + timedelta(hours=decision.hours)), [])
            else:
                values = (c.READING_REFUSED, None, None, decision.reasons or ["不符合阅卷条件"])
            conn.execute("UPDATE reading_applications SET status = ?, granted_from = ?, granted_until = ?,"
                         " reasons = ?, updated_at = ? WHERE application_id = ?",
                         (*values[:3], json.dumps(values[3], ensure_ascii=False), _iso(moment), application_id))
            grant = self._reading(conn, application_id)
        assert grant is not None
        return grant

    def create_reading_record(self, key: str, fingerprint: str, record: c.ReadingRecord,
                              kiosk_id: str | None) -> tuple[int, dict[str, Any]]:
        now = _iso(self.now())
        with self.store._connect(write=True) as conn:
            app = conn.execute("SELECT filing_id FROM reading_applications WHERE application_id = ?",
                               (record.application_id,)).fetchone()
            if app is None:
                raise Refused(404, "no such reading application")
            if conn.execute("SELECT 1 FROM case_documents WHERE document_id = ? AND filing_id = ?",
                            (record.document_id, app[0])).fetchone() is None:
                raise Refused(422, "the document is not of the application's case")
            existing = conn.execute("SELECT fingerprint, receipt FROM reading_records WHERE record_id = ?",
                                    (record.record_id,)).fetchone()
            if existing is not None:
                if existing[0] != fingerprint:
                    raise Refused(422, "record_id is already used by a different record")
                status, text = 200, existing[1]
            else:
                status = 201
                text = c.RecordReceipt(record_id=record.record_id,
                                       received_at=datetime.fromisoformat(now)).model_dump_json()
                conn.execute("INSERT INTO reading_records (record_id, application_id, document_id, fingerprint,"
                             " body, receipt, kiosk_id, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                             (record.record_id, record.application_id, record.document_id, fingerprint,
                              record.model_dump_json(), text, kiosk_id, now))
            Store._complete_key(conn, key, status, text, now)
        return status, json.loads(text)

    # ---------------------------------------------------------------- prints
    def create_print(self, key: str, fingerprint: str, record: c.PrintRecord, kiosk_id: str | None,
                     verify_url: Callable[[str], str]) -> tuple[int, dict[str, Any]]:
        limits = self.print_limits
        with self.store._connect() as conn:
            existing = conn.execute("SELECT fingerprint, ticket FROM print_records WHERE record_id = ?",
                                    (record.record_id,)).fetchone()
        if existing is not None:  # the same record again (another key): no new access check, no new pages
            if existing[0] != fingerprint:
                raise Refused(422, "record_id is already used by a different print record")
            with self.store._connect(write=True) as conn:
                Store._complete_key(conn, key, 200, existing[1], _iso(self.now()))
            return 200, json.loads(existing[1])
        context, person = self.document(record.document_id, record.access)
        if record.pages > context.pages:
            raise Refused(422, f"the document has {context.pages} pages")
        if record.pages > limits.max_pages_per_document:
            raise Refused(403, f"at most {limits.max_pages_per_document} pages of a document may be printed")
        moment = self.now()
        day = moment.astimezone(CHINA_TIME).date().isoformat()
        rng = casegen.rng_for("verify", record.record_id, fingerprint)
        with self.store._connect(write=True) as conn:
            used = conn.execute(
                "SELECT COALESCE(SUM(COALESCE(pages_printed, pages)), 0) FROM print_records WHERE person = ?"
                " AND day = ?", (person, day)).fetchone()[0]
            if used + record.pages > limits.max_pages_per_day:
                raise Refused(403, f"the daily limit of {limits.max_pages_per_day} printed pages is reached "
                                   f"({limits.max_pages_per_day - used} left today)")
            code = casegen.code_from(rng, 12)
            while conn.execute("SELECT 1 FROM print_records WHERE verification_code = ?", (code,)).fetchone():
                code = casegen.code_from(rng, 12)
            ticket = c.PrintTicket(record_id=record.record_id, verification_code=code, verify_url=verify_url(code),
                                   pages_left_today=limits.max_pages_per_day - used - record.pages)
            text = ticket.model_dump_json()
            conn.execute("INSERT INTO print_records (record_id, document_id, filing_id, person, day, pages,"
                         " verification_code, fingerprint, ticket, kiosk_id, requested_at) VALUES"
                         " (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                         (record.record_id, record.document_id, self._filing_of(conn, record.document_id), person, day, record.pages, code, fingerprint, text,
                          kiosk_id, _iso(moment)))
            Store._complete_key(conn, key, 201, text, _iso(moment))
        return 201, json.loads(text)

    @staticmethod
    def _filing_of(conn: sqlite3.Connection, document_id: str) -> str:
        return conn.execute("SELECT filing_id FROM case_documents WHERE document_id = ?", (document_id,)).fetchone()[0]

    def print_outcome(self, key: str, fingerprint: str, outcome: c.PrintOutcome) -> tuple[int, dict[str, Any]]:
        now = _iso(self.now())
        with self.store._connect(write=True) as conn:
            row = conn.execute("SELECT pages, outcome_fingerprint, outcome_receipt FROM print_records"
                               " WHERE record_id = ?", (outcome.record_id,)).fetchone()
            if row is None:
                raise Refused(404, "no such print record")
            if row[1] is not None:
                if row[1] != fingerprint:
                    raise Refused(422, "the print record already has a different outcome")
                status, text = 200, row[2]
            else:
                if outcome.pages_printed > row[0]:
                    raise Refused(422, f"the print record was for {row[0]} pages")
                status = 201
                text = c.RecordReceipt(record_id=outcome.record_id,
                                       received_at=datetime.fromisoformat(now)).model_dump_json()
                conn.execute("UPDATE print_records SET status = ?, pages_printed = ?, finished_at = ?,"
                             " outcome_fingerprint = ?, outcome_receipt = ? WHERE record_id = ?",
                             (outcome.status, outcome.pages_printed, _iso(outcome.finished_at), fingerprint, text,
                              outcome.record_id))
            Store._complete_key(conn, key, status, text, now)
        return status, json.loads(text)

    def verify(self, code: str) -> c.PrintVerification:
        with self.store._connect() as conn:
            row = conn.execute(
                "SELECT d.title, f.case_number, ct.name, p.pages, p.pages_printed, p.status, p.requested_at,"
                " p.finished_at, p.kiosk_id FROM print_records p JOIN case_documents d ON d.document_id ="
                " p.document_id JOIN filings f ON f.filing_id = p.filing_id JOIN courts ct ON ct.code ="
                " f.court_code WHERE p.verification_code = ?", (code.strip().upper(),)).fetchone()
        if row is None or (row[5] in ("failed", "canceled") and not row[4]):
            return c.PrintVerification(verification_code=code, valid=False)
        return c.PrintVerification(verification_code=code.strip().upper(), valid=True, document_title=row[0],
                                   case_number=row[1], court_name=row[2],
                                   pages=row[4] if row[4] is not None else row[3],
                                   printed_at=row[7] or row[6], kiosk_id=row[8])

    # ------------------------------------------------------------- materials
    def create_material(self, key: str, fingerprint: str, material: c.MaterialSubmission,
                        kiosk_id: str | None) -> tuple[int, dict[str, Any]]:
        now = _iso(self.now())
        with self.store._connect(write=True) as conn:
            row = self._resolve(conn, material.case_ref)
            if row is None or row[1] != material.court_code:
                raise Refused(404, "no such case at this court")
            for n, ref in enumerate(material.attachments):
                if conn.execute("SELECT 1 FROM uploads WHERE sha256 = ? AND length = ? AND state = 'complete'",
                                (ref.sha256, ref.length)).fetchone() is None:
                    raise Refused(422, f"attachments.{n}: no completed upload has this sha256 and length")
            existing = conn.execute("SELECT fingerprint, receipt FROM materials WHERE material_id = ?",
                                    (material.material_id,)).fetchone()
            if existing is not None:
                if existing[0] != fingerprint:
                    raise Refused(422, "material_id is already used by a different material")
                status, text = 200, existing[1]
            else:
                status = 201
                text = c.MaterialReceipt(material_id=material.material_id,
                                         received_at=datetime.fromisoformat(now)).model_dump_json()
                conn.execute("INSERT INTO materials (material_id, filing_id, case_ref, kind, pages, attachments,"
                             " fingerprint, body, receipt, kiosk_id, received_at) VALUES"
                             " (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                             (material.material_id, row[0], material.case_ref, material.kind, material.pages,
                              json.dumps([a.sha256 for a in material.attachments]), fingerprint,
                              material.model_dump_json(), text, kiosk_id, now))
            Store._complete_key(conn, key, status, text, now)
        return status, json.loads(text)

    def list_materials(self) -> c.MaterialList:
        with self.store._connect() as conn:
            rows = conn.execute("SELECT material_id, case_ref, kind, pages, attachments, received_at FROM materials"
                                " ORDER BY received_at, rowid").fetchall()
        return c.MaterialList(items=[c.MaterialSummary(material_id=r[0], case_ref=r[1], kind=r[2], pages=r[3],
                                                       attachments=json.loads(r[4]), received_at=r[5])
                                     for r in rows])

    # ---------------------------------------------------------------- lookup
    def lookup(self, code: str) -> c.LookupResult | None:
        self.ensure_demo(case_ref=code)
        now = self.now()
        with self.store._connect() as conn:
            found = conn.execute("SELECT filing_id FROM lookup_codes WHERE code = ?", (code.strip().upper(),)
                                 ).fetchone()
            row = found and self._resolve(conn, found[0])
            if not row:
                return None
            records = self._record_body(conn, row[0]) or {}
        notice = self.store.fee_notice(filing_id=row[0])
        upcoming = sorted(h["at"] for h in records.get("hearings", []) if datetime.fromisoformat(h["at"]) >= now)
        updated = max(datetime.fromisoformat(row[9]),
                      datetime.fromisoformat(records.get("records_updated_at", row[9])))
        return c.LookupResult(code=code.strip().upper(), court_name=row[2], case_type_name=row[4], status=row[5],
                              case_number=row[6], submitted_at=row[8], updated_at=updated,
                              fee_due=notice.amount if notice is not None and not notice.paid else None,
                              next_hearing=upcoming[0] if upcoming else None)

    # ----------------------------------------------------------------- admin
    def add_event(self, event: c.CaseEvent) -> c.CaseDetail:
        """A clerk's step in a docketed case: a timeline event (开庭 also files the 庭审笔录), a hearing, a
        deadline, or a served document (判决书/裁定书/调解书 also go into the case file)."""
        if event.kind == "served" and event.label not in c.SERVED_KINDS:
            raise Refused(422, f"a served document's label is one of {' '.join(c.SERVED_KINDS)}")
        self.ensure_demo(case_ref=event.filing_id)
        moment = self.now()
        with self.store._connect(write=True) as conn:
            row = self._resolve(conn, event.filing_id)
            if row is None:
                raise Refused(404, "no such filing")
            records = self._record_body(conn, row[0])
            if records is None:
                raise Refused(409, "the filing is not docketed")
            self._apply_event(conn, row, records, event)
            for name in ("query_code", "records_updated_at"):
                records.pop(name)
            conn.execute("UPDATE case_records SET body = ?, updated_at = ? WHERE filing_id = ?",
                         (json.dumps(records, ensure_ascii=False), _iso(moment), row[0]))
            return self._detail(conn, row, c.ACCESS_PARTY)

    def _apply_event(self, conn: sqlite3.Connection, row: tuple[Any, ...], records: dict[str, Any],
                     event: c.CaseEvent) -> None:
        filing_id, at = row[0], event.at
        count = conn.execute("SELECT COUNT(*) FROM case_documents WHERE filing_id = ?", (filing_id,)).fetchone()[0]
        if event.kind == "timeline":
            records["timeline"].append({"kind": event.label, "at": at.isoformat(), "note": event.title})
            if event.label == "开庭":
                self._add_document(conn, filing_id, DocumentPlan(
                    casegen.document_id_for(filing_id, f"event-{count}-庭审笔录"), FILE, "庭审笔录", "庭审笔录", at,
                    6, "transcript"))
        elif event.kind == "hearing":
            records["hearings"].append({"at": at.isoformat(), "kind": event.label, "courtroom": event.courtroom
                                        or "第三法庭", "online": event.online, "note": event.title})
        elif event.kind == "deadline":
            records["deadlines"].append({"kind": event.label, "due": at.isoformat(), "note": event.title})
        else:
            prefix = "行政" if row[3].startswith("行") else "民事"
            title = event.title or (f"{prefix}{event.label}" if event.label in ("判决书", "裁定书", "调解书")
                                    else event.label)
            template = casegen.SERVED_TEMPLATES.get(event.label, "judgment")
            doc_id = casegen.document_id_for(filing_id, f"event-{count}-{event.label}")
            self._add_document(conn, filing_id, DocumentPlan(doc_id, SERVED, event.label, title, at, event.pages,
                                                             template))
            if event.label in ("判决书", "裁定书", "调解书"):
                self._add_document(conn, filing_id, DocumentPlan(casegen.document_id_for(filing_id, f"卷-{doc_id}"),
                                                                 FILE, event.label, title, at, event.pages, template))
            records["timeline"].append({"kind": "送达", "at": at.isoformat(), "note": title})

    def case_codes(self, filing_id: str) -> c.CaseCodes:
        self.ensure_demo(case_ref=filing_id)
        with self.store._connect() as conn:
            row = self._resolve(conn, filing_id)
            if row is None:
                raise Refused(404, "no such filing")
            records = self._record_body(conn, row[0]) or {}
            code = conn.execute("SELECT code FROM lookup_codes WHERE filing_id = ?", (row[0],)).fetchone()
            docs = conn.execute("SELECT document_id, section FROM case_documents WHERE filing_id = ?"
                                " ORDER BY at, rowid", (row[0],)).fetchall()
        return c.CaseCodes(filing_id=row[0], case_number=row[6], query_code=records.get("query_code"),
                           lookup_code=code[0] if code else None,
                           served=[d for d, s in docs if s == SERVED], file=[d for d, s in docs if s == FILE])
