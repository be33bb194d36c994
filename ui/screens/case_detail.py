"""A case's detail (from 我的案件, or by case number and query code: 案件查询), and the flow of the court
records screens: the case lookup, the detail and 阅卷 (the case file).

The detail shows the timeline as a dated list, the hearings (time, courtroom, online or not), the deadlines
with the days left (or overdue), the judge and the clerk with the court's phone for the case, and a button
to read the case file (for an identified person).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QGridLayout, QVBoxLayout, QWidget

from ui.screen_specs import ScreenSpec
from ui.screens import ScreenEntry
from ui.screens.case_lookup import CaseLookupScreen, failure_text
from ui.screens.case_reading import CaseReadingScreen
from ui.widgets import Card, Screen, button, clear_layout, label, set_role


def _when(moment, fmt: str = "%Y-%m-%d %H:%M") -> str:
    return moment.astimezone().strftime(fmt)


def deadline_text(deadline) -> tuple[str, str]:
    """("N days left" / "due today" / "overdue", role)."""
    if deadline.overdue:
        return QCoreApplication.translate("CaseDetailScreen", "overdue"), "error"
    if deadline.days_left <= 0:
        return QCoreApplication.translate("CaseDetailScreen", "due today"), "error"
    if deadline.days_left == 1:
        return QCoreApplication.translate("CaseDetailScreen", "1 day left"), "error"
    text = QCoreApplication.translate("CaseDetailScreen", "{n} days left").replace("{n}", str(deadline.days_left))
    return text, "error" if deadline.days_left <= 3 else "ok"


class CaseDetailScreen(Screen):
    name = "case_detail"
    SPEC = ScreenSpec(
        "case_detail",
        lambda: QCoreApplication.translate("screens", "Case detail"),
        lambda: QCoreApplication.translate("screens", "The course of your case, the coming hearings and the "
                                                      "deadlines."),
        ("caseMessage", "caseOfficers", "caseHearings", "caseDeadlines", "caseTimeline", "caseReadFile",
         "caseRefresh", "backButton", "homeButton"),
    )

    def __init__(self, flow, service) -> None:
        super().__init__()
        self._flow = flow
        self._service = service
        self.view = None
        self.loading = False
        self.failure: tuple[str, object] | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(48, 12, 48, 12)
        layout.setSpacing(12)
        self.heading = label("title", name="caseHeading")
        layout.addWidget(self.heading)
        self.message = label("hint", name="caseMessage")
        layout.addWidget(self.message)
        columns = QGridLayout()
        columns.setHorizontalSpacing(20)
        columns.setVerticalSpacing(16)
        self.timeline_card, self.timeline_title, self.timeline = self._card("caseTimeline")
        self.hearings_card, self.hearings_title, self.hearings = self._card("caseHearings")
        self.deadlines_card, self.deadlines_title, self.deadlines = self._card("caseDeadlines")
        self.people_card, self.people_title, self.people = self._card("caseOfficers")
        columns.addWidget(self.timeline_card, 0, 0, 3, 1)
        columns.addWidget(self.people_card, 0, 1)
        columns.addWidget(self.hearings_card, 1, 1)
        columns.addWidget(self.deadlines_card, 2, 1)
        columns.setColumnStretch(0, 1)
        columns.setColumnStretch(1, 1)
        layout.addLayout(columns)
        self.reading_hint = label("hint", name="caseReadingHint")
        layout.addWidget(self.reading_hint)
        layout.addStretch()
        self.refresh = button("caseRefresh")
        self.refresh.clicked.connect(self._refresh)
        layout.addWidget(self.refresh, 0, Qt.AlignmentFlag.AlignLeft)
        self.read = button("caseReadFile", "primary", self)
        self.read.clicked.connect(lambda: self.view is not None and self._flow.open_reading(self.view))
        self.primary = self.read
        self.retranslate()

    def _card(self, name: str):
        card = Card()
        card.setObjectName(name)
        title = label("title")
        card.layout_.addWidget(title)
        rows = QVBoxLayout()
        rows.setSpacing(8)
        card.layout_.addLayout(rows)
        card.layout_.addStretch()
        return card, title, rows

    # -- the visit --------------------------------------------------------------------------
    def asking(self) -> None:
        self.view, self.loading, self.failure = None, True, None
        self.retranslate()

    def show_view(self, view) -> None:
        self.view, self.loading, self.failure = view, False, None
        self.retranslate()

    def show_failure(self, code: str, info) -> None:
        self.loading, self.failure = False, (code, info)
        self.retranslate()

    def _refresh(self) -> None:
        if self.view is not None and not self.loading:
            view = self.view
            self._flow.refresh_detail(view)

    def clear(self) -> None:
        self.view, self.loading, self.failure = None, False, None
        self.retranslate()

    # -- texts ------------------------------------------------------------------------------
    def _row(self, layout, left: str, right: str, role: str = "", name: str = "", note: str = "") -> None:
        row = QWidget()
        if name:
            row.setObjectName(name)
        grid = QGridLayout(row)
        grid.setContentsMargins(0, 0, 0, 0)
        date = label("hint", wrap=False)
        date.setText(left)
        grid.addWidget(date, 0, 0, Qt.AlignmentFlag.AlignTop)
        text = label(role)
        text.setText(right)
        grid.addWidget(text, 0, 1)
        if note:
            extra = label("hint")
            extra.setText(note)
            grid.addWidget(extra, 1, 1)
        grid.setColumnStretch(1, 1)
        grid.setHorizontalSpacing(16)
        layout.addWidget(row)

    def _fill(self) -> None:
        for layout in (self.timeline, self.hearings, self.deadlines, self.people):
            clear_layout(layout)
        view = self.view
        if view is None:
            return
        detail = view.detail
        for event in view.timeline:
            self._row(self.timeline, _when(event.at, "%Y-%m-%d"), "　".join(p for p in (event.kind, event.note) if p),
                      name="timelineRow")
        if not view.timeline:
            self._row(self.timeline, "", self.tr("Nothing yet."))
        for hearing in view.hearings:
            where = self.tr("online (by video)") if hearing.online else hearing.courtroom
            text = f"{hearing.kind}　{where}"
            if hearing.past:
                text += "　" + self.tr("(held)")
            self._row(self.hearings, _when(hearing.at), text, "hint" if hearing.past else "big", name="hearingRow",
                      note=hearing.note)
        if not view.hearings:
            self._row(self.hearings, "", self.tr("No hearing is set yet."))
        for deadline in view.deadlines:
            left, role = deadline_text(deadline)
            self._row(self.deadlines, _when(deadline.due, "%Y-%m-%d"), f"{deadline.kind}　{left}", role,
                      name="deadlineRow", note=deadline.note)
        if not view.deadlines:
            self._row(self.deadlines, "", self.tr("No deadline at the moment."))
        for officer, what in ((detail.judge, self.tr("Judge")), (detail.clerk, self.tr("Clerk"))):
            if officer is not None:
                self._row(self.people, what, f"{officer.name}　{officer.title}".strip(), name="officerRow")
        if detail.contact_phone:
            self._row(self.people, self.tr("Phone"), detail.contact_phone, "big", name="officerRow")
        if detail.judge is None and detail.clerk is None:
            self._row(self.people, "", self.tr("The court has not assigned a judge yet."))

    def retranslate(self) -> None:
        self.timeline_title.setText(self.tr("Course of the case"))
        self.hearings_title.setText(self.tr("Hearings"))
        self.deadlines_title.setText(self.tr("Deadlines"))
        self.people_title.setText(self.tr("Judge and clerk"))
        self.refresh.setText(self.tr("Refresh"))
        self.read.setText(self.tr("Read the case file"))
        view = self.view
        can_read = view is not None and self._flow.identity is not None
        self.read.setEnabled(can_read)
        if view is None:
            self.heading.clear()
        else:
            d = view.detail
            self.heading.setText("　".join(p for p in (d.case_number or d.filing_id[:8].upper(), d.case_type_name,
                                                        d.court_name) if p))
        if self.loading:
            self.message.setText(self.tr("Asking the court…"))
            set_role(self.message, "hint")
        elif self.failure is not None:
            self.message.setText(failure_text(*self.failure)[0])
            set_role(self.message, "error")
        elif view is not None:
            self.message.setText(self.tr("Status: {status}").replace("{status}", view.detail.status))
            set_role(self.message, "ok")
        else:
            self.message.clear()
        for card in (self.timeline_card, self.hearings_card, self.deadlines_card, self.people_card):
            card.setVisible(view is not None)
        self.reading_hint.setVisible(view is not None and not can_read)
        self.reading_hint.setText(self.tr("To read the case file, choose Read case file on the menu and identify "
                                          "with your ID card."))
        self._fill()


class CaseRecordsFlow:
    """The case lookup, the case detail and the case file (阅卷): where each leads and where Back goes."""

    def __init__(self, nav, services) -> None:
        self.nav = nav
        self.service = services.case_detail
        self.lookup = CaseLookupScreen(self, services.case_detail)
        self.detail = CaseDetailScreen(self, services.case_detail)
        self.reading = CaseReadingScreen(self, services.case_reading, services.my_cases)
        self.screens = [self.lookup, self.detail, self.reading]
        self.identity = None
        self._history: list[str] = []
        self._asking: str | None = None  # detail | reading: what the answer of the case detail service is for
        self.service.loaded.connect(self._loaded)
        self.service.failed.connect(self._failed)

    def _names(self) -> set[str]:
        return {s.name for s in self.screens}

    def _go(self, name: str) -> None:
        current = getattr(self.nav, "current", None)
        if current and current != name:
            self._history.append(current)
        self.nav.show_screen(name)

    # -- ways in ----------------------------------------------------------------------------
    def begin(self, service_id: str, identity) -> None:
        self.clear()
        self.identity = identity
        if service_id == "case_reading":
            self.nav.show_screen(self.reading.name)
            self.reading.begin_choice(identity)
        else:
            self.nav.show_screen(self.lookup.name)
            self.lookup.begin()

    def open_detail(self, identity, case_ref: str) -> None:
        """From 我的案件: one of the identified person's cases."""
        self.identity = identity
        self._asking = "detail"
        self.detail.asking()
        self._go(self.detail.name)
        self.service.open_for_party(identity, case_ref)

    def lookup_for_reading(self) -> None:
        """阅卷 of a case the person is not a party of (an agent): case number and query code first."""
        self.lookup.begin()
        self._go(self.lookup.name)

    def refresh_detail(self, view) -> None:
        self._asking = "detail"
        self.detail.asking()
        self.service.refresh(view)

    def open_reading(self, view) -> None:
        if self.identity is None:
            return
        self._go(self.reading.name)
        self.reading.begin_case(self.identity, view.access, view.detail.case_number)

    # -- answers ----------------------------------------------------------------------------
    def _loaded(self, view) -> None:
        current = getattr(self.nav, "current", None)
        if current == self.lookup.name and self.lookup.asking:
            self.lookup.answered()
            if self._history and self._history[-1] == self.reading.name and self.identity is not None:
                self._history.pop()  # the lookup was a step of 阅卷: back to it, with this case
                self.nav.show_screen(self.reading.name)
                self.reading.begin_case(self.identity, view.access, view.detail.case_number)
                return
            self.detail.show_view(view)
            self._go(self.detail.name)
        elif self._asking == "detail":
            self.detail.show_view(view)
        self._asking = None

    def _failed(self, code: str, info) -> None:
        current = getattr(self.nav, "current", None)
        if current == self.lookup.name and self.lookup.asking:
            self.lookup.show_failure(code, info)
        elif self._asking == "detail":
            self.detail.show_failure(code, info)
        self._asking = None

    # -- back and reset ---------------------------------------------------------------------
    def back(self, name: str) -> bool:
        if name not in self._names():
            return False
        if name == self.reading.name and self.reading.close_reader():
            return True
        if self._history:
            self.nav.show_screen(self._history.pop())
            return True
        return False

    def clear(self) -> None:
        self.identity = None
        self._history = []
        self._asking = None
        for screen in self.screens:
            screen.clear()


SCREEN = ScreenEntry("case_records", lambda nav, services: CaseRecordsFlow(nav, services),
                     serves=("case_detail", "case_reading"),
                     begin=lambda nav, flow, service_id, identity: flow.begin(service_id, identity))
