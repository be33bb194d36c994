"""OCR on the generated corpus: ID card fields, check-digit flags, page fields, CLI JSON."""

from __future__ import annotations

import json
import unicodedata
from decimal import Decimal

import cv2
import pytest

from kiosk.domain import idnumber
from kiosk.recognition import corpus
from kiosk.recognition.accuracy import FLOORS, char_accuracy, id_number_valid, score_cards, score_pages
from kiosk.recognition.fields import extract_fields
from kiosk.recognition.idcard_image import FIELDS, read_id_card
from kiosk.recognition.ocr import OcrEngine
from tests.recognition.conftest import usable_or_skip

# Model output moves with every Tesseract, OpenCV or Pillow release, so no test here expects a
# given card or page to be read exactly: they hold accuracy over the corpus to its floor
# (kiosk.recognition.accuracy.FLOORS) and the checks to their promise (a misread ID number is
# flagged, whatever was read). The benchmark (bench_ocr) reports the figures themselves.
CARDS = 16
PAGES = 4


@pytest.fixture(scope="module")
def engine():
    eng = usable_or_skip(OcrEngine())
    eng.open()
    yield eng
    eng.close()
    eng.close()  # idempotent


@pytest.fixture(scope="module")
def card_reads(engine):
    """{distortion name: [(truth, fields read)]} over the generated cards."""
    out = {}
    for name, distortion in (("clean", corpus.CLEAN), ("mild", corpus.MILD)):
        reads = []
        for seed in range(CARDS):
            image, truth = corpus.make_card(seed, distortion)
            reads.append((truth, read_id_card(image, engine)))
        out[name] = reads
    return out


@pytest.fixture(scope="module")
def page_reads(engine):
    reads = []
    for seed in range(PAGES):
        image, truth = corpus.make_page(seed)
        lines = engine.read_page(image)
        reads.append((truth, lines))
    return reads


def _nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


def test_recognition_every_card_read_gives_every_field_with_a_confidence(card_reads):
    for reads in card_reads.values():
        for _truth, fields in reads:
            assert set(fields) == set(FIELDS)
            assert all(0.0 <= f.confidence <= 1.0 for f in fields.values())
            assert all(f.flagged == bool(f.reason) for f in fields.values())


@pytest.mark.parametrize("distortion", ["clean", "mild"])
def test_recognition_card_accuracy_holds_its_floor(card_reads, distortion):
    score = score_cards(card_reads[distortion])
    assert score.chars >= FLOORS[f"card_chars_{distortion}"], f"character accuracy {score.chars:.2%}"
    assert score.exact_rate >= FLOORS[f"card_fields_exact_{distortion}"], \
        f"fields read exactly {score.exact}/{score.fields}"


@pytest.mark.parametrize("distortion", ["clean", "mild"])
def test_recognition_a_misread_card_number_is_never_passed_on_unflagged(card_reads, distortion):
    """Whatever the engine read: a number that fails its check is flagged with that reason, one
    that passes is not; a birth date or sex that disagrees with a valid number is flagged; so
    no ID number, birth date or sex on the corpus is wrong without a flag."""
    for _truth, fields in card_reads[distortion]:
        number = fields["id_number"]
        if id_number_valid(number.value):
            assert number.reason in ("", "low_confidence")
            born = idnumber.birth_date(number.value).isoformat()
            assert fields["birth_date"].flagged or fields["birth_date"].value == born
            sex = {"M": "男", "F": "女"}[idnumber.sex(number.value)]
            assert fields["sex"].flagged or fields["sex"].value == sex
        else:
            assert number.flagged and number.reason not in ("", "low_confidence")
    assert score_cards(card_reads[distortion]).silently_wrong == []


class ScriptedEngine:
    """Answers each field's read with a given text: the checks on exactly the values they get."""

    def __init__(self, texts: dict[str, str], confidence: float = 0.9):
        self.texts, self.confidence = texts, confidence

    def read_line(self, image, whitelist=None, languages=None, raw_line=False):
        return self.texts.get(self.pending.pop(0), ""), self.confidence


