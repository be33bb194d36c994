"""Payment, message and heartbeat items through the outbox to a real sandbox; 401 on any call;
an outbox whose key file is lost is set aside and delivered later with `kiosk sync --from`."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
import requests

from court_sandbox.app import create_app
from court_sandbox.server import SandboxServer
from offline_queue import contract as c
from offline_queue import items
from offline_queue.admin_client import admin_headers
from offline_queue.client import CourtClient, PermanentError
from offline_queue.outbox import DELIVERED, IN_FLIGHT, PENDING, UNREADABLE, Outbox
from offline_queue.sync import SyncWorker

ROOT = Path(__file__).resolve().parents[2]


class CountingSession(requests.Session):
    """Records (method, path) of every request the client sends."""

    def __init__(self) -> None:
        super().__init__()
        self.calls: list[tuple[str, str]] = []

    def request(self, method, url, *args, **kwargs):  # type: ignore[override]
        self.calls.append((method, "/" + url.split("/", 3)[3]))
        return super().request(method, url, *args, **kwargs)


@pytest.fixture
def outbox(tmp_path):
    with Outbox(tmp_path / "outbox.sqlite3", key_path=tmp_path / "keys" / "outbox.key") as box:
        yield box


@pytest.fixture
def counting_client(sandbox):
    session = CountingSession()
    with CourtClient(sandbox.base_url, "kiosk-kinds-01", timeout=5.0, session=session) as court:
        yield court, session
    session.close()


def _delivered_filing(outbox, worker, make_submission, **fields) -> c.FeeNotice:
    submission = make_submission(**fields)
    outbox.enqueue("filing", submission.model_dump(mode="json"), f"filing-{submission.filing_id}",
                   item_id=submission.filing_id)
    assert worker.drain(10).delivered == 1
    receipt = c.FilingReceipt.model_validate(outbox.get(submission.filing_id).response)
    assert receipt.fee_notice is not None
    return receipt.fee_notice


def test_a_filing_gets_the_courts_fee_notice(client, make_submission):
    submission = make_submission(amount="100000")
    receipt = client.submit_filing(submission, str(uuid.uuid4()))
    notice = receipt.fee_notice
    assert notice is not None and notice.filing_id == submission.filing_id
    assert notice.amount == Decimal("2300.00")  # 50 + 90,000 x 2.5 %
    assert sum(line.amount for line in notice.breakdown) == notice.amount
    assert notice.pay_by - notice.issued_at == timedelta(days=7)
    assert client.filing_status(submission.filing_id).fee_notice == notice
    labour = client.submit_filing(make_submission(case_type="民初-劳动争议", amount="0"), str(uuid.uuid4()))
    assert labour.fee_notice is not None and labour.fee_notice.amount == Decimal("10.00")


def test_one_payment_order_per_notice_however_often_it_is_asked_for(outbox, counting_client, make_submission,
                                                                      admin):
    client, session = counting_client
    worker = SyncWorker(outbox, client)
    notice = _delivered_filing(outbox, worker, make_submission)
    first = items.enqueue_payment(outbox, notice)
    again = items.enqueue_payment(outbox, notice)  # "pay" pressed twice, or after a restart
    assert again.id == first.id == c.payment_id_for(notice.notice_id)
    assert worker.drain(10).delivered == 1
    order = c.PaymentOrder.model_validate(outbox.get(first.id).response)
    assert (order.status, order.amount, order.notice_id) == (c.PAYMENT_AWAITING, notice.amount, notice.notice_id)
    assert order.qr_content.endswith(order.payment_id)
    # Another id for the same notice while the order is open: refused, never a second order.
    with pytest.raises(PermanentError) as refused:
        client.create_payment(
            c.PaymentOrderCreate(payment_id=str(uuid.uuid4()), notice_id=notice.notice_id, amount=notice.amount),
            str(uuid.uuid4()),
        )
    assert refused.value.status == 422 and "open payment order" in refused.value.detail
    # A wrong amount is refused too.
    with pytest.raises(PermanentError, match="amount"):
        client.create_payment(
            c.PaymentOrderCreate(payment_id=c.payment_id_for(notice.notice_id, 2), notice_id=notice.notice_id,
                                 amount=notice.amount + 1),
            str(uuid.uuid4()),
        )
    # The court settles it; polling shows it paid, and the filing's notice is paid.
    response = admin.session.post(admin.base_url + c.SETTLE_PAYMENT_PATH.format(payment_id=order.payment_id),
                                  json={"outcome": "paid"}, timeout=5)
    assert response.status_code == 200, response.text
    paid = client.payment_status(order.payment_id)
    assert paid is not None and paid.status == c.PAYMENT_PAID and paid.paid_at is not None
    assert client.filing_status(notice.filing_id).fee_notice.paid
    assert admin.session.post(admin.base_url + c.SETTLE_PAYMENT_PATH.format(payment_id=order.payment_id),
                              json={"outcome": "failed"}, timeout=5).status_code == 409
    # A paid notice takes no new order.
    with pytest.raises(PermanentError, match="already paid"):
        client.create_payment(
            c.PaymentOrderCreate(payment_id=c.payment_id_for(notice.notice_id, 2), notice_id=notice.notice_id,
                                 amount=notice.amount),
            str(uuid.uuid4()),
        )
    assert client.payment_status(str(uuid.uuid4())) is None


def test_a_lost_answer_is_settled_by_asking_not_by_ordering_again(outbox, counting_client, make_submission,
                                                                  admin):
    client, session = counting_client
    worker = SyncWorker(outbox, client)
    notice = _delivered_filing(outbox, worker, make_submission)
    item = items.enqueue_payment(outbox, notice)
    path = c.PAYMENT_PATH.format(payment_id=item.id)
    # The order is made, then the connection drops before the answer arrives.
    admin.faults(fail_next=1, phase="after", action="close")
    session.calls.clear()
    assert worker.process_one(ignore_schedule=True)[1] == PENDING
    assert session.calls == [("PUT", path)]
    assert outbox.get(item.id).attempts == 1
    session.calls.clear()
    assert worker.process_one(ignore_schedule=True)[1] == DELIVERED
    assert session.calls == [("GET", path)]  # asked; no second PUT
    order = c.PaymentOrder.model_validate(outbox.get(item.id).response)
    assert order.status == c.PAYMENT_AWAITING and order.notice_id == notice.notice_id


def test_a_kiosk_killed_mid_payment_makes_the_same_order_after_restart(tmp_path, sandbox, make_submission):
    db, key = tmp_path / "outbox.sqlite3", tmp_path / "keys" / "outbox.key"
    session = CountingSession()
    with CourtClient(sandbox.base_url, "kiosk-kinds-02", timeout=5.0, session=session) as client:
        box = Outbox(db, key_path=key)
        worker = SyncWorker(box, client)
        notice = _delivered_filing(box, worker, make_submission)
        item = items.enqueue_payment(box, notice)
        claimed = box.claim_due(ignore_schedule=True)  # the sender took it ...
        assert claimed.id == item.id and box.get(item.id).state == IN_FLIGHT
        client.create_payment(c.PaymentOrderCreate.model_validate(claimed.payload), claimed.idempotency_key)
        box.close()  # ... the order was made, and the kiosk died before recording it
        with Outbox(db, key_path=key) as box:  # restart: recovered to pending
            assert box.get(item.id).state == PENDING
            assert items.enqueue_payment(box, notice).id == item.id  # the litigant presses "pay" again
            session.calls.clear()
            assert SyncWorker(box, client).drain(10).delivered == 1
            assert session.calls == [("GET", c.PAYMENT_PATH.format(payment_id=item.id))]
            assert box.stats()[DELIVERED] == 2
    session.close()
    assert sandbox.app.state.store.payment(item.id).notice_id == notice.notice_id


def test_a_payment_waits_for_its_filing(outbox):
    filing_id = str(uuid.uuid4())
    outbox.enqueue("filing", {"filing_id": filing_id}, f"filing-{filing_id}", item_id=filing_id)
    now = datetime.now(UTC)
    notice = c.FeeNotice(notice_id="FN2026000001", filing_id=filing_id, amount=Decimal("50"), breakdown=[],
                         schedule_version="2007-481", issued_at=now, pay_by=now + timedelta(days=7))
    payment = items.enqueue_payment(outbox, notice)
    assert payment.depends_on == filing_id
    assert outbox.claim_due(ignore_schedule=True, kinds=["payment"]) is None
    assert outbox.claim_due(ignore_schedule=True).id == filing_id
    outbox.mark_delivered(filing_id, {})
    assert outbox.claim_due(ignore_schedule=True).id == payment.id


def _message(kind: str = c.MESSAGE_TO_JUDGE, **fields) -> c.MessageSubmission:
    data = {
        "message_id": str(uuid.uuid4()),
        "kind": kind,
        "court_code": "京0105",
        "case_number": "（2026）京0105民初12号",
        "sender": {"kind": "person", "name": "王五", "id_number": "11010519491231002X"},
        "text": "请法官尽快安排开庭。",
        "confirmed_at": datetime.now(UTC).isoformat(),
    } | fields
    return c.MessageSubmission.model_validate(data)


def test_messages_are_delivered_once(outbox, client, admin):
    worker = SyncWorker(outbox, client)
    to_judge = _message()
    mediation = _message(c.MESSAGE_MEDIATION, case_number=None, text="愿意调解。")
    first = items.enqueue_message(outbox, to_judge)
    assert items.enqueue_message(outbox, to_judge).id == first.id  # confirmed twice: one item
    items.enqueue_message(outbox, mediation)
    admin.faults(fail_next=1, phase="after", action="close")  # the first answer is lost
    result = worker.drain(10)
    assert result.delivered == 1 and result.retried == 1
    assert worker.drain(10).delivered == 1
    listed = admin.session.get(admin.base_url + c.ADMIN_MESSAGES_PATH, timeout=5).json()["items"]
    ids = [m["message_id"] for m in listed]
    assert ids.count(to_judge.message_id) == 1 and ids.count(mediation.message_id) == 1
    kinds = {m["message_id"]: m["kind"] for m in listed}
    assert kinds[mediation.message_id] == c.MESSAGE_MEDIATION
    assert "王五" not in json.dumps(listed, ensure_ascii=False)  # the admin list shows ids only
    with pytest.raises(PermanentError, match="court_code"):
        client.submit_message(_message(court_code="X0000"), str(uuid.uuid4()))


def test_only_the_newest_heartbeat_waits_and_an_old_one_never_wins(outbox, client, admin):
    kiosk_id = f"kiosk-hb-{uuid.uuid4().hex[:8]}"
    start = datetime.now(UTC)

    def beat(n: int) -> c.Heartbeat:
        return c.Heartbeat(kiosk_id=kiosk_id, sent_at=start + timedelta(minutes=5 * n), software_version="0.1.0",
                           uptime_seconds=300.0 * n, devices={"camera": "ok", "receipt_printer": "paper out"},
                           queue={"pending": n})

    for n in range(1, 4):  # offline for a quarter of an hour
        items.enqueue_heartbeat(outbox, beat(n))
    waiting = outbox.items(PENDING)
    assert [i.kind for i in waiting] == ["heartbeat"] and waiting[0].payload["queue"] == {"pending": 3}
    assert SyncWorker(outbox, client).drain(10).delivered == 1
    client.heartbeat(beat(1))  # a late duplicate of an older one
    listed = admin.session.get(admin.base_url + c.ADMIN_KIOSKS_PATH, timeout=5).json()["items"]
    mine = [k for k in listed if k["kiosk_id"] == kiosk_id]
    assert len(mine) == 1 and mine[0]["queue"] == {"pending": 3}
    assert mine[0]["devices"]["receipt_printer"] == "paper out"


def test_any_call_gets_a_new_token_on_401(tmp_path, make_submission):
    db = tmp_path / "court.sqlite3"
    app = create_app(str(db), require_auth=True)
    with SandboxServer(db, app=app) as server, \
            CourtClient(server.base_url, "kiosk-auth-01", timeout=5.0) as client:
        tokens = app.state.tokens
        assert client.get_policy().courts  # 401, token, then the answer
        assert tokens.issued == 1
        receipt = client.submit_filing(make_submission(), str(uuid.uuid4()))
        assert tokens.issued == 1  # the token is kept
        assert requests.delete(server.admin_url + c.ADMIN_TOKENS_PATH, headers=admin_headers(server), timeout=5).json()["revoked"] == 1
        assert client.filing_status(receipt.filing_id).status == c.STATUS_PENDING_REVIEW
        assert tokens.issued == 2
        # Without a token the backend says 401 to everything but the token endpoint.
        assert requests.get(server.base_url + c.POLICY_PATH, timeout=5).status_code == 401
        assert requests.post(server.base_url + c.TOKEN_PATH, timeout=5).status_code == 200


def test_an_outbox_whose_key_file_was_lost_is_set_aside_and_delivered_later(tmp_path, sandbox, make_submission):
    data, keys = tmp_path / "data", tmp_path / "keys"
    db, key = data / "outbox.sqlite3", keys / "outbox.key"
    submissions = [make_submission() for _ in range(3)]
    box, aside = Outbox.open_or_set_aside(db, key_path=key)
    assert aside is None
    for s in submissions:
        box.enqueue("filing", s.model_dump(mode="json"), f"filing-{s.filing_id}", item_id=s.filing_id)
    box.close()
    backup = tmp_path / "backup.key"
    backup.write_bytes(key.read_bytes())
    backup.chmod(0o600)
    key.unlink()  # the key file is lost
    sealed_bytes = db.read_bytes()

    box, aside = Outbox.open_or_set_aside(db, key_path=key)  # the kiosk starts anyway
    assert aside is not None and f".{UNREADABLE}-" in aside.name
    assert aside.read_bytes() == sealed_bytes  # nothing in the old file deleted or changed
    fresh = make_submission()
    box.enqueue("filing", fresh.model_dump(mode="json"), f"filing-{fresh.filing_id}", item_id=fresh.filing_id)
    assert box.stats()[PENDING] == 1  # keeps accepting into a fresh outbox
    box.close()

    config = tmp_path / "kiosk.toml"
    config.write_text(
        f'[kiosk]\ndata_dir = "{data}"\nlog_dir = "{tmp_path / "logs"}"\n'
        f'[court]\nbackend = "remote"\nbase_url = "{sandbox.base_url}"\n'
        'mutual_tls = false\n'  # the session sandbox is plain http on loopback: no kiosk certificate
        f'[queue]\nkey_path = "{key}"\n',
        encoding="utf-8",
    )

    def sync_from(*extra: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "kiosk", "--config", str(config), "sync", "--from", str(aside), *extra],
            capture_output=True, text=True, timeout=120, cwd=ROOT,
            env={k: v for k, v in os.environ.items() if not k.startswith("KIOSK_")} | {"QT_QPA_PLATFORM": "offscreen"},
        )

    wrong = sync_from()  # the new key cannot open it: a clear refusal, nothing changed
    assert wrong.returncode == 2 and "key" in wrong.stderr
    done = sync_from("--key", str(backup))
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout.strip().splitlines()[-1])["delivered"] == 3
    again = sync_from("--key", str(backup))
    assert again.returncode == 0 and json.loads(again.stdout.strip().splitlines()[-1])["delivered"] == 0
    store = sandbox.app.state.store
    for s in submissions:
        assert store.filing_status(s.filing_id) is not None
