"""The court identity service (maintenance: the kiosk's certificate and enrolment), without Qt widgets,
against the sandbox on loopback with the real court client."""

from __future__ import annotations

import pytest

from court_sandbox.server import SandboxServer
from kiosk.services import court_identity
from offline_queue import contract as c
from offline_queue.client import CourtClient
from offline_queue.tls import ClientTLS
from tests.services.fakes import make_config, make_deps, recorder


class Audit:
    def __init__(self) -> None:
        self.entries = []

    def __call__(self, action, item_id="", reason="", on_done=None) -> None:
        self.entries.append((action, item_id, reason))


class Maintenance:
    def __init__(self) -> None:
        self.note = Audit()


@pytest.fixture
def court(tmp_path):
    with SandboxServer(tmp_path / "court.sqlite3") as server:
        yield server


def _service(tmp_path, court, **overrides):
    config = make_config(tmp_path, **{"court.backend": "remote", "court.base_url": court.base_url,
                                      "kiosk.kiosk_id": "hall-a-03",
                                      "court.client_cert_path": str(tmp_path / "id" / "kiosk.pem"),
                                      "court.client_key_path": str(tmp_path / "id" / "kiosk.key"), **overrides})
    tls = ClientTLS(cert_path=str(tmp_path / "id" / "kiosk.pem"), key_path=str(tmp_path / "id" / "kiosk.key"),
                    require_client_cert=True)
    client = CourtClient(court.base_url, "hall-a-03", tls=tls)
    maintenance = Maintenance()
    deps = make_deps(court_identity.SERVICE, config, services={"maintenance": maintenance}, court=client)
    return court_identity.create(deps), maintenance.note, client


def _code(court) -> str:
    return court.app.state.sandbox.enrolments.issue_code(c.EnrolmentCodeCreate(kiosk_id="hall-a-03")).code


def test_enrolment_installs_the_identity_and_is_audited(tmp_path, court):
    service, audit, client = _service(tmp_path, court)
    views, failures = recorder(service.status), recorder(service.enrol_failed)
    service.refresh()
    assert views[-1].state == "none" and not views[-1].practice and views[-1].server_check == "system"
    service.enrol(_code(court).replace("-", ""))
    assert failures == []
    assert views[-1].state == "valid" and views[-1].kiosk_id == "hall-a-03" and views[-1].days_left >= 364
    assert audit.entries == [("kiosk_enrolled", views[-1].serial, "")]
    assert client.tls.enrolled and not service.busy


def test_a_refused_code_says_why_and_installs_nothing(tmp_path, court):
    service, audit, _client = _service(tmp_path, court)
    failures = recorder(service.enrol_failed)
    _code(court)
    service.enrol("000000000000")
    assert failures == ["code_refused"]
    assert audit.entries == [("kiosk_enrolment_refused", "", "code_refused")]
    assert service.view().state == "none"


def test_an_unreachable_court_is_a_retry_later(tmp_path, court):
    service, _audit, client = _service(tmp_path, court)
    failures = recorder(service.enrol_failed)
    client.base_url = "http://127.0.0.1:9"  # nothing listens on the discard port
    service.enrol("123456789012")
    assert failures == ["unreachable"]


def test_the_practice_sandbox_needs_no_enrolment(tmp_path, court):
    service, audit, _client = _service(tmp_path, court, **{"court.backend": "embedded"})
    assert service.practice
    service.enrol("123456789012")
    assert audit.entries == [] and not service.busy


def test_how_the_court_server_is_checked(tmp_path, court):
    pin = "sha256/" + "A" * 43 + "="
    assert _service(tmp_path, court, **{"court.server_pins": pin})[0].server_check == "pins"
    both = _service(tmp_path, court, **{"court.server_pins": pin, "court.ca_bundle": "/etc/ssl/court.pem"})[0]
    assert both.server_check == "both"
