"""HTTP client for the court backend contract (`offline_queue.contract`).

Every call is blocking; run it off the GUI thread. Errors are sorted into the
two classes the sync worker needs:

- `RetryableError`: try the same request (same Idempotency-Key) again later:
  connection errors, timeouts, 401/408/409/425/429, 5xx, an answer that is not
  JSON or does not match the contract.
- `PermanentError`: a person has to look (dead letter): 400/403/404/410/415/422
  and any other 4xx.

Log lines carry method, path, status, timing and the request/correlation ids,
never a request or response body (they hold names and ID numbers).
"""

from __future__ import annotations

import contextlib
import logging
import time
import uuid
from collections.abc import Iterator
from datetime import UTC
from email.utils import parsedate_to_datetime
from typing import Any, TypeVar

import requests
from pydantic import BaseModel, ValidationError

from offline_queue import contract as c

log = logging.getLogger("offline_queue.client")

M = TypeVar("M", bound=BaseModel)

#: The longest Retry-After we accept (a buggy answer must not freeze the queue for days).
MAX_RETRY_AFTER = 24 * 3600.0
_DETAIL_LIMIT = 500


class CourtError(Exception):
    """Base of the court client's errors."""

    def __init__(self, detail: str = "", *, status: int | None = None) -> None:
        super().__init__(detail)
        self.detail = detail
        self.status = status


class RetryableError(CourtError):
    """The request may succeed later; `retry_after` is the backend's wish in seconds, if it said."""

    def __init__(
        self, retry_after: float | None = None, detail: str = "", *, status: int | None = None
    ) -> None:
        super().__init__(detail, status=status)
        self.retry_after = retry_after

    def __str__(self) -> str:
        text = f"HTTP {self.status}: {self.detail}" if self.status else self.detail
        if self.retry_after is not None:
            text += f" (retry after {self.retry_after:g} s)"
        return text


class PermanentError(CourtError):
    """The backend refused the request for good; a person has to look. `status` is None for a local refusal."""

    def __init__(self, status: int | None, detail: str = "") -> None:
        super().__init__(detail, status=status)

    def __str__(self) -> str:
        return f"HTTP {self.status}: {self.detail}" if self.status else self.detail


def parse_retry_after(value: str | None, now: float | None = None) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or an HTTP date); None if absent/invalid."""
    if value is None:
        return None
    value = value.strip()
    if not value:
        return None
    if value.isdigit():
        return min(float(value), MAX_RETRY_AFTER)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    now = time.time() if now is None else now
    return min(max(0.0, when.timestamp() - now), MAX_RETRY_AFTER)


def _error_detail(response: requests.Response) -> str:
    """The backend's explanation of an error, without input values (no personal data)."""
    try:
        body = response.json()
    except ValueError:
        return (response.reason or "error")[:_DETAIL_LIMIT]
    detail = body.get("detail") if isinstance(body, dict) else None
    if isinstance(detail, str):
        return detail[:_DETAIL_LIMIT]
    if isinstance(detail, list):
        parts = []
        for item in detail[:5]:
            if isinstance(item, dict):
                loc = ".".join(str(p) for p in item.get("loc", ()))
                parts.append(f"{loc}: {item.get('msg', '')}")
        return "; ".join(parts)[:_DETAIL_LIMIT]
    return (response.reason or "error")[:_DETAIL_LIMIT]


