"""kiosk.domain.filing_wizard, without Qt: the steps' order, where "next" and "back" lead from
every step, validation holding the litigant on a step, the review sending them back to what is
missing, and the confirm ids (made once per draft, the same on a second confirm)."""

from __future__ import annotations

import re
import subprocess
import sys
from datetime import datetime, timedelta, timezone

import pytest

from kiosk.domain import filing as rules
from kiosk.domain.filing import FilingDraft, PartyDraft, ServiceAddressDraft
from kiosk.domain.filing_wizard import (
    FIRST,
    LAST,
    STEPS,
    ConfirmIds,
    FilingWizard,
    Move,
    next_step,
    previous_step,
)
from offline_queue.contract import LOOKUP_CODE_PATTERN

ORDER = ("start", "parties", "claims", "evidence", "fees", "risk", "address", "review", "sign")


def complete_draft() -> FilingDraft:
    """A first-instance suit for oneself with every step answered."""
    draft = FilingDraft(court_code="110105", case_type="民间借贷纠纷")
    draft.filing_notice_read = True
    draft.plaintiffs = [PartyDraft(name="王小明", id_number="11010519491231002X", from_card=True)]
    draft.defendants = [PartyDraft(name="李四")]
    draft.claims, draft.facts, draft.amount_text = "判令被告还款。", "被告借款未还。", "1000"
    draft.risk_notice_read = True
    draft.address = ServiceAddressDraft(address="北京市海淀区中关村大街1号", phone="13800000000",
                                        recipient="王小明", confirmed=True)
    draft.signature_png = b"\x89PNG\r\n\x1a\n"
    return draft


#: One wrong answer per step (the review has none of its own) and the problem it gives.
BREAK = {
    "start": (lambda d: setattr(d, "filing_notice_read", False), {"filing_notice": "notice_unread"}),
    "parties": (lambda d: setattr(d.defendants[0], "phone", "12-34"), {"defendant.0.phone": "phone_invalid"}),
    "claims": (lambda d: setattr(d, "amount_text", "a lot"), {"amount": "amount_invalid"}),
    "evidence": (lambda d: setattr(d, "filed_by", "agent"), {"power_of_attorney": "power_of_attorney_missing"}),
    "fees": (lambda d: setattr(d.relief, "kind", "waive"), {"relief": "relief_invalid"}),
    "risk": (lambda d: setattr(d, "risk_notice_read", False), {"risk_notice": "notice_unread"}),
    "address": (lambda d: setattr(d.address, "confirmed", False), {"confirmed": "notice_unread"}),
    "sign": (lambda d: setattr(d, "signature_png", None), {"signature": "signature_missing"}),
}


class Clock:
    def __init__(self) -> None:
        self.calls = 0

    def __call__(self) -> datetime:
        self.calls += 1
        return datetime(2026, 3, 1, 9, 30, tzinfo=timezone(timedelta(hours=8))) + timedelta(minutes=self.calls)


def counter():
    made = []

    def new_id() -> str:
        made.append(f"id-{len(made)}")
        return made[-1]

    return new_id, made


# ------------------------------------------------------------------ order
def test_the_steps_in_order():
    assert STEPS == ORDER
    assert (FIRST, LAST) == ("start", "sign")


@pytest.mark.parametrize("n", range(len(ORDER)))
def test_next_and_previous_of_every_step(n):
    step = ORDER[n]
    assert next_step(step) == (ORDER[n + 1] if n + 1 < len(ORDER) else None)
    assert previous_step(step) == (ORDER[n - 1] if n > 0 else None)
    assert FilingWizard.back(step) == previous_step(step)


def test_the_first_step_has_no_back_and_the_last_no_next():
    assert FilingWizard.back("start") is None  # the litigant leaves the wizard (the session goes back)
    assert next_step("sign") is None
    assert FilingWizard(complete_draft()).advance("sign") == Move(None)  # nothing follows: confirm


@pytest.mark.parametrize("name", ["submitted", "menu", "filing_start", ""])
def test_outside_the_wizard_nothing_leads_anywhere(name):
    assert next_step(name) is None and previous_step(name) is None and FilingWizard.back(name) is None
    with pytest.raises(ValueError):
        FilingWizard(complete_draft()).advance(name)


