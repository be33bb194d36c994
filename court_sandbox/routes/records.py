"""Court records (contract 1.2): case detail and file index, reading applications and records, served
documents, document PDFs, print records and their verification, materials; and their admin side
(reading decisions, case events, materials list, a case's codes) in `admin_router`.

Who asks (`CaseAccess`) always travels in a POST/PUT body, never in a URL. Status codes: 404 unknown
case or not a party (existence is not told), 403 wrong query code / no reading grant / print limit,
429 with Retry-After after too many wrong query codes. Writes are idempotent PUTs (`idempotent_put`).

Document fetch faults (``FaultSpec.document_fault``, set with ``POST /admin/v1/faults``):
``truncate`` sends the whole Content-Length, half the bytes, then closes the connection;
``corrupt`` sends a PDF cut short (no ``%%EOF``); ``oversized`` sends a valid PDF of
``oversized_pages`` pages (default 600).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator

from fastapi import APIRouter, HTTPException, Path, Request
from fastapi.responses import StreamingResponse
from starlette.responses import Response

from court_sandbox.context import Sandbox
from court_sandbox.middleware import TRANSPORT_KEY
from court_sandbox.pdfdocs import corrupt
from court_sandbox.routes.common import FilingId, errors, idempotency_key_header, idempotent_put
from court_sandbox.store import Refused
from offline_queue import contract as c

log = logging.getLogger("court_sandbox")

router = APIRouter(tags=["records"])
admin_router = APIRouter(tags=["admin"])

CODE = Path(min_length=1, max_length=64, description="A verification code")

_PUT_ERRORS = errors(400, 401, 403, 404, 409, 422, 429, 503)
_READ_ERRORS = errors(401, 403, 404, 422, 429)


def _refused(exc: Refused) -> HTTPException:
    return HTTPException(exc.status, exc.detail, headers=getattr(exc, "headers", None))


def _replay_doc(model: type) -> dict[int | str, dict[str, object]]:
    return {200: {"model": model, "description": "A repeat of an earlier request: the first answer again"}}


@router.post(c.CASE_DETAIL_PATH, response_model=c.CaseDetail, operation_id="getCaseDetail",
             responses=_READ_ERRORS)
def case_detail(access: c.CaseAccess, sandbox: Sandbox) -> c.CaseDetail:
    """A case as a party (ID number) or a query code's holder sees it: parties, judge and clerk,
    timeline, hearings, deadlines."""
    try:
        return sandbox.records.case_detail(access)
    except Refused as exc:
        raise _refused(exc) from exc


@router.post(c.CASE_FILE_PATH, response_model=c.CaseFileIndex, operation_id="getCaseFile",
             responses=_READ_ERRORS)
def case_file(access: c.CaseAccess, sandbox: Sandbox) -> c.CaseFileIndex:
    """The case file's index (卷宗目录) and the newest reading application (its documents open only
    within a granted window)."""
    try:
        return sandbox.records.case_file(access)
    except Refused as exc:
        raise _refused(exc) from exc


@router.put(c.READING_APPLICATION_PATH, response_model=c.ReadingGrant, status_code=201,
            operation_id="applyReading", responses={**_replay_doc(c.ReadingGrant), **_PUT_ERRORS})
def apply_reading(
    application_id: FilingId, application: c.ReadingApplication, request: Request,
    idempotency_key: idempotency_key_header("reading application"), sandbox: Sandbox,
) -> Response:
    """Apply to read a case file (pending until the court decides)."""
    return idempotent_put(
        sandbox, request, idempotency_key, c.READING_APPLICATION_PATH.format(application_id=application_id),
        ("application_id", application_id, application.application_id), application.model_dump(mode="json"),
        f"reading application {application_id}",
        lambda fp: sandbox.records.create_reading(idempotency_key, fp, application,
                                                  request.headers.get(c.KIOSK_ID_HEADER)),
    )


@router.get(c.READING_APPLICATION_PATH, response_model=c.ReadingGrant, operation_id="getReadingApplication",
            responses=errors(401, 404))
def reading_status(application_id: FilingId, sandbox: Sandbox) -> c.ReadingGrant:
    """Where a reading application stands: pending, granted (with its window) or refused (with reasons)."""
    grant = sandbox.records.reading(application_id)
    if grant is None:
        raise HTTPException(404, "no such reading application")
    return grant


@router.put(c.READING_RECORD_PATH, response_model=c.RecordReceipt, status_code=201,
            operation_id="submitReadingRecord", responses={**_replay_doc(c.RecordReceipt), **_PUT_ERRORS})
def reading_record(
    record_id: FilingId, record: c.ReadingRecord, request: Request,
    idempotency_key: idempotency_key_header("reading record"), sandbox: Sandbox,
) -> Response:
    """Who read which document of a case file, when (404 unknown application, 422 a document of another case)."""
    return idempotent_put(
        sandbox, request, idempotency_key, c.READING_RECORD_PATH.format(record_id=record_id),
        ("record_id", record_id, record.record_id), record.model_dump(mode="json"), f"reading record {record_id}",
        lambda fp: sandbox.records.create_reading_record(idempotency_key, fp, record,
                                                         request.headers.get(c.KIOSK_ID_HEADER)),
    )


@router.post(c.SERVED_DOCUMENTS_PATH, response_model=c.ServedDocumentList, operation_id="listServedDocuments",
             responses=errors(401, 422))
def served_documents(search: c.CaseSearch, sandbox: Sandbox) -> c.ServedDocumentList:
    """The documents served on this person in all their cases, newest first."""
    return sandbox.records.served_documents(search.id_number)


async def _broken_off(data: bytes, request: Request) -> AsyncIterator[bytes]:
    """Half the bytes, then the connection closed (after they are written): a download cut off."""
    yield data[: len(data) // 2]
    await asyncio.sleep(0.2)
    transport = request.scope.get(TRANSPORT_KEY)
    if transport is not None:
        transport.close()
        await asyncio.sleep(0.05)  # let the server notice, so it sends nothing more


@router.post(
    c.DOCUMENT_FETCH_PATH, operation_id="fetchDocument", response_class=Response,
    responses={200: {"content": {c.PDF_MEDIA_TYPE: {"schema": {"type": "string", "format": "binary"}}},
                     "description": "The document's PDF (with Content-Length)"}, **_READ_ERRORS},
)
def fetch_document(document: c.DocumentRequest, request: Request, sandbox: Sandbox) -> Response:
    """A document's PDF: one served on the party, or one of a case file within a reading grant."""
    try:
        context, _ = sandbox.records.document(document.document_id, document.access)
    except Refused as exc:
        raise _refused(exc) from exc
    spec = sandbox.faults.current()
    if spec.document_fault == "oversized":
        data = sandbox.documents.oversized(spec.oversized_pages)
    else:
        data = sandbox.documents.get(context)
    headers = {"Cache-Control": "no-store", "Content-Disposition": f'inline; filename="{document.document_id}.pdf"'}
    if spec.document_fault == "truncate":
        log.warning("document %s: injected fault, the download breaks off half way", document.document_id)
        return StreamingResponse(_broken_off(data, request), media_type=c.PDF_MEDIA_TYPE,
                                 headers=headers | {"Content-Length": str(len(data))})
    if spec.document_fault == "corrupt":
        data = corrupt(data)
    return Response(data, media_type=c.PDF_MEDIA_TYPE, headers=headers)


