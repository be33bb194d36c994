"""材料收转: a litigant hands in materials for one of their cases (evidence, a defence, an agent's
opinion, identity papers, other). The pages are photographed with the document camera, each page
found, flattened and straightened (`drivers.camera.pages.scan_page`), and the pages of one material
become ONE PDF (`drivers.camera.pages.encoded_pages_to_pdf`, the same writer the filing uses for
its scanned documents). On confirm the PDF is stored as an attachment and a ``material`` item is
chained after it in the outbox; the sync worker delivers both, exactly once. A receipt gives the
material's name, page count and the PDF's SHA-256.

The material's id and time of confirmation are made at the first confirm and kept by the draft
(`MaterialDraft.confirm_ids`); the attachment's key names the material and the PDF's digest, and the
PDF is the same bytes for the same pages: confirming again after a storage failure stores the same
items (the outbox returns those it has), so a material is never handed in twice. A material for a
filing still waiting in this kiosk's outbox is chained after that filing.

Photographing runs on the camera's worker, flattening on the render worker, the PDF and the outbox
on the outbox worker; the GUI thread only gets finished pages (with a small preview image) and
outcomes. Logs name ids, counts and codes, never a name, a number or what a material is called.
"""

from __future__ import annotations

import hashlib
import logging
import uuid
from dataclasses import dataclass, field
from datetime import datetime

from PySide6.QtCore import QObject, Signal

from kiosk.services.registry import QT_TRANSLATE_NOOP, ServiceSpec

log = logging.getLogger("kiosk.materials")

# contract.MATERIAL_KINDS with what they are called on paper (and, untranslated, by default)
KIND_NAMES = {"evidence": "证据", "defence": "答辩状", "agent_opinion": "代理词", "identity": "身份证明",
              "other": "其他"}
KINDS = tuple(KIND_NAMES)
# the attachment purpose (AttachmentRef.purpose) of each kind
PURPOSES = {"evidence": "evidence", "defence": "defence", "agent_opinion": "agent_opinion", "identity": "identity",
            "other": "other"}
MAX_PAGES = 60  # per material; more goes as another material
MAX_NAME = 200
PREVIEW_WIDTH = 480  # pixels of a page's preview image (the screen shows it up to 380 wide)
STATUS_TEXT = "已保存，正在发送至法院"
# store_failed codes
STORAGE = "storage"  # the outbox or the disk failed (full): nothing lost, try again
INVALID = "invalid"  # the contract refuses what was entered (nothing stored)
TOO_LARGE = "too_large"  # the PDF is larger than an upload may be
# scan_failed codes
NO_CAMERA = "no_camera"
CAMERA_ERROR = "camera_error"
ERROR = "error"


@dataclass(frozen=True)
class MaterialIds:
    """What a material is stored with: the same on every confirm of one draft."""

    material_id: str
    confirmed_at: datetime  # aware, the kiosk's local time


@dataclass
class Page:
    """A scanned page: the flattened page as JPEG, and a small preview to show it."""

    jpeg: bytes = field(repr=False)
    preview: bytes | None = field(repr=False)  # JPEG, PREVIEW_WIDTH wide
    found: bool = True  # the page's edges were found (else the whole photo was kept)


@dataclass
class MaterialDraft:
    """The material a litigant is handing in (one per visit; dropped at the session's reset)."""

    case: object = None  # kiosk.services.cases.CaseRow
    pages: list[Page] = field(default_factory=list, repr=False)
    kind: str = "evidence"
    name: str = field(default="", repr=False)  # "" -> the kind's name
    ids: MaterialIds | None = None
    outcome: MaterialOutcome | None = None  # stored

    def confirm_ids(self, clock) -> MaterialIds:
        """The ids of this material, made at its first confirm and the same on every later one."""
        if self.ids is None:
            self.ids = MaterialIds(str(uuid.uuid4()), clock())
        return self.ids

    def display_name(self) -> str:
        return self.name.strip() or KIND_NAMES[self.kind]


