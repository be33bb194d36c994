"""Queue tickets (取号, contract 1.3) end to end: CourtClient and the kiosk's ticket desk -> the sandbox
on loopback. One sequence per hall and day shared by every kiosk; the same key gives the same ticket;
green-channel tickets are called first; offline blocks never overlap and their reports count among
the waiting; a cancellation that arrives first refuses the ticket. And the issue's test: two kiosks
taking numbers at the same time, online and offline, one of them restarting half way: no number twice."""

from __future__ import annotations

import socket
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import requests

from court_sandbox.app import create_app
from court_sandbox.server import SandboxServer
from kiosk.services.tickets import TicketBook, TicketDesk
from offline_queue import contract as c
from offline_queue.admin_client import admin_client
from offline_queue.client import CourtClient, PermanentError
from offline_queue.outbox import Outbox
from offline_queue.sync import SyncWorker

START = datetime(2026, 3, 2, 1, 0, tzinfo=UTC)  # a Monday, 09:00 in Beijing
HALL = "京0105"


@contextmanager
def court(tmp_path: Path, clock: bool = True) -> Iterator[tuple[SandboxServer, CourtClient, CourtClient,
                                                                 dict[str, datetime]]]:
    """A sandbox of its own (its clock moved by the test through ``now["t"]``, unless ``clock`` is False):
    the server, a kiosk's client, the hall staff's (admin API) client, the clock."""
    now = {"t": START}
    db = tmp_path / "court.sqlite3"
    app = create_app(str(db), clock=(lambda: now["t"]) if clock else None)
    with SandboxServer(db, app=app) as server, CourtClient(server.base_url, "kiosk-t1", timeout=10) as client, \
            admin_client(server, timeout=10) as staff:
        yield server, client, staff, now


def request(service: str = "filing", *, priority: bool = False, hall: str = HALL, ticket_id: str | None = None,
            **extra: Any) -> c.TicketRequest:
    return c.TicketRequest(ticket_id=ticket_id or str(uuid.uuid4()), hall=hall, service_code=service,
                           priority=priority, requested_at=datetime.now(UTC), **extra)


def issue(client: CourtClient, service: str = "filing", **kwargs: Any) -> c.Ticket:
    return client.issue_ticket(request(service, **kwargs), str(uuid.uuid4()))


def reserve(client: CourtClient, kiosk: str, day, size: int = 50, range_id: str | None = None) -> c.TicketRange:
    body = c.TicketRangeRequest(range_id=range_id or str(uuid.uuid4()), kiosk_id=kiosk, hall=HALL, day=day, size=size)
    return client.reserve_ticket_range(body, f"range-{body.range_id}")


def test_one_sequence_per_hall_and_prefix_shared_by_every_kiosk(tmp_path):
    with court(tmp_path) as (server, first, _, _), CourtClient(server.base_url, "kiosk-t2") as second:
        numbers = [issue(kiosk).number for kiosk in (first, second, first, second)]
        assert numbers == ["A001", "A002", "A003", "A004"]
        assert issue(second, "payment").number == "B001"
        assert issue(first, "filing", hall="京0108").number == "A001"  # another hall, its own sequence
        queue = first.hall_queue(HALL)
        waiting = {s.code: s.waiting for s in queue.services}
        assert waiting["filing"] == 4 and waiting["payment"] == 1 and waiting["mediation"] == 0
        assert [s.name for s in queue.services][:3] == ["立案", "交费", "信访"]
        assert first.hall_queue("京0108").services[0].waiting == 1
        with pytest.raises(PermanentError) as unknown:
            first.hall_queue("京9999")
        assert unknown.value.status == 404
        with pytest.raises(PermanentError) as bad:
            issue(first, "no_such_service")
        assert bad.value.status == 422


def test_the_same_key_answers_the_same_ticket(tmp_path):
    with court(tmp_path) as (server, client, staff, _):
        body = request()
        ticket = client.issue_ticket(body, "key-1")
        again = requests.put(server.base_url + c.TICKET_PATH.format(ticket_id=body.ticket_id),
                             data=body.model_dump_json(), timeout=5,
                             headers={c.IDEMPOTENCY_KEY_HEADER: "key-1", "Content-Type": "application/json"})
        assert again.status_code == 200 and again.headers[c.IDEMPOTENT_REPLAYED_HEADER] == "true"
        assert again.json()["number"] == ticket.number == "A001"
        assert client.issue_ticket(body, "key-2").number == "A001"  # same ticket, another key: as it stands
        assert issue(client).number == "A002"  # nothing was used up by the repeats
        with pytest.raises(PermanentError) as other:
            client.issue_ticket(body.model_copy(update={"service_code": "payment"}), "key-3")
        assert other.value.status == 422
        assert client.ticket_status(body.ticket_id).number == "A001"
        assert client.ticket_status(str(uuid.uuid4())) is None