def read_scripted(texts: dict[str, str], confidence: float = 0.9):
    from kiosk.recognition.idcard_image import _gray, ocr_jobs, warp_card

    image, _ = corpus.make_card(0)
    engine = ScriptedEngine(texts, confidence)
    engine.pending = [job.field for job in ocr_jobs(warp_card(_gray(image)))]  # the order read_id_card reads in
    return read_id_card(image, engine)


def test_recognition_checks_flag_exactly_the_values_that_fail_them():
    good = {"name": "张三", "sex": "男", "nation": "汉", "birth_date": "1949年12月31日",
            "address": "北京市朝阳区建国路88号", "id_number": "11010519491231002X"}
    fields = read_scripted(dict(good, sex="男"))
    assert not any(f.flagged for k, f in fields.items() if k != "sex")
    assert fields["sex"].reason == "mismatch_id_number"  # 002X: the 17th digit is even, a woman
    fields = read_scripted(dict(good, id_number="110105194912310021"))
    assert fields["id_number"].flagged and fields["id_number"].reason == "checksum"
    assert not fields["birth_date"].flagged  # nothing to compare with once the number is wrong
    fields = read_scripted(dict(good, birth_date="1960年1月1日", sex="女"))
    assert fields["birth_date"].reason == "mismatch_id_number" and not fields["id_number"].flagged
    fields = read_scripted(good, confidence=0.3)
    assert all(f.reason == "low_confidence" for k, f in fields.items() if k != "sex")
    assert read_scripted(dict(good, name=""))["name"].reason == "empty"


def test_recognition_a_printed_bad_check_digit_is_flagged_on_every_card(engine):
    for seed in range(4):
        _, truth = corpus.make_card(seed)
        number = truth["id_number"]
        wrong = number[:-1] + ("0" if number[-1] != "0" else "1")
        image, _ = corpus.make_card(seed, truth=dict(truth, id_number=wrong))
        fields = read_id_card(image, engine)
        assert fields["id_number"].flagged and fields["id_number"].reason != "low_confidence", seed


def test_recognition_a_printed_birth_date_that_disagrees_is_flagged(engine):
    checked = 0
    for seed in range(4):
        _, truth = corpus.make_card(seed)
        other_sex = "女" if truth["sex"] == "男" else "男"
        image, _ = corpus.make_card(seed, truth=dict(truth, birth_date="1960-01-01", sex=other_sex))
        fields = read_id_card(image, engine)
        if fields["id_number"].flagged:  # misread number: the litigant corrects it, then it is compared
            continue
        checked += 1
        assert fields["birth_date"].flagged and fields["birth_date"].reason == "mismatch_id_number"
        assert fields["sex"].flagged and fields["sex"].reason == "mismatch_id_number"
    assert checked >= 3  # the ID number is read well enough to compare on most cards


def test_recognition_fields_from_ground_truth_text():
    truth = corpus.page_truth(4)
    found = extract_fields([(line, 0.95) for line in truth.lines])
    for kind, values in truth.fields.items():
        got = [f.value for f in found[kind]]
        if kind == "amounts":
            assert got == [Decimal(v) for v in values]
        else:
            assert [_nfkc(str(v)) for v in got] == [_nfkc(str(v)) for v in values], kind
    assert not any(f.flagged for fs in found.values() for f in fs)


def test_recognition_fields_flags_bad_numbers_and_low_confidence():
    found = extract_fields([("公民身份号码：110105194912310021", 0.9), ("住址：北京市朝阳区建国路88号", 0.3),
                            ("统一社会信用代码：91210200MA0QC7AB10", 0.9), ("金额1,234.5元及3万元", 0.9)])
    assert found["id_numbers"][0].flagged
    assert found["addresses"][0].flagged
    assert found["usccs"][0].flagged
    assert [f.value for f in found["amounts"]] == [Decimal("1234.5"), Decimal("30000")]


