"""The Prometheus endpoint (kiosk/metrics.py): loopback only, Prometheus text, counters that move
with a visit, queue numbers that match the outbox, devices, errors, disk and persisted starts;
and the sample alert rules (deploy/prometheus/court-kiosk-alerts.yml) against what it exports."""

from __future__ import annotations

import logging
import re
import shutil
import socket
import subprocess
import urllib.request
from pathlib import Path

import pytest
import yaml
from prometheus_client.parser import text_string_to_metric_families

from kiosk.core import DeviceHealth
from kiosk.metrics import STARTS_FILE, KioskMetrics, MetricsAddressError, read_outbox_numbers, start_metrics
from kiosk.session import Session
from offline_queue.outbox import Outbox

ROOT = Path(__file__).resolve().parents[2]
RULES = ROOT / "deploy" / "prometheus" / "court-kiosk-alerts.yml"


def scrape(port: int) -> str:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=5) as response:
        assert response.status == 200
        assert response.headers["Content-Type"].startswith("text/plain")
        return response.read().decode("utf-8")


def samples(text: str) -> dict[tuple[str, tuple], float]:
    """{(sample name, sorted labels): value} of a Prometheus text exposition (the official parser)."""
    out = {}
    for family in text_string_to_metric_families(text):
        for s in family.samples:
            out[(s.name, tuple(sorted(s.labels.items())))] = s.value
    return out


def value(text: str, name: str, **labels) -> float | None:
    return samples(text).get((name, tuple(sorted(labels.items()))))


@pytest.fixture
def metrics(tmp_path):
    m = KioskMetrics(tmp_path / "data", kiosk_id="kiosk-07", mode="demo",
                     device_required={"receipt_printer": True, "camera": False})
    m.record_start()
    m.serve(0)
    yield m
    m.stop()


def test_the_endpoint_listens_on_loopback_and_answers_prometheus_text(metrics):
    assert metrics._server.server_address[0] == "127.0.0.1"
    text = scrape(metrics.port)
    assert value(text, "kiosk_starts_total") == 1
    assert value(text, "kiosk_start_time_seconds") > 1.7e9
    info = [dict(labels) for (name, labels), v in samples(text).items() if name == "kiosk_info" and v == 1]
    assert len(info) == 1 and info[0]["kiosk_id"] == "kiosk-07" and info[0]["mode"] == "demo"
    names = {family.name for family in text_string_to_metric_families(text)}
    assert {"kiosk_sessions", "kiosk_service_starts", "kiosk_service_completions", "kiosk_errors",
            "kiosk_disk_free_bytes", "kiosk_disk_size_bytes", "kiosk_device_up"} <= names
    assert value(text, "process_resident_memory_bytes") > 0  # the process collector (memory over days)
    assert "python_gc_" not in text and "python_info" not in text  # a registry of its own


def test_a_non_loopback_address_is_refused(tmp_path):
    from kiosk.config import ConfigError
    from tests.conftest import make_config

    m = KioskMetrics(tmp_path)
    for address in ("0.0.0.0", "192.168.1.20", "", "localhost", "::"):
        with pytest.raises(MetricsAddressError):
            m.serve(0, address)
    assert m._server is None
    with pytest.raises(ConfigError, match="metrics.address"):
        make_config(tmp_path, **{"metrics.address": "0.0.0.0"})


def test_counters_move_with_a_visit_and_hold_nothing_personal(metrics):
    now = [1000.0]
    session = Session(clock=lambda: now[0])
    metrics.watch_session(session)
    session.touch()  # a visit
    session.choose_service("tickets", needs_identity=False)
    session.finish("service complete")
    session.reset("done")
    session.touch()  # a second visit: the filing, with an identity, abandoned
    session.choose_service("filing", needs_identity=True)
    session.identified({"name": "张三", "id_number": "110101199003071234"})
    session.cancel()
    session.reset("idle timeout")
    text = scrape(metrics.port)
    assert value(text, "kiosk_sessions_total") == 2
    assert value(text, "kiosk_service_starts_total", service="tickets") == 1
    assert value(text, "kiosk_service_starts_total", service="filing") == 1
    assert value(text, "kiosk_service_completions_total", service="tickets") == 1
    assert value(text, "kiosk_service_completions_total", service="filing") is None
    assert value(text, "kiosk_session_ends_total", reason="done") == 1
    assert value(text, "kiosk_session_ends_total", reason="idle timeout") == 1
    assert "张三" not in text and "110101199003071234" not in text
    metrics.stop()
    session.touch()  # stopped: no longer subscribed
    assert metrics._unsubscribe is None


def test_queue_numbers_match_an_outbox_with_items(tmp_path, metrics):
    clock = [1_700_000_000.0]
    outbox = Outbox(tmp_path / "outbox.sqlite3", clock=lambda: clock[0], key_path=tmp_path / "key")
    try:
        first = outbox.enqueue("filing", {"n": 1}, "k1")
        clock[0] += 600
        outbox.enqueue("filing", {"n": 2}, "k2")
        clock[0] += 60
        delivered = outbox.enqueue("message", {"n": 3}, "k3")
        outbox.enqueue("message", {"n": 4}, "k4")
        assert outbox.claim_due(clock[0], ignore_schedule=True).id == first.id  # in flight, still unsent
        outbox.mark_delivered(delivered.id, {"ok": True})
        dead = outbox.enqueue("audit", {"n": 5}, "k5")
        outbox.mark_dead(dead.id, "refused")
        clock[0] += 3000
        metrics._clock = lambda: clock[0]
        metrics.watch_outbox(outbox.path)
        text = scrape(metrics.port)
        stats = outbox.stats()
        for state, count in stats.items():
            assert value(text, "kiosk_outbox_items", state=state) == count
        assert stats == {"pending": 2, "in_flight": 1, "delivered": 1, "dead": 1, "voided": 0}
        assert value(text, "kiosk_outbox_oldest_pending_age_seconds") == pytest.approx(3660)
        outbox.mark_delivered(first.id, {"ok": True})
        counts, age = read_outbox_numbers(outbox.path, clock[0])
        assert counts["in_flight"] == 0 and age == pytest.approx(3060)  # the oldest unsent is now the second
    finally:
        outbox.close()


