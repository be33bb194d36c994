"""The 材料收转 flow: its four screens and the material being handed in."""

from __future__ import annotations

from kiosk.services.materials import MaterialDraft
from ui.screens.materials.steps import (
    MaterialsCaseScreen,
    MaterialsDescribeScreen,
    MaterialsDoneScreen,
    MaterialsScanScreen,
)


class MaterialsFlow:
    """Holds the litigant's material while they move through the steps (one per visit: `clear` drops
    it, with its pages, at the session's reset)."""

    def __init__(self, nav, service) -> None:
        self.nav = nav
        self.service = service
        self.identity = None
        self.draft: MaterialDraft | None = None
        self.rows: list = []
        self.reachable = True
        self.loading = False
        self.case = MaterialsCaseScreen(self)
        self.scan = MaterialsScanScreen(self)
        self.describe = MaterialsDescribeScreen(self)
        self.done = MaterialsDoneScreen(self)
        self.screens = [self.case, self.scan, self.describe, self.done]
        service.loaded.connect(self._loaded)
        service.page_scanned.connect(self.scan.on_page)
        service.scan_failed.connect(self.scan.on_failed)
        service.stored.connect(self._stored)
        service.store_failed.connect(self.describe.on_failed)
        service.printed.connect(self._printed)
        service.print_failed.connect(self._print_failed)

    # -- the visit ---------------------------------------------------------------------------
    def begin(self, identity) -> None:
        for screen in self.screens:
            screen.clear()
        self.identity = identity
        self.draft = MaterialDraft()
        self.rows, self.reachable, self.loading = [], True, True
        self.nav.show_screen(self.case.name)
        self.case.refresh()
        self.service.load(identity)

    def _loaded(self, rows, reachable: bool) -> None:
        if self.draft is None or not self.loading:
            return
        self.rows, self.reachable, self.loading = list(rows), reachable, False
        self.case.refresh()

    def _stored(self, outcome) -> None:
        draft = self.draft
        if draft is None or draft.ids is None or outcome.material_id != draft.ids.material_id:
            return
        self.done.show_outcome(outcome)
        self.nav.show_screen(self.done.name)

    def _printed(self, material_id: str) -> None:
        self._print_state(material_id, "printed")

    def _print_failed(self, material_id: str, code: str) -> None:
        self._print_state(material_id, f"failed:{code}")

    def _print_state(self, material_id: str, state: str) -> None:
        draft = self.draft
        if draft is not None and draft.ids is not None and draft.ids.material_id == material_id:
            self.done.set_print_state(state)

    def confirm(self) -> None:
        """The litigant hands the material in (the same ids again after a failure: nothing twice)."""
        self.service.submit(self.identity, self.draft)

    # -- navigation -------------------------------------------------------------------------
    def go(self, screen) -> None:
        self.nav.show_screen(screen.name)

    def back(self, name: str) -> bool:
        """Back among the steps (True when handled); from the receipt, the end of the visit."""
        if self.draft is None:
            return False
        if name == self.done.name:
            self.nav.finish()
            return True
        if name == self.scan.name:
            self.go(self.case)
            return True
        if name == self.describe.name:
            if self.describe.storing:
                return True  # the material is on its way into the outbox: stay for the answer
            self.describe.store()
            self.go(self.scan)
            return True
        return False

    def clear(self) -> None:
        self.identity = None
        self.draft = None
        self.rows, self.reachable, self.loading = [], True, False
        for screen in self.screens:
            screen.clear()
