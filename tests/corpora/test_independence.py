"""The independence rule of tests/corpora (see its docstring), checked on the source: the
generator imports nothing of kiosk, and nothing in kiosk imports the generator."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ALLOWED = {"numpy", "cv2", "PIL", "stdnum", "pytest", "tests"}  # plus the standard library


def _imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            out.append(node.module)
            out += [f"{node.module}.{alias.name}" for alias in node.names]
        elif isinstance(node, ast.Call) and getattr(node.func, "attr", getattr(node.func, "id", "")) in (
                "import_module", "__import__") and node.args and isinstance(node.args[0], ast.Constant):
            out.append(str(node.args[0].value))
    return out


def test_corpora_import_nothing_of_kiosk():
    bad = [f"{p.name}: {m}" for p in sorted((ROOT / "tests" / "corpora").glob("*.py"))
           for m in _imports(p) if m.split(".")[0] in ("kiosk", "ui", "drivers", "offline_queue", "court_sandbox")]
    assert not bad, bad


def test_corpora_use_only_numpy_opencv_pillow_stdnum_and_the_standard_library():
    import sys

    stdlib = set(sys.stdlib_module_names)
    bad = [f"{p.name}: {m}" for p in sorted((ROOT / "tests" / "corpora").glob("*.py"))
           for m in _imports(p) if m.split(".")[0] not in ALLOWED | stdlib]
    assert not bad, bad


def test_kiosk_never_imports_the_corpora():
    bad = [f"{p.relative_to(ROOT)}: {m}" for p in sorted((ROOT / "kiosk").rglob("*.py"))
           for m in _imports(p) if m == "tests.corpora" or m.startswith("tests.corpora.")]
    assert not bad, bad


def test_the_check_sees_an_import(tmp_path):
    probe = tmp_path / "probe.py"
    probe.write_text("from kiosk.recognition import corpus\nimport importlib\nimportlib.import_module('kiosk')\n")
    assert _imports(probe) == ["kiosk.recognition", "kiosk.recognition.corpus", "importlib", "kiosk"]
