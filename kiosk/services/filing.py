"""Self-service filing: the wizard's draft -> fee estimate -> confirm -> durable in the outbox
(scanned pages and the signature first, then the filing that references them) -> receipt
printed -> the sync worker delivers it to the court.

The filing id, the idempotency key and the time of confirmation are made when the litigant
first confirms and kept by the wizard (`kiosk.domain.filing_wizard.ConfirmIds`), which passes
them to `submit`; the attachments' keys derive from the filing's. A second "confirm" after a storage
failure stores the same items (the outbox returns those it already has), so nothing is filed twice.

Scanned pages are attached as one PDF per document: the pages of each material of the checklist
(``identity.pdf``, ``power_of_attorney.pdf`` ...) and of each piece of evidence (``evidence-1.pdf``
...), written by `drivers.camera.pages.encoded_pages_to_pdf` (as 材料收转 does) on the outbox
worker; the same pages give the same bytes, so a retried confirm finds its items again. An
evidence item lists the digest of its PDF.

跨域立案: `receiving_courts` are the courts of the court's policy that accept cross-regional filings
(`Court.cross_regional`), besides this kiosk's; a draft filed with one of them names it as
``court_code`` and this kiosk's court as ``assisting_court_code``. The enterprise window's evaluation
(`kiosk.domain.filing_enterprise`) goes with the filing as ``enterprise_impact`` when it applies.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from PySide6.QtCore import QObject, Signal

from kiosk.domain import fees, filing_enterprise
from kiosk.domain import filing as rules
from kiosk.domain.filing import FilingDraft, PartyDraft
from kiosk.domain.filing_wizard import ConfirmIds
from kiosk.services.registry import QT_TRANSLATE_NOOP, ServiceSpec

log = logging.getLogger("kiosk.filing")

__all__ = ["FilingDraft", "FilingOutcome", "FilingService", "PartyDraft"]


@dataclass(frozen=True)
class FilingOutcome:
    filing_id: str
    submitted_at: datetime
    fee: Decimal
    kind: str = rules.FIRST_INSTANCE


# The attachment purpose of each material of the checklist (others: "other").
_PURPOSES = {"identity": "identity", "agent_identity": "identity", "defendant_identity": "identity",
             "power_of_attorney": "power_of_attorney", "business_licence": "business_licence",
             "judgment": "judgment", "effective_certificate": "judgment", "complaint": "complaint"}


class InvalidPages(ValueError):
    """A scanned page is not an image: its document cannot be written (nothing is stored)."""


def _pdf_cache(draft: FilingDraft) -> dict:
    """The PDFs written for a draft's documents, by their pages' digests: kept with the draft (and
    dropped with it at a reset), so the complaint's preview after confirming writes none again."""
    return draft.__dict__.setdefault("_attachment_pdfs", {})


def _party_from_card(identity) -> PartyDraft:
    return PartyDraft(kind=rules.PERSON, name=identity.name, id_number=identity.id_number,
                      address=identity.address or "", from_card=True)


