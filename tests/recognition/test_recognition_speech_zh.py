"""Chinese dictation (kiosk.recognition.speech): no spaces between Chinese words, punctuation from
the pauses between words, through the voice service the UI listens to, with a FAKE Vosk that emits
exactly what a Chinese model (vosk-model-small-cn-0.22) gives: pretty-printed JSON, partial results
``{"partial" : "我 要"}``, final results with ``"text"`` and ``"result"`` word timings (``SetWords``).
English gets ", " and "."; other languages (the Korean test model) keep the model's text. And
``kiosk doctor`` loads the configured model and recognises its built-in check."""

from __future__ import annotations

import importlib.machinery
import json
import os
import subprocess
import sys
import types
from pathlib import Path

import pytest

from drivers.audio.simulator import SimulatedMicrophone
from kiosk.recognition.speech import Dictation, Final, Partial, SpeechEngine, dictated_text, join_words
from kiosk.services import voice
from tests.services import fakes

# what the Chinese model hears in "我要起诉张三 …(0.8 s)… 他欠我一万元": word, start, end
WORDS = [("我", 0.51, 0.66), ("要", 0.66, 0.84), ("起诉", 0.84, 1.23), ("张三", 1.23, 1.71),
         ("他", 2.52, 2.67), ("欠", 2.67, 2.88), ("我", 2.88, 3.0), ("一万", 3.0, 3.42), ("元", 3.42, 3.6)]
ZH_VOCABULARY = {"我", "要", "起诉", "张三", "他", "欠", "一万", "元", "的", "是", "[unk]"}
EN_VOCABULARY = {"the", "and", "i", "want", "to", "sue", "john", "he", "owes", "me", "[unk]"}


def vosk_json(data: dict) -> str:
    """Vosk's own formatting: two-space indent, ' : ' between key and value."""
    return json.dumps(data, ensure_ascii=False, indent=2).replace('": ', '" : ')


def final_json(words) -> str:
    return vosk_json({"result": [{"conf": 1.0, "end": e, "start": s, "word": w} for w, s, e in words],
                      "text": " ".join(w for w, _, _ in words)})


class FakeChineseRecognizer:
    """vosk.KaldiRecognizer for a Chinese model: chunk after chunk the partial grows by a word; the
    chunk after the last word the endpointer fires and Result() has the words with their times."""

    def __init__(self, model, sample_rate, grammar=None):
        assert sample_rate == 16000
        self.words = model.script
        self.fed = 0
        self.words_on = False

    def SetWords(self, on):  # noqa: N802 (Vosk's API)
        self.words_on = on

    def AcceptWaveform(self, pcm):  # noqa: N802
        self.fed += 1
        return self.fed == len(self.words) + 1

    def PartialResult(self):  # noqa: N802
        heard = self.words[: min(self.fed, len(self.words))]
        return vosk_json({"partial": " ".join(w for w, _, _ in heard)})

    def Result(self):  # noqa: N802
        assert self.words_on, "dictation must ask for word times (SetWords(True))"
        return final_json(self.words)

    def FinalResult(self):  # noqa: N802
        heard = self.words[: min(self.fed, len(self.words))]
        return final_json(heard) if heard else vosk_json({"text": ""})

    def Reset(self):  # noqa: N802
        self.fed = 0


@pytest.fixture
def fake_vosk(monkeypatch, tmp_path):
    """A fake ``vosk`` module and a folder that looks like a model; returns (folder, models made)."""
    models = []

    class Model:
        def __init__(self, path):
            self.path = path
            self.vocabulary = FAKE["vocabulary"]
            self.script = FAKE["script"]
            models.append(self)

        def vosk_model_find_word(self, word):
            return 1 if word in self.vocabulary else -1

    FAKE = {"vocabulary": ZH_VOCABULARY, "script": WORDS}
    module = types.ModuleType("vosk")
    module.__spec__ = importlib.machinery.ModuleSpec("vosk", None)
    module.Model, module.KaldiRecognizer, module.SetLogLevel = Model, FakeChineseRecognizer, lambda level: None
    monkeypatch.setitem(sys.modules, "vosk", module)
    folder = tmp_path / "vosk-model-small-cn-0.22"
    (folder / "am").mkdir(parents=True)
    (folder / "am" / "final.mdl").write_bytes(b"fake")
    return folder, FAKE


def _service(tmp_path, folder, language="zh_CN"):
    config = fakes.make_config(tmp_path, **{"speech.model_path": str(folder), "speech.language": language})
    spec = voice.SERVICE
    health = types.SimpleNamespace(checked=types.SimpleNamespace(connect=lambda slot: None))
    microphone = SimulatedMicrophone([("silence", 3000)], realtime=False)
    return spec.factory(fakes.make_deps(spec, config, devices={"microphone": microphone},
                                        services={"device_health": health}))


# -- the text rules --


def test_chinese_words_are_joined_and_pauses_become_commas():
    assert dictated_text(json.loads(final_json(WORDS)), "zh_CN") == "我要起诉张三，他欠我一万元。"
    assert dictated_text(json.loads(final_json(WORDS[:4])), "zh") == "我要起诉张三。"
    # a pause just under the threshold is no comma
    close = [("我", 0.5, 0.7), ("要", 1.25, 1.4)]
    assert dictated_text(json.loads(final_json(close)), "zh") == "我要。"
    assert dictated_text({"partial": "我 要 起诉"}, "zh", final=False) == "我要起诉"
    assert dictated_text({"text": ""}, "zh") == ""
    assert dictated_text({"text": "我 要"}, "zh") == "我要。"  # no word times: no commas, still a full stop