@dataclass(frozen=True)
class MaterialOutcome:
    """A material durable in the outbox: what its receipt and the done screen say."""

    material_id: str
    court_name: str
    case_number: str | None
    filing_id: str
    kind: str
    name: str = field(repr=False)
    pages: int
    sha256: str
    length: int
    confirmed_at: datetime

    @property
    def case_label(self) -> str:
        """The court's case number, or the filing's number until it is docketed."""
        return self.case_number or self.filing_id[:8].upper()


def digest_lines(sha256: str) -> list[str]:
    """A SHA-256 in four lines of 16 hex digits, each in groups of four, for reading aloud and checking."""
    return [" ".join(sha256[i + j:i + j + 4] for j in range(0, 16, 4)) for i in range(0, 64, 16)]


def material_receipt(outcome: MaterialOutcome, reprint: bool = False):
    """The receipt of a stored material (Chinese, for the receipt printer)."""
    from drivers.printer.base import Receipt, ReceiptLine

    case = (f"案号：{outcome.case_number}" if outcome.case_number
            else f"立案申请编号：{outcome.filing_id[:8].upper()}")
    lines = [
        ReceiptLine(outcome.court_name, align="center", bold=True, double=True),
        ReceiptLine("材料收转回执" + ("（补打）" if reprint else ""), align="center", bold=True),
        ReceiptLine("--------------------------------"),
        ReceiptLine(case, bold=True),
        ReceiptLine(f"材料编号：{outcome.material_id[:8].upper()}"),
        ReceiptLine(f"材料类型：{KIND_NAMES[outcome.kind]}"),
        ReceiptLine(f"材料名称：{outcome.name}"),
        ReceiptLine(f"页数：{outcome.pages} 页"),
        ReceiptLine(f"提交时间：{outcome.confirmed_at:%Y-%m-%d %H:%M}"),
        ReceiptLine("文件摘要（SHA-256）："),
        *(ReceiptLine(line) for line in digest_lines(outcome.sha256)),
        ReceiptLine(f"当前状态：{STATUS_TEXT}", bold=True),
        ReceiptLine("--------------------------------"),
        ReceiptLine("法院收到后转交承办法官。摘要可", align="left"),
        ReceiptLine("核对法院收到的文件与本次提交一致。", align="left"),
    ]
    return Receipt(lines=lines, cut=True)


def _preview(jpeg: bytes) -> bytes:
    """On a worker: a small JPEG of a page, PREVIEW_WIDTH wide (the screen shows it as it is)."""
    import cv2

    from drivers.camera.pages import decode_image

    image = decode_image(jpeg)
    height = max(1, round(image.shape[0] * PREVIEW_WIDTH / image.shape[1]))
    small = cv2.resize(image, (PREVIEW_WIDTH, height), interpolation=cv2.INTER_AREA)
    ok, data = cv2.imencode(".jpg", small, [cv2.IMWRITE_JPEG_QUALITY, 80])
    if not ok:
        raise ValueError("the preview could not be encoded")
    return data.tobytes()


