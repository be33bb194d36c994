"""Recognition on documents the reader has never seen: the independent generator
(tests/corpora, other fonts, proportions, backgrounds and cameras) beside the project's own
corpus (kiosk.recognition.corpus, drawn with the reader's geometry).

Per-field exact rates are printed side by side (run with ``-s``). The floors below are what the
reader achieved when they were set, minus a margin: they catch a regression, they are not
the goal. The goal (issue 18, ``make bench``) is:

- ID card fields exact, on each generator: >= 98 %  (TARGET_CARD_FIELDS)
- ID numbers: 100 %                                  (TARGET_ID_NUMBERS)
- complaint-page form fields exact: >= 95 %          (TARGET_PAGE_FIELDS)

Raise the floors towards the targets as the reader improves (the label-based reader).
"""

from __future__ import annotations

import os
import signal
import time

import pytest

from kiosk.recognition import corpus
from tests.corpora import cards, pages, scoring
from tests.recognition.conftest import usable_or_skip

pytestmark = pytest.mark.slow

TARGET_CARD_FIELDS = 0.98
TARGET_ID_NUMBERS = 1.0
TARGET_PAGE_FIELDS = 0.95

# Sizes keep the file near a minute on 2 cores (the benchmark reads more); a page takes the
# primary engine seconds, so pages are few unless KIOSK_UNSEEN_PAGES asks for more.
CARDS_PER_DIFFICULTY = 8   # x clean/desk/hard = 24 fronts of the independent generator
BACKS = 6
PROJECT_CARDS = 6          # x clean/mild = 12 of the project's corpus
PAGES = int(os.environ.get("KIOSK_UNSEEN_PAGES", "3"))  # per generator (one of each layout at 3)
FORM_CPU_SECONDS = 20      # page_form on one page's lines: more is a hang, counted as nothing read

# Floors: (all fields exact, ID numbers exact) per column of the card table, and all form
# fields exact per column of the page table. Measured with PP-OCR primary + the label reader
# (one card of 8 is 12.5 %): G clean 97.9 % (IDs 100 %), G desk 100 %, G hard 95.8 % (IDs 87.5 %),
# project clean/mild 100 %; backs 100 %; pages (3 each): G 100 % (95.8 % in another run: one character),
# project 100 % (before page layouts were read by kiosk.recognition.layout: G 33 %, project 87.5 %).
CARD_FLOORS = {
    "G clean": (0.90, 0.85),
    "G desk": (0.90, 0.85),
    "G hard": (0.85, 0.75),
    "project clean": (0.95, 0.80),
    "project mild": (0.95, 0.80),
}
BACK_FLOOR = 0.85
PAGE_FLOORS = {"G pages": 0.85, "project pages": 0.90}

FRONT = cards.FRONT_KEYS
PAGE_KEYS = pages.FORM_KEYS


@pytest.fixture(scope="module")
def engine():
    from kiosk.recognition.engines import build_engines

    eng = usable_or_skip(build_engines())  # as the kiosk has them: PP-OCR primary, Tesseract fallback
    eng.open()
    yield eng
    eng.close()


def _project_card(truth: dict) -> dict:
    out = dict(truth)
    out["birth"] = out.pop("birth_date")
    return out


@pytest.fixture(scope="module")
def card_scores(engine):
    from kiosk.recognition.idcard_image import read_id_card

    runs = {}
    seconds = {}
    for difficulty in ("clean", "desk", "hard"):
        runs[f"G {difficulty}"] = list(cards.card_set(CARDS_PER_DIFFICULTY, seed=1000, difficulty=difficulty))
    runs["project clean"] = [(img, _project_card(t)) for img, t in
                             (corpus.make_card(s, corpus.CLEAN) for s in range(PROJECT_CARDS))]
    runs["project mild"] = [(img, _project_card(t)) for img, t in
                            (corpus.make_card(s, corpus.MILD) for s in range(PROJECT_CARDS))]
    scores = {}
    for name, docs in runs.items():
        start = time.perf_counter()
        scores[name] = scoring.score(((t, read_id_card(img, engine)) for img, t in docs), FRONT)
        seconds[name] = (time.perf_counter() - start) / len(docs)
    backs = list(cards.card_set(BACKS, seed=1000, side="back", difficulty="desk"))
    back = scoring.score(((t, read_id_card(img, engine)) for img, t in backs), cards.BACK_KEYS)
    print("\nID card fronts, fields exact (independent generator G vs the project's corpus):")
    print(scoring.table(scores, FRONT))
    print("seconds per card: " + ", ".join(f"{n} {s:.2f}" for n, s in seconds.items()))
    print("ID card backs (G desk):")
    print(scoring.table({"G back desk": back}, cards.BACK_KEYS))
    for name, sc in {**scores, "G back desk": back}.items():
        for index, key, truth, got in sc.misses:
            print(f"  miss {name} #{index} {key}: {truth!r} -> {got!r}")
    return scores, back


