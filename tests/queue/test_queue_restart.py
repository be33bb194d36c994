"""Crash safety with real processes: what was enqueued survives, what was in flight is sent exactly once."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import uuid
from datetime import datetime

from offline_queue.outbox import DELIVERED, IN_FLIGHT, PENDING, Outbox
from offline_queue.sync import DrainResult, SyncWorker


def run_and_die(code: str, *args: str) -> None:
    """Run `code` in a fresh interpreter that ends with os._exit (no cleanup, like a power cut for the process)."""
    script = textwrap.dedent(code) + "\nimport os\nos._exit(3)\n"
    done = subprocess.run([sys.executable, "-c", script, *args], capture_output=True, text=True, timeout=30)
    assert done.returncode == 3, done.stderr


def test_enqueue_is_durable_when_it_returns(tmp_path):
    path = tmp_path / "outbox.sqlite3"
    run_and_die(
        """
        import sys
        from offline_queue.outbox import Outbox
        Outbox(sys.argv[1]).enqueue("filing", {"n": 1}, "key-durable", item_id="item-1")
        """,
        str(path),
    )
    with Outbox(path) as box:
        item = box.get("item-1")
        assert item is not None and item.payload == {"n": 1} and item.state == PENDING


def test_in_flight_item_is_delivered_exactly_once_after_a_crash(tmp_path, client, make_submission):
    path = tmp_path / "outbox.sqlite3"
    first, second = make_submission(), make_submission()
    with Outbox(path) as box:
        for submission in (first, second):
            box.enqueue(
                "filing", submission.model_dump(mode="json"), str(uuid.uuid4()), item_id=submission.filing_id
            )

    # Another process claims the first item, the court files it, and the process dies before
    # it can record the answer.
    run_and_die(
        """
        import sys
        from offline_queue.client import CourtClient
        from offline_queue.contract import FilingSubmission
        from offline_queue.outbox import Outbox
        box = Outbox(sys.argv[1])
        item = box.claim_due()
        assert item.id == sys.argv[3]
        CourtClient(sys.argv[2], "kiosk-crash").submit_filing(
            FilingSubmission.model_validate(item.payload), item.idempotency_key
        )
        """,
        str(path),
        client.base_url,
        first.filing_id,
    )
    assert client.filing_status(first.filing_id).status == "待审核"  # the court has it

    with Outbox(path) as box:  # reopening recovers the in-flight item
        assert box.get(first.filing_id).state == PENDING
        assert box.stats()[IN_FLIGHT] == 0
        result = SyncWorker(box, client).drain(deadline=10)
        assert result == DrainResult(delivered=2, retried=0, dead=0, remaining=0)
        assert box.get(first.filing_id).state == DELIVERED
        assert box.get(first.filing_id).attempts == 2
        receipt = box.get(first.filing_id).response

    # Exactly once: one filing per plaintiff at the court, and the replayed receipt is the first one.
    for submission in (first, second):
        cases = client.search_cases(submission.plaintiff.id_number).items
        assert [case.filing_id for case in cases] == [submission.filing_id]
    first_case = client.search_cases(first.plaintiff.id_number).items[0]
    assert receipt["filing_id"] == first.filing_id
    assert datetime.fromisoformat(receipt["received_at"]) == first_case.submitted_at