def test_numbers_start_again_every_day_in_china_time(tmp_path):
    with court(tmp_path) as (_, client, staff, now):
        now["t"] = datetime(2026, 3, 2, 15, 59, 59, tzinfo=UTC)  # 23:59:59 in Beijing
        late = issue(client)
        assert (late.number, late.day.isoformat()) == ("A001", "2026-03-02")
        assert issue(client).number == "A002"
        now["t"] = datetime(2026, 3, 2, 16, 0, 0, tzinfo=UTC)  # midnight in Beijing: a new day
        morning = issue(client)
        assert (morning.number, morning.day.isoformat()) == ("A001", "2026-03-03")
        assert morning.waiting_ahead == 0  # yesterday's tickets are not waiting today
        assert client.ticket_status(late.ticket_id).status == c.TICKET_EXPIRED
        assert {t.number for t in staff.list_tickets(HALL, "2026-03-02").items} == {"A001", "A002"}
        assert [t.number for t in staff.list_tickets(HALL).items] == ["A001"]


def test_green_channel_tickets_are_called_first_and_calls_are_shown(tmp_path):
    with court(tmp_path) as (_, client, staff, now):
        a1, a2 = issue(client), issue(client)
        now["t"] += timedelta(minutes=1)
        v1 = issue(client, priority=True)
        b1 = issue(client, "payment")
        assert (v1.number, v1.priority, v1.waiting_ahead) == ("V001", True, 0)
        assert client.ticket_status(a1.ticket_id).waiting_ahead == 1  # the priority ticket goes first
        assert client.ticket_status(a2.ticket_id).waiting_ahead == 2
        assert b1.waiting_ahead == 0 and b1.number == "B001"
        called = [staff.call_next_ticket(HALL, c.CallNext(counter="1", service_codes=["filing"]))]
        now["t"] += timedelta(seconds=30)
        called.append(staff.call_next_ticket(HALL, c.CallNext(counter="2", service_codes=["filing", "payment"])))
        assert [t.number for t in called] == ["V001", "A001"]
        assert called[0].status == c.TICKET_CALLED and called[0].counter == "1"
        queue = client.hall_queue(HALL)
        assert [(k.number, k.counter, k.priority) for k in queue.calls] == [("A001", "2", False), ("V001", "1", True)]
        now["t"] += timedelta(seconds=30)
        assert staff.call_next_ticket(HALL, c.CallNext(counter="1", service_codes=["filing"])).number == "A002"
        assert client.ticket_status(v1.ticket_id).status == c.TICKET_SERVED  # the counter's previous call
        assert staff.call_next_ticket(HALL, c.CallNext(counter="1", service_codes=["filing"])) is None
        assert client.hall_queue(HALL).calls[0].number == "A002"


def test_offline_blocks_never_overlap_and_reported_tickets_wait_in_their_place(tmp_path):
    with court(tmp_path) as (_, client, staff, now):
        today = c.ticket_day(now["t"])
        one, two = reserve(client, "kiosk-a", today), reserve(client, "kiosk-b", today, size=20)
        assert (one.prefix, one.first, one.last) == ("X", 1, 50) and (two.first, two.last) == (51, 70)
        assert reserve(client, "kiosk-a", today, range_id=one.range_id) == one  # the same id: the same block
        assert reserve(client, "kiosk-a", today + timedelta(days=1)).first == 1  # tomorrow: its own sequence
        with pytest.raises(PermanentError):
            reserve(client, "kiosk-a", today + timedelta(days=8))
        with pytest.raises(PermanentError):
            reserve(client, "kiosk-a", today - timedelta(days=1))
        online = issue(client)
        offline_at = now["t"] - timedelta(minutes=5)  # issued before the online one, reported after it
        report = request(offline=c.OfflineIssue(range_id=two.range_id, number="X051", issued_at=offline_at))
        ticket = client.issue_ticket(report, "report-1")
        assert (ticket.number, ticket.source, ticket.waiting_ahead) == ("X051", "offline", 0)
        assert client.ticket_status(online.ticket_id).waiting_ahead == 1
        assert next(s for s in client.hall_queue(HALL).services if s.code == "filing").waiting == 2
        # used already; another kiosk's block; past the block's end; not an offline number
        for number in ("X051", "X001", "X071", "A003"):
            bad = request(offline=c.OfflineIssue(range_id=two.range_id, number=number, issued_at=offline_at))
            with pytest.raises(PermanentError) as refused:
                client.issue_ticket(bad, str(uuid.uuid4()))
            assert refused.value.status == 422, number


