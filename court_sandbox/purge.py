"""Purging what the sandbox holds about people once it is finished (`Store.purge`, `purge_app`).

What is finished, per table (a row older than the cutoff: ``now - older_than`` by the store's clock):

- a filing decided long ago: refused or rejected (审核不通过/不予立案), or docketed whose case record says the
  case is closed (timeline 结案) and has not changed since; never while one of its payment orders is open,
  a reading application of its case is pending or a print of its documents is still in progress.
  It goes with its people index, fee notice, payment orders, lookup code, case record, case people and
  documents, query-code attempts, reading applications and records, print records and materials;
- settled payment orders (paid, failed, expired); messages (delivered to the court when received);
  reading records; decided reading applications whose grant (if any) has ended; finished print records;
  materials; acknowledged staff calls (open ones stay); queue tickets, ranges, serials and cancellations
  of past days; answered idempotency keys (their answers may quote personal data); video call logs
  (issue 20); 判后答疑 bookings whose time is past (they hold the party's ID number);
- uploads (rows and files) untouched for the retention period that no remaining filing or material
  references (an upload that old was abandoned);
- rendered PDFs in the documents cache older than the cutoff (a cache: rendered again when asked).

Kept: courts, case types, meta, heartbeats (no personal data), the staff audit trail (a hash chain that is
evidence: it must stay whole), recordings of video calls (made only with the litigant's consent, which
says the court keeps them in the case's records), anything pending.
"""

from __future__ import annotations

import logging
import os
import time
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from offline_queue import contract as c

if TYPE_CHECKING:
    from court_sandbox.store import Store

log = logging.getLogger("court_sandbox")

#: Default retention of finished records.
DEFAULT_RETENTION_DAYS = 90
#: How often a running `SandboxServer` purges.
PURGE_INTERVAL_SECONDS = 3600

_DONE_FILING = f"""
SELECT f.filing_id FROM filings f
LEFT JOIN case_records r ON r.filing_id = f.filing_id
WHERE f.updated_at < :cutoff AND (
    f.status IN ('{c.STATUS_REJECTED}', '{c.STATUS_REFUSED}')
    OR (f.status = '{c.STATUS_DOCKETED}' AND r.filing_id IS NOT NULL AND r.updated_at < :cutoff
        AND EXISTS (SELECT 1 FROM json_each(r.body, '$.timeline') t
                    WHERE json_extract(t.value, '$.kind') = '结案')))
AND NOT EXISTS (SELECT 1 FROM payments p JOIN fee_notices n ON n.notice_id = p.notice_id
                WHERE n.filing_id = f.filing_id AND p.status = '{c.PAYMENT_AWAITING}')
{{records_guard}}
"""
_RECORDS_GUARD = f"""
AND NOT EXISTS (SELECT 1 FROM reading_applications a WHERE a.filing_id = f.filing_id
                AND (a.status = '{c.READING_PENDING}' OR a.granted_until > :now))
AND NOT EXISTS (SELECT 1 FROM print_records p WHERE p.filing_id = f.filing_id AND p.status = 'requested')
"""
#: (table, what deletes the rows of the filings in temp table `gone`), children first.
_FILING_CHILDREN = (
    ("payments", "DELETE FROM payments WHERE notice_id IN (SELECT notice_id FROM fee_notices"
                 " WHERE filing_id IN (SELECT id FROM gone))"),
    ("fee_notices", "DELETE FROM fee_notices WHERE filing_id IN (SELECT id FROM gone)"),
    ("filing_people", "DELETE FROM filing_people WHERE filing_id IN (SELECT id FROM gone)"),
    ("lookup_codes", "DELETE FROM lookup_codes WHERE filing_id IN (SELECT id FROM gone)"),
    ("reading_records", "DELETE FROM reading_records WHERE application_id IN (SELECT application_id FROM"
                        " reading_applications WHERE filing_id IN (SELECT id FROM gone))"),
    ("reading_applications", "DELETE FROM reading_applications WHERE filing_id IN (SELECT id FROM gone)"),
    ("print_records", "DELETE FROM print_records WHERE filing_id IN (SELECT id FROM gone)"),
    ("materials", "DELETE FROM materials WHERE filing_id IN (SELECT id FROM gone)"),
    ("case_documents", "DELETE FROM case_documents WHERE filing_id IN (SELECT id FROM gone)"),
    ("case_people", "DELETE FROM case_people WHERE filing_id IN (SELECT id FROM gone)"),
    ("query_attempts", "DELETE FROM query_attempts WHERE filing_id IN (SELECT id FROM gone)"),
    ("case_records", "DELETE FROM case_records WHERE filing_id IN (SELECT id FROM gone)"),
    ("filings", "DELETE FROM filings WHERE filing_id IN (SELECT id FROM gone)"),
)
#: (table, DELETE of finished rows on their own).
_FINISHED = (
    ("payments", f"DELETE FROM payments WHERE status IN ('{c.PAYMENT_PAID}', '{c.PAYMENT_FAILED}',"
                 f" '{c.PAYMENT_EXPIRED}') AND updated_at < :cutoff"),
    ("messages", "DELETE FROM messages WHERE received_at < :cutoff"),
    ("reading_records", "DELETE FROM reading_records WHERE received_at < :cutoff"),
    ("reading_applications", f"DELETE FROM reading_applications WHERE status != '{c.READING_PENDING}'"
                             " AND updated_at < :cutoff AND (granted_until IS NULL OR granted_until < :now)"),
    ("print_records", "DELETE FROM print_records WHERE status != 'requested' AND requested_at < :cutoff"),
    ("materials", "DELETE FROM materials WHERE received_at < :cutoff"),
    ("staff_calls", f"DELETE FROM staff_calls WHERE status = '{c.STAFF_CALL_ACKNOWLEDGED}'"
                    " AND received_at < :cutoff"),
    ("tickets", "DELETE FROM tickets WHERE day < :cutoff_day"),
    ("ticket_ranges", "DELETE FROM ticket_ranges WHERE day < :cutoff_day"),
    ("ticket_serials", "DELETE FROM ticket_serials WHERE day < :cutoff_day"),
    ("ticket_cancels", "DELETE FROM ticket_cancels WHERE cancelled_at < :cutoff"),
    ("idempotency_keys", "DELETE FROM idempotency_keys WHERE state = 'done' AND updated_at < :cutoff"),
    ("video_call_logs", "DELETE FROM video_call_logs WHERE received_at < :cutoff"),
    ("video_bookings", "DELETE FROM video_bookings WHERE slot < :cutoff"),
)
_KEPT_UPLOADS = """
SELECT json_extract(a.value, '$.sha256') FROM filings f, json_each(f.body, '$.attachments') a
UNION SELECT m.value FROM materials, json_each(materials.attachments) m
"""


