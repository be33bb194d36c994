"""The purge service (kiosk.services.purge): delivered outbox items older than
`queue.purge_after_days` are deleted, with the files of delivered attachments; younger or undelivered
items stay. `purge()` is called directly (its hourly timer cannot run without a Qt application)."""

from __future__ import annotations

from kiosk.services import purge
from offline_queue import attachments
from tests.services import fakes

DAY = 86400.0


def _service(tmp_path, outbox, days: float = 2.0):
    config = fakes.make_config(tmp_path, **{"queue.purge_after_days": days})
    spec = purge.SERVICE
    return spec.factory(fakes.make_deps(spec, config, outbox=outbox)), config.get("kiosk.data_dir")


def test_delivered_items_older_than_the_limit_go_and_the_rest_stay(tmp_path, outbox, clock):
    service, _ = _service(tmp_path, outbox, days=2.0)
    old = fakes.store_filing(outbox, fakes.submission(fakes.person())).id
    outbox.mark_delivered(old, fakes.filing_receipt(old, None))
    clock.advance(1.5 * DAY)
    young = fakes.store_filing(outbox, fakes.submission(fakes.person())).id
    outbox.mark_delivered(young, fakes.filing_receipt(young, None))
    waiting = fakes.store_filing(outbox, fakes.submission(fakes.person())).id
    clock.advance(0.6 * DAY)  # old: 2.1 days, young: 0.6 days, waiting: never delivered

    service.purge()

    assert {i.id for i in outbox.items()} == {young, waiting}

    clock.advance(10 * DAY)
    service.purge()
    assert {i.id for i in outbox.items()} == {waiting}


def test_the_files_of_delivered_attachments_go_with_them(tmp_path, outbox, clock):
    service, data_dir = _service(tmp_path, outbox, days=1.0)
    sent = attachments.store_attachment(outbox, data_dir, b"page one", "image/jpeg", "p-1.jpg", "k-1")
    kept = attachments.store_attachment(outbox, data_dir, b"page two", "image/jpeg", "p-2.jpg", "k-2")
    outbox.mark_delivered(sent.id, {"upload_id": sent.id})
    folder = attachments.attachments_dir(data_dir)
    assert len(list(folder.iterdir())) == 2

    service.purge()  # the delivered attachment's file is not needed any more, even before its row goes

    assert [p.name.partition(".")[2] for p in folder.iterdir()] == [kept.id]
    assert outbox.get(sent.id) is not None
    clock.advance(1.1 * DAY)
    service.purge()
    assert outbox.get(sent.id) is None and outbox.get(kept.id) is not None


def test_purging_runs_on_the_outbox_worker_off_the_session(tmp_path, outbox, clock):
    config = fakes.make_config(tmp_path, **{"queue.purge_after_days": 0.0})
    worker = fakes.ManualWorker("outbox")
    service = purge.SERVICE.factory(fakes.make_deps(purge.SERVICE, config, outbox=outbox,
                                                    workers={"outbox": worker}))
    item = fakes.store_filing(outbox, fakes.submission(fakes.person())).id
    outbox.mark_delivered(item, fakes.filing_receipt(item, None))

    service.purge()
    assert outbox.get(item) is not None  # nothing happens on the GUI thread
    worker.cancel_pending()
    worker.run_all()
    assert outbox.get(item) is None
