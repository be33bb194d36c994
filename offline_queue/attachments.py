"""Attachments (scanned pages, PDFs) in the outbox: files written durably before their rows.

`store_attachment` writes the content to ``<data_dir>/attachments/<sha256>.<item id>``, fsyncs
the file and the directory, and only then enqueues the outbox item (kind ``"attachment"``)
that names it: a row never exists without its file. If the enqueue fails, the file is
removed again (a crash in between leaves an orphan file, which `sweep` removes later).

Encryption. When the outbox is encrypted, the file is sealed with AES-256-GCM
(`offline_queue.crypto`) under a fresh per-file key, and that key is kept in the item's
payload, which the outbox seals with its own key (envelope encryption). A key rotation
of the outbox re-seals the payloads, and with them the file keys, so the files never need
rewriting and never become unreadable when the old outbox key is retired. The plaintext
never touches the disk: it is sealed in memory and written to the file once.

One file per item (not one per digest): two filings attaching the same page each own their
file, so delivering (and deleting) one never takes the other's away.

Ordering. The outbox has one `depends_on` per item, so a filing's attachments are chained:
the first depends on nothing (or on what the caller says), each next one on the one before,
and the filing on the last (`enqueue_filing` checks this). Delivery order follows the chain;
an attachment that cannot be delivered (dead) holds its filing back, which is right: the
backend would refuse the filing anyway (422: its digest is not a completed upload).

Deletion. After the backend confirms an upload the sync worker's handler deletes the file
(`secure_delete`: overwritten with zeros, fsynced, unlinked; on flash storage or a
copy-on-write file system the old blocks may survive: the encryption is what protects them).
If the process dies between the upload and marking the item delivered, the next attempt asks
the backend first and finds the upload complete. `sweep` removes files whose items are
delivered, voided or gone (purged), and orphans from an interrupted `store_attachment`.

Logs name item ids, digests and sizes only, never a file name the litigant gave.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import secrets
import time
import uuid
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from offline_queue import crypto
from offline_queue.contract import AttachmentRef, FilingSubmission, MaterialSubmission
from offline_queue.durable import fsync_dir, secure_delete  # noqa: F401 - secure_delete is part of this API
from offline_queue.outbox import DELIVERED, VOIDED, Outbox, OutboxItem

log = logging.getLogger("offline_queue.attachments")

KIND_ATTACHMENT = "attachment"
ATTACHMENTS_DIR = "attachments"
#: An orphan file younger than this may belong to a `store_attachment` still in progress.
ORPHAN_GRACE_SECONDS = 3600.0
_NAMESPACE = uuid.UUID("7b0c3f4e-54c1-4f59-9d7e-2a3c1d0f9e11")


class AttachmentError(Exception):
    """An attachment file is missing, unreadable or does not match its digest."""


def attachments_dir(data_dir: str | os.PathLike[str]) -> Path:
    return Path(data_dir) / ATTACHMENTS_DIR


def _aad(sha256: str, item_id: str) -> bytes:
    return b"court-kiosk attachment\x00" + sha256.encode("ascii") + b"\x00" + item_id.encode("utf-8")


def _write_durably(path: Path, data: bytes) -> None:
    """Write `data` to a new file at `path` (0600): temp file, fsync, rename, fsync the directory."""
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    fd = os.open(tmp, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
        os.fsync(fd)
    except BaseException:
        os.close(fd)
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    os.close(fd)
    os.replace(tmp, path)
    fsync_dir(path.parent)


def item_id_for(key: str) -> str:
    """The item id `store_attachment` gives an attachment stored under idempotency key `key`."""
    return str(uuid.uuid5(_NAMESPACE, key))


def store_attachment(
    outbox: Outbox,
    data_dir: str | os.PathLike[str],
    content: bytes,
    media_type: str,
    name: str,
    key: str | None = None,
    *,
    depends_on: str | None = None,
    purpose: str = "other",
) -> OutboxItem:
    """Write an attachment durably, then enqueue its outbox item (kind "attachment"); returns the item.

    `key` is the item's idempotency key (default: a new one); storing again with the same key
    returns the stored item without writing anything (a retried "confirm"). The item id, which is
    also the upload id, is derived from the key. `depends_on`: the attachment sent before this one.
    Raises OutboxError (nothing is kept) or OSError from the file write (no row is written).
    """
    if not content:
        raise ValueError("an attachment must not be empty")
    AttachmentRef(sha256="0" * 64, media_type=media_type, length=len(content), name=name,  # validate early
                  purpose=purpose)  # type: ignore[arg-type]
    key = key or f"attachment-{uuid.uuid4()}"
    item_id = item_id_for(key)
    sha256 = hashlib.sha256(content).hexdigest()
    existing = outbox.get(item_id)
    if existing is not None:
        if existing.kind == KIND_ATTACHMENT and existing.payload.get("sha256") == sha256:
            return existing
        raise ValueError("idempotency key already used for a different outbox item")
    directory = attachments_dir(data_dir)
    if not directory.is_dir():
        directory.mkdir(parents=True, exist_ok=True, mode=0o700)
        fsync_dir(directory.parent)
    file_name = f"{sha256}.{item_id}"
    file_key: bytes | None = None
    data = content
    if outbox.encrypted:
        file_key = crypto.generate_key()
        data = crypto.Keyring(file_key).seal(content, _aad(sha256, item_id))
    path = directory / file_name
    _write_durably(path, data)
    payload: dict[str, Any] = {
        "sha256": sha256,
        "media_type": media_type,
        "length": len(content),
        "name": name,
        "file": file_name,
        "file_key": file_key.hex() if file_key is not None else None,
        "dir": str(directory.resolve()),
    }
    if purpose != "other":
        payload["purpose"] = purpose
    try:
        item = outbox.enqueue(KIND_ATTACHMENT, payload, key, item_id=item_id, depends_on=depends_on)
    except BaseException:
        with contextlib.suppress(OSError):
            secure_delete(path)
        raise
    log.info("attachment %s stored (%d bytes, sha256 %s)", item.id, len(content), sha256)
    return item


def attachment_ref(item: OutboxItem) -> AttachmentRef:
    """How a filing references this attachment."""
    p = item.payload
    return AttachmentRef(sha256=p["sha256"], media_type=p["media_type"], length=p["length"], name=p["name"],
                         purpose=p.get("purpose", "other"))


def _chained_refs(attachments: Sequence[OutboxItem], submission: FilingSubmission | MaterialSubmission
                  ) -> list[AttachmentRef]:
    """The references of chained attachment items (each `depends_on` the one before), equal to
    the submission's when it has any."""
    for before, after in zip(attachments, attachments[1:], strict=False):
        if after.depends_on != before.id:
            raise ValueError("the attachments must be chained: store each with depends_on= the one before")
    refs = [attachment_ref(item) for item in attachments]
    if submission.attachments and submission.attachments != refs:
        raise ValueError("the submission's attachments differ from the stored attachment items")
    return refs


