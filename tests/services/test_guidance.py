"""The guide service without Qt widgets: it loads, validates and indexes its content on its worker
(never on the caller's thread), answers questions, renders articles with the hall's counters, and
content that does not validate leaves it out of service with a log line naming the file, while a
question is never logged."""

from __future__ import annotations

import logging
import shutil

from kiosk.guide.content import DEFAULT_DIR
from kiosk.services import guidance, registry
from tests.services.fakes import InlineWorker, ManualWorker, make_config


def build(config, worker):
    spec = guidance.SERVICE
    deps = registry.Deps(spec=spec, config=registry.ConfigView(config, spec.config, spec.id),
                         workers={"documents": worker})
    return spec.factory(deps)


def test_declared_available_without_identity_or_devices():
    spec = registry.discover()["guidance"]
    assert spec.available and not spec.needs_identity and not spec.devices
    assert spec.menu is not None and spec.on_start == "start" and spec.workers == ("documents",)


def test_content_is_indexed_on_the_worker_then_answers(tmp_path):
    worker = ManualWorker("documents")
    service = build(make_config(tmp_path), worker)
    states = []
    service.state_changed.connect(states.append)
    service.start()
    assert service.state == "loading" and service.search("离婚", "zh_CN") == []  # nothing on the caller's thread
    assert worker.pending == 1
    worker.run_all()
    assert states == ["ready"]
    assert service.search("判决书多久能拿到", "zh_CN", limit=3)[0].id == "faq-judgment-when"
    assert [t.id for t in service.topics()][:2] == ["procedures", "materials"]
    assert service.entries("hall")[0].id == "hall-map"
    service.stop()


def test_the_hall_map_shows_the_configured_counters(tmp_path):
    config = make_config(tmp_path, **{"hall.counters": "1 | 立案 | Filing | 一楼 | ground floor; 2 | 交费 | Fees"})
    service = build(config, InlineWorker("documents"))
    service.start()
    zh, en = service.html("hall-map", "zh_CN"), service.html("hall-map", "en")
    assert "立案" in zh and "一楼" in zh and "窗口" in zh
    assert "Filing" in en and "ground floor" in en and "立案" not in en
    assert "hall-map" in [h.id for h in service.search("交费窗口", "zh_CN", limit=3)]
    service.stop()


def test_content_that_does_not_validate_is_out_of_service_naming_the_file(tmp_path, caplog):
    folder = tmp_path / "guide"
    shutil.copytree(DEFAULT_DIR, folder)
    (folder / "hall.toml").write_text("[[entry]]\nid = 'hall-map'\ntopic = 'hall'\n", encoding="utf-8")
    service = build(make_config(tmp_path, **{"guide.content_dir": str(folder)}), InlineWorker("documents"))
    with caplog.at_level(logging.ERROR, logger="kiosk.guide"):
        service.start()
    assert service.state == "failed" and "hall.toml" in service.problem
    assert any("hall.toml" in r.getMessage() and "out of service" in r.getMessage() for r in caplog.records)
    assert service.search("离婚", "zh_CN") == [] and service.topics() == () and service.html("hall-map", "en") == ""


def test_questions_are_never_logged(tmp_path, caplog):
    service = build(make_config(tmp_path), InlineWorker("documents"))
    service.start()
    with caplog.at_level(logging.DEBUG):
        service.search("张三欠我钱不还怎么告", "zh_CN")
    assert all("张三" not in r.getMessage() for r in caplog.records)
    service.stop()