class CourtClient:
    """Blocking client for the court backend.

    `kiosk_id` goes into every request's X-Kiosk-Id. Each request gets a new
    X-Request-Id; X-Correlation-Id names the operation: pass `correlation_id=`
    to a call, set `client.correlation_id`, or use ``with client.correlation(cid):``;
    without any, each call is its own operation (a new uuid4).
    """

    def __init__(
        self,
        base_url: str,
        kiosk_id: str,
        timeout: float = 10.0,
        session: requests.Session | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.kiosk_id = kiosk_id
        self.timeout = timeout
        self._own_session = session is None
        self.session = session if session is not None else requests.Session()
        self.correlation_id: str | None = None

    # ------------------------------------------------------------- lifecycle
    def close(self) -> None:
        if self._own_session:
            self.session.close()

    def __enter__(self) -> CourtClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextlib.contextmanager
    def correlation(self, correlation_id: str) -> Iterator[str]:
        """Use one correlation id for every call inside the block."""
        previous, self.correlation_id = self.correlation_id, correlation_id
        try:
            yield correlation_id
        finally:
            self.correlation_id = previous

    # ------------------------------------------------------------- contract
    def health(self, *, correlation_id: str | None = None) -> c.Health:
        return self._call("GET", c.HEALTH_PATH, c.Health, correlation_id=correlation_id)

    def get_policy(self, *, correlation_id: str | None = None) -> c.Policy:
        return self._call("GET", c.POLICY_PATH, c.Policy, correlation_id=correlation_id)

    def calculate_fee(self, request: c.FeeRequest, *, correlation_id: str | None = None) -> c.FeeQuote:
        return self._call(
            "POST", c.FEES_CALCULATE_PATH, c.FeeQuote, body=request, correlation_id=correlation_id
        )

    def submit_filing(
        self,
        submission: c.FilingSubmission,
        idempotency_key: str,
        *,
        correlation_id: str | None = None,
    ) -> c.FilingReceipt:
        """PUT the filing. 201 (first) and 200 (a replay of the same key) both return the receipt."""
        if not idempotency_key:
            raise ValueError("submit_filing needs an idempotency key")
        return self._call(
            "PUT",
            c.FILING_PATH.format(filing_id=submission.filing_id),
            c.FilingReceipt,
            body=submission,
            headers={c.IDEMPOTENCY_KEY_HEADER: idempotency_key},
            correlation_id=correlation_id,
        )

    def filing_status(self, filing_id: str, *, correlation_id: str | None = None) -> c.FilingStatus:
        return self._call(
            "GET", c.FILING_PATH.format(filing_id=filing_id), c.FilingStatus, correlation_id=correlation_id
        )

    def search_cases(self, id_number: str, *, correlation_id: str | None = None) -> c.CaseList:
        """Cases whose plaintiff has this ID number. Raises pydantic.ValidationError for an invalid number."""
        return self._call(
            "POST",
            c.CASES_SEARCH_PATH,
            c.CaseList,
            body=c.CaseSearch(id_number=id_number),
            correlation_id=correlation_id,
        )

    # ---------------------------------------------------------------- admin
    def review(
        self, filing_id: str, decision: c.ReviewDecision, *, correlation_id: str | None = None
    ) -> c.FilingStatus:
        return self._call(
            "POST",
            c.REVIEW_PATH.format(filing_id=filing_id),
            c.FilingStatus,
            body=decision,
            correlation_id=correlation_id,
        )

    def list_filings(self, *, correlation_id: str | None = None) -> c.FilingList:
        return self._call("GET", c.ADMIN_FILINGS_PATH, c.FilingList, correlation_id=correlation_id)

    # ------------------------------------------------------------- plumbing
    def _call(
        self,
        method: str,
        path: str,
        model: type[M],
        *,
        body: BaseModel | None = None,
        headers: dict[str, str] | None = None,
        correlation_id: str | None = None,
    ) -> M:
        request_id = str(uuid.uuid4())
        correlation_id = correlation_id or self.correlation_id or str(uuid.uuid4())
        all_headers = {
            c.REQUEST_ID_HEADER: request_id,
            c.CORRELATION_ID_HEADER: correlation_id,
            c.KIOSK_ID_HEADER: self.kiosk_id,
            "Accept": "application/json",
        }
        if headers:
            all_headers.update(headers)
        kwargs: dict[str, Any] = {"headers": all_headers, "timeout": self.timeout}
        if body is not None:
            kwargs["data"] = body.model_dump_json().encode("utf-8")
            all_headers["Content-Type"] = "application/json"
        ids = f"request_id={request_id} correlation_id={correlation_id}"
        started = time.monotonic()
        try:
            response = self.session.request(method, self.base_url + path, **kwargs)
        except requests.Timeout as exc:
            log.info("%s %s timed out after %.1f s %s", method, path, self.timeout, ids)
            raise RetryableError(None, f"timeout: {type(exc).__name__}") from exc
        except requests.ConnectionError as exc:
            log.info("%s %s connection failed (%s) %s", method, path, type(exc).__name__, ids)
            raise RetryableError(None, f"connection error: {type(exc).__name__}") from exc
        except requests.RequestException as exc:
            log.warning("%s %s failed (%s) %s", method, path, type(exc).__name__, ids)
            raise RetryableError(None, f"request failed: {type(exc).__name__}") from exc
        elapsed_ms = (time.monotonic() - started) * 1000
        status = response.status_code
        log.debug("%s %s -> %d in %.0f ms %s", method, path, status, elapsed_ms, ids)
        with response:
            if 200 <= status < 300:
                return self._parse(response, model, method, path, ids)
            detail = _error_detail(response)
            if status in c.RETRYABLE_STATUS_CODES or status >= 500 or status == 401:
                retry_after = parse_retry_after(response.headers.get(c.RETRY_AFTER_HEADER))
                log.info("%s %s -> %d (retry later) %s", method, path, status, ids)
                raise RetryableError(retry_after, detail, status=status)
            if 400 <= status < 500:
                log.warning("%s %s -> %d (permanent) %s", method, path, status, ids)
                raise PermanentError(status, detail)
            log.warning("%s %s -> unexpected %d %s", method, path, status, ids)
            raise RetryableError(None, f"unexpected status: {detail}", status=status)

    @staticmethod
    def _parse(response: requests.Response, model: type[M], method: str, path: str, ids: str) -> M:
        try:
            data = response.json()
        except ValueError as exc:
            log.warning("%s %s -> %d but the answer is not JSON %s", method, path, response.status_code, ids)
            raise RetryableError(None, "answer is not JSON", status=response.status_code) from exc
        try:
            return model.model_validate(data)
        except ValidationError as exc:
            log.warning(
                "%s %s -> %d but the answer does not match %s %s",
                method,
                path,
                response.status_code,
                model.__name__,
                ids,
            )
            raise RetryableError(
                None,
                f"answer does not match {model.__name__}: {c.validation_summary(exc)}",
                status=response.status_code,
            ) from exc