# ------------------------------------------------------------- next, gated
@pytest.mark.parametrize("step", ORDER[:-1])
def test_next_on_a_complete_step_leads_to_the_following_one(step):
    wizard = FilingWizard(complete_draft())
    assert wizard.problems(step) == {}
    assert wizard.advance(step) == Move(next_step(step))


def test_walking_through_a_complete_draft_visits_every_step_once():
    wizard = FilingWizard(complete_draft())
    visited, step = [FIRST], FIRST
    while (step := wizard.advance(step).to) is not None:
        visited.append(step)
    assert tuple(visited) == ORDER


@pytest.mark.parametrize("step", [s for s in ORDER if s != "review"])
def test_a_step_with_a_problem_keeps_the_litigant_there(step):
    draft = complete_draft()
    spoil, expected = BREAK[step]
    spoil(draft)
    wizard = FilingWizard(draft)
    assert wizard.problems(step) == expected == rules.problems(draft, step)
    assert wizard.advance(step) == Move(None, expected)
    # the other steps are not held by it (the review aside: it looks back)
    for other in ORDER[:ORDER.index("review")]:
        if other != step:
            assert wizard.advance(other).to == next_step(other)


def test_a_new_draft_stays_on_the_first_step_until_the_notice_is_read():
    draft = FilingDraft(court_code="110105", case_type="民间借贷纠纷")
    wizard = FilingWizard(draft)
    assert wizard.advance("start") == Move(None, {"filing_notice": "notice_unread"})
    draft.filing_notice_read = True
    assert wizard.advance("start") == Move("parties")


def test_the_review_leads_back_to_the_first_step_with_something_missing():
    draft = complete_draft()
    draft.claims = ""
    draft.address.phone = ""
    draft.signature_png = None  # not the review's business: signing comes after it
    wizard = FilingWizard(draft)
    assert wizard.missing() == "claims"
    assert wizard.advance("review") == Move("claims", missing=True)
    draft.claims = "判令被告还款。"
    assert wizard.advance("review") == Move("address", missing=True)
    draft.address.phone = "13800000000"
    assert wizard.missing() is None
    assert wizard.advance("review") == Move("sign")


# ---------------------------------------------------------------- confirm
def test_confirm_ids_are_made_at_the_first_confirm_and_reused():
    clock, (new_id, made) = Clock(), counter()
    wizard = FilingWizard(complete_draft(), clock=clock, new_id=new_id)
    assert wizard.confirm_ids is None and clock.calls == 0 and made == []
    first = wizard.confirm()
    assert first == ConfirmIds("id-0", "id-1", first.confirmed_at, first.lookup_code)
    assert first.confirmed_at.utcoffset() is not None  # aware
    # the receipt's QR code: random, of the contract's alphabet, the same on a second confirm
    assert re.fullmatch(LOOKUP_CODE_PATTERN, first.lookup_code)
    assert first.filing_id != first.idempotency_key
    # storing failed (disk full); the litigant confirms again: the same filing, not a second one
    again = wizard.confirm()
    assert again == first and wizard.confirm_ids == first
    assert clock.calls == 1 and made == ["id-0", "id-1"]


def test_changing_the_draft_after_a_failed_confirm_keeps_the_ids():
    wizard = FilingWizard(complete_draft())
    first = wizard.confirm()
    wizard.draft.sign_on_paper, wizard.draft.signature_png = True, None  # signs on paper instead
    assert wizard.confirm() == first


def test_nothing_is_confirmed_while_the_last_step_has_problems():
    draft = complete_draft()
    draft.signature_png = None
    wizard = FilingWizard(draft)
    with pytest.raises(ValueError):
        wizard.confirm()
    assert wizard.confirm_ids is None
    draft.sign_on_paper = True
    assert wizard.confirm() is wizard.confirm_ids


def test_a_new_draft_gets_new_ids():
    first = FilingWizard(complete_draft()).confirm()
    second = FilingWizard(complete_draft()).confirm()
    assert first.filing_id != second.filing_id and first.idempotency_key != second.idempotency_key
    for ids in (first, second):  # uuid4s by default
        assert len(ids.filing_id) == 36 and ids.filing_id.count("-") == 4


def test_the_model_imports_nothing_of_qt():
    code = ("import sys, kiosk.domain.filing_wizard\n"
            "assert not [m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6')]")
    subprocess.run([sys.executable, "-c", code], check=True)
