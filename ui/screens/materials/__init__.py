"""材料收转: hand in materials for one of your cases: choose the case -> scan the pages (each page
found, flattened and straightened; retake or delete any) -> say what it is and name it -> hand it
in (one PDF, stored in the outbox, sent to the court exactly once) -> the receipt.

One screen per step, each with its own spec; `MaterialsFlow` (flow.py) holds the material being
handed in (`kiosk.services.materials.MaterialDraft`) and says where "back" leads.
"""

from ui.screens import ScreenEntry
from ui.screens.materials.flow import MaterialsFlow

__all__ = ["SCREEN", "MaterialsFlow"]


def _begin(nav, flow: MaterialsFlow, service_id: str, identity) -> None:
    flow.begin(identity)


SCREEN = ScreenEntry("materials", lambda nav, services: MaterialsFlow(nav, services.materials),
                     serves=("materials",), begin=_begin)