class MaterialsService(QObject):
    """Choose a case (through my cases), scan pages, store the material, print its receipt."""

    loaded = Signal(object, bool)  # list[CaseRow] a material can go to, the court reachable
    page_scanned = Signal(object)  # Page
    scan_failed = Signal(str)  # no_camera | camera_error | error
    stored = Signal(object)  # MaterialOutcome: durable in the outbox
    store_failed = Signal(str)  # storage | invalid | too_large
    printed = Signal(str)  # material id
    print_failed = Signal(str, str)  # material id, code: paper_out | offline | error

    def __init__(self, cases, receipts, camera, camera_worker, render_worker, outbox, outbox_worker, wake_sync, *,
                 court_code: str, data_dir: str, page_dpi: int = 200,
                 clock=lambda: datetime.now().astimezone()) -> None:
        super().__init__()
        self._cases = cases
        self._receipts = receipts
        self._camera = camera  # the document camera, or None
        self._camera_worker = camera_worker
        self._render_worker = render_worker
        self._outbox = outbox
        self._outbox_worker = outbox_worker
        self._wake_sync = wake_sync
        self._court_code = court_code
        self._data_dir = data_dir
        self._dpi = page_dpi
        self._clock = clock
        self._asked = False  # my cases answers every screen that asks: only answers to our asking count
        self._token = 0  # a scan older than the last cancel is dropped
        self._storing: set[str] = set()  # material ids on their way into the outbox
        cases.loaded.connect(self._loaded)

    # -- the cases --------------------------------------------------------------------------
    def load(self, identity) -> None:
        self._asked = True
        self._cases.load(identity)

    def _loaded(self, rows, reachable: bool) -> None:
        if self._asked:
            self._asked = False
            # a filing the court refused to receive (or staff voided) takes no materials
            self.loaded.emit([r for r in rows if not r.needs_staff], reachable)

    # -- pages ------------------------------------------------------------------------------
    def has_camera(self) -> bool:
        return self._camera is not None

    def scan(self) -> None:
        """Photograph the page under the camera; `page_scanned(Page)` or `scan_failed(code)` answers."""
        camera = self._camera
        if camera is None:
            self.scan_failed.emit(NO_CAMERA)
            return
        self._token += 1
        token, dpi = self._token, self._dpi

        def flatten(photo: bytes) -> Page:
            from drivers.camera.pages import scan_page

            page = scan_page(photo, dpi=dpi)
            return Page(page.jpeg, _preview(page.jpeg), page.found)

        def captured(frame) -> None:
            if token == self._token:
                self._render_worker.submit(lambda: flatten(frame.png), lambda page: self._scanned(token, page),
                                           lambda exc: self._scan_error(token, exc, ERROR))

        self._camera_worker.submit(camera.capture, captured, lambda exc: self._scan_error(token, exc, CAMERA_ERROR))

    def _scanned(self, token: int, page: Page) -> None:
        if token == self._token:
            log.info("material page scanned (page found: %s)", page.found)
            self.page_scanned.emit(page)

    def _scan_error(self, token: int, exc: BaseException, code: str) -> None:
        if token == self._token:
            log.warning("material page not scanned (%s): %s", code, type(exc).__name__)
            self.scan_failed.emit(code)

    def cancel(self) -> None:
        """A session reset: a scan or a case list on its way is for nobody."""
        self._token += 1
        self._asked = False

    # -- storing ----------------------------------------------------------------------------
    def submit(self, identity, draft: MaterialDraft) -> None:
        """Confirmed by the litigant: write the material's PDF, store it and the material durably, then
        print the receipt. The draft's ids are made now if this is its first confirm, else reused:
        confirming again stores nothing twice. `stored` or `store_failed` answers."""
        from pydantic import ValidationError

        from offline_queue import attachments
        from offline_queue.contract import MAX_UPLOAD_LENGTH, MaterialSubmission, Party

        row = draft.case
        if row is None or not draft.pages or draft.kind not in KINDS:
            raise ValueError("a material needs a case, pages and a kind")
        ids = draft.confirm_ids(self._clock)
        if ids.material_id in self._storing:
            return  # the same confirm is on its way already
        name = draft.display_name()[:MAX_NAME]
        kind = draft.kind
        case_ref = row.case_number or row.filing_id
        try:
            submitter = Party(kind="person", name=identity.name, id_number=identity.id_number,
                              address=identity.address or None)
            MaterialSubmission.model_validate({  # the answers, checked before anything is written
                "material_id": ids.material_id, "court_code": self._court_code, "case_ref": case_ref,
                "kind": kind, "name": name, "submitter": submitter, "pages": len(draft.pages),
                "confirmed_at": ids.confirmed_at,
                "attachments": [{"sha256": "0" * 64, "media_type": "application/pdf", "length": 1,
                                 "name": "material.pdf", "purpose": PURPOSES[kind]}]})
        except ValidationError as exc:
            log.error("material %s not stored: %d field(s) refused by the contract", ids.material_id,
                      exc.error_count())
            self.store_failed.emit(INVALID)
            return
        pages = tuple(p.jpeg for p in draft.pages)
        after = row.filing_id if row.local_only else None  # a filing still waiting here goes first
        outbox, data_dir = self._outbox, self._data_dir
        outcome_base = dict(material_id=ids.material_id, court_name=row.court_name, case_number=row.case_number,
                            filing_id=row.filing_id, kind=kind, name=name, confirmed_at=ids.confirmed_at)

        def store() -> MaterialOutcome:
            from drivers.camera.pages import encoded_pages_to_pdf

            pdf, count = encoded_pages_to_pdf(pages)
            if len(pdf) > MAX_UPLOAD_LENGTH:
                raise _TooLarge(len(pdf))
            sha256 = hashlib.sha256(pdf).hexdigest()
            item = attachments.store_attachment(
                outbox, data_dir, pdf, "application/pdf", f"{name[:MAX_NAME - 4]}.pdf",
                f"material-{ids.material_id}-pdf-{sha256[:16]}", depends_on=after, purpose=PURPOSES[kind])
            submission = MaterialSubmission(
                material_id=ids.material_id, court_code=self._court_code, case_ref=case_ref, kind=kind,
                name=name, submitter=submitter, attachments=[attachments.attachment_ref(item)], pages=count,
                confirmed_at=ids.confirmed_at)
            attachments.enqueue_material(outbox, submission, [item])
            return MaterialOutcome(pages=count, sha256=sha256, length=len(pdf), **outcome_base)

        def stored(outcome: MaterialOutcome) -> None:
            self._storing.discard(outcome.material_id)
            log.info("material %s stored in the outbox (%d page(s), %d bytes, sha256 %s)", outcome.material_id,
                     outcome.pages, outcome.length, outcome.sha256)
            draft.outcome = outcome
            self._wake_sync()
            self.stored.emit(outcome)
            self.print_receipt(outcome)

        def failed(exc: BaseException) -> None:
            self._storing.discard(ids.material_id)
            code = TOO_LARGE if isinstance(exc, _TooLarge) else STORAGE
            log.error("storing material %s failed (%s): %s", ids.material_id, code, type(exc).__name__)
            self.store_failed.emit(code)

        self._storing.add(ids.material_id)
        # Not session-bound: once confirmed, a reset must not lose the material.
        self._outbox_worker.submit(store, stored, failed, session_bound=False)

    def print_receipt(self, outcome: MaterialOutcome, reprint: bool = False) -> None:
        material_id = outcome.material_id

        def done() -> None:
            log.info("receipt for material %s printed", material_id)
            self.printed.emit(material_id)

        def failed(code: str) -> None:
            log.warning("receipt for material %s not printed: %s", material_id, code)
            self.print_failed.emit(material_id, code)

        self._receipts.print_receipt(material_receipt(outcome, reprint), done, failed)


class _TooLarge(Exception):
    """The material's PDF is larger than an upload may be."""


def create(deps) -> MaterialsService:
    config = deps.config
    return MaterialsService(
        deps.services["my_cases"], deps.services["receipts"], deps.devices["camera"], deps.workers["camera"],
        deps.workers["documents"], deps.outbox, deps.workers["outbox"], deps.wake_sync,
        court_code=config.get("court.court_code"), data_dir=config.get("kiosk.data_dir"),
        page_dpi=config.get("ocr.page_dpi"))


SERVICE = ServiceSpec(
    "materials",
    create,
    title=QT_TRANSLATE_NOOP("services", "Hand in materials"),
    pictogram="materials",
    voice=QT_TRANSLATE_NOOP("voice", "hand in materials|submit materials|evidence"),
    menu=45,
    needs_identity=True,
    devices=("id_reader", "camera"),
    workers=("outbox", "documents"),
    config=("court.court_code", "kiosk.data_dir", "ocr.page_dpi"),
    requires=("my_cases", "receipts"),
    outbox=True,
    on_session_reset="cancel",
)
