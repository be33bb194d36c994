"""OCR: ID card fields and an A4 complaint page, against raw tesserocr in the same run; accuracy.

- ID card: ``read_id_card`` (locate, warp, crop, 6 raw-line reads, checks)
  per card vs raw tesserocr doing the same reads (same API per language, same
  page segmentation and whitelist) on the same prepared crops (target <= 1.2x).
- A4 page (150 dpi): ``read_page`` (per-line iterator) vs raw tesserocr
  ``GetUTF8Text`` on the same image,
  both single-column segmentation (target <= 1.2x).
- Character accuracy after NFKC on the generated corpus (target >= 99%) and the
  ID card field exact-match rate, clean and mildly distorted.

Run with ``python benchmarks/bench_ocr.py [--cards N]``.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from kiosk.recognition import corpus  # noqa: E402
from kiosk.recognition.accuracy import FLOORS, score_cards, score_pages  # noqa: E402
from kiosk.recognition.fields import extract_fields  # noqa: E402
from kiosk.recognition.idcard_image import FIELDS, _gray, ocr_jobs, read_id_card, warp_card  # noqa: E402
from kiosk.recognition.ocr import OcrEngine, to_pil  # noqa: E402


def run(cards: int = 16, pages: int = 4) -> list[tuple[str, str, str]]:
    import tesserocr

    engine = OcrEngine()
    usable = engine.is_usable()
    if not usable:
        return [("ocr", "n/a", usable.reason)]
    engine.open()
    api = engine.raw_api
    rows = []
    seen_languages = set()

    images = [corpus.make_card(seed) for seed in range(cards)]
    read_id_card(images[0][0], engine)  # warm-up
    ours, raw = [], []
    for image, _ in images:
        start = time.perf_counter()
        read_id_card(image, engine)
        ours.append(time.perf_counter() - start)
        jobs = ocr_jobs(warp_card(_gray(image)))
        apis = [engine.raw_api_for(job.languages) for job in jobs]  # created in the warm-up read
        seen_languages.update(job.languages for job in jobs)
        start = time.perf_counter()
        for job, job_api in zip(jobs, apis, strict=True):
            job_api.SetPageSegMode(tesserocr.PSM.RAW_LINE)  # what read_line(raw_line=True) uses
            job_api.SetVariable("tessedit_char_whitelist", job.whitelist or "")
            job_api.SetImage(to_pil(job.image))
            job_api.GetUTF8Text()
            job_api.MeanTextConf()
            job_api.SetVariable("tessedit_char_whitelist", "")
        raw.append(time.perf_counter() - start)
    ours_ms, raw_ms = statistics.median(ours) * 1000, statistics.median(raw) * 1000
    rows.append(("ocr: ID card fields, time per card", f"{ours_ms:.0f} ms",
                 f"raw tesserocr, same reads on the same crops ({'/'.join(sorted(seen_languages))}) "
                 f"{raw_ms:.0f} ms = {ours_ms / raw_ms:.2f}x "
                 f"(locate+warp+crop included); target <= 1.2x; median of {cards}"))

    page_reads = []
    page_ours, page_raw = [], []
    for seed in range(pages):
        image, truth = corpus.make_page(seed)
        start = time.perf_counter()
        lines = engine.read_page(image)
        page_ours.append(time.perf_counter() - start)
        start = time.perf_counter()
        api.SetPageSegMode(tesserocr.PSM.SINGLE_COLUMN)  # what read_page uses
        api.SetImage(to_pil(image))
        api.GetUTF8Text()
        page_raw.append(time.perf_counter() - start)
        page_reads.append((truth.lines, truth.fields, [ln.text for ln in lines], extract_fields(lines)))
    po, pr = statistics.median(page_ours), statistics.median(page_raw)
    rows.append(("ocr: A4 page (150 dpi), time", f"{po:.2f} s",
                 f"raw tesserocr GetUTF8Text on the same image {pr:.2f} s = {po / pr:.2f}x; target <= 1.2x"))
    score = score_pages(page_reads)
    rows.append(("ocr: character accuracy, A4 pages (NFKC)", f"{score.chars:.1%}",
                 f"{pages} generated complaint pages; target >= 99%, test floor {FLOORS['page_chars']:.0%}"))
    rows.append(("ocr: page fields with a check or format, found exactly", f"{score.checked_recall:.1%}",
                 f"{score.checked_found}/{score.checked_total} ID numbers, codes, phones, dates, case numbers, "
                 f"amounts; test floor {FLOORS['page_checked_recall']:.0%}"))
    rows.append(("ocr: page names and addresses, character accuracy", f"{score.text_chars:.1%}",
                 f"best match per value; test floor {FLOORS['page_text_chars']:.0%}"))

    for label, key, distortion in (("clean", "clean", corpus.CLEAN), ("mild distortion", "mild", corpus.MILD)):
        reads = []
        for seed in range(cards):
            image, truth = corpus.make_card(seed, distortion)
            reads.append(({k: truth[k] for k in FIELDS}, read_id_card(image, engine)))
        score = score_cards(reads)
        rows.append((f"ocr: ID card character accuracy, {label} (NFKC)", f"{score.chars:.1%}",
                     f"{cards} generated cards; target >= 99%, test floor {FLOORS['card_chars_' + key]:.1%}"))
        rows.append((f"ocr: ID card field exact-match, {label}", f"{score.exact_rate:.1%}",
                     f"{score.exact}/{score.fields} fields; test floor {FLOORS['card_fields_exact_' + key]:.0%}; "
                     f"wrong without a flag: {len(score.silently_wrong)}"))
    engine.close()
    return rows


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--cards", type=int, default=16)
    parser.add_argument("--pages", type=int, default=4)
    ns = parser.parse_args()
    for row in run(ns.cards, ns.pages):
        print(" | ".join(row))