@router.put(c.PRINT_RECORD_PATH, response_model=c.PrintTicket, status_code=201, operation_id="createPrintRecord",
            responses={**_replay_doc(c.PrintTicket), **_PUT_ERRORS})
def print_record(
    record_id: FilingId, record: c.PrintRecord, request: Request,
    idempotency_key: idempotency_key_header("print record"), sandbox: Sandbox,
) -> Response:
    """Before printing: the court records the print and gives the verification code for its pages.
    403 past the daily page limit (or the per-document limit), 422 more pages than the document has."""
    def verify_url(code: str) -> str:
        return sandbox.base_url(request) + c.VERIFY_PATH.format(code=code)

    return idempotent_put(
        sandbox, request, idempotency_key, c.PRINT_RECORD_PATH.format(record_id=record_id),
        ("record_id", record_id, record.record_id), record.model_dump(mode="json"), f"print record {record_id}",
        lambda fp: sandbox.records.create_print(idempotency_key, fp, record,
                                                request.headers.get(c.KIOSK_ID_HEADER), verify_url),
    )


@router.put(c.PRINT_OUTCOME_PATH, response_model=c.RecordReceipt, status_code=201,
            operation_id="reportPrintOutcome", responses={**_replay_doc(c.RecordReceipt), **_PUT_ERRORS})
