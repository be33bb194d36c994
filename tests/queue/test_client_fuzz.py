"""Property-based fuzzing of every CourtClient method that reads an answer (issue 17).

Hypothesis generates answers (a status, a content type, a body: the endpoint's valid answer mutated
by dropped fields, wrong types, extra nesting, huge strings, or bytes that are no JSON at all) and
the client must either return a valid model or raise one of its classified errors
(RetryableError / PermanentError); anything else counts as unhandled. Most answers are served
by a transport adapter mounted on the client's own requests Session (the client parses them as it
would a network answer: the same urllib3 response, streamed); a subset goes through the real
hostile HTTP server. Run with ``-s`` to see the figures: answers tried per endpoint, unhandled.
"""

from __future__ import annotations

import io
import json
from collections import Counter
from typing import Any

import pytest
import requests
import urllib3
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from requests.adapters import HTTPAdapter

from offline_queue.client import CourtClient, PermanentError, RetryableError
from tests.queue import hostile_samples as s
from tests.queue.hostile_server import Answer, HostileServer

BASE = "http://court.fuzz.invalid"
EXAMPLES = 60
TRIED: Counter[str] = Counter()
OUTCOMES: Counter[str] = Counter()  # valid / retryable / permanent, over all endpoints
UNHANDLED: list[str] = []

STATUSES = [200, 200, 200, 201, 204, 301, 307, 400, 401, 403, 404, 409, 410, 413, 422, 429, 500, 502, 503]
CONTENT_TYPES = ["application/json", "application/json; charset=utf-8", "text/html", None, "application/pdf"]

json_values = st.recursive(
    st.none() | st.booleans() | st.integers(min_value=-(2**70), max_value=2**70) | st.floats(allow_nan=False)
    | st.text(max_size=30) | st.sampled_from(["", "x" * 5000, "2026-03-02T09:30:00+08:00", "F-1", "OTHER"]),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4),
    max_leaves=12,
)


@st.composite
def mutated(draw: st.DrawFn, answer: dict[str, Any]) -> bytes:
    data: Any = json.loads(json.dumps(answer))
    for _ in range(draw(st.integers(0, 3))):
        kind = draw(st.sampled_from(["drop", "retype", "nest", "whole", "huge"]))
        if isinstance(data, dict) and data and kind in ("drop", "retype", "huge"):
            key = draw(st.sampled_from(sorted(data)))
            if kind == "drop":
                del data[key]
            elif kind == "retype":
                data[key] = draw(json_values)
            else:
                data[key] = "字" * draw(st.integers(1000, 120_000))
        elif kind == "nest":
            data = draw(st.sampled_from([[data], {"data": data}, {"detail": data}]))
        elif kind == "whole":
            data = draw(json_values)
    return json.dumps(data, ensure_ascii=draw(st.booleans())).encode()


@st.composite
def answers(draw: st.DrawFn, endpoint: s.Endpoint) -> tuple[int, dict[str, str], bytes]:
    status = draw(st.sampled_from(STATUSES))
    body = draw(st.one_of(
        st.just(endpoint.valid_body()),
        mutated(endpoint.answer) if endpoint.answer is not None else st.just(s.PDF[:-3]),
        st.binary(max_size=200),
        st.builds(lambda n: b"[" * n + b"]" * n, st.integers(1, 20_000)),
        st.builds(lambda n: b'"' + b"a" * n + b'"', st.integers(0, 400_000)),
        st.builds(lambda d: json.dumps({"detail": d}).encode(), json_values),
    ))
    headers: dict[str, str] = {}
    kind = draw(st.sampled_from(CONTENT_TYPES))
    if kind is not None:
        headers["Content-Type"] = kind
    if draw(st.booleans()):
        headers["Retry-After"] = draw(st.sampled_from(["5", "²", "-1", "99999999999999999999", "Fri, 99 Foo",
                                                       "Wed, 21 Oct 9999 07:28:00 GMT", ""]))
    if 300 <= status < 400:
        headers["Location"] = draw(st.sampled_from(["/elsewhere", "http://evil.invalid/x", ""]))
    if draw(st.integers(0, 9)) == 0:
        headers["Content-Length"] = str(len(body) + draw(st.integers(1, 10)))  # a lie: the body ends early
    return status, headers, body


