"""Resumable uploads: announce (``POST``), ask the offset (``HEAD``/``GET``), append chunks (``PATCH``).

A PATCH body over the context's `max_chunk_bytes` and an upload over its `max_upload_bytes` get 413.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import logging
from typing import Annotated

from fastapi import APIRouter, Header, HTTPException, Request
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool
from starlette.requests import ClientDisconnect
from starlette.responses import Response

from court_sandbox.context import Sandbox, SandboxContext
from court_sandbox.routes.common import UploadId, errors, idempotency_key_header
from court_sandbox.store import OffsetMismatch, Refused
from offline_queue import contract as c

log = logging.getLogger("court_sandbox")

router = APIRouter(tags=["uploads"])


def _upload_headers(status: c.UploadStatus) -> dict[str, str]:
    return {
        c.UPLOAD_OFFSET_HEADER: str(status.offset),
        c.UPLOAD_LENGTH_HEADER: str(status.length),
        "Cache-Control": "no-store",
    }


def _parse_checksum(value: str) -> bytes:
    """The digest of an ``Upload-Checksum: sha256 <base64>`` header; ValueError when malformed."""
    algorithm, _, encoded = value.strip().partition(" ")
    if algorithm.lower() != "sha256":
        raise ValueError("only sha256 checksums are supported")
    try:
        digest = base64.b64decode(encoded.strip(), validate=True)
    except (binascii.Error, ValueError) as exc:
        raise ValueError("the checksum is not base64") from exc
    if len(digest) != 32:
        raise ValueError("a sha256 checksum is 32 bytes")
    return digest


def _status_or_404(sandbox: SandboxContext, upload_id: str) -> c.UploadStatus:
    status = sandbox.store.upload_status(upload_id)
    if status is None:
        raise HTTPException(404, "no such upload")
    return status.model_copy(update={"max_chunk_bytes": sandbox.max_chunk_bytes})


@router.post(
    c.UPLOADS_PATH,
    response_model=c.UploadStatus,
    status_code=201,
    operation_id="createUpload",
    responses={
        200: {"model": c.UploadStatus, "description": "The same upload again: where it stands now"},
        **errors(400, 401, 413, 422),
    },
)
def create_upload(
    spec: c.UploadCreate,
    request: Request,
    idempotency_key: idempotency_key_header("upload"),
    sandbox: Sandbox,
) -> Response:
    """Announce a resumable upload (client-chosen id, total length, SHA-256, media type).

    201 the first time; 200 with the current offset when the same key and upload come again;
    422 when the key or the id was used for a different upload; 413 when it is too large.
    Then send the bytes with PATCH (ask HEAD/GET for the offset after any interruption).
    """
    if spec.length > sandbox.max_upload_bytes:
        raise HTTPException(413, f"an upload may be at most {sandbox.max_upload_bytes} bytes")
    try:
        status_code, status = sandbox.store.create_upload(
            idempotency_key, spec, request.headers.get(c.KIOSK_ID_HEADER)
        )
    except Refused as exc:
        raise HTTPException(exc.status, exc.detail) from exc
    status = status.model_copy(update={"max_chunk_bytes": sandbox.max_chunk_bytes})
    if status_code == 201:
        log.info("upload %s created (%d bytes)", spec.upload_id, spec.length)
    headers = _upload_headers(status) | {"Location": c.UPLOAD_PATH.format(upload_id=spec.upload_id)}
    if status_code == 200:
        headers[c.IDEMPOTENT_REPLAYED_HEADER] = "true"
    return JSONResponse(status.model_dump(mode="json"), status_code=status_code, headers=headers)


@router.head(c.UPLOAD_PATH, operation_id="uploadOffset", responses=errors(401, 404))
def upload_offset(upload_id: UploadId, request: Request, sandbox: Sandbox) -> Response:
    """The upload's offset in ``Upload-Offset`` (and ``Upload-Length``), without a body."""
    return Response(status_code=200, headers=_upload_headers(_status_or_404(sandbox, upload_id)))


