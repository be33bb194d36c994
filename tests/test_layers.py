"""Layer rules import-linter cannot express (it sees external packages only at their
top level): below ui/, only the composition root may touch QtWidgets or QtGui."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ALLOWED = {"kiosk/app.py"}
# QtGui only (no widgets): the camera preview builds its QImage on the camera's worker,
# so that the GUI thread only shows finished images.
GUI_ALLOWED = {"kiosk/services/devicetest.py", "drivers/a4printer/cups_backend.py", "kiosk/documents/pdf.py"}


def imported_modules(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_only_the_composition_root_below_ui_imports_widgets():
    offenders = []
    for package in ("kiosk", "drivers", "offline_queue", "court_sandbox"):
        for path in (ROOT / package).rglob("*.py"):
            rel = path.relative_to(ROOT).as_posix()
            if rel in ALLOWED:
                continue
            forbidden = ("PySide6.QtWidgets",) if rel in GUI_ALLOWED else ("PySide6.QtWidgets", "PySide6.QtGui")
            bad = {m for m in imported_modules(path) if m.startswith(forbidden)}
            if bad:
                offenders.append((rel, sorted(bad)))
    assert offenders == []


def test_ui_imports_no_driver_queue_or_sandbox_module():
    for path in (ROOT / "ui").rglob("*.py"):
        bad = {m for m in imported_modules(path) if m.split(".")[0] in ("drivers", "offline_queue", "court_sandbox")}
        assert not bad, (path, bad)