def test_devices_errors_and_disk(metrics, tmp_path):
    metrics.device_checked(DeviceHealth("receipt_printer", "escpos", "ok", "ready"))
    metrics.device_checked(DeviceHealth("camera", "opencv", "missing", "no /dev/video0"))
    text = scrape(metrics.port)
    assert value(text, "kiosk_device_up", kind="receipt_printer", required="true") == 1
    assert value(text, "kiosk_device_up", kind="camera", required="false") == 0
    metrics.device_checked(DeviceHealth("receipt_printer", "escpos", "degraded", "paper out"))
    metrics.device_checked(DeviceHealth("receipt_printer", "escpos", "missing", "printer offline"))
    text = scrape(metrics.port)
    assert value(text, "kiosk_device_up", kind="receipt_printer", required="true") == 0
    logging.getLogger("kiosk.services").error("a device worker failed")
    logging.getLogger("kiosk.services").error("and again")
    logging.getLogger("kiosk.services").warning("only a warning")
    text = scrape(metrics.port)
    assert value(text, "kiosk_errors_total", logger="kiosk.services") == 2
    free = shutil.disk_usage(tmp_path / "data")
    path = str(tmp_path / "data")
    assert value(text, "kiosk_disk_size_bytes", path=path) == free.total
    assert value(text, "kiosk_disk_free_bytes", path=path) == pytest.approx(free.free, rel=0.05)
    metrics.stop()
    logging.getLogger("kiosk.services").error("after stop: not counted, no handler left")
    assert metrics._handler not in logging.getLogger().handlers


def test_starts_are_persisted_so_restarts_show(tmp_path):
    for expected in (1, 2, 3):
        assert KioskMetrics(tmp_path).record_start() == expected
    (tmp_path / STARTS_FILE).write_text("not json")
    assert KioskMetrics(tmp_path).record_start() == 1  # damaged: counts on from zero, no crash


def test_start_metrics_follows_the_config_and_survives_a_taken_port(tmp_path, caplog):
    from tests.conftest import make_config

    assert start_metrics(make_config(tmp_path)) is None  # the tests' config: off
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        config = make_config(tmp_path, **{"metrics.enabled": True, "metrics.port": port})
        with caplog.at_level(logging.ERROR, logger="kiosk.metrics"):
            assert start_metrics(config) is None
        assert "not free" in caplog.text
    m = start_metrics(config)  # the port is free again
    try:
        assert m is not None and m.port == port
        assert value(scrape(port), "kiosk_starts_total") == 2
    finally:
        m.stop()


# -- the sample alert rules ---------------------------------------------------------------------

def _rules() -> list[dict]:
    doc = yaml.safe_load(RULES.read_text(encoding="utf-8"))
    assert set(doc) == {"groups"}
    rules = []
    for group in doc["groups"]:
        assert group["name"] and group["rules"]
        rules += group["rules"]
    return rules


def test_the_alert_rules_cover_the_issue_and_use_only_exported_metrics(metrics):
    rules = _rules()
    names = [rule["alert"] for rule in rules]
    assert len(names) == len(set(names))
    exprs = {rule["alert"]: rule["expr"] for rule in rules}
    joined = " ".join(exprs.values())
    for needed in ("kiosk_outbox_oldest_pending_age_seconds", 'required="true"', "kiosk_disk_free_bytes",
                   "kiosk_starts_total", "kiosk_errors_total"):
        assert needed in joined, needed
    assert re.search(r"kiosk_outbox_oldest_pending_age_seconds\s*>\s*3600", joined)
    assert re.search(r"increase\(kiosk_starts_total\[1h\]\)\s*>\s*3", joined)
    assert "1024 * 1024 * 1024" in joined or "1073741824" in joined
    metrics.device_checked(DeviceHealth("receipt_printer", "escpos", "ok", "ready"))
    metrics.errors.labels(logger="x").inc(0)
    metrics.watch_outbox(None)
    exported = {s.name for f in text_string_to_metric_families(scrape(metrics.port)) for s in f.samples}
    exported |= {"kiosk_outbox_items", "kiosk_outbox_oldest_pending_age_seconds"}  # with an outbox
    for alert, expr in exprs.items():
        for used in re.findall(r"\bkiosk_[a-z_]+", expr):
            assert used in exported, f"{alert}: {used} is not a metric the kiosk exports"
        assert expr.count("(") == expr.count(")") and expr.count("{") == expr.count("}"), alert
    for rule in rules:
        assert re.fullmatch(r"\d+[smh]", str(rule.get("for", "0s"))), rule["alert"]
        assert rule["labels"]["severity"] in ("warning", "critical")
        assert rule["annotations"]["summary"] and rule["annotations"]["description"]


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("promtool") is None, reason="promtool (Debian's prometheus) not installed")
def test_promtool_accepts_the_alert_rules():
    result = subprocess.run(["promtool", "check", "rules", str(RULES)], capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr
