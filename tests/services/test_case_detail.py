"""案件查询 and a case's detail (kiosk.services.case_detail): a party's case by the ID card, a case by case
number and query code; what is typed is checked before anything is sent; the days left of each deadline
from the kiosk's clock; a wrong query code counts down, the court's lock is kept and the kiosk does not ask
again while it lasts; nothing personal in the log."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

import pytest

from kiosk.services import case_detail
from offline_queue.client import RetryableError
from tests.services import fakes
from tests.services.records_fakes import (
    BEIJING,
    CASE_NUMBER,
    FILING_ID,
    QUERY_CODE,
    RecordsCourt,
    locked,
    wrong_code,
)

NOW = datetime(2026, 3, 20, 23, 30, tzinfo=BEIJING)  # late in the evening: days are calendar days


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def _service(config, court=None, clock=None):
    court = court or RecordsCourt(NOW)
    service = case_detail.SERVICE.factory(fakes.make_deps(case_detail.SERVICE, config, court=court))
    service._clock = clock or Clock(NOW)
    return service, court, fakes.recorder(service.loaded), fakes.recorder(service.failed)


def test_a_party_sees_the_timeline_hearings_and_deadlines_with_the_days_left(config, caplog):
    caplog.set_level(logging.INFO)
    plaintiff = fakes.person()
    service, court, loaded, failed = _service(config)
    service.open_for_party(plaintiff, FILING_ID)
    (view,), = [loaded]
    assert failed == []
    (name, access), = court.calls
    assert name == "case_detail" and access.case_ref == FILING_ID and access.id_number == plaintiff.id_number
    assert access.query_code is None
    assert [e.kind for e in view.timeline] == ["立案", "分案", "送达"]  # oldest first
    assert [(h.kind, h.past) for h in view.hearings] == [("调解", True), ("开庭", False)]
    assert [(d.kind, d.days_left, d.overdue) for d in view.deadlines] == [
        ("缴费期限", -1, True), ("举证期限", 3, False), ("答辩期限", 12, False)]
    assert view.detail.judge.name == "王法官" and view.detail.contact_phone == "010-85821234"
    assert not view.by_query_code
    fakes.assert_nothing_personal(caplog.text, plaintiff)
    assert "王法官" not in caplog.text and "测试丙" not in caplog.text


def test_days_left_are_calendar_days_in_the_kiosks_zone():
    due = datetime(2026, 3, 21, 0, 30, tzinfo=BEIJING)  # an hour after NOW, but tomorrow
    assert case_detail.days_left(due, NOW) == 1
    assert case_detail.days_left(due.astimezone(tz=None), NOW) == 1
    assert case_detail.days_left(datetime(2026, 3, 20, 23, 59, tzinfo=BEIJING), NOW) == 0


@pytest.mark.parametrize(("number", "code", "problems"), [
    ("", QUERY_CODE, {"case_number": "empty"}),
    ("2026京0105民初123号", QUERY_CODE, {"case_number": "format"}),
    ("(1900)京0105民初123号", QUERY_CODE, {"case_number": "year"}),
    ("(2026)京0105民初0号", QUERY_CODE, {"case_number": "serial"}),
    (CASE_NUMBER, "", {"query_code": "empty"}),
    (CASE_NUMBER, "7KQ2M", {"query_code": "length"}),
    (CASE_NUMBER, "7KQ2M0XA", {"query_code": "chars"}),  # 0 is never in a code
    ("hello", "x", {"case_number": "format", "query_code": "length"}),
])
def test_what_is_typed_is_checked_before_anything_is_sent(config, number, code, problems):
    service, court, loaded, failed = _service(config)
    assert service.lookup(number, code) == problems
    assert court.calls == [] and loaded == [] and failed == []


def test_a_case_number_and_query_code_as_people_type_them(config):
    service, court, loaded, failed = _service(config)
    assert service.lookup(" (2026)京0105民初１２３号 ", "7kq2-m9xa") == {}
    (_, access), = court.calls
    assert access.case_ref == CASE_NUMBER and access.query_code == QUERY_CODE and access.id_number is None
    assert loaded[0].by_query_code


def test_wrong_codes_count_down_then_the_courts_lock_holds_without_asking_again(config, caplog):
    caplog.set_level(logging.INFO)
    clock = Clock(NOW)
    service, court, loaded, failed = _service(config, clock=clock)
    court.detail_errors = [wrong_code(), wrong_code("the query code does not match: 1 attempts left"), locked(600)]
    service.lookup(CASE_NUMBER, "AAAAAAAA")
    service.lookup(CASE_NUMBER, "BBBBBBBB")
    service.lookup(CASE_NUMBER, "CCCCCCCC")
    assert failed == [("wrong_code", 2), ("wrong_code", 1), ("locked", 10)]
    asked = len(court.calls)
    assert service.lookup(CASE_NUMBER, QUERY_CODE) == {"lock": "10"}  # not sent
    clock.now += timedelta(minutes=9, seconds=30)
    assert service.lookup(CASE_NUMBER, QUERY_CODE) == {"lock": "1"}
    assert len(court.calls) == asked
    assert service.lookup("(2026)京0105民初124号", QUERY_CODE) == {}  # another case is not locked
    clock.now += timedelta(minutes=1)
    assert service.lookup(CASE_NUMBER, QUERY_CODE) == {}
    assert len(court.calls) == asked + 2 and len(loaded) == 2
    assert CASE_NUMBER not in caplog.text and "AAAAAAAA" not in caplog.text and QUERY_CODE not in caplog.text


def test_a_lock_without_retry_after_and_other_answers(config):
    service, court, loaded, failed = _service(config)
    court.detail_errors = [RetryableError(None, "locked", status=429), RetryableError(None, "connection error"),
                           wrong_code(), RetryableError(None, "bad gateway", status=502)]
    service.lookup(CASE_NUMBER, QUERY_CODE)
    service.lookup(CASE_NUMBER, QUERY_CODE)
    service.open_for_party(fakes.person(), FILING_ID)  # 403 for a party: not their case
    service.lookup(CASE_NUMBER, QUERY_CODE)
    assert failed == [("locked", None), ("offline", None), ("not_found", None), ("offline", None)]
    assert service.locked_minutes(CASE_NUMBER) is None


def test_refresh_asks_the_same_way_again(config):
    service, court, loaded, failed = _service(config)
    service.lookup(CASE_NUMBER, QUERY_CODE)
    service.refresh(loaded[0])
    assert [a for _, a in court.calls][0] == [a for _, a in court.calls][1]
    assert len(loaded) == 2
