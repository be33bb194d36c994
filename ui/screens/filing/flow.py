"""The filing flow: the screens of the filing wizard, one per step, and the wizard model that
holds the draft (`kiosk.domain.filing_wizard`) and says where "next" and "back" lead."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kiosk.domain.filing_wizard import FIRST, FilingWizard, Move
from ui.assist import VoiceInput
from ui.screens.filing.address import AddressScreen
from ui.screens.filing.base import screen_of, step_of
from ui.screens.filing.claims import ClaimsScreen
from ui.screens.filing.enterprise import EnterpriseScreen
from ui.screens.filing.evidence import EvidenceScreen
from ui.screens.filing.fees import FeesScreen
from ui.screens.filing.parties import PartiesScreen
from ui.screens.filing.review import ReviewScreen
from ui.screens.filing.risk import RiskScreen
from ui.screens.filing.sign import SignScreen
from ui.screens.filing.start import StartScreen
from ui.screens.filing.submitted import SubmittedScreen

if TYPE_CHECKING:
    from kiosk.domain.filing import FilingDraft


class FilingFlow:
    """Holds the wizard (and with it the draft) while the litigant moves through the filing
    screens (one draft per session: `clear` drops it on reset; every screen stores its answers
    in it when leaving, also going back)."""

    def __init__(self, nav, filing_service, scan_service, voice_service, documents=None, payment=None) -> None:
        """``documents``: the DocumentService that writes the complaint on A4 (None: no preview);
        ``payment``: the PaymentService behind the submitted screen's fee panel (None: no panel)."""
        self.nav = nav
        self.service = filing_service
        self.documents = documents
        self.payment = payment
        self.scan_service = scan_service
        self.voice = VoiceInput(voice_service)
        self.voice_service = voice_service
        self.identity = None
        self.wizard: FilingWizard | None = None
        self.start = StartScreen(self)
        self.parties = PartiesScreen(self)
        self.enterprise = EnterpriseScreen(self)
        self.claims = ClaimsScreen(self)
        self.evidence = EvidenceScreen(self)
        self.fees = FeesScreen(self)
        self.risk = RiskScreen(self)
        self.address = AddressScreen(self)
        self.review = ReviewScreen(self)
        self.sign = SignScreen(self)
        self.submitted = SubmittedScreen(self)
        self.screens = [self.start, self.parties, self.enterprise, self.claims, self.evidence, self.fees, self.risk, self.address,
                        self.review, self.sign, self.submitted]
        filing_service.submitted.connect(self.submitted.on_submitted)
        filing_service.submit_failed.connect(self.sign.on_failed)
        filing_service.receipt_printed.connect(self.submitted.on_printed)
        filing_service.receipt_failed.connect(self.submitted.on_print_failed)
        filing_service.court_quote.connect(self.fees.on_court_quote)
        scan_service.page_read.connect(self.apply_page)
        scan_service.page_captured.connect(self.evidence.on_page)
        scan_service.capture_failed.connect(self.evidence.on_capture_failed)

    @property
    def draft(self) -> FilingDraft | None:
        """The litigant's draft, held by the wizard (None outside a filing)."""
        return self.wizard.draft if self.wizard is not None else None

    def apply_page(self, suggestions: dict) -> None:
        """A scanned complaint was read: fill in what it gives, highlighted for confirmation."""
        if self.draft is None:
            return
        filled = self.parties.apply_page(suggestions) + self.claims.apply_page(suggestions)
        for screen in (self.parties, self.claims):
            screen.scan_panel.show_result(filled)

    def begin(self, identity, kind: str = "first_instance") -> None:
        """A new draft for this litigant; `kind` is preselected (申请调解 on the menu: mediation)."""
        for screen in self.screens:
            screen.clear()
        self.identity = identity
        draft = self.service.new_draft(identity)
        draft.kind = kind
        self.wizard = FilingWizard(draft)  # a new draft, new confirm ids
        self.nav.show_screen(screen_of(FIRST))

    # ------------------------------------------------------------ navigation
    def go(self, name: str) -> None:
        """Store the current step's answers, then show another step."""
        current = getattr(self.nav, "current", None)
        for screen in self.screens:
            if screen.name == current and hasattr(screen, "store"):
                screen.store()
        self.nav.show_screen(name)

    def advance(self, name: str) -> Move:
        """What the wizard says to "next" on the step screen `name` (answers stored): where to go,
        or the step's problems."""
        return self.wizard.advance(step_of(name))

    def follow(self, move: Move) -> None:
        """Show the step the wizard leads to (none: stay)."""
        if move.to is not None:
            self.go(screen_of(move.to))

    def previous(self, name: str) -> str | None:
        """The step screen before `name` (None on the first step or outside the flow)."""
        step = step_of(name)
        before = self.wizard.previous(step) if step is not None and self.wizard is not None else None
        return screen_of(before) if before is not None else None

    def back(self, name: str) -> bool:
        """Back inside the flow (True when handled): the step before, or, once submitted, the
        end of the visit (nothing of a stored filing is changed by going back)."""
        if name == self.submitted.name:
            self.nav.finish()
            return True
        before = self.previous(name)
        if before is None:
            return False
        self.go(before)
        return True

    def confirm(self) -> None:
        """The litigant confirms on the last step: store the filing with the wizard's ids for this
        draft (the same ones again when confirming after a storage failure)."""
        self.service.submit(self.identity, self.draft, self.wizard.confirm())

    def clear(self) -> None:
        self.identity = None
        self.wizard = None
        for screen in self.screens:
            screen.clear()

    def show_document(self) -> None:
        """The complaint written from the answers, previewed on A4 (printable)."""
        documents = self.documents
        if documents is None or self.draft is None or self.submitted._outcome is None:
            return
        outcome = self.submitted._outcome
        submission = self.service.build_submission(self.identity, self.draft, outcome.filing_id,
                                                   outcome.submitted_at)
        self.submitted.preparing()
        documents.prepare(submission, self.service.court_display_name(self.draft.court_code),
                          self.service.case_type_display_name(self.draft.case_type),
                          None if self.draft.sign_on_paper else self.draft.signature_png,
                          page_counts=self.service.page_counts(self.draft))