class ScriptedAdapter(HTTPAdapter):
    """Answers every request with the current script, as a streamed urllib3 response."""

    def __init__(self) -> None:
        super().__init__()
        self.answer: tuple[int, dict[str, str], bytes] = (200, {}, b"{}")

    def send(self, request, stream=False, timeout=None, verify=True, cert=None, proxies=None):  # type: ignore[override]
        status, headers, body = self.answer
        raw = urllib3.HTTPResponse(body=io.BytesIO(body), headers=headers, status=status, reason="Fuzz",
                                   preload_content=False, decode_content=False, request_method=request.method)
        return self.build_response(request, raw)


def _check(endpoint: s.Endpoint, client: CourtClient, status: int) -> None:
    """One call: a valid result or a classified error; anything else is recorded as unhandled."""
    TRIED[endpoint.name] += 1
    try:
        result = endpoint.call(client)
    except RetryableError:
        OUTCOMES["retryable"] += 1
        return
    except PermanentError:
        OUTCOMES["permanent"] += 1
        return
    except Exception as exc:  # noqa: BLE001 - exactly what this test looks for
        UNHANDLED.append(f"{endpoint.name}: HTTP {status} -> {type(exc).__name__}: {str(exc)[:200]}")
        raise
    OUTCOMES["valid"] += 1
    if endpoint.name == "authenticate":
        assert result is None
    elif endpoint.model is None:
        assert isinstance(result, bytes) and result.startswith(b"%PDF-")
    elif result is None:
        assert endpoint.none_on_404 and status == 404
    else:
        assert isinstance(result, endpoint.model)


@pytest.fixture(scope="module", autouse=True)
def _figures():
    yield
    print("\nfuzzed court answers per endpoint (issue 17):")
    for name in sorted(TRIED):
        print(f"  {name:24} {TRIED[name]:4} answers")
    print(f"  {'total':24} {sum(TRIED.values()):4} answers, {len(s.ENDPOINTS)} endpoints, "
          f"unhandled {len(UNHANDLED)}")
    print("  outcomes: " + ", ".join(f"{k} {v}" for k, v in sorted(OUTCOMES.items())))
    for line in UNHANDLED:
        print("  UNHANDLED", line)


@pytest.mark.parametrize("endpoint", s.ENDPOINTS, ids=lambda e: e.name)
def test_every_answer_is_a_model_or_a_classified_error(endpoint):
    adapter = ScriptedAdapter()
    session = requests.Session()
    session.mount(BASE, adapter)
    client = CourtClient(BASE, "kiosk-h", timeout=2.0, deadline=5.0, session=session)

    @settings(max_examples=EXAMPLES, deadline=None, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example])
    @given(answers(endpoint))
    def run(answer: tuple[int, dict[str, str], bytes]) -> None:
        adapter.answer = answer
        _check(endpoint, client, answer[0])

    try:
        run()
    finally:
        client.close()
        session.close()
    assert not [u for u in UNHANDLED if u.startswith(endpoint.name + ":")]


REAL_SERVER_ENDPOINTS = ["get_policy", "submit_filing", "create_payment", "case_detail", "lookup", "fetch_document",
                         "upload"]


def test_a_subset_through_the_real_hostile_server():
    endpoints = [e for e in s.ENDPOINTS if e.name in REAL_SERVER_ENDPOINTS]
    with HostileServer() as server, CourtClient(server.base_url, "kiosk-h", timeout=2.0, deadline=5.0) as client:

        @settings(max_examples=40, deadline=None, database=None,
                  suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                         HealthCheck.large_base_example])
        @given(st.sampled_from(endpoints).flatmap(lambda e: st.tuples(st.just(e), answers(e))))
        def run(case: tuple[s.Endpoint, tuple[int, dict[str, str], bytes]]) -> None:
            endpoint, (status, headers, body) = case
            headers = dict(headers)
            kind = headers.pop("Content-Type", None)
            lie = headers.pop("Content-Length", None)
            server.serve(Answer(status=status, body=body, content_type=kind, headers=headers,
                                length=int(lie) if lie else None, close_early=bool(lie)))
            _check(endpoint, client, status)

        run()
    assert not UNHANDLED