def test_recognition_page_accuracy_holds_its_floor(page_reads):
    reads = [(truth.lines, truth.fields, [ln.text for ln in lines], extract_fields(lines)) for truth, lines in page_reads]
    for _truth, lines in page_reads:
        assert lines and all(0.0 <= ln.confidence <= 1.0 for ln in lines)
    score = score_pages(reads)
    assert score.chars >= FLOORS["page_chars"], f"character accuracy {score.chars:.2%}"
    assert score.checked_recall >= FLOORS["page_checked_recall"], f"missed {score.missed}"
    assert score.text_chars >= FLOORS["page_text_chars"], f"names and addresses {score.text_chars:.2%}"
    assert score.silently_wrong == []  # a code found that is not the page's own fails its check


def test_recognition_cli_json(engine, tmp_path, capsys):
    from kiosk.cli import main

    image, _ = corpus.make_card(1)
    path = tmp_path / "card.png"
    cv2.imwrite(str(path), image)
    assert main(["ocr", "idcard", str(path)]) == 0
    out = json.loads(capsys.readouterr().out)
    assert set(out) == {"name", "sex", "nation", "birth_date", "address", "id_number"}
    assert all({"value", "confidence"} <= set(v) for v in out.values())
    # what the kiosk itself reads from the same file (its engines: ocr.engine primary + the
    # fallback), not what a given engine build happens to read
    from kiosk.recognition.engines import build_engines

    kiosk_engines = build_engines()
    assert out == {k: f.to_json() for k, f in read_id_card(cv2.imread(str(path)), kiosk_engines).items()}

    page, _ = corpus.make_page(1)
    path = tmp_path / "page.png"
    cv2.imwrite(str(path), page)
    assert main(["ocr", "page", str(path)]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["lines"] and {"text", "confidence"} <= set(out["lines"][0])
    assert set(out["fields"]) >= {"names", "id_numbers", "amounts", "case_numbers"}
    assert main(["ocr", "idcard", str(tmp_path / "missing.png")]) == 2


def test_recognition_engine_reports_missing_languages(tmp_path):
    usable = OcrEngine(tessdata=str(tmp_path), languages="chi_sim+eng").is_usable()
    assert not usable and "chi_sim" in usable.reason
    assert not OcrEngine(tessdata=str(tmp_path / "none")).is_usable()


def test_recognition_pytesseract_fallback_reads_a_line(engine):
    fallback = OcrEngine(backend="pytesseract")
    if not fallback.is_usable():
        pytest.skip("pytesseract not installed")
    from kiosk.recognition.idcard_image import field_crops, prepare_crop, warp_card

    pairs, confidences = [], []
    for seed in range(4):
        image, truth = corpus.make_card(seed)
        crop = prepare_crop(field_crops(warp_card(image))["id_number"])
        text, confidence = fallback.read_line(crop, whitelist="0123456789X", languages="eng", raw_line=True)
        pairs.append((truth["id_number"], text))
        confidences.append(confidence)
    assert char_accuracy(pairs) >= FLOORS["card_chars_clean"], pairs
    assert all(0.0 <= c <= 1.0 for c in confidences) and sorted(confidences)[len(confidences) // 2] > 0.5


def test_recognition_corpus_is_deterministic(tmp_path):
    a = corpus.write_corpus(tmp_path / "a", cards=1, pages=1, seed=5, distortion=corpus.MILD)
    b = corpus.write_corpus(tmp_path / "b", cards=1, pages=1, seed=5, distortion=corpus.MILD)
    for x, y in zip(a, b, strict=True):
        assert x.read_bytes() == y.read_bytes()
        assert x.with_suffix(".json").read_text(encoding="utf-8") == y.with_suffix(".json").read_text(encoding="utf-8")


def test_recognition_engine_languages_must_be_its_own(engine):
    from kiosk.recognition.ocr import OcrError

    with pytest.raises(OcrError):
        engine.read_line(cv2.UMat(1, 1, cv2.CV_8U).get(), languages="deu")
    assert engine.raw_api_for("chi_sim") is engine.raw_api_for("chi_sim")
    assert engine.raw_api_for(None) is engine.raw_api