class FilingService(QObject):
    submitted = Signal(object)  # FilingOutcome: durable in the outbox
    submit_failed = Signal(str)  # code: storage | invalid (an answer the contract refuses; nothing stored)
    receipt_printed = Signal(str)  # filing id
    receipt_failed = Signal(str, str)  # filing id, code: offline | paper_out | error
    court_quote = Signal(object, object)  # (draft, contract FeeQuote or None when the court cannot say)

    def __init__(self, outbox, wake_sync, court, outbox_worker, receipts, policy, *, court_code: str,
                 case_type: str, schedule: fees.FeeSchedule, data_dir: str, network_worker=None) -> None:
        """``court``: the court client (its own fee calculation); ``data_dir``: where scanned
        pages are kept until delivered; ``schedule``: the province's fee figures (config fees.*)."""
        super().__init__()
        self._outbox = outbox
        self._wake_sync = wake_sync
        self._court = court
        self._policy = policy
        self._outbox_worker = outbox_worker
        self._network_worker = network_worker
        self._receipts = receipts
        self._court_code = court_code
        self._case_type = case_type
        self._schedule = schedule
        self._data_dir = data_dir

    # ------------------------------------------------------------ lookups
    @property
    def court_code(self) -> str:
        return self._court_code

    @property
    def case_type(self) -> str:
        return self._case_type

    def court_display_name(self, code: str) -> str:
        return self._policy.court_name(code)

    def case_type_display_name(self, code: str) -> str:
        return self._policy.case_type_name(code)

    def lookup_url(self, code: str | None) -> str | None:
        """The page the receipt's QR opens for a filing's lookup code (None: none known)."""
        return self._policy.lookup_url(code) if code else None

    def receiving_courts(self) -> list[tuple[str, str]]:
        """(code, name) of the other courts a litigant may file with here (跨域立案), from the court's policy
        (empty until it is known, or when the court lists none)."""
        return [(court["code"], court["name"]) for court in self._policy.courts()
                if court.get("cross_regional") and court["code"] != self.court_code]

    def case_types(self) -> list[tuple[str, str]]:
        """(code, name) of the case types the court offers (the default one when none are known)."""
        known = [(t["code"], t["name"]) for t in self._policy.case_types()]
        return known or [(self.case_type, self.case_type_display_name(self.case_type))]

    @staticmethod
    def checklist(draft: FilingDraft) -> list[rules.Material]:
        return rules.checklist(draft)

    # -------------------------------------------------------------- draft
    def new_draft(self, identity=None) -> FilingDraft:
        draft = FilingDraft(court_code=self.court_code, case_type=self.case_type, home_court_code=self.court_code)
        if identity is not None:
            draft.plaintiffs = [_party_from_card(identity)]
            draft.address.recipient = identity.name
            draft.address.address = identity.address or ""
        return draft

    @staticmethod
    def set_filed_by(draft: FilingDraft, identity, filed_by: str) -> None:
        """For myself: the person on the card is the first plaintiff. For someone else: the card's
        person is the agent, and the plaintiffs are typed in."""
        draft.filed_by = filed_by
        draft.plaintiffs = [p for p in draft.plaintiffs if not p.from_card]
        if filed_by == "self" and identity is not None:
            draft.plaintiffs.insert(0, _party_from_card(identity))

    # --------------------------------------------------------------- fees
    def _fee_kind(self, draft: FilingDraft) -> str:
        if draft.kind == rules.MEDIATION:
            return fees.FeeKind.NO_FEE.value
        if draft.kind == rules.ENFORCEMENT:
            return fees.FeeKind.ENFORCEMENT.value
        return fees.fee_kind(self._policy.fee_kind(draft.case_type)).value

    def estimate(self, draft: FilingDraft, *, with_relief: bool = True):
        """The local fee estimate for a draft; None when its amount is invalid or the case type cannot be
        calculated. An invalid relief request is left out (the fees step says what is wrong with it)."""
        amount = draft.amount()
        if amount is None:
            return None
        kind = self._fee_kind(draft)
        relief = None
        if with_relief:
            try:
                relief = rules.relief_request(draft)
            except (fees.FeeError, ValueError):
                relief = None
        rule = fees.AMOUNT_RULE[kind]
        try:
            return fees.calculate(
                kind,
                None if rule == "none" or (rule == "optional" and amount == 0) else amount,
                appeal=draft.kind == rules.APPEAL,
                relief=relief,
                schedule=self._schedule,
            )
        except fees.FeeError:
            return None

    def ask_court_fee(self, draft: FilingDraft) -> None:
        """Ask the court for its (authoritative) fee on the network worker; `court_quote` answers."""
        if self._network_worker is None or draft.amount() is None:
            self.court_quote.emit(draft, None)
            return
        from offline_queue.contract import FeeRequest

        request = FeeRequest(case_type=draft.case_type, amount=draft.amount(), filing_kind=draft.kind)
        client = self._court

        def ask():
            try:
                return client.calculate_fee(request)
            except Exception as exc:  # offline or refused: the local estimate stands
                log.info("court fee calculation unavailable: %s", type(exc).__name__)
                return None

        self._network_worker.submit(ask, lambda quote: self.court_quote.emit(draft, quote))

    # ---------------------------------------------------------- submission
    @staticmethod
    def _party(p: PartyDraft):
        from offline_queue.contract import Party

        ident = p.id_number.strip().upper() or None
        organisation = p.kind == rules.ORGANISATION
        return Party(
            kind=p.kind,
            name=p.name.strip(),
            id_number=None if organisation else ident,
            uscc=ident if organisation else None,
            address=p.address.strip() or None,
            phone=p.phone.strip() or None,
            legal_representative=(p.legal_representative.strip() or None) if organisation else None,
        )

    @staticmethod
    def _scanned(draft: FilingDraft) -> list[tuple[tuple[bytes, ...], str, str, int | None]]:
        """(page images, display name, purpose, evidence index or None) of every scanned document, in
        order: one per material of the checklist, one per piece of evidence. Cheap (no PDF yet)."""
        out: list[tuple[tuple[bytes, ...], str, str, int | None]] = []
        for code, pages in draft.materials.items():
            if pages:
                out.append((tuple(p.data for p in pages), f"{code}.pdf", _PURPOSES.get(code, "other"), None))
        for e, item in enumerate(draft.evidence):
            if item.pages:
                out.append((tuple(p.data for p in item.pages), f"evidence-{e + 1}.pdf", "evidence", e))
        return out

    @staticmethod
    def _signature(draft: FilingDraft) -> bytes | None:
        return draft.signature_png if draft.signature_png is not None and not draft.sign_on_paper else None

    @staticmethod
    def _files(scanned, signature: bytes | None, cache: dict) -> list[tuple[bytes, str, str, str]]:
        """Blocking (PDFs are written): (content, media type, display name, purpose) of every attachment.
        ``cache``: PDFs already written for the same pages (by their digests)."""
        from drivers.camera.pages import encoded_pages_to_pdf

        out: list[tuple[bytes, str, str, str]] = []
        for pages, name, purpose, _ in scanned:
            key = tuple(hashlib.sha256(page).hexdigest() for page in pages)
            pdf = cache.get(key)
            if pdf is None:
                try:
                    pdf, _count = encoded_pages_to_pdf(pages)
                except ValueError as exc:  # a page that is not an image
                    raise InvalidPages(name) from exc
                cache[key] = pdf
            out.append((pdf, "application/pdf", name, purpose))
        if signature is not None:
            out.append((signature, "image/png", "signature.png", "signature"))
        return out

    def pages(self, draft: FilingDraft) -> list[tuple[bytes, str, str, str]]:
        """(content, media type, display name, purpose) of every attachment, in order: one PDF per
        scanned document, then the signature. Blocking the first time for a draft's pages (the PDFs
        are written, then kept with the draft): call it on a worker."""
        return self._files(self._scanned(draft), self._signature(draft), _pdf_cache(draft))

    def page_counts(self, draft: FilingDraft) -> dict[str, int]:
        """{SHA-256 of a document's PDF: its scanned pages}: what the complaint's 附 list and evidence
        table count (blocking the first time for a draft's pages, like `pages`)."""
        self.pages(draft)
        cache = _pdf_cache(draft)
        return {hashlib.sha256(pdf).hexdigest(): len(key) for key, pdf in cache.items()}

    @staticmethod
    def _signature_mode(draft: FilingDraft) -> str | None:
        return "paper" if draft.sign_on_paper else ("touch" if draft.signature_png else None)

    @staticmethod
    def _attach(bare, files, scanned, signature: str | None):
        """The filing with its attachments' references, each evidence item with its PDF's digest, and
        how it was signed (a touch signature needs its attachment): validated again as a whole."""
        from offline_queue.contract import FilingSubmission

        digests = [hashlib.sha256(data).hexdigest() for data, _, _, _ in files]
        refs = [{"sha256": sha, "media_type": media_type, "length": len(data), "name": name, "purpose": purpose}
                for sha, (data, media_type, name, purpose) in zip(digests, files, strict=True)]
        of_evidence = {e: digests[n] for n, (_, _, _, e) in enumerate(scanned) if e is not None}
        fields = bare.model_dump()
        for e, item in enumerate(fields["evidence"]):
            item["pages"] = [of_evidence[e]] if e in of_evidence else []
        return FilingSubmission.model_validate({**fields, "attachments": refs, "signature": signature})

    def build_submission(self, identity, draft: FilingDraft, filing_id: str, confirmed_at: datetime,
                         lookup_code: str | None = None):
        """The contract's filing for a draft, with its attachments (blocking the first time: see `pages`)."""
        bare = self._bare_submission(identity, draft, filing_id, confirmed_at, lookup_code)
        return self._attach(bare, self.pages(draft), self._scanned(draft), self._signature_mode(draft))

    def _bare_submission(self, identity, draft: FilingDraft, filing_id: str, confirmed_at: datetime,
                         lookup_code: str | None = None):
        """The filing without its attachments, evidence pages and signature: cheap, validated (the
        answers the contract refuses are found here, before anything is written)."""
        from offline_queue.contract import (
            Agent,
            EvidenceItem,
            FeeRelief,
            FilingSubmission,
            ServiceAddress,
        )

        amount = draft.amount() or Decimal("0")
        quote = self.estimate(draft)
        plaintiffs = [self._party(p) for p in draft.plaintiffs]
        others = [p for p in draft.defendants if not p.is_empty()]
        agent = None
        identified_by = "id_card_photo" if getattr(identity, "source", "chip") == "photo" else "id_card_chip"
        if draft.filed_by == "agent":
            agent = Agent(name=identity.name, id_number=identity.id_number, relation=draft.agent_relation,
                          identified_by=identified_by)
        a = draft.address
        address = ServiceAddress(
            address=a.address.strip(), postcode=a.postcode.strip() or None, phone=a.phone.strip(),
            recipient=a.recipient.strip(), electronic_service=a.electronic,
            channels=sorted(a.channels) if a.electronic else [],
            email=a.email.strip() or None if "email" in a.channels else None,
        ) if a.confirmed else None  # (the address step checked it)
        request = rules.relief_request(draft)
        relief = None if request is None else FeeRelief(kind=request.kind.value, ground=draft.relief.ground,
                                                          share=request.share)
        thirds = [p for p in draft.third_parties if not p.is_empty()]
        return FilingSubmission(
            filing_id=filing_id,
            court_code=draft.court_code,
            case_type=draft.case_type,
            plaintiff=plaintiffs[0],
            other_plaintiffs=plaintiffs[1:],
            defendants=[self._party(p) for p in others],
            third_parties=[self._party(p) for p in thirds],
            claims=draft.claims.strip(),
            facts_and_reasons=draft.facts.strip(),
            amount=amount,
            fee_estimate=quote.total if quote is not None else Decimal("0"),
            fee_schedule_version=fees.SCHEDULE_VERSION,
            confirmed_at=confirmed_at,
            plaintiff_identified_by=identified_by if draft.filed_by == "self" else "id_card_chip",
            filing_kind=draft.kind,
            reference_case_number=draft.reference_case_number.strip() or None
            if draft.kind in rules.REFERENCING else None,
            reference_document=draft.reference_document or None if draft.kind == rules.ENFORCEMENT else None,
            filed_by=draft.filed_by,
            agent=agent,
            principal_identified_by="typed" if draft.filed_by == "agent" else None,
            evidence=[EvidenceItem(name=e.name.strip(), purpose=e.purpose.strip()) for e in draft.evidence],
            accepts_mediation=draft.accepts_mediation or draft.kind == rules.MEDIATION,
            service_address=address,
            notices_acknowledged=[n for n, read in (("filing_notice", draft.filing_notice_read),
                                                    ("risk_notice", draft.risk_notice_read)) if read],
            fee_relief=relief,
            lookup_code=lookup_code,
            enterprise_impact=self._enterprise_impact(draft, {"plaintiff": draft.plaintiffs, "defendant": others,
                                                              "third_party": thirds}),
            assisting_court_code=draft.home_court_code if draft.cross_regional else None,
        )

    @staticmethod
    def _enterprise_impact(draft: FilingDraft, sides: dict[str, list[PartyDraft]]):
        """The evaluation as filed (None: not offered, skipped, or naming no organisation party now),
        naming its organisation by side and place among the parties filed."""
        from offline_queue.contract import EnterpriseImpact

        party = filing_enterprise.subject(draft)
        if not filing_enterprise.applies(draft) or party is None:
            return None
        e = draft.enterprise
        index = next(n for n, p in enumerate(sides[e.role]) if p is party)
        return EnterpriseImpact(
            role=e.role, index=index, employees=filing_enterprise.parse_employees(e.employees),
            operating_status=e.operating_status, accounts_at_risk=bool(e.accounts_at_risk),
            key_assets_at_risk=bool(e.key_assets_at_risk), freeze_impact=e.freeze_impact,
            orders_at_risk=filing_enterprise.parse_orders(e.orders_at_risk) or 0,
            orders_amount=filing_enterprise.parse_orders_amount(e.orders_amount), mediation=e.mediation,
            alternatives=[a for a in filing_enterprise.ALTERNATIVES if a in e.alternatives], note=e.note.strip())

    def submit(self, identity, draft: FilingDraft, ids: ConfirmIds) -> None:
        """Confirmed by the litigant: store the attachments (the scanned documents as PDFs, written on the
        outbox worker), then the filing, durably; then print the receipt. `ids` are the wizard's for
        this draft, the same on every confirm of it: confirming again after a failure stores the same items."""
        from pydantic import ValidationError

        from offline_queue import attachments

        filing_id, key, confirmed_at = ids.filing_id, ids.idempotency_key, ids.confirmed_at
        try:
            bare = self._bare_submission(identity, draft, filing_id, confirmed_at, ids.lookup_code)
        except ValidationError as exc:  # the steps' checks let something through the contract refuses
            log.error("filing %s not stored: %d field(s) refused by the contract", filing_id, exc.error_count())
            self.submit_failed.emit("invalid")
            return
        scanned, signature, cache = self._scanned(draft), self._signature(draft), _pdf_cache(draft)
        mode = self._signature_mode(draft)
        outbox = self._outbox
        data_dir = self._data_dir
        kind = draft.kind

        def store():
            files = self._files(scanned, signature, cache)
            submission = self._attach(bare, files, scanned, mode)
            stored = []
            for n, (content, media_type, name, purpose) in enumerate(files):
                # The key names the attachment's place and content: a document changed after a failed
                # confirm (a page added, signed again) is a new item, an unchanged one is found again.
                file_key = f"{key}-page-{n}-{hashlib.sha256(content).hexdigest()[:16]}"
                stored.append(attachments.store_attachment(
                    outbox, data_dir, content, media_type, name, file_key,
                    depends_on=stored[-1].id if stored else None, purpose=purpose))
            item = attachments.enqueue_filing(outbox, submission, key, stored)
            return item.payload, FilingOutcome(filing_id, confirmed_at, submission.fee_estimate, kind), len(files)

        def stored(result) -> None:
            payload, outcome, count = result
            log.info("filing %s stored in the outbox (%d attachment(s))", outcome.filing_id, count)
            self._wake_sync()
            self.submitted.emit(outcome)
            self._receipts.print_filing(payload, self.receipt_printed, self.receipt_failed)

        def failed(exc: BaseException) -> None:
            if isinstance(exc, InvalidPages | ValidationError):
                log.error("filing %s not stored: %s", filing_id, type(exc).__name__)
                self.submit_failed.emit("invalid")
                return
            log.error("storing a filing failed: %s", type(exc).__name__)
            self.submit_failed.emit("storage")

        # Not session-bound: once confirmed, a reset must not lose the filing.
        self._outbox_worker.submit(store, stored, failed, session_bound=False)


def create(deps) -> FilingService:
    config = deps.config
    return FilingService(
        deps.outbox, deps.wake_sync, deps.court, deps.workers["outbox"], deps.services["receipts"], deps.policy,
        court_code=config.get("court.court_code"), case_type=config.get("court.default_case_type"),
        schedule=fees.FeeSchedule.from_mapping(config.section("fees")), data_dir=config.get("kiosk.data_dir"),
        network_worker=deps.workers["network"])


SERVICE = ServiceSpec(
    "filing",
    create,
    title=QT_TRANSLATE_NOOP("services", "File a case"),
    pictogram="file",
    voice=QT_TRANSLATE_NOOP("voice", "file a case|new case|sue"),
    menu=10,
    needs_identity=True,
    accepts_photo_identity=True,  # marked id_card_photo for the court; nothing of anyone's cases is shown
    devices=("id_reader",),
    workers=("outbox", "network"),
    config=("court.court_code", "court.default_case_type", "fees", "kiosk.data_dir"),
    requires=("receipts",),
    outbox=True,
    court=True,
)
