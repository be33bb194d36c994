"""The filing wizard as a model (no Qt): its steps in order, where "next" and "back" lead from
each step, what keeps the litigant on a step, and the ids a filing is confirmed with.

The UI shows one screen per step (`ui.screens.filing`); a screen stores its answers in the
draft, then asks this model whether its step is complete and where to go. Navigation:

- "next" on a step leads to the step after it once the step has no problems
  (`kiosk.domain.filing.problems`); until then it stays, and the problems say why;
- "next" on the review leads back to the first earlier step where something is still missing
  (the review says so), else on to the last step;
- the last step (sign) has no "next": the litigant confirms (`confirm`);
- "back" leads to the step before; on the first step it leaves the wizard (the session goes
  back to the menu).

Every filing goes through `STEPS`. A conditional step (`CONDITIONAL_STEPS`) is shown only for the
drafts it applies to, after the step it follows: the enterprise window's evaluation
(``enterprise``) after the parties, when a party is an organisation and the litigant took the offer
(`kiosk.domain.filing_enterprise.applies`). `FilingWizard.steps()` is a draft's own order, and
`advance`, `previous` and `missing` follow it; the module's `next_step` / `previous_step` (and the
static `FilingWizard.back`) give the order of `STEPS` alone.

Confirm ids: the filing id, the idempotency key and the time of confirmation are made when the
litigant first confirms, and kept for the draft: confirming again after a storage failure
stores the same filing (the outbox returns the items it already has), so nothing is filed
twice. A new draft gets a new wizard, and new ids.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from kiosk.domain import filing as rules
from kiosk.domain import filing_enterprise
from kiosk.domain.filing import FilingDraft

#: The steps in order (the UI has one screen each); `rules.problems(draft, step)` checks one.
STEPS = ("start", "parties", "claims", "evidence", "fees", "risk", "address", "review", "sign")
FIRST = STEPS[0]
LAST = STEPS[-1]
REVIEW = "review"
#: Steps shown only for some drafts: step -> (the step it follows, whether it applies to a draft).
CONDITIONAL_STEPS: dict[str, tuple[str, Callable[[FilingDraft], bool]]] = {
    "enterprise": ("parties", filing_enterprise.applies),
}
#: Every step a draft may show, in order (the UI has one screen each).
ALL_STEPS = tuple(name for step in STEPS
                  for name in (step, *(extra for extra, (after, _) in CONDITIONAL_STEPS.items() if after == step)))


def next_step(step: str) -> str | None:
    """The step after `step` in order (None after the last one, or outside the wizard)."""
    if step in STEPS and step != LAST:
        return STEPS[STEPS.index(step) + 1]
    return None


def previous_step(step: str) -> str | None:
    """The step before `step` in order (None on the first one, or outside the wizard)."""
    if step in STEPS and step != FIRST:
        return STEPS[STEPS.index(step) - 1]
    return None


@dataclass(frozen=True)
class Move:
    """Where "next" on a step leads.

    `to` is the step to show, or None to stay: `problems` (the step's, ``{field: code}``) say
    why; on the last step with no problems nothing follows, and the litigant confirms.
    `missing` is True when `to` is an earlier step where something is still missing (from the
    review)."""

    to: str | None
    problems: dict[str, str] = field(default_factory=dict)
    missing: bool = False


@dataclass(frozen=True)
class ConfirmIds:
    """What a filing is stored with: the same on every confirm of one draft."""

    filing_id: str
    idempotency_key: str
    confirmed_at: datetime  # aware, the kiosk's local time
    lookup_code: str | None = None  # what the receipt's QR carries (random; no personal data)


def _new_id() -> str:
    return str(uuid.uuid4())


def new_lookup_code() -> str:
    """A short random code for the receipt's QR (contract.LOOKUP_CODE_PATTERN: 10 of the 31 letters
    and digits that are not read alike; about 49 bits)."""
    import secrets

    alphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"  # contract.CODE_ALPHABET (the domain does not import it)
    return "".join(secrets.choice(alphabet) for _ in range(10))


class FilingWizard:
    """One draft on its way through the steps. The UI makes one when a litigant starts a filing
    and drops it on reset (with the draft, which it holds)."""

    def __init__(self, draft: FilingDraft, *, clock: Callable[[], datetime] = datetime.now,
                 new_id: Callable[[], str] = _new_id) -> None:
        self._draft = draft
        self._clock = clock
        self._new_id = new_id
        self._ids: ConfirmIds | None = None

    @property
    def draft(self) -> FilingDraft:
        return self._draft

    @property
    def confirm_ids(self) -> ConfirmIds | None:
        """The ids made at the first confirm (None before it)."""
        return self._ids

    # ------------------------------------------------------------ order
    def steps(self) -> tuple[str, ...]:
        """This draft's steps in order: `STEPS` with the conditional steps that apply to it now."""
        return tuple(step for step in ALL_STEPS
                     if step not in CONDITIONAL_STEPS or CONDITIONAL_STEPS[step][1](self._draft))

    def previous(self, step: str) -> str | None:
        """The step "back" leads to from `step` in this draft's order (None on the first step, or outside
        the wizard: the litigant leaves it)."""
        order = self.steps()
        if step not in ALL_STEPS or step == FIRST:
            return None
        if step not in order:  # a conditional step that no longer applies: back to the one it follows
            return CONDITIONAL_STEPS[step][0]
        return order[order.index(step) - 1]

    def _following(self, step: str) -> str | None:
        order = self.steps()
        if step not in order:  # (a conditional step that no longer applies)
            step = CONDITIONAL_STEPS[step][0]
        return order[order.index(step) + 1] if step != LAST else None

    # ------------------------------------------------------------ checks
    def problems(self, step: str) -> dict[str, str]:
        """{field: problem code} of one step (empty: the step is complete)."""
        return rules.problems(self._draft, step)

    def missing(self) -> str | None:
        """The first step before the review with a problem (None: everything to review is there)."""
        order = self.steps()
        for step in order[:order.index(REVIEW)]:
            if self.problems(step):
                return step
        return None

    # -------------------------------------------------------- navigation
    def advance(self, step: str) -> Move:
        """The litigant touches "next" on `step` (its answers stored in the draft)."""
        if step not in ALL_STEPS:
            raise ValueError(f"not a step of the filing wizard: {step!r}")
        if step == REVIEW:
            missing = self.missing()
            if missing is not None:
                return Move(missing, missing=True)
            return Move(self._following(step))
        problems = self.problems(step)
        if problems:
            return Move(None, problems)
        return Move(self._following(step))

    @staticmethod
    def back(step: str) -> str | None:
        """The step before `step` in the order of `STEPS` (None on the first step: the litigant leaves the
        wizard). A draft's own order, with its conditional steps: `previous`."""
        return previous_step(step)

    # ----------------------------------------------------------- confirm
    def confirm(self) -> ConfirmIds:
        """The litigant confirms on the last step: the ids to store the filing with, made now the
        first time and the same ones on every later confirm of this draft (a retry after a storage
        failure). ValueError while the last step has problems (the screen shows them first)."""
        if self.problems(LAST):
            raise ValueError("the last step has problems: nothing to confirm yet")
        if self._ids is None:
            self._ids = ConfirmIds(self._new_id(), self._new_id(), self._clock().astimezone(), new_lookup_code())
        return self._ids