def test_a_cancellation_that_arrives_first_refuses_the_ticket(tmp_path):
    with court(tmp_path) as (_, client, staff, now):
        body = request()
        early = client.cancel_ticket(c.TicketCancel(ticket_id=body.ticket_id, reason="superseded",
                                                    cancelled_at=now["t"]), "cancel-1")
        assert (early.known, early.status) == (False, c.TICKET_CANCELLED)
        with pytest.raises(PermanentError) as gone:
            client.issue_ticket(body, "late-issue")
        assert gone.value.status == 410
        kept = issue(client)
        dropped = issue(client)
        answer = client.cancel_ticket(c.TicketCancel(ticket_id=dropped.ticket_id, reason="print_failed",
                                                     cancelled_at=now["t"]), "cancel-2")
        assert (answer.known, answer.status, answer.number) == (True, c.TICKET_CANCELLED, dropped.number)
        assert client.ticket_status(dropped.ticket_id).cancel_reason == "print_failed"
        assert next(s for s in client.hall_queue(HALL).services if s.code == "filing").waiting == 1
        assert staff.call_next_ticket(HALL, c.CallNext(counter="3", service_codes=["filing"])).number == kept.number
        assert staff.call_next_ticket(HALL, c.CallNext(counter="3", service_codes=["filing"])) is None


# ----------------------------------------------------------------- two kiosks, online and offline


def dead_url() -> str:
    """A loopback URL nothing listens on: every request is refused at once (the backend is out of reach)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"


class Kiosk:
    """One kiosk's ticket desk over its own data folder and outbox; `restart` builds it again over them."""

    def __init__(self, folder: Path, kiosk_id: str, base_url: str) -> None:
        self.folder, self.kiosk_id, self.base_url = folder, kiosk_id, base_url
        self.online = CourtClient(base_url, kiosk_id, timeout=10)
        self.offline = CourtClient(dead_url(), kiosk_id, timeout=2)
        self.open()

    def open(self) -> None:
        self.outbox = Outbox(self.folder / "outbox.sqlite3", key_path=self.folder / "outbox.key")
        self.book = TicketBook(self.folder / "tickets.sqlite3")
        self.desk = TicketDesk(self.online, self.outbox, self.book, HALL, self.kiosk_id, offline_hold=0.0)
        self.desk.recover()

    def restart(self) -> None:
        self.book.close()
        self.outbox.close()
        self.open()

    def take(self, service: str, online: bool, priority: bool = False):
        self.desk.court = self.online if online else self.offline
        return self.desk.take(service, priority)

    def deliver(self) -> None:
        result = SyncWorker(self.outbox, self.online).drain(60)
        assert result.dead == 0 and result.remaining == 0, result

    def close(self) -> None:
        self.book.close()
        self.outbox.close()
        self.online.close()
        self.offline.close()


def test_two_kiosks_online_and_offline_and_a_restart_never_issue_a_number_twice(tmp_path):
    with court(tmp_path, clock=False) as (server, client, staff, _):
        kiosks = [Kiosk(tmp_path / name, name, server.base_url) for name in ("hall-kiosk-1", "hall-kiosk-2")]
        for kiosk in kiosks:
            assert kiosk.desk.ensure_ranges() == 50  # a block for today (and one for tomorrow)
        issued: list[list] = [[], []]
        errors: list[BaseException] = []
        start = threading.Barrier(2)

        def run(index: int) -> None:
            kiosk = kiosks[index]
            try:
                start.wait(10)
                for i in range(60):
                    online = (i + index) % 3 != 0  # a third of them offline, at other moments on each kiosk
                    service = ("filing", "payment", "filing", "mediation")[i % 4]
                    issued[index].append(kiosk.take(service, online, priority=i % 10 == 7))
                    if index == 0 and i == 29:
                        kiosk.restart()  # the kiosk restarts half way, over the same data folder
            except BaseException as exc:  # noqa: BLE001 - handed to the test's thread
                errors.append(exc)

        threads = [threading.Thread(target=run, args=(i,), name=f"ticket-kiosk-{i}") for i in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(120)
        assert not errors, errors
        tickets = issued[0] + issued[1]
        numbers = [t.number for t in tickets]
        assert len(tickets) == 120 and len(set(numbers)) == 120, sorted(n for n in numbers if numbers.count(n) > 1)
        offline = [t for t in tickets if t.offline]
        assert len(offline) == 40 and all(t.number.startswith("X") for t in offline)
        assert {t.number[0] for t in tickets if not t.offline} == {"A", "B", "E", "V"}
        # a restart continues the block where it stood (the next number was durable)
        assert kiosks[0].book.offline_numbers() == [t.number for t in issued[0] if t.offline]

        for kiosk in kiosks:
            kiosk.deliver()  # the reports (and the cancellations of the requests that failed) reach the court
        backend = staff.list_tickets(HALL).items
        by_id = {t.ticket_id: t for t in backend}
        assert len(backend) == 120 and len({t.number for t in backend}) == 120
        for ticket in tickets:
            assert by_id[ticket.ticket_id].number == ticket.number
            assert by_id[ticket.ticket_id].status == c.TICKET_WAITING
            assert by_id[ticket.ticket_id].source == ("offline" if ticket.offline else "online")
        waiting = sum(s.waiting for s in client.hall_queue(HALL).services)
        assert waiting == 120  # the offline tickets count among the waiting
        for kiosk in kiosks:
            kiosk.close()
