"""远程视频's service without Qt's event loop: a fake court and a fake call engine that plays the
engine's callbacks (on this thread, so Qt's signals are delivered at once)."""

from __future__ import annotations

import numpy as np
import pytest

from kiosk.services import video_call
from offline_queue import contract as c
from offline_queue.client import PermanentError, RetryableError
from offline_queue.items import KIND_VIDEO_CALL_LOG
from tests.services import fakes


class Court:
    def __init__(self, fail: Exception | None = None) -> None:
        self.fail = fail
        self.calls: list[c.VideoCallRequest] = []
        self.ended: list[str] = []

    def create_video_call(self, request, key):
        if self.fail is not None:
            raise self.fail
        assert key == f"video-call-{request.call_id}"
        self.calls.append(request)
        return c.VideoCallStatus(call_id=request.call_id, kind=request.kind, hall=request.hall, state="waiting",
                                 position=2)

    def signalling(self, path):
        return f"ws://127.0.0.1:9{path}", {"X-Kiosk-Id": "K-1"}, None

    def end_video_call(self, call_id, key):
        self.ended.append(call_id)


class Engine:
    made: list[Engine] = []

    def __init__(self, url, **kwargs) -> None:
        self.url, self.kwargs = url, kwargs
        self.listener = kwargs["listener"]
        self.started = self.stopped = False
        self.volume = None
        self.hung_up = None
        Engine.made.append(self)

    def start(self):
        self.started = True

    def set_volume(self, v):
        self.volume = v

    def hang_up(self, reason="hangup"):
        self.hung_up = reason
        self.listener.on_ended(reason, "kiosk")

    def stop(self, timeout=5.0):
        self.stopped = True

    def stats(self):
        return {"bye_sent": self.hung_up is not None}


class Media:
    closed = 0

    def __init__(self):
        self.video, self.audio_in, self.audio_out = (lambda: None), (lambda: b""), (lambda *a: None)

    def close(self):
        Media.closed += 1


@pytest.fixture
def rig(outbox):
    Engine.made.clear()
    court = Court()
    wake = fakes.Calls()
    service = video_call.VideoCallService(
        court, {"network": fakes.InlineWorker("network"), "outbox": fakes.InlineWorker("outbox")}, outbox, wake,
        kiosk_id="K-1", hall="110105", ice_servers=[], recording_allowed=True, media=Media,
        engine_factory=Engine)
    return service, court, fakes.recorder(service.changed), wake


def test_a_call_is_placed_waits_connects_and_its_log_goes_to_the_outbox(rig, outbox):
    service, court, views, wake = rig
    service.place("judgment_qa", case_number="（2026）京0105民初12号", consent=True)
    (request,) = court.calls
    assert (request.kind, request.case_number, request.recording_consent) == (
        "judgment_qa", "（2026）京0105民初12号", True)
    (engine,) = Engine.made
    assert engine.started and engine.url.endswith(f"/video/calls/{request.call_id}/signal")
    assert engine.kwargs["ice_servers"] == []  # passed explicitly, even empty
    assert engine.kwargs["pin_check"] is None  # (this court link has no pinned keys)
    assert [v.state for v in views] == ["placing", "waiting"] and views[-1].position == 2

    listener = engine.listener
    listener.on_position(1)
    listener.on_answered("诉讼服务中心 3号台")
    listener.on_state("connecting")
    listener.on_state("connected")
    listener.on_quality(35.0, 0.0, "good")
    listener.on_recording(True)
    listener.on_document("判决书", "doc-1")
    view = service.view
    assert (view.state, view.position, view.answered_by, view.quality, view.rtt_ms, view.recording) == (
        "connected", 1, "诉讼服务中心 3号台", "good", 35, True)
    assert view.document == ("判决书", "doc-1") and view.connected_at is not None

    listener.on_ended("bye", "console")
    assert service.view.state == "ended" and service.view.ended_by == "console"
    assert engine.stopped and Media.closed >= 1
    (item,) = outbox.items(kind=KIND_VIDEO_CALL_LOG)
    entry = c.VideoCallLog.model_validate(item.payload)
    assert (entry.kind, entry.ended_by, entry.answered_by, entry.recorded) == (
        "judgment_qa", "console", "诉讼服务中心 3号台", True)
    assert wake.count == 1
    assert "京0105" not in str(item.payload)  # the log has no case number


def test_consent_counts_only_where_recording_is_allowed(rig):
    service, court, _, _ = rig
    service.recording_allowed = False
    service.place("staff", consent=True)
    assert court.calls[-1].recording_consent is False


@pytest.mark.parametrize(("error", "failure"), [
    (RetryableError(None, "court down"), "offline"),
    (PermanentError(422, "refused"), "refused"),
])
def test_a_call_the_court_cannot_take_fails_at_once(outbox, error, failure):
    service = video_call.VideoCallService(
        Court(fail=error), {"network": fakes.InlineWorker("network"), "outbox": fakes.InlineWorker("outbox")},
        outbox, lambda: None, kiosk_id="K-1", hall="110105", ice_servers=[], recording_allowed=False,
        media=Media, engine_factory=Engine)
    service.place("visit")
    assert (service.view.state, service.view.failure) == ("failed", failure)
    assert not service.view.active
    assert outbox.items(kind=KIND_VIDEO_CALL_LOG) == []  # nothing happened: nothing to log


