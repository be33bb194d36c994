"""PySide6 reads the source of every module imported after it; the kiosk does not keep it.

shiboken6 replaces ``__import__`` and, for each Python module imported, asks whether the module
uses PySide (``shibokensupport.feature._mod_uses_pyside``: ``inspect.getsource`` and a search for
"PySide6"), to set that module's ``__feature__`` default. ``inspect.getsource`` goes through
``linecache``, which keeps every line of every module for the life of the process: about 43 MB
of text in the kiosk (tracemalloc), and, freed later, still held by the allocator's arenas.

:func:`install` wraps that check so the module's lines leave ``linecache`` as soon as it has
answered. The answer is unchanged (the kiosk uses no ``__feature__`` switches either way). A
traceback reads the lines again when it needs them. Measured on the demo kiosk: 270 -> 231 MB
after start-up, 409 -> 366 MB at rest after the OCR warm-up.
"""

from __future__ import annotations

import linecache
import logging

log = logging.getLogger("kiosk.import_sources")

_installed = False


def install() -> bool:
    """Once, before the bulk of the imports; False when this PySide6 has no such check."""
    global _installed
    if _installed:
        return True
    try:
        import shibokensupport.feature as feature  # PySide6's own support package (imported with it)
    except ImportError:
        return False
    check = getattr(feature, "_mod_uses_pyside", None)
    if check is None:
        return False

    def uses_pyside(module):
        try:
            return check(module)
        finally:
            path = getattr(module, "__file__", None)
            if path:
                linecache.cache.pop(path, None)

    uses_pyside.__wrapped__ = check
    feature._mod_uses_pyside = uses_pyside
    _installed = True
    return True
