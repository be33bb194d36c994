"""A full disk at the moment the litigant confirms: a clear message, nothing acknowledged that is
not durable, the form kept so that confirming again works once there is room."""

from __future__ import annotations

from tests.ui.staff import log_in
from tests.ui.steps import click, fill_to_sign, screen


def test_a_full_disk_at_confirm_says_so_and_acknowledges_nothing(qtbot, app_parts):
    window, core, services = app_parts()
    review = fill_to_sign(qtbot, window, services)
    from offline_queue.outbox import OutboxError

    conn = core.outbox._conn  # SQLite's own "database or disk is full" (SQLITE_FULL) path
    pages = conn.execute("PRAGMA page_count").fetchone()[0]
    conn.execute(f"PRAGMA max_page_count = {pages + 2}")
    fillers = 0
    try:
        while True:  # use up every free byte, as a full disk would (small items: no room is left)
            core.outbox.enqueue("test-filler", {"n": fillers}, f"filler-{fillers}", item_id=f"filler-{fillers}")
            fillers += 1
    except OutboxError as exc:
        assert "full" in str(exc)
    click(qtbot, review.confirm)
    qtbot.waitUntil(lambda: review.error.isVisible(), timeout=5000)
    assert "存储故障" in review.error.text() and "未发送" in review.error.text()
    assert screen(window) == "filing_sign" and review.confirm.isEnabled()
    assert [i for i in core.outbox.items() if i.kind in ("filing", "attachment")] == []  # nothing to send
    conn.execute("PRAGMA max_page_count = 1073741823")  # room again: the same form goes through
    click(qtbot, review.confirm)
    qtbot.waitUntil(lambda: screen(window) == "submitted", timeout=5000)
    assert [i.kind for i in core.outbox.items() if i.kind == "filing"] == ["filing"]


def test_a_damaged_queue_file_is_set_aside_and_the_kiosk_keeps_accepting(qtbot, app_parts, tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    damaged = b"SQLite format 3\x00" + bytes(range(256)) * 40  # a header, then garbage
    (data / "outbox.sqlite3").write_bytes(damaged)
    window, core, services = app_parts()
    aside = core.queue_set_aside
    assert aside is not None and aside.read_bytes() == damaged  # kept, byte for byte
    review = fill_to_sign(qtbot, window, services)
    click(qtbot, review.confirm)
    qtbot.waitUntil(lambda: screen(window) == "submitted", timeout=5000)  # the fresh queue took it
    log_in(qtbot, window)
    qtbot.waitUntil(lambda: aside.name in window.maintenance.message.text(), timeout=5000)
    assert "已损坏" in window.maintenance.message.text()