def test_hang_up_and_the_session_end_end_the_call(rig, outbox):
    service, _, _, _ = rig
    service.place("staff")
    engine = Engine.made[-1]
    service.clear()  # the litigant left
    assert engine.hung_up == "hangup" and service.view.state == "idle"
    assert len(outbox.items(kind=KIND_VIDEO_CALL_LOG)) == 1


def test_pictures_reach_the_gui_newest_only(rig):
    service, _, _, _ = rig
    service.place("staff")
    listener = Engine.made[-1].listener
    got = fakes.recorder(service.remote_picture)
    frame = np.zeros((48, 64, 3), np.uint8)
    listener.on_remote_frame(frame)
    frame2 = np.full((48, 64, 3), 200, np.uint8)
    listener.on_remote_frame(frame2)  # the first is not taken yet: replaced, not queued again
    assert len(got) == 1
    image = got[0][0].take() if isinstance(got[0], tuple) else got[0].take()
    assert (image.width(), image.height()) == (64, 48) and image.pixelColor(0, 0).red() == 200


def test_volume_is_kept_between_zero_and_one(rig):
    service, _, _, _ = rig
    service.place("staff")
    service.set_volume(1.7)
    assert Engine.made[-1].volume == 1.0
    service.set_volume(-1)
    assert service.volume == 0.0


def test_the_disabled_feature_places_nothing(rig):
    service, court, _, _ = rig
    service.enabled = False
    service.place("staff")
    assert service.view.failure == "disabled" and court.calls == []


class DocumentCourt(Court):
    """A court that serves the litigant one document, in case 12, and answers its PDF."""

    ID_NUMBER = "11010519491231002X"

    def __init__(self) -> None:
        super().__init__()
        self.fetched: list[c.DocumentRequest] = []

    def served_documents(self, id_number):
        assert id_number == self.ID_NUMBER
        return c.ServedDocumentList(items=[c.ServedDocument(
            document_id="doc-7", filing_id="F-12", case_number="（2026）京0105民初12号", court_name="朝阳法院",
            kind="judgment", title="民事判决书", served_at="2026-12-01T09:00:00+08:00", pages=3)])

    def fetch_document(self, request):
        self.fetched.append(request)
        return b"%PDF-1.7 ... %%EOF"


@pytest.mark.parametrize(("kind", "case_number", "document_id", "state", "case_ref"), [
    ("staff", None, "doc-7", "ready", "（2026）京0105民初12号"),  # found among the documents served on the litigant
    ("judgment_qa", "（2026）京0105民初12号", "doc-9", "ready", "（2026）京0105民初12号"),  # the call's case
    ("staff", None, "doc-9", "unavailable", None),  # not served on this litigant: not fetched
])
def test_a_document_the_console_shows_is_fetched_as_the_litigants(outbox, kind, case_number, document_id, state,
                                                                 case_ref):
    Engine.made.clear()
    court = DocumentCourt()
    service = video_call.VideoCallService(
        court, {"network": fakes.InlineWorker("network"), "outbox": fakes.InlineWorker("outbox")}, outbox,
        fakes.Calls(), kiosk_id="K-1", hall="110105", ice_servers=[], recording_allowed=False, media=Media,
        engine_factory=Engine)
    pdfs = fakes.recorder(service.document_pdf)
    service.place(kind, case_number=case_number, id_number=DocumentCourt.ID_NUMBER)
    listener = Engine.made[0].listener
    listener.on_answered("王法官")
    listener.on_state("connected")
    listener.on_document("判决书", document_id)
    assert service.view.document == ("判决书", document_id) and service.view.document_state == state
    if state == "ready":
        (request,) = court.fetched
        assert (request.document_id, request.access.case_ref, request.access.id_number, request.purpose) == (
            document_id, case_ref, DocumentCourt.ID_NUMBER, "read")
        assert pdfs == [(document_id, b"%PDF-1.7 ... %%EOF")]
    else:
        assert court.fetched == [] and pdfs == []
    assert DocumentCourt.ID_NUMBER not in str(court.calls[0].model_dump())  # never sent with the call


def test_media_that_do_not_open_leave_a_receive_only_call(outbox):
    Engine.made.clear()

    def broken_media():
        raise OSError("no such camera")

    service = video_call.VideoCallService(
        Court(), {"network": fakes.InlineWorker("network"), "outbox": fakes.InlineWorker("outbox")}, outbox,
        fakes.Calls(), kiosk_id="K-1", hall="110105", ice_servers=[], recording_allowed=False, media=broken_media,
        engine_factory=Engine)
    service.place("staff")
    (engine,) = Engine.made
    assert service.view.state == "waiting" and engine.started
    assert engine.kwargs["video_source"] is None and engine.kwargs["audio_source"] is None
