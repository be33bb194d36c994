"""Fixtures for the queue and sandbox tests: a real sandbox on loopback, a client, sample filings."""

from __future__ import annotations

import itertools
import random
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
import requests
from stdnum.cn import ric

from court_sandbox.server import SandboxServer
from offline_queue import contract as c
from offline_queue.admin_client import admin_client
from offline_queue.client import CourtClient

_serial = itertools.count(1)


def new_id_number() -> str:
    """A fresh valid resident ID number (Beijing Chaoyang address code), unique within the test run."""
    birth = date(1950, 1, 1) + timedelta(days=next(_serial))
    base = f"110105{birth:%Y%m%d}{random.randrange(1000):03d}"
    return base + ric.calc_check_digit(base + "0")  # (it ignores the last character)


class Admin:
    """Admin calls on the sandbox's admin API (its own port, the admin token) over plain HTTP (faults,
    review, list). ``admin.session`` sends the token with every request; ``admin.base_url`` is the admin URL."""

    def __init__(self, server: SandboxServer) -> None:
        self.base_url = server.admin_url
        self.session = requests.Session()
        self.session.headers[c.ADMIN_TOKEN_HEADER] = server.admin_token

    def faults(self, **spec: Any) -> dict[str, Any]:
        response = self.session.post(self.base_url + c.FAULTS_PATH, json=spec, timeout=5)
        response.raise_for_status()
        return response.json()

    def clear_faults(self) -> None:
        self.session.delete(self.base_url + c.FAULTS_PATH, timeout=5).raise_for_status()

    def review(self, filing_id: str, decision: str, reasons: list[str] | None = None) -> requests.Response:
        return self.session.post(
            self.base_url + c.REVIEW_PATH.format(filing_id=filing_id),
            json={"decision": decision, "reasons": reasons or []},
            timeout=5,
        )

    def filing_ids(self) -> list[str]:
        response = self.session.get(self.base_url + c.ADMIN_FILINGS_PATH, timeout=5)
        response.raise_for_status()
        return [item["filing_id"] for item in response.json()["items"]]

    def close(self) -> None:
        self.session.close()


@pytest.fixture(scope="session")
def _sandbox_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SandboxServer]:
    server = SandboxServer(tmp_path_factory.mktemp("sandbox") / "court.sqlite3").start()
    yield server
    server.stop()


@pytest.fixture
def sandbox(_sandbox_server: SandboxServer) -> Iterator[SandboxServer]:
    """The shared sandbox, with no faults before and after the test."""
    admin = Admin(_sandbox_server)
    admin.clear_faults()
    yield _sandbox_server
    admin.clear_faults()
    admin.close()


@pytest.fixture
def admin(sandbox: SandboxServer) -> Iterator[Admin]:
    helper = Admin(sandbox)
    yield helper
    helper.close()


@pytest.fixture
def http(sandbox: SandboxServer) -> Iterator[requests.Session]:
    session = requests.Session()
    yield session
    session.close()


@pytest.fixture
def client(sandbox: SandboxServer) -> Iterator[CourtClient]:
    with CourtClient(sandbox.base_url, "kiosk-test-01", timeout=5.0) as court:
        yield court


@pytest.fixture
def admin_court(sandbox: SandboxServer) -> Iterator[CourtClient]:
    """A `CourtClient` on the sandbox's admin API (review, settle_payment, decide_reading, ...)."""
    with admin_client(sandbox, timeout=5.0) as court:
        yield court


@pytest.fixture
def make_submission() -> Callable[..., c.FilingSubmission]:
    """Builds a valid FilingSubmission (fresh filing id); keyword arguments override fields."""

    def build(**overrides: Any) -> c.FilingSubmission:
        data: dict[str, Any] = {
            "filing_id": str(uuid.uuid4()),
            "court_code": "京0105",
            "case_type": "民初",
            "plaintiff": {
                "kind": "person",
                "name": "张三",
                "id_number": overrides.pop("id_number", None) or new_id_number(),
                "address": "北京市朝阳区某街1号",
                "phone": "13800000000",
            },
            "defendants": [
                {"kind": "person", "name": "李四"},
                {"kind": "organisation", "name": "北京某某科技有限公司", "uscc": "91110108551385082Q"},
            ],
            "claims": "请求判令被告偿还借款人民币100000元。",
            "amount": "100000",
            "fee_estimate": "2300",
            "fee_schedule_version": "2007-481",
            "confirmed_at": datetime.now(UTC).isoformat(),
        }
        data.update(overrides)
        return c.FilingSubmission.model_validate(data)

    return build


@pytest.fixture
def new_id() -> Callable[[], str]:
    """Factory of fresh valid resident ID numbers."""
    return new_id_number
