from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QVBoxLayout

from ui.screen_specs import ScreenSpec
from ui.screens import ScreenEntry
from ui.widgets import Screen, button, label


class DoneScreen(Screen):
    """The end of a visit: take your card and papers."""

    name = "done"
    in_visit = False
    SPEC = ScreenSpec(
        "done",
        lambda: QCoreApplication.translate("screens", "Thank you"),
        lambda: QCoreApplication.translate("screens", "Please take your ID card and your papers."),
        ("finishButton",),
    )

    def __init__(self, nav) -> None:
        super().__init__()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(80, 60, 80, 60)
        layout.addStretch()
        self.heading = label("big", name="doneHeading")
        self.heading.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.reminder = label("title", name="doneReminder")
        self.reminder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.note = label("hint", name="doneNote")
        self.note.setAlignment(Qt.AlignmentFlag.AlignCenter)
        for w in (self.heading, self.reminder, self.note):
            layout.addWidget(w)
        layout.addStretch()
        self.finish = button("finishButton", "primary")
        self.finish.clicked.connect(nav.end_visit)
        layout.addWidget(self.finish, alignment=Qt.AlignmentFlag.AlignCenter)
        self.retranslate()

    def retranslate(self) -> None:
        self.heading.setText(self.spec.title())
        self.reminder.setText(self.spec.prompt())
        self.note.setText(self.tr("Everything you entered is cleared from this kiosk when you leave."))
        self.finish.setText(self.tr("I have taken them"))


SCREEN = ScreenEntry("done", lambda nav, services: DoneScreen(nav))
