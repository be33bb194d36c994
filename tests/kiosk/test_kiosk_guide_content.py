"""The guide's content files: they validate, every text is in both languages, the materials
lists are the filing wizard's own, and a mistake is reported with its file and entry."""

from __future__ import annotations

import shutil

import pytest

from kiosk.domain import filing
from kiosk.guide.content import (
    DEFAULT_DIR,
    TOPICS,
    GuideContentError,
    Scenario,
    all_scenarios,
    checklist_for,
    load_content,
)
from kiosk.guide.hall import DEFAULT_COUNTERS, CountersError, parse_counters
from kiosk.guide.render import body_html, entry_html, plain_text


@pytest.fixture(scope="module")
def content():
    return load_content()


@pytest.fixture
def copy(tmp_path):
    folder = tmp_path / "guide"
    shutil.copytree(DEFAULT_DIR, folder)
    return folder


def test_the_bundled_content_validates_with_every_topic_and_a_real_faq(content):
    assert [t.id for t in content.topics] == list(TOPICS)
    assert len(content.in_topic("faq")) >= 25
    for topic in TOPICS:
        assert content.in_topic(topic), topic
    for entry in content.entries.values():
        for text in (entry.title, entry.body, *entry.law):
            assert text.zh_CN.strip() and text.en.strip(), entry.id
            assert any("\u4e00" <= ch <= "\u9fff" for ch in text.zh_CN), entry.id  # Chinese first
        assert entry.keywords.zh_CN, entry.id


def test_procedures_state_the_time_limits_with_the_articles_they_rest_on(content):
    def text(entry_id):
        entry = content.entries[entry_id]
        return entry.body.zh_CN + " ".join(t.zh_CN for t in entry.law)

    assert "7日内" in text("proc-civil-first") and "第一百二十六条" in text("proc-civil-first")
    assert "15日内答辩" in text("proc-civil-first") and "第一百二十八条" in text("proc-civil-first")
    assert "15日内上诉" in text("proc-appeal") and "10日内上诉" in text("proc-appeal")
    assert "第一百七十一条" in text("proc-appeal")
    assert "3个月" in text("proc-simple") and "第一百六十四条" in text("proc-simple")
    assert "6个月内审结" in text("proc-civil-first") and "第一百五十二条" in text("proc-civil-first")
    assert "2年" in text("proc-enforcement") and "第二百五十条" in text("proc-enforcement")
    assert "不少于15日" in text("proc-civil-first")  # 举证期限
    assert "12348" in text("aid-where") and "第三十一条" in text("aid-who")


def test_materials_lists_come_from_the_filing_wizards_checklist(content):
    """One source: the guide names materials; `filing.checklist` decides which."""
    for entry in content.in_topic("materials"):
        assert entry.action == "checklist" and entry.checklist is not None
        draft = filing.FilingDraft(court_code="", case_type="", kind=entry.checklist.kind,
                                   filed_by=entry.checklist.filed_by,
                                   plaintiffs=[filing.PartyDraft(kind=filing.ORGANISATION if entry.checklist.organisation
                                                                 else filing.PERSON)])
        assert [m for m, _ in content.checklist(entry)] == filing.checklist(draft)
    html = entry_html(content, content.entries["mat-organisation"], "zh_CN")
    assert "营业执照" in html and "授权委托书" in html
    assert "Business licence" not in html
    assert "business licence" in entry_html(content, content.entries["mat-organisation"], "en")


def test_every_material_the_checklist_can_ask_for_has_a_name(content):
    codes = {m.code for s in all_scenarios() for m in checklist_for(s)}
    assert codes <= set(content.materials)
    assert [m.code for m in checklist_for(Scenario(kind="appeal"))][-2:] == ["judgment", "evidence"]


def test_a_missing_translation_names_the_file_and_the_entry(copy):
    path = copy / "faq.toml"
    path.write_text(path.read_text(encoding="utf-8").replace('title.en = "Can I go to court without a lawyer?"\n', "", 1),
                    encoding="utf-8")
    with pytest.raises(GuideContentError) as err:
        load_content(copy)
    assert err.value.path.endswith("faq.toml")
    assert "faq-no-lawyer" in str(err.value) and "title.en" in str(err.value)


@pytest.mark.parametrize("change, says", [
    (("related = [\"faq-who-can-be-agent\", \"aid-who\", \"hall-self-service\"]",
      "related = [\"faq-nothing\"]"), "related entry 'faq-nothing' does not exist"),
    (("id = \"faq-who-can-be-agent\"", "id = \"faq-no-lawyer\""), "also declared"),
    (("topic = \"faq\"\norder = 1", "topic = \"gossip\"\norder = 1"), "topic"),
    (("[[entry]]\nid = \"faq-no-lawyer\"", "[[entry]\nid = \"faq-no-lawyer\""), "invalid TOML"),
    (("order = 1\nrelated", "order = 1\nsurprise = true\nrelated"), "surprise"),
])
def test_mistakes_are_reported_with_the_file(copy, change, says):
    path = copy / "faq.toml"
    text = path.read_text(encoding="utf-8")
    assert change[0] in text
    path.write_text(text.replace(change[0], change[1], 1), encoding="utf-8")
    with pytest.raises(GuideContentError) as err:
        load_content(copy)
    assert "faq.toml" in str(err.value) and says in str(err.value)


def test_an_unnamed_material_and_an_empty_folder_are_refused(copy, tmp_path):
    path = copy / "topics.toml"
    path.write_text(path.read_text(encoding="utf-8").replace("[material.effective_certificate]", "[material.other]"),
                    encoding="utf-8")
    with pytest.raises(GuideContentError, match="effective_certificate"):
        load_content(copy)
    (tmp_path / "empty").mkdir()
    with pytest.raises(GuideContentError, match="no \\*.toml"):
        load_content(tmp_path / "empty")
    with pytest.raises(GuideContentError, match="does not exist"):
        load_content(tmp_path / "nowhere")


def test_hall_counters_parse_and_explain_their_mistakes():
    counters = parse_counters(DEFAULT_COUNTERS)
    assert len(counters) == 8 and counters[0].number == "1-3" and counters[-1].number == "10"
    assert counters[4].serves("zh_CN") == "法律援助工作站" and counters[4].serves("en") == "Legal aid station"
    assert parse_counters("A1 | 立案 | Filing\nA2 | 交费 | Fees")[1].location("en") == ""
    with pytest.raises(CountersError, match="counter 2"):
        parse_counters("1 | 立案 | Filing; 2 | 交费")
    with pytest.raises(CountersError, match="twice"):
        parse_counters("1 | 立案 | Filing; 1 | 交费 | Fees")


def test_the_config_refuses_bad_counters(tmp_path):
    from kiosk.config import ConfigError, load_config

    assert load_config(env={}).get("hall.counters") == DEFAULT_COUNTERS
    with pytest.raises(ConfigError, match="hall.counters"):
        load_config(env={"KIOSK_HALL__COUNTERS": "1 | only Chinese"})


def test_body_markup_renders_and_strips():
    markup = "## 期限\n第一段\n- 甲 <b>\n- 乙\n\n第二段"
    html = body_html(markup)
    assert "<h3>期限</h3>" in html and "<li>甲 &lt;b&gt;</li>" in html and "<p>第二段</p>" in html
    assert plain_text(markup) == "期限\n第一段\n甲 <b>\n乙\n\n第二段"
