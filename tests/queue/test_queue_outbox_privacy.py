"""The outbox encrypts personal data at rest: nothing readable on disk, keys that rotate,
tampering and wrong keys refused with a clear error (never garbage)."""

from __future__ import annotations

import json
import logging
import os
import sqlite3

import pytest

from offline_queue import crypto
from offline_queue.outbox import _SCHEMA_V1, DEAD, DELIVERED, PENDING, Outbox, OutboxCryptoError, OutboxError

NAME = "张三"
ADDRESS = "北京市海淀区中关村大街1号"


def filing(id_number: str, n: int = 0) -> dict:
    return {
        "n": n,
        "plaintiff": {"kind": "person", "name": NAME, "id_number": id_number, "address": ADDRESS},
        "claims": "请求判令被告偿还借款人民币100000元。",
    }


def files_containing(root, *needles: str) -> list[str]:
    """Every file under `root` whose raw bytes contain one of the needles (UTF-8)."""
    hits = []
    for path in sorted(root.rglob("*")):
        if path.is_file():
            data = path.read_bytes()
            hits.extend(f"{path.name}: {n[:2]}…" for n in needles if n.encode("utf-8") in data)
    return hits


def stored_blobs(db_path) -> list[tuple[str, bytes | str, bytes | str | None]]:
    conn = sqlite3.connect(db_path)
    try:
        return conn.execute("SELECT id, payload, response FROM outbox ORDER BY rowid").fetchall()
    finally:
        conn.close()


@pytest.fixture
def paths(tmp_path):
    data = tmp_path / "data"
    keys = tmp_path / "keys"
    return data / "outbox.sqlite3", keys / "outbox.key"


def test_key_file_is_created_private_and_refused_when_others_can_read_it(paths):
    db, key = paths
    with Outbox(db, key_path=key) as box:
        assert box.encrypted and len(box.key_id) == 16
    assert key.stat().st_mode & 0o777 == 0o600
    text = key.read_text().strip()
    assert len(text) == 64 and bytes.fromhex(text)  # 32 random bytes, hex
    assert crypto.key_id(bytes.fromhex(text)).hex() == Outbox(db, key_path=key).key_id
    os.chmod(key, 0o644)
    with pytest.raises(OutboxCryptoError, match="chmod 600"):
        Outbox(db, key_path=key)
    os.chmod(key, 0o600)
    raw = key.with_name("raw.key")
    fd = os.open(raw, os.O_CREAT | os.O_WRONLY, 0o600)
    os.write(fd, bytes.fromhex(text))  # the same key as 32 raw bytes is accepted
    os.close(fd)
    assert crypto.read_key_file(raw) == bytes.fromhex(text)


def test_personal_data_never_reaches_the_disk(tmp_path, paths, new_id, caplog):
    db, key = paths
    id_number = new_id()
    caplog.set_level(logging.DEBUG)
    box = Outbox(db, key_path=key)
    try:
        items = [box.enqueue("filing", filing(id_number, n), f"k-{n}") for n in range(20)]
        box.claim_due()
        box.mark_delivered(items[0].id, {"status": "待审核", "plaintiff_name": NAME})
        assert box.get(items[0].id).response["plaintiff_name"] == NAME
        assert box.get(items[1].id).payload == filing(id_number, 1)
        assert (tmp_path / "data" / "outbox.sqlite3-wal").stat().st_size > 0  # the WAL holds the rows now
        assert files_containing(tmp_path, id_number, NAME, ADDRESS) == []
    finally:
        box.close()
    assert files_containing(tmp_path, id_number, NAME, ADDRESS) == []
    for _, payload, response in stored_blobs(db):
        assert isinstance(payload, bytes) and crypto.sealed_key_id(payload).hex() == box.key_id
        assert response is None or crypto.sealed_key_id(response).hex() == box.key_id
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert id_number not in logged and NAME not in logged
    # Control: the same data without a key is plainly on disk, so the scan above can fail.
    with Outbox(tmp_path / "plain" / "outbox.sqlite3") as plain:
        plain.enqueue("filing", filing(id_number), "k")
    assert files_containing(tmp_path / "plain", id_number)
    for name in os.listdir(tmp_path / "plain"):
        os.remove(tmp_path / "plain" / name)  # (leave no plaintext behind in the test's temp dir)


