"""The documents service (kiosk.services.documents) with a fake A4 printer: printing without a printer
fails at once (missing); the PDF goes to the print service unchanged through a temporary file in the
data folder, deleted afterwards; the job's final state decides printed / failed; a refused job is an
error. A document that cannot be laid out is failed("render"); page previews of an older request are
dropped. (Laying out a real PDF needs a QGuiApplication: tests/ui covers it.)"""

from __future__ import annotations

import logging
from pathlib import Path
from types import SimpleNamespace

import pytest

from drivers.a4printer.base import A4PrinterUnavailable, JobState, PrintJob
from kiosk.services import documents
from tests.services import fakes

PDF = b"%PDF-1.4 fake pdf bytes"


class FakeA4Printer:
    def __init__(self, final: str = "completed", refuse: bool = False) -> None:
        self.final = final
        self.refuse = refuse
        self.jobs: list[tuple[Path, bytes, str]] = []

    def print_pdf(self, path, title: str) -> PrintJob:
        if self.refuse:
            raise A4PrinterUnavailable("queue not accepting jobs (fake)")
        self.jobs.append((Path(path), Path(path).read_bytes(), title))
        return PrintJob(len(self.jobs), "a4", title)

    def wait(self, job: PrintJob, timeout: float) -> JobState:
        return JobState(self.final, "")


def _service(config, printer, render_worker=None):
    spec = documents.SERVICE
    workers = {"documents": render_worker} if render_worker else None
    service = spec.factory(fakes.make_deps(spec, config, devices={"a4_printer": printer}, workers=workers))
    signals = {name: fakes.recorder(getattr(service, name))
               for name in ("ready", "failed", "page_rendered", "page_failed", "printed", "print_failed")}
    return service, signals


def test_without_a_printer_nothing_is_printed(config):
    service, signals = _service(config, None)
    assert not service.has_printer()
    service.print_pdf(PDF, "民事起诉状")
    assert signals["print_failed"] == [documents.MISSING] and signals["printed"] == []


def test_the_pdf_is_printed_unchanged_and_its_temporary_file_deleted(config):
    config.ensure_dirs()  # (the app makes the data folder at start)
    printer = FakeA4Printer()
    service, signals = _service(config, printer)
    assert service.has_printer()
    service.print_pdf(PDF, "民事起诉状")
    (path, content, title), = printer.jobs
    assert content == PDF and title == "民事起诉状"
    assert path.parent == Path(config.get("kiosk.data_dir")) and path.name.startswith(".print-")
    assert not path.exists()
    assert signals["printed"] == [()] and signals["print_failed"] == []


@pytest.mark.parametrize(("printer", "code"), [
    (FakeA4Printer("failed"), documents.FAILED),
    (FakeA4Printer("canceled"), documents.FAILED),
    (FakeA4Printer("processing"), documents.FAILED),  # still not done when the wait ran out
    (FakeA4Printer(refuse=True), documents.ERROR),
])
def test_a_job_not_completed_is_a_failure(config, printer, code, caplog):
    config.ensure_dirs()
    service, signals = _service(config, printer)
    service.print_pdf(PDF, "民事起诉状")
    assert signals["print_failed"] == [code] and signals["printed"] == []
    assert not list(Path(config.get("kiosk.data_dir")).glob(".print-*"))  # no copy left behind


def test_printing_is_bound_to_the_session(config):
    worker = fakes.ManualWorker("a4_printer")
    service = documents.DocumentService(FakeA4Printer(), str(config.get("kiosk.data_dir")), worker,
                                        fakes.InlineWorker("documents"))
    printed = fakes.recorder(service.printed)
    service.print_pdf(PDF, "民事起诉状")
    assert worker.cancel_pending() == 1  # a reset before the job was sent: nobody's papers come out
    assert printed == []


def test_a_document_that_cannot_be_laid_out_is_a_render_failure(config, caplog):
    caplog.set_level(logging.INFO)
    service, signals = _service(config, None)
    # a submission lacking what the complaint needs (laying out fails before any PDF is made)
    broken = SimpleNamespace(filing_kind="first_instance", case_type="民初")
    assert service.title(broken) == "民事起诉状"
    service.prepare(broken, court_name=fakes.COURT_NAME, case_type_name="民事一审")
    assert signals["failed"] == ["render"] and signals["ready"] == []
    assert "the first_instance document could not be rendered" in caplog.text


def test_pages_of_an_older_preview_request_are_dropped(config):
    worker = fakes.ManualWorker("documents")
    service, signals = _service(config, None, render_worker=worker)
    first = service.render_pages(b"not a pdf", 2, 300)
    second = service.render_pages(b"not a pdf", 1, 300)
    assert second != first
    worker.run_all()
    assert signals["page_failed"] == [(second, 0)]  # the first request's pages are skipped
    assert signals["page_rendered"] == []

    service.render_pages(b"not a pdf", 1, 300)
    service.cancel_pages()
    worker.run_all()
    assert signals["page_failed"] == [(second, 0)]
