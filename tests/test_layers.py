"""Layer rules import-linter cannot express (it sees external packages only at their top
level): which Qt modules each module below ui/ may import, listed explicitly; and no import
cycle among the product's modules."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PRODUCT = ("kiosk", "ui", "drivers", "offline_queue", "court_sandbox")
# Below ui/ a module may use QtCore (signals, timers) where it needs Qt at all; any other Qt
# module only where this table names it. Widgets: only the composition root (the GUI entry).
QT_EVERYWHERE = {"PySide6", "PySide6.QtCore"}
QT_ALLOWED = {
    "kiosk/app.py": {"PySide6.QtWidgets"},  # the GUI entry: QApplication, the window
    # QtGui: the camera preview builds its QImage on the camera's worker (the GUI thread only
    # shows finished images); QtPdf renders the A4 test page's preview from its PDF
    "kiosk/services/devicetest.py": {"PySide6.QtGui", "PySide6.QtPdf"},
    "kiosk/services/documents.py": {"PySide6.QtPdf"},
    # QtGui: a video call's pictures become QImages on the call engine's thread (the GUI thread only draws them)
    "kiosk/services/video_call.py": {"PySide6.QtGui"},  # preview pages rendered from the complaint's PDF
    "kiosk/services/case_reading.py": {"PySide6.QtPdf"},  # 阅卷: the fetched PDF checked (readable, page cap)
    "kiosk/documents/pdf.py": {"PySide6.QtGui"},  # QTextDocument + QPdfWriter lay the complaint out on A4
    "drivers/a4printer/cups_backend.py": {"PySide6.QtGui", "PySide6.QtPrintSupport"},  # QPrinter over CUPS
    "drivers/audio/qt_backend.py": {"PySide6.QtMultimedia"},  # QAudioSource
    "drivers/speaker/qt_backend.py": {"PySide6.QtTextToSpeech"},  # speech output
}


def imported_modules(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_below_ui_only_the_listed_qt_modules_are_imported():
    offenders = []
    used = set()
    for package in ("kiosk", "drivers", "offline_queue", "court_sandbox"):
        for path in (ROOT / package).rglob("*.py"):
            rel = path.relative_to(ROOT).as_posix()
            allowed = QT_EVERYWHERE | QT_ALLOWED.get(rel, set())
            qt = {m for m in imported_modules(path) if m == "PySide6" or m.startswith(("PySide6.", "shiboken6"))}
            bad = {m for m in qt if m not in allowed}
            if bad:
                offenders.append((rel, sorted(bad)))
            used |= {(rel, m) for m in qt if m in QT_ALLOWED.get(rel, set())}
    assert offenders == []
    # the table holds no stale entry: every module it allows is imported there
    assert {(rel, m) for rel, mods in QT_ALLOWED.items() for m in mods} == used


def _cycles(graph) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan)."""
    modules = sorted(graph.modules)
    edges = {m: sorted(n for n in graph.find_modules_directly_imported_by(m) if n in graph.modules) for m in modules}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in edges[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(limit, 10 * len(modules)))
    try:
        for m in modules:
            if m not in index:
                visit(m)
    finally:
        sys.setrecursionlimit(limit)
    return found


def test_no_import_cycle_among_product_modules():
    """Imports inside functions count too: a cycle is a cycle whenever it is taken."""
    import grimp

    graph = grimp.build_graph(*PRODUCT, cache_dir=None)
    assert len(graph.modules) > 100
    assert _cycles(graph) == []


def test_the_cycle_check_finds_a_cycle():
    class Graph:
        modules = {"a", "b", "c", "d"}
        imports = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}

        def find_modules_directly_imported_by(self, m):
            return self.imports[m]

    assert _cycles(Graph()) == [["a", "b", "c"]]


def test_ui_imports_no_driver_queue_or_sandbox_module():
    for path in (ROOT / "ui").rglob("*.py"):
        bad = {m for m in imported_modules(path) if m.split(".")[0] in ("drivers", "offline_queue", "court_sandbox")}
        assert not bad, (path, bad)