def test_rotation_reseals_every_row_and_retires_the_old_key(paths, new_id):
    db, key = paths
    id_number = new_id()
    with Outbox(db, key_path=key) as box:
        items = [box.enqueue("filing", filing(id_number, n), f"k-{n}") for n in range(30)]
        box.mark_delivered(items[3].id, {"receipt": "r-3"})
        old_key = crypto.read_key_file(key)
        old_id = box.key_id
        new_id_hex = box.rotate_key()
        assert new_id_hex == box.key_id != old_id
        assert [i.payload for i in box.items()] == [filing(id_number, n) for n in range(30)]
        assert box.get(items[3].id).response == {"receipt": "r-3"}
        box.enqueue("filing", filing(id_number, 99), "k-99")
        # Rotation from given bytes, and from a key file.
        chosen = crypto.generate_key()
        assert box.rotate_key(chosen) == crypto.key_id(chosen).hex()
        other = key.with_name("next.key")
        crypto.write_key_file(other, crypto.generate_key())
        assert box.rotate_key(other) == crypto.key_id(crypto.read_key_file(other)).hex()
        final_id = box.key_id
    assert crypto.read_key_file(key) == crypto.read_key_file(other)  # installed at the configured path
    assert not key.with_name("outbox.key.prev").exists()
    assert {crypto.sealed_key_id(p).hex() for _, p, _ in stored_blobs(db)} == {final_id}
    # The old key no longer opens anything.
    retired = key.with_name("retired.key")
    crypto.write_key_file(retired, old_key)
    with pytest.raises(OutboxCryptoError, match="key id"):
        Outbox(db, key_path=retired)
    with Outbox(db, key_path=key) as box:
        assert len(box.items()) == 31


def test_an_interrupted_rotation_finishes_at_the_next_open(paths, new_id):
    """The new key file is in place, the old one in .prev, but the rows are still under the old key."""
    db, key = paths
    id_number = new_id()
    with Outbox(db, key_path=key) as box:
        for n in range(5):
            box.enqueue("filing", filing(id_number, n), f"k-{n}")
    old = crypto.read_key_file(key)
    new = crypto.generate_key()
    crypto.write_key_file(key.with_name("outbox.key.prev"), old)
    crypto.write_key_file(key, new, replace=True)  # "crash" here: no row re-sealed yet
    with Outbox(db, key_path=key) as box:
        assert box.key_id == crypto.key_id(new).hex()
        assert [i.payload["n"] for i in box.items()] == list(range(5))
    assert not key.with_name("outbox.key.prev").exists()
    assert {crypto.sealed_key_id(p) for _, p, _ in stored_blobs(db)} == {crypto.key_id(new)}


def test_another_process_follows_a_rotation(paths, new_id):
    db, key = paths
    id_number = new_id()
    app = Outbox(db, key_path=key)
    sync = Outbox(db, key_path=key)  # e.g. `kiosk sync`, opened before the rotation
    try:
        first = app.enqueue("filing", filing(id_number, 1), "k-1")
        app.rotate_key()
        assert sync.get(first.id).payload == filing(id_number, 1)  # reloads the key file
        second = sync.enqueue("filing", filing(id_number, 2), "k-2")  # sealed with the new key
        assert app.get(second.id).payload == filing(id_number, 2)
        assert {crypto.sealed_key_id(p).hex() for _, p, _ in stored_blobs(db)} == {app.key_id}
    finally:
        app.close()
        sync.close()


