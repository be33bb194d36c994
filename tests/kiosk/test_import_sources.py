"""kiosk.import_sources: PySide6's import hook reads each new module's source; none of it is kept."""

from __future__ import annotations

import linecache
import sys

import PySide6.QtCore  # noqa: F401 - the import hook comes with PySide6

from kiosk import import_sources


def _module(tmp_path, name: str, text: str):
    (tmp_path / f"{name}.py").write_text(text, encoding="utf-8")
    sys.path.insert(0, str(tmp_path))
    try:
        return __import__(name)  # the import statement's way (importlib.import_module passes the hook by)
    finally:
        sys.path.remove(str(tmp_path))
        sys.modules.pop(name, None)


def test_a_module_imported_after_pyside6_leaves_no_lines_in_linecache(tmp_path):
    import shibokensupport.feature as feature

    assert import_sources.install() and import_sources.install()  # once; again is harmless
    plain = _module(tmp_path, "kiosk_test_plain_module", "VALUE = 1\n" * 2000)
    qt = _module(tmp_path, "kiosk_test_qt_module", "from PySide6.QtCore import QObject\nVALUE = 2\n")
    assert plain.__file__ not in linecache.cache and qt.__file__ not in linecache.cache
    # the hook's answer is PySide6's own: a module that uses PySide6 gets its feature default (0)
    assert feature.pyside_feature_dict["kiosk_test_plain_module"] == -1
    assert feature.pyside_feature_dict["kiosk_test_qt_module"] == 0
    assert linecache.getline(qt.__file__, 1).startswith("from PySide6")  # a traceback still reads it


def test_the_answer_is_pyside6s_own_for_files_and_for_modules_without_one(tmp_path):
    import json

    import shibokensupport.feature as feature

    assert import_sources.install()
    ours, theirs = feature._mod_uses_pyside, feature._mod_uses_pyside.__wrapped__
    qt = _module(tmp_path, "kiosk_test_qt_module2", "# uses PySide6 in a comment only\nVALUE = 3\n")
    for module in (qt, json, sys, import_sources, PySide6.QtCore):
        assert ours(module) == theirs(module), module.__name__
    assert ours(import_sources) and not ours(json) and not ours(sys)