def enqueue_filing(
    outbox: Outbox,
    submission: FilingSubmission,
    idempotency_key: str,
    attachments: Sequence[OutboxItem] = (),
) -> OutboxItem:
    """Enqueue a filing after its attachments: the submission gets their references, the item depends
    on the last one. The attachments must be chained (each `depends_on` the one before)."""
    refs = _chained_refs(attachments, submission)
    submission = submission.model_copy(update={"attachments": refs})
    return outbox.enqueue(
        "filing",
        submission.model_dump(mode="json"),
        idempotency_key,
        item_id=submission.filing_id,
        depends_on=attachments[-1].id if attachments else None,
    )


def enqueue_material(
    outbox: Outbox, submission: MaterialSubmission, attachments: Sequence[OutboxItem]
) -> OutboxItem:
    """Enqueue a material for an existing case (材料收转) after its PDF(s), chained like a filing; keyed
    by its material id, so confirming again returns the stored item."""
    if not attachments:
        raise ValueError("a material needs its document")
    refs = _chained_refs(attachments, submission)
    submission = submission.model_copy(update={"attachments": refs})
    return outbox.enqueue(
        "material",
        submission.model_dump(mode="json"),
        f"material-{submission.material_id}",
        item_id=submission.material_id,
        depends_on=attachments[-1].id,
    )


def file_path(item: OutboxItem, directory: str | os.PathLike[str]) -> Path:
    name = item.payload["file"]
    if "/" in name or name.startswith("."):
        raise AttachmentError(f"attachment {item.id} names an invalid file")
    return Path(directory) / name


def read_attachment(item: OutboxItem, directory: str | os.PathLike[str]) -> bytes:
    """The attachment's content (decrypted), checked against its digest; AttachmentError otherwise."""
    path = file_path(item, directory)
    try:
        data = path.read_bytes()
    except FileNotFoundError as exc:
        raise AttachmentError(f"attachment {item.id}: its file is missing") from exc
    except OSError as exc:
        raise AttachmentError(f"attachment {item.id}: its file cannot be read ({exc.strerror})") from exc
    file_key = item.payload.get("file_key")
    if file_key:
        try:
            data = crypto.Keyring(bytes.fromhex(file_key)).open(data, _aad(item.payload["sha256"], item.id))
        except crypto.CryptoError as exc:
            raise AttachmentError(f"attachment {item.id}: its file cannot be decrypted ({exc})") from exc
    if hashlib.sha256(data).hexdigest() != item.payload["sha256"]:
        raise AttachmentError(f"attachment {item.id}: its file does not match its digest")
    return data


def sweep(
    outbox: Outbox,
    data_dir: str | os.PathLike[str],
    *,
    orphan_grace: float = ORPHAN_GRACE_SECONDS,
    now: float | None = None,
) -> int:
    """Securely delete attachment files no longer needed: their item is delivered, voided or purged
    (an orphan older than `orphan_grace`). Returns how many files were deleted."""
    directory = attachments_dir(data_dir)
    if not directory.is_dir():
        return 0
    now = time.time() if now is None else now
    items = {item.id: item for item in outbox.items(kind=KIND_ATTACHMENT)}
    deleted = 0
    for path in directory.iterdir():
        if path.name.startswith(".") and path.name.endswith(".tmp"):
            item = None  # an interrupted write
        else:
            item = items.get(path.name.partition(".")[2])
        if item is not None and item.state not in (DELIVERED, VOIDED):
            continue
        if item is None:
            with contextlib.suppress(FileNotFoundError):
                if now - path.stat().st_mtime < orphan_grace:
                    continue
        if secure_delete(path):
            deleted += 1
    if deleted:
        log.info("attachments: %d file(s) no longer needed deleted", deleted)
    return deleted