def test_tampering_and_moved_ciphertexts_are_detected(paths, new_id):
    db, key = paths
    id_number = new_id()
    box = Outbox(db, key_path=key)
    try:
        a = box.enqueue("filing", filing(id_number, 1), "k-a")
        b = box.enqueue("filing", filing(id_number, 2), "k-b")
        c = box.enqueue("filing", filing(id_number, 3), "k-c")
        raw = sqlite3.connect(db, isolation_level=None)
        try:
            blob = bytearray(raw.execute("SELECT payload FROM outbox WHERE id = ?", (a.id,)).fetchone()[0])
            blob[-20] ^= 0x01
            raw.execute("UPDATE outbox SET payload = ? WHERE id = ?", (bytes(blob), a.id))
            # b's ciphertext copied into c's row: it must not open there.
            raw.execute("UPDATE outbox SET payload = (SELECT payload FROM outbox WHERE id = ?) WHERE id = ?",
                        (b.id, c.id))
        finally:
            raw.close()
        with pytest.raises(OutboxCryptoError, match="failed authentication"):
            box.get(a.id)
        with pytest.raises(OutboxCryptoError, match="moved from another row"):
            box.get(c.id)
        assert box.get(b.id).payload == filing(id_number, 2)
        # The sender skips the damaged items (dead letters with the reason) and takes the good one.
        assert box.claim_due().id == b.id
        assert box.stats()[DEAD] == 1
        assert box.claim_due() is None  # c, the moved ciphertext, is set aside too
        assert box.stats()[DEAD] == 2
        dead = sqlite3.connect(db).execute("SELECT last_error FROM outbox WHERE state = 'dead'").fetchall()
        assert all("cannot be decrypted" in e for (e,) in dead)
    finally:
        box.close()


def test_wrong_or_missing_key_is_a_clear_error(tmp_path, paths, new_id):
    db, key = paths
    with Outbox(db, key_path=key) as box:
        box.enqueue("filing", filing(new_id()), "k")
    before = db.read_bytes()
    with pytest.raises(OutboxCryptoError, match="no key file is configured"):
        Outbox(db)  # encrypted before: never silently falls back to plaintext
    lost = tmp_path / "elsewhere" / "new.key"
    with pytest.raises(OutboxCryptoError, match="key file .* is missing"):
        Outbox(db, key_path=lost)  # a lost key file is never recreated for a sealed outbox
    assert not lost.exists()
    crypto.load_or_create_key_file(lost)
    with pytest.raises(OutboxCryptoError, match="wrong, replaced or lost key file"):
        Outbox(db, key_path=lost)  # another key
    with pytest.raises(OutboxCryptoError, match="key file"):
        Outbox(db, key_path=tmp_path / "keys")  # a directory
    assert db.read_bytes() == before
    with Outbox(db, key_path=key) as box:
        assert box.stats()[PENDING] == 1
        with pytest.raises(OutboxError, match="no key file"):
            Outbox(tmp_path / "plain.sqlite3").rotate_key()


def test_plaintext_rows_of_an_old_database_are_encrypted_at_open(tmp_path, new_id):
    db = tmp_path / "old" / "outbox.sqlite3"
    db.parent.mkdir()
    id_number = new_id()
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.executescript(_SCHEMA_V1)
    conn.execute("PRAGMA user_version = 1")
    conn.execute(
        "INSERT INTO outbox VALUES ('f-1', 'filing', ?, 'k-1', NULL, 'delivered', 1, 0, NULL, 0, 0, ?)",
        (json.dumps({"id_number": id_number, "name": NAME}, ensure_ascii=False),
         json.dumps({"who": NAME}, ensure_ascii=False)),
    )
    conn.close()
    assert files_containing(tmp_path / "old", id_number)
    with Outbox(db, key_path=tmp_path / "keys" / "outbox.key") as box:
        item = box.get("f-1")
        assert item.payload == {"id_number": id_number, "name": NAME} and item.response == {"who": NAME}
        assert item.state == DELIVERED
        assert files_containing(tmp_path / "old", id_number, NAME) == []
