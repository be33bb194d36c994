"""A second, independent generator of test documents: ID card photos (front and back) and
photographed or scanned complaint pages (民事起诉状), each with its ground truth.

Why it exists. The project's own corpus (``kiosk.recognition.corpus``) draws its cards with the
reader's own geometry, so a reader tuned to it can look perfect while failing on any card it
has never seen. This package draws documents from its own reading of what the real ones look
like: other fonts (Noto Sans/Serif CJK SC, WenQuanYi Zen Hei, AR PL UKai/UMing), other
proportions and type sizes varied per card, addresses over two or three lines, all 56 nations,
backgrounds, perspective, lighting, glare, blur, moiré and JPEG.

The independence rule (held by ``tests/corpora/test_independence.py``, an AST check):

- nothing here imports ``kiosk`` (not the corpus, not ``LAYOUT``, not the ID number rules:
  check digits come from ``stdnum``); it uses only numpy, OpenCV, Pillow and stdnum;
- nothing in ``kiosk/`` imports ``tests.corpora``: the reader never sees this generator.

Using it (also the API the benchmark uses, ``benchmarks/bench_ocr.py``):

- ``cards.make_card(seed, *, side="front"|"back", difficulty="clean"|"desk"|"hard")``
  -> ``(image_bgr, truth)``; front truth: ``name, sex, nation, birth, address, id_number``;
  back truth: ``issuer, valid_from, valid_to`` (ISO dates; ``valid_to`` may be ``"长期"``).
  The same seed is the same person on both sides. ``cards.card_set(n, seed=0, side=...,
  difficulty=...)`` yields ``n`` of them (seeds ``seed .. seed+n-1``).
- ``pages.make_page(seed, *, layout=None|"classic"|"table"|"two_column", difficulty="clean"|
  "photo")`` -> ``(image_bgr, truth)``; truth: ``defendant_kind, defendant_name,
  defendant_id, defendant_address, defendant_phone, claims (list[str]), amount (yuan, str
  with two decimals), facts`` plus ``layout`` and ``lines`` (the printed text lines).
  ``pages.page_set(n, seed=0, ...)`` yields ``n`` of them.
- ``scoring`` maps a reader's output onto this truth and counts exact fields
  (``card_reads_to_rows``/``score_rows``); it has no knowledge of the reader's internals.

Everything is deterministic for a seed (a numpy Generator and a ``random.Random`` seeded from
the seed, the side and the difficulty), so a failing figure can be reproduced image by image.
"""
