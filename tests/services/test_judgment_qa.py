"""判后答疑's service without Qt's event loop: the litigant's cases with a judgment from a fake court, and a
booking stored in a real outbox, then answered (booked, moved, refused) as the sync worker would."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from kiosk.services import judgment_qa
from offline_queue import contract as c
from offline_queue.client import RetryableError
from offline_queue.items import KIND_VIDEO_BOOKING
from offline_queue.outbox import DEAD, DELIVERED
from tests.services import fakes

BJ = timezone(timedelta(hours=8))
SLOT = datetime(2026, 12, 8, 14, 0, tzinfo=BJ)
CASE = c.JudgmentCase(case_number="（2026）京0105民初12号", court_name="北京市朝阳区人民法院", case_type_name="民事",
                      judged_at=datetime(2026, 12, 1, 9, 0, tzinfo=BJ), judge="李明", judge_online=False,
                      slots=[SLOT, SLOT + timedelta(minutes=30)])


class Identity:
    id_number = "11010519491231002X"
    name = "张三"


class Court:
    def __init__(self, fail: Exception | None = None) -> None:
        self.fail = fail
        self.asked: list[str] = []

    def judgment_cases(self, id_number):
        self.asked.append(id_number)
        if self.fail is not None:
            raise self.fail
        return c.JudgmentCaseList(items=[CASE])


@pytest.fixture
def rig(outbox):
    court, wake = Court(), fakes.Calls()
    service = judgment_qa.JudgmentQaService(
        court, fakes.InlineWorker("network"), fakes.InlineWorker("outbox"), outbox, wake, kiosk_id="K-1",
        hall="京0105", clock=lambda: datetime(2026, 12, 7, 10, 0, tzinfo=BJ))
    return service, court, wake


def test_the_cases_with_a_judgment_come_from_the_court(rig):
    service, court, _ = rig
    loaded = fakes.recorder(service.loaded)
    service.load(Identity())
    assert court.asked == [Identity.id_number]
    assert loaded == [([CASE], True)]


def test_a_court_that_cannot_be_asked_gives_no_cases_and_says_so(rig):
    service, court, _ = rig
    court.fail = RetryableError("down")
    loaded = fakes.recorder(service.loaded)
    service.load(Identity())
    assert loaded == [([], False)]


def test_a_booking_is_stored_in_the_outbox_then_shown_as_the_court_booked_it(rig, outbox):
    service, _, wake = rig
    views = fakes.recorder(service.booking)
    service.book(Identity(), CASE, SLOT)
    (item,) = outbox.items(kind=KIND_VIDEO_BOOKING)
    request = c.VideoBookingRequest.model_validate(item.payload)
    assert (request.case_number, request.id_number, request.slot, request.hall) == (
        CASE.case_number, Identity.id_number, SLOT, "京0105")
    assert item.id == request.booking_id and wake.count == 1
    assert [v.state for v in views] == [judgment_qa.STORED] and views[0].slot == SLOT

    later = SLOT + timedelta(minutes=30)  # taken meanwhile: the court booked the next free time
    booked = c.VideoBooking(booking_id=item.id, case_number=CASE.case_number, judge="李明", slot=later,
                            requested_slot=SLOT, booked_at=datetime(2026, 12, 7, 10, 1, tzinfo=BJ))
    outbox.mark_delivered(item.id, booked.model_dump(mode="json"))
    service.queue_changed("another-item", DELIVERED)  # not this booking: nothing
    service.queue_changed(item.id, DELIVERED)
    assert [v.state for v in views] == [judgment_qa.STORED, judgment_qa.BOOKED]
    assert views[-1].slot == later and views[-1].moved and service.current == views[-1]


def test_a_booking_the_court_refuses_is_shown_refused_and_a_new_session_forgets_it(rig, outbox):
    service, _, _ = rig
    views = fakes.recorder(service.booking)
    service.book(Identity(), CASE, SLOT)
    (item,) = outbox.items(kind=KIND_VIDEO_BOOKING)
    outbox.mark_dead(item.id, "404")
    service.queue_changed(item.id, DEAD)
    assert views[-1].state == judgment_qa.REFUSED
    service.clear()
    assert service.current is None
    service.queue_changed(item.id, DEAD)
    assert len(views) == 2


def test_a_booking_that_cannot_be_stored_says_so(rig, outbox):
    service, _, wake = rig
    views = fakes.recorder(service.booking)
    outbox.close()
    service.book(Identity(), CASE, SLOT)
    assert [v.state for v in views] == [judgment_qa.FAILED] and wake.count == 0 and service.current is None


class Receipts:
    def __init__(self, fail: str | None = None) -> None:
        self.fail = fail
        self.printed = []

    def print_receipt(self, receipt, on_printed, on_failed):
        if self.fail:
            on_failed(self.fail)
            return
        self.printed.append(receipt)
        on_printed()


@pytest.mark.parametrize("fail", [None, "paper_out"])
def test_the_booking_slip_has_the_case_judge_and_time_and_nothing_personal(outbox, fail):
    receipts = Receipts(fail)
    service = judgment_qa.JudgmentQaService(
        Court(), fakes.InlineWorker("network"), fakes.InlineWorker("outbox"), outbox, fakes.Calls(),
        kiosk_id="K-1", hall="京0105", clock=lambda: datetime(2026, 12, 7, 10, 0, tzinfo=BJ), receipts=receipts,
        court_name=lambda: "北京市朝阳区人民法院")
    printed, failed = fakes.recorder(service.slip_printed), fakes.recorder(service.slip_failed)
    service.print_slip()  # nothing booked yet
    assert failed == ["none"]
    service.book(Identity(), CASE, SLOT)
    service.print_slip()
    if fail:
        assert failed[-1] == "paper_out" and not receipts.printed
        return
    (slip,) = receipts.printed
    text = "\n".join(line.text for line in slip.lines)
    assert "判后答疑预约凭条" in text and CASE.case_number in text and "李明" in text
    assert slip.lines[0].text == "北京市朝阳区人民法院"
    assert "2026-12-08（周二）14:00" in text and "待法院确认" in text
    assert Identity.id_number not in text and Identity.name not in text
    assert len(printed) == 1
