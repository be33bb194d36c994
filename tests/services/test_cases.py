"""The my-cases service (kiosk.services.cases): the court's list for the identified person merged with
this kiosk's filings still waiting in the outbox (提交中, for the plaintiff or the agent only), newest
first; the court out of reach leaves the waiting filings in view and says so; nothing personal is logged."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta, timezone

from kiosk.services import cases
from tests.services import fakes

SUBMITTING = "提交中"


def _service(outbox, court, policy, config):
    deps = fakes.make_deps(cases.SERVICE, config, outbox=outbox, court=court, policy=policy)
    service = cases.SERVICE.factory(deps)
    return service, fakes.recorder(service.loaded)


def _at(day: int, hour: int = 9) -> datetime:
    return datetime(2026, 3, day, hour, 0, tzinfo=UTC)


def test_waiting_filings_are_listed_as_submitting_for_the_plaintiff_and_the_agent(outbox, court, policy, config):
    plaintiff, agent, other_plaintiff, stranger = (fakes.person("测试甲", sequence=11), fakes.person("测试乙", sequence=13),
                                                  fakes.person("测试丁", sequence=15), fakes.person("测试戊", sequence=17))
    own = fakes.submission(plaintiff, confirmed_at=_at(1))
    for_someone = fakes.submission(stranger, agent=agent, confirmed_at=_at(2))
    shared = fakes.submission(stranger, other_plaintiffs=[other_plaintiff], confirmed_at=_at(3))
    for filing in (own, for_someone, shared):
        fakes.store_filing(outbox, filing)
    service, loaded = _service(outbox, court, policy, config)

    service.load(plaintiff)
    service.load(agent)
    service.load(other_plaintiff)

    assert [[row.filing_id for row in rows] for rows, _ in loaded] == [
        [own.filing_id], [for_someone.filing_id], [shared.filing_id]]
    row = loaded[0][0][0]
    assert row.status == SUBMITTING and row.local_only and not row.needs_staff
    assert row.court_name == fakes.COURT_NAME  # from the policy, not the code
    assert row.case_type_name == "民事一审"
    assert row.case_number is None and row.defendant_name == "测试乙"
    assert row.amount == "100000.00"
    assert all(reachable for _, reachable in loaded)


def test_someone_elses_filings_are_not_shown(outbox, court, policy, config):
    fakes.store_filing(outbox, fakes.submission(fakes.person("测试甲", sequence=11)))
    service, loaded = _service(outbox, court, policy, config)
    service.load(fakes.person("测试戊", sequence=17))
    assert loaded == [([], True)]


def test_delivered_filings_come_from_the_court_and_dead_ones_need_staff(outbox, court, policy, config):
    plaintiff = fakes.person()
    delivered, dead = fakes.submission(plaintiff, confirmed_at=_at(1)), fakes.submission(plaintiff, confirmed_at=_at(2))
    for filing in (delivered, dead):
        fakes.store_filing(outbox, filing)
    outbox.mark_delivered(delivered.filing_id, fakes.filing_receipt(delivered.filing_id, None))
    outbox.mark_dead(dead.filing_id, "HTTP 422: refused")
    service, loaded = _service(outbox, court, policy, config)

    service.load(plaintiff)

    rows, _ = loaded[0]
    assert [(r.filing_id, r.needs_staff) for r in rows] == [(dead.filing_id, True)]


def test_the_courts_list_is_merged_newest_first_and_replaces_the_local_row(outbox, court, policy, config):
    plaintiff = fakes.person()
    waiting = fakes.submission(plaintiff, confirmed_at=_at(5))
    known = fakes.submission(plaintiff, confirmed_at=_at(3))  # still in the outbox, the court has it already
    for filing in (waiting, known):
        fakes.store_filing(outbox, filing)
    notice = fakes.fee_notice(known.filing_id, "125.00")
    court.cases = [fakes.case_summary("court-old", _at(1), status="docketed"),
                   fakes.case_summary(known.filing_id, _at(3), notice=notice),
                   fakes.case_summary("court-new", _at(7), notice=fakes.fee_notice("court-new", paid=True))]
    service, loaded = _service(outbox, court, policy, config)

    service.load(plaintiff)

    rows, reachable = loaded[0]
    assert reachable
    assert [r.filing_id for r in rows] == ["court-new", waiting.filing_id, known.filing_id, "court-old"]
    by_id = {r.filing_id: r for r in rows}
    assert by_id[known.filing_id].status == "pending_review" and not by_id[known.filing_id].local_only
    assert by_id[known.filing_id].fee_due == "125.00"
    assert by_id["court-new"].fee_due is None  # paid
    assert by_id["court-old"].status == "docketed"
    assert court.calls == [("search_cases", plaintiff.id_number)]


def test_the_court_out_of_reach_keeps_the_waiting_filings_and_says_so(outbox, court, policy, config, caplog):
    caplog.set_level(logging.INFO)
    plaintiff = fakes.person()
    waiting = fakes.submission(plaintiff)
    fakes.store_filing(outbox, waiting)
    court.down = True
    service, loaded = _service(outbox, court, policy, config)

    service.load(plaintiff)

    rows, reachable = loaded[0]
    assert not reachable
    assert [r.filing_id for r in rows] == [waiting.filing_id]
    assert "case search failed: RetryableError" in caplog.text
    fakes.assert_nothing_personal(caplog.text, plaintiff)
    assert "测试乙" not in caplog.text  # the defendant either


def test_a_case_row_does_not_show_the_defendant_in_its_repr(outbox, court, policy, config):
    plaintiff = fakes.person()
    fakes.store_filing(outbox, fakes.submission(plaintiff, defendant="测试己"))
    service, loaded = _service(outbox, court, policy, config)
    service.load(plaintiff)
    assert "测试己" not in repr(loaded[0][0][0])


def test_rows_are_ordered_by_time_whatever_the_time_zone(outbox, court, policy, config):
    plaintiff = fakes.person()
    beijing = timezone(timedelta(hours=8))
    waiting = fakes.submission(plaintiff, confirmed_at=datetime(2026, 3, 2, 9, 30, tzinfo=beijing))  # 01:30 UTC
    fakes.store_filing(outbox, waiting)
    court.cases = [fakes.case_summary("court-later", datetime(2026, 3, 2, 5, 0, tzinfo=UTC))]  # 13:00 in Beijing
    service, loaded = _service(outbox, court, policy, config)
    service.load(plaintiff)
    assert [r.filing_id for r in loaded[0][0]] == ["court-later", waiting.filing_id]


def test_a_filing_voided_by_staff_is_not_shown_as_still_submitting(outbox, court, policy, config):
    plaintiff = fakes.person()
    voided = fakes.submission(plaintiff)
    fakes.store_filing(outbox, voided)
    outbox.void(voided.filing_id, "voided by staff: duplicate")
    service, loaded = _service(outbox, court, policy, config)
    service.load(plaintiff)
    rows, _ = loaded[0]
    assert not [r for r in rows if r.status == SUBMITTING and not r.needs_staff]