@pytest.mark.timeout(400)
def test_unseen_cards_hold_their_floors(card_scores):
    scores, _ = card_scores
    low = []
    for name, (fields_floor, numbers_floor) in CARD_FLOORS.items():
        sc = scores[name]
        if sc.rate() < fields_floor or sc.rate("id_number") < numbers_floor:
            low.append(f"{name}: fields {sc.rate():.1%} (floor {fields_floor:.0%}), "
                       f"ID numbers {sc.rate('id_number'):.1%} (floor {numbers_floor:.0%})")
    assert not low, "; ".join(low)


def test_unseen_card_backs_hold_their_floor(card_scores):
    _, back = card_scores
    assert back.rate() >= BACK_FLOOR, f"back fields exact {back.rate():.1%}: {back.misses}"


# -- pages ---------------------------------------------------------------------------------

def _page_reader():
    try:
        from kiosk.recognition.form import page_form
    except ImportError:
        pytest.skip("kiosk.recognition.form.page_form is not there yet (developer P's `kiosk ocr page` form)")
    try:
        from kiosk.recognition.preprocess import remove_red_seal
    except ImportError:
        def remove_red_seal(image):
            return image
    return page_form, remove_red_seal


class _Hang(Exception):
    pass


def _form_or_nothing(page_form, lines) -> dict:
    """page_form(lines), or {} (and a printed note) when it runs FORM_CPU_SECONDS of CPU: a
    hang counts as every field missed instead of stopping the run. A CPU-time timer
    (SIGVTALRM), so pytest-timeout's SIGALRM is left alone."""
    def stop(signum, frame):
        raise _Hang

    previous = signal.signal(signal.SIGVTALRM, stop)
    signal.setitimer(signal.ITIMER_VIRTUAL, FORM_CPU_SECONDS)
    try:
        return page_form(lines)
    except _Hang:
        print(f"  page_form did not return within {FORM_CPU_SECONDS} s of CPU: counted as nothing read")
        return {}
    finally:
        signal.setitimer(signal.ITIMER_VIRTUAL, 0)
        signal.signal(signal.SIGVTALRM, previous)


@pytest.fixture(scope="module")
def page_scores(engine):
    page_form, remove_red_seal = _page_reader()
    runs = {
        "G pages": [pages.make_page(s, difficulty="photo" if s % 2 else "clean") for s in range(500, 500 + PAGES)],
        "project pages": [(img, scoring.project_page_form(t)) for img, t in (corpus.make_page(s) for s in range(PAGES))],
    }
    scores = {}
    for name, docs in runs.items():
        start = time.perf_counter()
        reads = ((t, _form_or_nothing(page_form, engine.read_page(remove_red_seal(img)))) for img, t in docs)
        scores[name] = scoring.score(reads, PAGE_KEYS)
        print(f"{name}: {(time.perf_counter() - start) / len(docs):.2f} s per page")
    print("\nComplaint pages, form fields exact (independent generator G vs the project's corpus):")
    print(scoring.table(scores, PAGE_KEYS))
    for name, sc in scores.items():
        for index, key, truth, got in sc.misses:
            print(f"  miss {name} #{index} {key}: {str(truth)[:60]!r} -> {str(got)[:60]!r}")
    return scores


@pytest.mark.timeout(600)
def test_unseen_pages_hold_their_floors(page_scores):
    low = [f"{name}: {page_scores[name].rate():.1%} (floor {floor:.0%})"
           for name, floor in PAGE_FLOORS.items() if page_scores[name].rate() < floor]
    assert not low, "; ".join(low)
