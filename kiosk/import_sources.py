"""PySide6 reads the source of every module imported after it: the kiosk has it read faster, and
keeps none of it.

shiboken6 replaces ``__import__`` and, for each Python module imported, asks whether the module
uses PySide (``shibokensupport.feature._mod_uses_pyside``: ``inspect.getsource`` and a search for
"PySide6"), to set that module's ``__feature__`` default (0 "no feature" when it does, -1 "ignore
this module" when not). ``inspect.getsource`` goes through ``linecache``, which splits the file
into lines and keeps every line of every module for the life of the process: about 43 MB of text
in the kiosk (tracemalloc), and, freed later, still held by the allocator's arenas. It is also
slow: the ~600 modules imported before the attract screen is first painted took some 40 ms of
the kiosk's cold start in it.

:func:`install` replaces that check with the same question asked of the file's bytes (read
once, not kept, not split into lines). The answer is the same: for a module without a ``.py``
file (built in, compiled only, a bundle's archive) the original check answers, as before.
"""

from __future__ import annotations

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

    def uses_pyside(module) -> bool:
        path = getattr(module, "__file__", None)
        if isinstance(path, str) and path.endswith(".py"):
            try:
                with open(path, "rb") as source:
                    return b"PySide6" in source.read()
            except OSError:
                pass
        return check(module)

    uses_pyside.__wrapped__ = check
    feature._mod_uses_pyside = uses_pyside
    _installed = True
    return True