def test_latin_words_and_digits_between_chinese_words():
    assert join_words(["我", "要", "起诉", "ABC", "公司"], "zh") == "我要起诉 ABC 公司"
    assert join_words(["借款", "10000", "元"], "zh") == "借款10000元"
    assert join_words(["hello", "world"], "zh") == "hello world"
    assert join_words(["我", "[unk]", "要"], "zh") == "我要"


def test_english_gets_commas_and_full_stops_but_keeps_its_spaces():
    words = [("i", 0.3, 0.4), ("want", 0.4, 0.6), ("to", 0.6, 0.7), ("sue", 0.7, 1.0), ("he", 1.8, 1.9),
             ("owes", 1.9, 2.1), ("me", 2.1, 2.3)]
    assert dictated_text(json.loads(final_json(words)), "en_US") == "i want to sue, he owes me."


def test_other_languages_keep_the_models_text():
    result = {"text": "안녕하세요 서류를", "result": [{"word": "안녕하세요", "start": 0, "end": 0.5},
                                                 {"word": "서류를", "start": 1.5, "end": 2}]}
    assert dictated_text(result, "ko") == "안녕하세요 서류를"
    assert dictated_text(result, "") == "안녕하세요 서류를"


# -- through the voice service (what the dictation buttons use) --


def test_dictation_through_the_voice_service_has_no_spaces_and_punctuation(tmp_path, fake_vosk):
    folder, _ = fake_vosk
    service = _service(tmp_path, folder)
    assert service.available == (True, "")
    partials, finals = fakes.recorder(service.partial), fakes.recorder(service.final)
    failed = fakes.recorder(service.failed)
    assert service.dictate()
    assert failed == []
    assert partials[:3] == ["我", "我要", "我要起诉"]
    assert all(" " not in p for p in partials)
    assert finals == ["我要起诉张三，他欠我一万元。"]
    assert service.engine.language == "zh"  # told by the model's vocabulary


def test_the_models_language_comes_from_its_vocabulary_or_the_configuration(tmp_path, fake_vosk):
    folder, fake = fake_vosk
    assert SpeechEngine(folder).language == "zh"
    assert SpeechEngine(folder, language="en_US").language == "en"  # configured: not probed
    fake["vocabulary"] = EN_VOCABULARY
    assert SpeechEngine(folder).language == "en"
    fake["vocabulary"] = {"네", "아니요"}
    assert SpeechEngine(folder).language == ""


def test_an_english_model_through_the_voice_service(tmp_path, fake_vosk):
    folder, fake = fake_vosk
    fake["vocabulary"] = EN_VOCABULARY
    fake["script"] = [("i", 0.3, 0.4), ("want", 0.4, 0.6), ("to", 0.6, 0.7), ("sue", 0.7, 1.0), ("john", 1.0, 1.3)]
    service = _service(tmp_path, folder, language="en")
    partials, finals = fakes.recorder(service.partial), fakes.recorder(service.final)
    assert service.dictate()
    assert partials[:2] == ["i", "i want"]
    assert finals == ["i want to sue john."]


def test_a_chinese_utterance_ended_at_a_pause_the_endpointer_missed(fake_vosk):
    """The level-based end of an utterance (Dictation.PAUSE_MS) takes the same path."""

    class Deaf(FakeChineseRecognizer):
        def AcceptWaveform(self, pcm):  # noqa: N802
            self.fed += 1
            return False

    model = types.SimpleNamespace(script=WORDS[:4])
    recognizer = Deaf(model, 16000)
    recognizer.SetWords(True)
    dictation = Dictation(model=None, recognizer=recognizer, language="zh")
    voiced = b"\x00\x40\x00\xc0" * 800  # 100 ms of a loud square wave
    results = [dictation.feed(voiced) for _ in range(5)]
    results += [dictation.feed(bytes(3200)) for _ in range(Dictation.PAUSE_MS // 100 + 1)]
    assert [r.text for r in results if isinstance(r, Partial) and r.text][:2] == ["我", "我要"]
    assert [r.text for r in results if isinstance(r, Final)] == ["我要起诉张三。"]


# -- kiosk doctor --


@pytest.mark.slow
def test_self_check_loads_a_real_model_and_recognises_its_sample():
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from speech_corpus import korean_model_path

    engine = SpeechEngine(korean_model_path())
    summary = engine.self_check()
    assert engine.loaded and "16000 Hz" in summary and "recognised its check" in summary
    assert engine.language == ""  # the Korean model is neither Chinese nor English


@pytest.mark.slow
def test_kiosk_doctor_verifies_the_configured_speech_model(tmp_path):
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from speech_corpus import korean_model_path

    env = {k: v for k, v in os.environ.items() if not k.startswith("KIOSK_")}
    env.update({"KIOSK_KIOSK__DATA_DIR": str(tmp_path / "data"), "KIOSK_KIOSK__LOG_DIR": str(tmp_path / "log"),
                "QT_QPA_PLATFORM": "offscreen", "KIOSK_SPEECH__MODEL_PATH": korean_model_path(),
                "KIOSK_SPEECH__LANGUAGE": "ko"})
    result = subprocess.run([sys.executable, "-m", "kiosk", "doctor"], capture_output=True, text=True, env=env,
                            timeout=120)
    speech = [line for line in result.stdout.splitlines() if line.startswith("speech ")]
    assert speech and "ok" in speech[0] and "recognised its check" in speech[0] and "16000 Hz" in speech[0], \
        result.stdout + result.stderr
    # a folder that is no model: a note (voice input is optional), with the reason
    env["KIOSK_SPEECH__MODEL_PATH"] = str(tmp_path)
    result = subprocess.run([sys.executable, "-m", "kiosk", "doctor"], capture_output=True, text=True, env=env,
                            timeout=120)
    speech = [line for line in result.stdout.splitlines() if line.startswith("speech ")]
    assert speech and "off" in speech[0] and "not a Vosk model" in speech[0]
