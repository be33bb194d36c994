"""Attachments: resumable chunked upload by the client (kill, drop, 413, 401, digest mismatch), and the
outbox kind "attachment": file durable before its row, encrypted at rest, delivered before its filing."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import textwrap
import uuid
from pathlib import Path

import pytest

from court_sandbox.app import create_app
from court_sandbox.server import SandboxServer
from offline_queue import attachments as att
from offline_queue import contract as c
from offline_queue.client import CourtClient, PermanentError, RetryableError
from offline_queue.outbox import DEAD, DELIVERED, Outbox, OutboxError
from offline_queue.sync import SyncWorker

REPO = Path(__file__).resolve().parents[2]
MB3 = 3 * 1024 * 1024


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def patch_sizes(client: CourtClient) -> list[tuple[int, int, int]]:
    """Record (offset, body size, status) of every PATCH the client sends."""
    sent: list[tuple[int, int, int]] = []

    def hook(response, *args, **kwargs):
        request = response.request
        if request.method == "PATCH":
            sent.append((int(request.headers[c.UPLOAD_OFFSET_HEADER]), len(request.body), response.status_code))

    client.session.hooks["response"].append(hook)
    return sent


# ------------------------------------------------------------------ client upload


def test_3mb_attachment_uploaded_in_chunks(sandbox, client):
    data = os.urandom(MB3)
    upload_id = str(uuid.uuid4())
    sent = patch_sizes(client)
    progress: list[int] = []
    status = client.upload(data, sha(data), "application/pdf", upload_id, 512 * 1024,
                           on_progress=lambda s: progress.append(s.offset))
    assert status.complete and status.offset == MB3 and status.sha256 == sha(data)
    assert [size for _, size, _ in sent] == [512 * 1024] * 6
    assert progress == [512 * 1024 * n for n in range(1, 7)]
    store = sandbox.app.state.store
    assert sha(store.upload_path(upload_id).read_bytes()) == sha(data)
    # Uploading again is a no-op: the backend says it is complete; no PATCH is sent.
    assert client.upload(data, sha(data), "application/pdf", upload_id, 512 * 1024).complete
    assert len(sent) == 6


_SENDER = textwrap.dedent("""
    import os, socket, sys
    from offline_queue.client import CourtClient
    base_url, path, digest, upload_id, mode, limit = sys.argv[1:7]
    limit = int(limit)
    if mode == "mid_chunk":  # die while a chunk's body is on the wire
        sent = [0]
        original = socket.socket.sendall
        def sendall(self, data, *args):
            sent[0] += len(data)
            if sent[0] > limit:
                original(self, bytes(data)[: len(data) // 2], *args)
                os._exit(9)
            return original(self, data, *args)
        socket.socket.sendall = sendall
    def progress(status):
        if mode == "after_chunk" and status.offset >= limit:
            os._exit(9)  # as a kill -9 would: no clean-up, no "finally"
    with CourtClient(base_url, "kiosk-killed", timeout=10) as client:
        client.upload(path, digest, "image/png", upload_id, 256 * 1024, on_progress=progress)
    sys.exit(3)  # not reached when killed
""")


@pytest.mark.parametrize("mode", ["after_chunk", "mid_chunk"])
def test_killed_sender_resumes_from_the_servers_offset(sandbox, client, tmp_path, mode):
    data = os.urandom(MB3)
    path = tmp_path / "scan.bin"
    path.write_bytes(data)
    upload_id = str(uuid.uuid4())
    limit = 1024 * 1024 + 1000
    child = subprocess.run(
        [sys.executable, "-c", _SENDER, sandbox.base_url, str(path), sha(data), upload_id, mode, str(limit)],
        cwd=REPO, capture_output=True, timeout=60,
    )
    assert child.returncode == 9, child.stderr.decode(errors="replace")[-2000:]
    before = client.upload_status(upload_id)
    assert before is not None and not before.complete
    assert before.offset % (256 * 1024) == 0 and 0 < before.offset < MB3
    if mode == "after_chunk":
        assert before.offset >= limit
    else:
        assert before.offset <= limit  # the half-sent chunk was not written
    sent = patch_sizes(client)
    status = client.upload(path, sha(data), "image/png", upload_id, 256 * 1024)
    assert status.complete and sent[0][0] == before.offset  # resumed where the server stood
    assert sum(size for _, size, _ in sent) == MB3 - before.offset
    store = sandbox.app.state.store
    completed = [u for u in store.completed_uploads(sha(data))]
    assert [u.upload_id for u in completed] == [upload_id]  # exactly one complete upload of it
    assert sha(store.upload_path(upload_id).read_bytes()) == sha(data)
    assert store.upload_path(upload_id).stat().st_size == MB3


def test_dropped_connection_resumes_in_the_same_call(sandbox, client, admin):
    data = os.urandom(MB3)
    upload_id = str(uuid.uuid4())
    sent = patch_sizes(client)
    dropped: list[int] = []

    def drop_next(status):
        if not dropped:  # the next PATCH is written, then its connection closed without an answer
            dropped.append(status.offset)
            admin.faults(fail_next=1, phase="after", action="close")

    injected_before = sandbox.app.state.faults.counts["fail_next"]  # the sandbox is shared by the session
    status = client.upload(data, sha(data), "image/png", upload_id, 1024 * 1024, on_progress=drop_next)
    assert status.complete and sha(sandbox.app.state.store.upload_path(upload_id).read_bytes()) == sha(data)
    # The chunk at 1 MiB got no answer (so no response hook), but it was committed: the client asked
    # the offset and went on at 2 MiB without sending it twice.
    assert [offset for offset, _, _ in sent] == [0, 2 * 1024 * 1024] and dropped == [1024 * 1024]
    assert sandbox.app.state.faults.counts["fail_next"] - injected_before == 1


def test_413_halves_the_chunk_size(sandbox, client):
    data = os.urandom(MB3)
    upload_id = str(uuid.uuid4())
    sent = patch_sizes(client)
    status = client.upload(data, sha(data), "image/png", upload_id, 4 * 1024 * 1024)
    assert status.complete
    limit = status.max_chunk_bytes
    refused = [size for _, size, code in sent if code == 413]
    accepted = [size for _, size, code in sent if code == 200]
    assert refused and all(size > limit for size in refused)
    assert accepted and all(size <= limit for size in accepted) and sum(accepted) == MB3
    assert sent[0] == (0, MB3, 413) and sent[1] == (0, MB3 // 2, 413)
    with pytest.raises(PermanentError) as too_big:
        client.upload(data, sha(data), "image/png", str(uuid.uuid4()), 4 * 1024 * 1024, min_chunk_size=2 * limit)
    assert too_big.value.status == 413


def test_digest_mismatch_is_refused(sandbox, client):
    data = os.urandom(600_000)
    upload_id = str(uuid.uuid4())
    with pytest.raises(PermanentError) as refused:
        client.upload(data, sha(b"not this"), "image/png", upload_id, 256 * 1024)
    assert refused.value.status == 422 and "SHA-256" in refused.value.detail
    assert client.upload_status(upload_id) is None  # discarded by the backend
    assert not sandbox.app.state.store.upload_path(upload_id).exists()


def test_401_reauthenticates_once(tmp_path, monkeypatch):
    app = create_app(str(tmp_path / "court.sqlite3"), require_auth=True)
    data = os.urandom(MB3)
    with SandboxServer(tmp_path / "court.sqlite3", app=app) as server, \
            CourtClient(server.base_url, "kiosk-auth", timeout=5) as court:
        revoked: list[int] = []

        def revoke_once(status):
            if not revoked:  # the token "expires" mid-upload
                revoked.append(app.state.tokens.revoke_all())

        status = court.upload(data, sha(data), "image/png", str(uuid.uuid4()), 1024 * 1024,
                              on_progress=revoke_once)
        assert status.complete and revoked == [1]
        assert app.state.tokens.issued == 2  # the first 401 at the start, the second mid-upload
        # A second 401 in a row (the new token is refused too) is not retried again: retry later.
        monkeypatch.setattr(app.state.tokens, "valid", lambda token, binding=None: False)
        with pytest.raises(RetryableError) as later:
            court.upload(data, sha(data), "image/png", str(uuid.uuid4()), 1024 * 1024)
        assert later.value.status == 401 and app.state.tokens.issued == 3


# ----------------------------------------------------------------------- outbox


@pytest.fixture
def data_dir(tmp_path):
    return tmp_path / "data"


@pytest.fixture
def outbox(data_dir, tmp_path):
    box = Outbox(data_dir / "outbox.sqlite3", key_path=tmp_path / "keys" / "outbox.key")
    yield box
    box.close()


def test_filing_is_delivered_after_its_attachments(sandbox, client, outbox, data_dir, make_submission):
    pages = [os.urandom(700_000), os.urandom(MB3)]
    first = att.store_attachment(outbox, data_dir, pages[0], "image/png", "page-1.png", key="f1-page-1")
    second = att.store_attachment(outbox, data_dir, pages[1], "application/pdf", "scan.pdf", key="f1-page-2",
                                  depends_on=first.id)
    submission = make_submission()
    filing = att.enqueue_filing(outbox, submission, "f1-filing", [first, second])
    assert filing.depends_on == second.id
    assert [a["sha256"] for a in filing.payload["attachments"]] == [sha(p) for p in pages]
    files = [att.file_path(item, att.attachments_dir(data_dir)) for item in (first, second)]
    assert all(f.exists() for f in files)
    order: list[str] = []
    worker = SyncWorker(outbox, client, chunk_size=512 * 1024,
                        on_change=lambda i, s: s == DELIVERED and order.append(i))
    result = worker.drain(deadline=30)
    assert result.delivered == 3 and result.remaining == 0
    assert order == [first.id, second.id, submission.filing_id]
    store = sandbox.app.state.store
    refs = store.filing_attachments(submission.filing_id)
    assert [r.sha256 for r in refs] == [sha(p) for p in pages] and refs[1].name == "scan.pdf"
    for item, page in zip((first, second), pages, strict=True):
        assert sha(store.upload_path(item.id).read_bytes()) == sha(page)
    assert not any(f.exists() for f in files)  # deleted once the backend confirmed them
    assert outbox.get(second.id).response["complete"] is True


def test_filing_waits_for_an_attachment_that_fails(sandbox, client, admin, outbox, data_dir, make_submission):
    page = os.urandom(300_000)
    item = att.store_attachment(outbox, data_dir, page, "image/png", "p.png", key="f2-page")
    filing = att.enqueue_filing(outbox, make_submission(), "f2-filing", [item])
    admin.faults(fail_next=1, status=503)
    worker = SyncWorker(outbox, client)
    first = worker.drain(deadline=10)
    assert (first.delivered, first.retried, first.remaining) == (0, 1, 2)  # the filing did not go first
    assert worker.drain(deadline=10).delivered == 2
    assert outbox.get(filing.id).state == DELIVERED


def test_chain_is_required():
    with pytest.raises(ValueError, match="chained"):
        a = type("I", (), {"id": "a", "depends_on": None})
        b = type("I", (), {"id": "b", "depends_on": None})
        att.enqueue_filing(None, None, "k", [a, b])


def test_file_is_durable_before_the_row(outbox, data_dir, monkeypatch):
    events: list[tuple[str, str]] = []
    real_fsync = os.fsync

    def fsync(fd):
        events.append(("fsync", os.readlink(f"/proc/self/fd/{fd}")))
        return real_fsync(fd)

    real_enqueue = outbox.enqueue

    def enqueue(kind, payload, *args, **kwargs):
        path = att.attachments_dir(data_dir) / payload["file"]
        events.append(("enqueue", str(path)))
        assert path.exists() and path.stat().st_size > 0  # the file is there before the row
        return real_enqueue(kind, payload, *args, **kwargs)

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(outbox, "enqueue", enqueue)
    item = att.store_attachment(outbox, data_dir, os.urandom(5000), "image/png", "p.png", key="durable")
    directory = att.attachments_dir(data_dir).resolve()
    file_sync = [i for i, (k, p) in enumerate(events) if k == "fsync" and Path(p).parent == directory]
    dir_sync = [i for i, (k, p) in enumerate(events) if k == "fsync" and Path(p) == directory]
    row = events.index(("enqueue", str(att.attachments_dir(data_dir) / item.payload["file"])))
    assert file_sync and dir_sync and file_sync[0] < dir_sync[-1] < row == len(events) - 1
    assert outbox.get(item.id) is not None


def test_failed_enqueue_leaves_no_row_and_no_file(outbox, data_dir, monkeypatch):
    seen: list[bool] = []

    def broken(kind, payload, *args, **kwargs):
        seen.append((att.attachments_dir(data_dir) / payload["file"]).exists())
        raise OutboxError("outbox enqueue failed: the disk or database is full")

    monkeypatch.setattr(outbox, "enqueue", broken)
    with pytest.raises(OutboxError):
        att.store_attachment(outbox, data_dir, os.urandom(5000), "image/png", "p.png", key="fails")
    assert seen == [True]  # the file was written (and fsynced) before the row was tried
    assert outbox.items() == []
    assert list(att.attachments_dir(data_dir).iterdir()) == []  # and removed again


def test_every_row_has_its_file_and_orphans_are_swept(outbox, data_dir):
    items = [att.store_attachment(outbox, data_dir, os.urandom(2000), "image/png", f"p{n}.png", key=f"k{n}")
             for n in range(3)]
    directory = att.attachments_dir(data_dir)
    for item in outbox.items():
        assert att.read_attachment(item, directory)  # present, decryptable, matching its digest
    orphan = directory / f"{'0' * 64}.{uuid.uuid4()}"  # a crash after the file write, before the row
    orphan.write_bytes(b"x" * 100)
    assert att.sweep(outbox, data_dir) == 0  # young: a store may still be in progress
    assert att.sweep(outbox, data_dir, now=orphan.stat().st_mtime + att.ORPHAN_GRACE_SECONDS + 1) == 1
    assert not orphan.exists() and len(list(directory.iterdir())) == len(items)
    # Storing again with the same key is harmless: same item, no second file.
    again = att.store_attachment(outbox, data_dir, att.read_attachment(items[0], directory), "image/png",
                                 "p0.png", key="k0")
    assert again.id == items[0].id and len(list(directory.iterdir())) == len(items)


def test_plaintext_never_on_disk_and_survives_key_rotation(sandbox, client, outbox, data_dir):
    marker = b"PLAINTEXT-MARKER-OF-A-SCANNED-PAGE"
    content = marker * 3000 + os.urandom(1000)
    item = att.store_attachment(outbox, data_dir, content, "image/png", "page.png", key="secret-page")
    assert outbox.encrypted and item.payload["file_key"]
    outbox.rotate_key()  # the file key lives in the (re-sealed) payload: the file stays readable

    def on_disk() -> list[Path]:
        return [p for p in data_dir.rglob("*") if p.is_file() and marker in p.read_bytes()]

    assert on_disk() == []
    assert att.read_attachment(outbox.get(item.id), att.attachments_dir(data_dir)) == content
    assert SyncWorker(outbox, client).drain(deadline=20).delivered == 1
    assert sandbox.app.state.store.upload_path(item.id).read_bytes() == content
    assert on_disk() == []


def test_missing_file_after_upload_is_delivered_else_dead(sandbox, client, outbox, data_dir):
    directory = att.attachments_dir(data_dir)
    uploaded = att.store_attachment(outbox, data_dir, os.urandom(4000), "image/png", "a.png", key="m1")
    content = att.read_attachment(uploaded, directory)
    client.upload(content, uploaded.payload["sha256"], "image/png", uploaded.id,
                  idempotency_key=uploaded.idempotency_key)
    att.secure_delete(att.file_path(uploaded, directory))  # as if it died after deleting, before "delivered"
    lost = att.store_attachment(outbox, data_dir, os.urandom(4000), "image/png", "b.png", key="m2")
    att.file_path(lost, directory).unlink()
    result = SyncWorker(outbox, client).drain(deadline=10)
    assert (result.delivered, result.dead) == (1, 1)
    assert outbox.get(uploaded.id).state == DELIVERED
    dead = outbox.get(lost.id)
    assert dead.state == DEAD and "file is missing" in dead.last_error


def test_sweep_deletes_files_of_delivered_and_purged_items(sandbox, client, outbox, data_dir):
    directory = att.attachments_dir(data_dir)
    item = att.store_attachment(outbox, data_dir, os.urandom(4000), "image/png", "a.png", key="s1")
    waiting = att.store_attachment(outbox, data_dir, os.urandom(4000), "image/png", "b.png", key="s2")
    path = att.file_path(item, directory)
    copy = path.read_bytes()
    worker = SyncWorker(outbox, client, handlers={"attachment": lambda i: {"ok": True}})  # keeps the file
    assert worker.process_one(exclude={waiting.id})[1] == DELIVERED
    assert path.exists() and att.sweep(outbox, data_dir) == 1 and not path.exists()
    path.write_bytes(copy)
    assert outbox.purge_delivered(0) == 1  # the row is gone: the file is an orphan
    assert att.sweep(outbox, data_dir, orphan_grace=0) == 1 and not path.exists()
    assert att.file_path(waiting, directory).exists()  # still to send