@router.get(
    c.UPLOAD_PATH,
    response_model=c.UploadStatus,
    operation_id="getUpload",
    responses=errors(401, 404),
)
def get_upload(upload_id: UploadId, request: Request, sandbox: Sandbox) -> Response:
    """Where the upload stands: offset, length, digest, complete."""
    status = _status_or_404(sandbox, upload_id)
    return JSONResponse(status.model_dump(mode="json"), headers=_upload_headers(status))


@router.patch(
    c.UPLOAD_PATH,
    response_model=c.UploadStatus,
    operation_id="appendUpload",
    responses={
        **errors(400, 401, 404, 409, 413, 415, 422),
        c.CHECKSUM_MISMATCH_STATUS: {"model": c.ErrorBody, "description": "Upload-Checksum does not match"},
    },
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {c.UPLOAD_CONTENT_TYPE: {"schema": {"type": "string", "format": "binary"}}},
        }
    },
)
async def append_upload(
    upload_id: UploadId,
    request: Request,
    sandbox: Sandbox,
    upload_offset: Annotated[
        int, Header(alias=c.UPLOAD_OFFSET_HEADER, ge=0, description="Where this chunk starts")
    ],
    upload_checksum: Annotated[
        str | None,
        Header(alias=c.UPLOAD_CHECKSUM_HEADER, description="Optional: sha256 <base64 digest of this chunk>"),
    ] = None,
) -> Response:
    """Append a chunk at ``Upload-Offset`` (it must be the current offset: 409 with the current one).

    The body over the server's chunk limit: 413 (send smaller chunks). When the last byte
    arrives the whole content's SHA-256 is checked: 422 and the upload discarded if it differs.
    """
    max_chunk_bytes = sandbox.max_chunk_bytes
    # Read the body first (also for a refusal) so the client always gets the answer.
    parts: list[bytes] = []
    size = 0
    try:
        async for part in request.stream():
            size += len(part)
            if size <= max_chunk_bytes:
                parts.append(part)
    except ClientDisconnect:
        log.info("upload %s: the client went away mid-chunk at offset %d; nothing written", upload_id,
                 upload_offset)
        return Response(status_code=400)
    sandbox.check_auth(request)
    content_type = (request.headers.get("content-type") or "").split(";")[0].strip().lower()
    if content_type != c.UPLOAD_CONTENT_TYPE:
        raise HTTPException(415, f"the body must be {c.UPLOAD_CONTENT_TYPE}")
    if size > max_chunk_bytes:
        raise HTTPException(413, f"a chunk may be at most {max_chunk_bytes} bytes")
    data = b"".join(parts)
    if upload_checksum is not None:
        try:
            expected = _parse_checksum(upload_checksum)
        except ValueError as exc:
            raise HTTPException(400, f"{c.UPLOAD_CHECKSUM_HEADER}: {exc}") from exc
        if hashlib.sha256(data).digest() != expected:
            return JSONResponse(
                {"detail": "the chunk does not match its Upload-Checksum"}, status_code=c.CHECKSUM_MISMATCH_STATUS
            )
    try:
        status = await run_in_threadpool(sandbox.store.write_chunk, upload_id, upload_offset, data)
    except OffsetMismatch as exc:
        raise HTTPException(
            409, exc.detail, headers={c.UPLOAD_OFFSET_HEADER: str(exc.offset), "Cache-Control": "no-store"}
        ) from exc
    except Refused as exc:
        if exc.status == 422:
            log.warning("upload %s: digest mismatch at completion; discarded", upload_id)
        raise HTTPException(exc.status, exc.detail) from exc
    if status.complete:
        log.info("upload %s complete (%d bytes)", upload_id, status.length)
    status = status.model_copy(update={"max_chunk_bytes": max_chunk_bytes})
    return JSONResponse(status.model_dump(mode="json"), headers=_upload_headers(status))
