"""The metrics endpoint in the whole app: a visit that takes a queue ticket shows in the counters,
the devices' health and the queue to the court, scraped from 127.0.0.1 as Prometheus would."""

from __future__ import annotations

import socket
import urllib.request

import pytest
from prometheus_client.parser import text_string_to_metric_families

from tests.ui.steps import click, screen
from tests.ui.test_ui_tickets import open_tickets

pytestmark = pytest.mark.slow


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def scrape(port: int) -> dict[tuple[str, tuple], float]:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=5) as response:
        text = response.read().decode("utf-8")
    return {(s.name, tuple(sorted(s.labels.items()))): s.value
            for family in text_string_to_metric_families(text) for s in family.samples}


def test_a_ticket_visit_shows_in_the_scraped_metrics(qtbot, app_parts):
    port = free_port()
    window, core, services = app_parts(**{"metrics.enabled": True, "metrics.port": port})
    assert core.metrics is not None and core.metrics.port == port
    before = scrape(port)
    assert before[("kiosk_starts_total", ())] == 1
    assert ("kiosk_sessions_total", ()) in before and before[("kiosk_sessions_total", ())] == 0
    tickets = open_tickets(qtbot, window, services, core)
    click(qtbot, tickets.tiles["filing"])
    qtbot.waitUntil(lambda: tickets._state == "printed", timeout=8000)
    click(qtbot, tickets.done_button)
    assert screen(window) == "done"
    click(qtbot, window.home_button)
    qtbot.waitUntil(lambda: screen(window) == "attract")
    qtbot.waitUntil(lambda: ("kiosk_device_up", (("kind", "receipt_printer"), ("required", "true")))
                    in scrape(port), timeout=10000)
    after = scrape(port)
    assert after[("kiosk_sessions_total", ())] == 1
    assert after[("kiosk_service_starts_total", (("service", "tickets"),))] == 1
    assert after[("kiosk_service_completions_total", (("service", "tickets"),))] == 1
    assert after[("kiosk_session_ends_total", (("reason", "start over"),))] == 1
    assert after[("kiosk_device_up", (("kind", "receipt_printer"), ("required", "true")))] == 1
    stats = core.outbox.stats()
    for state, count in stats.items():
        assert after[("kiosk_outbox_items", (("state", state),))] == count
    assert ("kiosk_outbox_oldest_pending_age_seconds", ()) in after
    data_dir = str(core.config.get("kiosk.data_dir"))
    assert after[("kiosk_disk_free_bytes", (("path", data_dir),))] > 0
