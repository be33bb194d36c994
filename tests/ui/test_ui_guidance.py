"""诉讼指南 on the menu: anyone (no ID card) asks a question by typing or by voice, browses the
topics, reads an article, goes on to the fee calculator, and finds the counters from the
configuration on the hall map. A guide whose content does not validate is out of service, and
the kiosk runs on."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt

from tests.ui.steps import click, screen, type_text


def tr(text):
    return QCoreApplication.translate("GuidanceScreen", text)


HALL = "1 | 立案登记 | Case filing | 东侧 | east side; 2 | 交费退费 | Fees | 西侧 | west side"


def to_guide(qtbot, window, services):
    click(qtbot, window.attract.start)
    assert window.menu.is_available("guidance")
    assert "暂未开通" not in window.menu.tiles["guidance"].text()
    click(qtbot, window.menu.tiles["guidance"])
    assert screen(window) == "guidance"  # no identity needed
    qtbot.waitUntil(lambda: services.guidance.state == "ready", timeout=5000)
    return window.guidance


def titles(guide):
    return [guide.results.item(i).text().split("\n")[0] for i in range(guide.results.count())]


def test_a_typed_question_finds_its_answer_and_the_article_reads(qtbot, app_parts):
    window, core, services = app_parts()
    guide = to_guide(qtbot, window, services)
    type_text(qtbot, guide.query, "判决书多久能拿到")
    qtbot.waitUntil(lambda: guide.results.count() > 0, timeout=3000)  # follows the typing, no button needed
    assert "判决书什么时候发给我？" in titles(guide)[:3]
    assert "判决书多久能拿到" in guide.status.text()
    article = guide.article.toPlainText()
    assert article.startswith(titles(guide)[0])  # the best answer is open
    second = guide.results.item(1)
    qtbot.mouseClick(guide.results.viewport(), Qt.MouseButton.LeftButton,
                     pos=guide.results.visualItemRect(second).center())  # touching a result opens it
    assert guide.article.toPlainText().startswith(second.text().split("\n")[0])
    guide.open_entry("faq-judgment-when")
    text = guide.article.toPlainText()
    assert "10日内发送判决书" in text and "法律依据" in text and "第一百五十一条" in text
    # a question the guide cannot answer says so, and keeps nothing stale
    guide.query.clear()
    type_text(qtbot, guide.query, "火星移民签证")
    click(qtbot, guide.search_button)
    assert guide.results.count() == 0
    assert guide.status.text() == tr("Nothing in the guide answers “{question}”. Try other words, or choose a "
                                     "topic.").replace("{question}", "火星移民签证")
    # Start over: the next person sees nothing of this one's question
    click(qtbot, window.home_button)
    assert guide.query.text() == "" and guide.results.count() == 0


def test_topics_the_hall_map_from_config_and_the_materials_from_the_wizards_checklist(qtbot, app_parts):
    window, core, services = app_parts(**{"hall.counters": HALL})
    guide = to_guide(qtbot, window, services)
    click(qtbot, guide.topic_buttons["hall"])
    assert guide.topic_buttons["hall"].isChecked()
    text = guide.article.toPlainText()
    assert "立案登记" in text and "交费退费" in text and "西侧" in text  # the configured counters
    assert "大厅入口" not in text and "信访接待" not in text  # not the defaults
    click(qtbot, guide.topic_buttons["materials"])
    guide.open_entry("mat-enforcement")
    text = guide.article.toPlainText()
    from kiosk.guide.content import Scenario, checklist_for

    codes = [m.code for m in checklist_for(Scenario(kind="enforcement"))]
    assert "effective_certificate" in codes
    assert "法律文书生效证明" in text and "判决书、裁定书、调解书" in text
    click(qtbot, guide.topic_buttons["legal_aid"])
    assert "12348" in guide.article.toPlainText() or any("申请" in t for t in titles(guide))
    guide.open_entry("aid-where")
    assert "12348" in guide.article.toPlainText()
    click(qtbot, guide.topic_buttons["faq"])
    assert guide.results.count() >= 25


def test_a_fees_article_opens_the_fee_calculator(qtbot, app_parts):
    window, core, services = app_parts()
    guide = to_guide(qtbot, window, services)
    click(qtbot, guide.topic_buttons["fees"])
    guide.open_entry("fees-how-much")
    # "打开诉讼费计算" once the translations are compiled (tr_guide.tsv)
    assert guide.fee_button.isVisible() and guide.fee_button.text() == tr("Open the fee calculator")
    click(qtbot, guide.fee_button)
    assert screen(window) == "fee_calculator"
    guide.open_entry("faq-language")
    assert not guide.fee_button.isVisible()  # only where fees are the subject


def test_a_dictated_question_runs_the_same_search(qtbot, app_parts, monkeypatch):
    """Voice: the mic button of the search box dictates into it (the voice service's signals
    carry the words, as Vosk's dictation does), and the words run the search."""
    window, core, services = app_parts()
    voice = services.voice
    started = []
    monkeypatch.setattr(type(voice), "available", property(lambda self: (True, "")))
    monkeypatch.setattr(voice, "dictate", lambda single_utterance=True: started.append(single_utterance) or True)
    guide = to_guide(qtbot, window, services)
    voice.availability.emit(True, "")
    type_text(qtbot, guide.query, "离婚")  # an earlier question
    mic = guide.field.mic
    assert mic.isVisible() and mic.isEnabled()
    click(qtbot, mic)
    assert started == [True]  # one utterance: a search box stops at the pause
    voice.state.emit("listening")
    assert guide.field.meter.isVisible()
    voice.partial.emit("没钱请律师")
    assert guide.query.text() == "没钱请律师"  # the new question replaces the earlier one
    voice.final.emit("没钱请律师怎么办")
    voice.state.emit("idle")
    assert guide.query.text() == "没钱请律师怎么办"
    assert not guide.field.pending  # the results are what is checked
    ids = [guide.results.item(i).data(Qt.ItemDataRole.UserRole) for i in range(3)]
    assert {"aid-who", "aid-where"} & set(ids)
    assert "法律援助" in guide.article.toPlainText()


def test_the_guide_follows_the_kiosk_language(qtbot, app_parts):
    window, core, services = app_parts()
    guide = to_guide(qtbot, window, services)
    click(qtbot, guide.topic_buttons["procedures"])
    assert guide.topic_buttons["procedures"].text() == "诉讼流程"
    click(qtbot, window.language_button)
    assert guide.topic_buttons["procedures"].text() == "Procedures"
    assert "Filing a civil suit" in guide.article.toPlainText()
    type_text(qtbot, guide.query, "how do I appeal a judgment")
    click(qtbot, guide.search_button)
    assert "Appealing a first-instance judgment" in titles(guide)[:3]


def test_content_that_does_not_validate_leaves_the_guide_out_of_service(qtbot, app_parts, tmp_path):
    import shutil

    from kiosk.guide.content import DEFAULT_DIR

    broken = tmp_path / "guide"
    shutil.copytree(DEFAULT_DIR, broken)
    text = (broken / "faq.toml").read_text(encoding="utf-8").replace('title.en = "Can I go to court without a lawyer?"\n',
                                                                     "", 1)
    (broken / "faq.toml").write_text(text, encoding="utf-8")
    window, core, services = app_parts(**{"guide.content_dir": str(broken)})
    qtbot.waitUntil(lambda: services.guidance.state == "failed", timeout=5000)
    assert "faq.toml" in services.guidance.problem and "faq-no-lawyer" in services.guidance.problem
    click(qtbot, window.attract.start)
    qtbot.waitUntil(lambda: not window.menu.is_available("guidance"), timeout=5000)
    click(qtbot, window.menu.tiles["guidance"])
    assert screen(window) == "menu"  # the kiosk runs on; the guide says it is out of service
    assert window.menu.is_available("fee_calculator")


def test_real_dictation_fills_the_search_box_and_searches(qtbot, app_parts, tmp_path):
    """The whole voice path with the real stacks (Vosk with the Korean model, hearing espeak-ng
    through the simulated microphone): the words heard land in the search box and are searched.
    Korean words are not in the Chinese guide, so the guide says it found nothing for them."""
    from tests.recognition.speech_corpus import SpeechCorpus, korean_model_path, missing_tools

    assert not missing_tools(), f"apt packages needed for synthetic speech: {missing_tools()}"
    wav = SpeechCorpus(tmp_path / "speech").wav("안녕하세요", tail_ms=1500)
    window, core, services = app_parts(**{"speech.model_path": korean_model_path(), "speech.language": "ko"})
    guide = to_guide(qtbot, window, services)
    qtbot.waitUntil(lambda: guide.field.mic.isEnabled(), timeout=10000)
    finals = []
    services.voice.final.connect(finals.append)
    mic = core.devices["microphone"]
    services.workers["microphone"].submit(lambda: mic.play([("wav", str(wav))]), session_bound=False).result()
    click(qtbot, guide.field.mic)
    qtbot.waitUntil(lambda: bool(finals) and not guide.field.meter.isVisible(), timeout=30000)
    heard = finals[0].strip()
    assert heard and guide.query.text() == heard
    assert heard in guide.status.text()  # the search ran on the words heard