def _tables(conn: Any) -> set[str]:
    return {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}


def purge_store(store: Store, older_than: timedelta) -> dict[str, int]:
    """Remove the finished records older than `older_than` (see the module doc); counts per table."""
    from court_sandbox.store import _iso

    if older_than < timedelta(0):
        raise ValueError("older_than must not be negative")
    now = store.now()
    cutoff = now - older_than
    params = {"cutoff": _iso(cutoff), "now": _iso(now), "cutoff_day": c.ticket_day(cutoff).isoformat()}
    counts: dict[str, int] = {}

    def add(table: str, n: int) -> None:
        if n > 0:
            counts[table] = counts.get(table, 0) + n

    doomed_files: list[Path] = []
    with store._connect(write=True) as conn:
        tables = _tables(conn)
        records = {"case_records", "reading_applications", "print_records", "materials"} <= tables
        query = _DONE_FILING.format(records_guard=_RECORDS_GUARD if records else "")
        conn.execute("CREATE TEMP TABLE IF NOT EXISTS gone (id TEXT PRIMARY KEY)")
        conn.execute("DELETE FROM gone")
        if "case_records" not in tables:
            query = query.replace("LEFT JOIN case_records r ON r.filing_id = f.filing_id",
                                  "LEFT JOIN (SELECT NULL AS filing_id, NULL AS updated_at, NULL AS body) r"
                                  " ON 0")
        conn.execute(f"INSERT INTO gone (id) {query}", params)
        for table, statement in _FILING_CHILDREN:
            if table in tables:
                add(table, conn.execute(statement).rowcount)
        conn.execute("DELETE FROM gone")
        for table, statement in _FINISHED:
            if table in tables:
                add(table, conn.execute(statement, params).rowcount)
        kept = {row[0] for row in conn.execute(
            _KEPT_UPLOADS if "materials" in tables else _KEPT_UPLOADS.split("UNION")[0]) if row[0]}
        old = conn.execute("SELECT upload_id, sha256 FROM uploads WHERE updated_at < :cutoff", params).fetchall()
        for upload_id, sha256 in old:
            if sha256 not in kept:
                conn.execute("DELETE FROM uploads WHERE upload_id = ?", (upload_id,))
                doomed_files.append(store.upload_path(upload_id))
                add("uploads", 1)
    for path in doomed_files:  # after the commit: a crash leaves an orphan file, never a row without one
        try:
            path.unlink()
        except FileNotFoundError:
            pass
    return counts


def purge_documents(cache_dir: str | os.PathLike[str] | None, older_than: timedelta,
                    now: float | None = None) -> int:
    """Remove rendered PDFs cached longer than `older_than` (by file time); how many."""
    if cache_dir is None or not Path(cache_dir).is_dir():
        return 0
    cutoff = (time.time() if now is None else now) - older_than.total_seconds()
    removed = 0
    for path in Path(cache_dir).rglob("*"):
        try:
            if path.is_file() and path.stat().st_mtime < cutoff:
                path.unlink()
                removed += 1
        except OSError:
            continue
    return removed


def purge_app(app: Any, older_than: timedelta | None = None) -> dict[str, int]:
    """`Store.purge` and the documents cache of a sandbox application (``create_app``); counts."""
    retention = older_than if older_than is not None else app.state.retention
    counts = purge_store(app.state.store, retention)
    cache_dir = getattr(app.state.sandbox.documents, "cache_dir", None)
    documents = purge_documents(cache_dir, retention, now=app.state.store.now().timestamp())
    if documents:
        counts["documents"] = documents
    if counts:
        log.info("purged finished records older than %s: %s", retention,
                 ", ".join(f"{table} {n}" for table, n in sorted(counts.items())))
    return counts
