"""诉讼风险评估: the litigation risk assessment's rules engine (no Qt).

`load_catalog` reads the questionnaires, rules and statutes (``assets/risk/``, validated);
`assess` turns a case type's answers into risks, each with its level, its reason and the rules it
rests on; `kiosk.risk.report` gives the JSON, the QR's summary and the A4 report's HTML.
``kiosk risk assess FILE.json`` is `kiosk.risk.cli`. The answer keys are in docs/risk-assessment.md.

The names below load on first use, so that the ``kiosk`` command's parser (which imports
`kiosk.risk.cli`) does not load pydantic for other subcommands.
"""

from __future__ import annotations

import importlib

_NAMES = {
    "AnswerError": "engine", "Assessment": "engine", "Risk": "engine", "add_period": "engine",
    "assess": "engine", "parse_answers": "engine",
    "LEVELS": "model", "CaseType": "model", "Catalog": "model", "CatalogError": "model", "Question": "model",
    "load_catalog": "model",
}

__all__ = sorted(_NAMES)


def __getattr__(name: str):
    module = _NAMES.get(name)
    if module is None:
        raise AttributeError(f"module 'kiosk.risk' has no attribute {name!r}")
    return getattr(importlib.import_module(f"kiosk.risk.{module}"), name)