def print_outcome(
    record_id: FilingId, outcome: c.PrintOutcome, request: Request,
    idempotency_key: idempotency_key_header("print outcome"), sandbox: Sandbox,
) -> Response:
    """How the print went: printed, failed or canceled, with the pages printed (404 unknown record)."""
    return idempotent_put(
        sandbox, request, idempotency_key, c.PRINT_OUTCOME_PATH.format(record_id=record_id),
        ("record_id", record_id, outcome.record_id), outcome.model_dump(mode="json"), f"print outcome {record_id}",
        lambda fp: sandbox.records.print_outcome(idempotency_key, fp, outcome),
    )


@router.get(c.VERIFY_PATH, response_model=c.PrintVerification, operation_id="verifyPrint")
def verify_print(sandbox: Sandbox, code: str = CODE) -> c.PrintVerification:
    """Public check of a printed page's code (no personal data; no token needed): valid or not, and
    what was printed where."""
    return sandbox.records.verify(code)


@router.put(c.MATERIAL_PATH, response_model=c.MaterialReceipt, status_code=201, operation_id="submitMaterial",
            responses={**_replay_doc(c.MaterialReceipt), **_PUT_ERRORS})
def submit_material(
    material_id: FilingId, material: c.MaterialSubmission, request: Request,
    idempotency_key: idempotency_key_header("material"), sandbox: Sandbox,
) -> Response:
    """Materials for an existing case (材料收转). 404 unknown case; 422 an attachment that is not a
    completed upload with this sha256 and length."""
    return idempotent_put(
        sandbox, request, idempotency_key, c.MATERIAL_PATH.format(material_id=material_id),
        ("material_id", material_id, material.material_id), material.model_dump(mode="json"),
        f"material {material_id}",
        lambda fp: sandbox.records.create_material(idempotency_key, fp, material,
                                                   request.headers.get(c.KIOSK_ID_HEADER)),
    )


# ------------------------------------------------------------------------- admin


@admin_router.post(c.ADMIN_READING_DECISION_PATH, response_model=c.ReadingGrant, operation_id="decideReading",
                   responses=errors(404, 409, 422))
def decide_reading(application_id: FilingId, decision: c.ReadingDecision, sandbox: Sandbox) -> c.ReadingGrant:
    """Grant a reading application for `hours` from now, or refuse it (with reasons)."""
    try:
        grant = sandbox.records.decide_reading(application_id, decision)
    except Refused as exc:
        raise _refused(exc) from exc
    log.info("reading application %s decided: %s", application_id, decision.decision)
    return grant


@admin_router.post(c.ADMIN_CASE_EVENTS_PATH, response_model=c.CaseDetail, operation_id="addCaseEvent",
                   responses=errors(404, 409, 422))
def add_case_event(event: c.CaseEvent, sandbox: Sandbox) -> c.CaseDetail:
    """A step in a docketed case: a timeline event, a hearing, a deadline or a served document."""
    try:
        detail = sandbox.records.add_event(event)
    except Refused as exc:
        raise _refused(exc) from exc
    log.info("case event for filing %s: %s", event.filing_id, event.kind)
    return detail


@admin_router.get(c.ADMIN_MATERIALS_PATH, response_model=c.MaterialList, operation_id="listMaterials")
def list_materials(sandbox: Sandbox) -> c.MaterialList:
    """Every material, oldest first: ids, kind and digests only."""
    return sandbox.records.list_materials()


@admin_router.get(c.ADMIN_CASE_CODES_PATH, response_model=c.CaseCodes, operation_id="getCaseCodes",
                  responses=errors(404))
def case_codes(filing_id: FilingId, sandbox: Sandbox) -> c.CaseCodes:
    """A case's query code and lookup code and its documents' ids (for tests and staff)."""
    try:
        return sandbox.records.case_codes(filing_id)
    except Refused as exc:
        raise _refused(exc) from exc
