"""取号: touch a counter service, take the ticket from the receipt printer and see your number; the
numbers being called now are shown beside the services while the screen is up."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, QTimer
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QSizePolicy, QStackedWidget, QVBoxLayout, QWidget

from ui.screen_specs import ScreenSpec
from ui.screens import ScreenEntry
from ui.widgets import Card, Screen, TileButton, button, label, set_role

POLL_MS = 5000  # how often the calls are asked for while the screen is shown
COLUMNS = 3
CALLS_SHOWN = 6

#: The hall's usual counter services, in the litigant's language (others show the court's own name).
SERVICE_NAMES = {
    "filing": lambda: QCoreApplication.translate("TicketScreen", "Case filing"),
    "payment": lambda: QCoreApplication.translate("TicketScreen", "Fee payment"),
    "petition": lambda: QCoreApplication.translate("TicketScreen", "Letters and visits"),
    "legal_aid": lambda: QCoreApplication.translate("TicketScreen", "Legal aid"),
    "mediation": lambda: QCoreApplication.translate("TicketScreen", "Mediation"),
    "consultation": lambda: QCoreApplication.translate("TicketScreen", "Consultation"),
}


def service_name(code: str, court_name: str) -> str:
    name = SERVICE_NAMES.get(code)
    return name() if name is not None else court_name


def green_channel(services) -> bool:
    """Whether this visit came through the green channel (the session's flag, once the green channel
    sets one): its tickets are priority tickets."""
    session = getattr(services, "session", None)
    settings = getattr(getattr(session, "data", None), "settings", None)
    return bool(getattr(settings, "green_channel", False))


class TicketScreen(Screen):
    """取号: the services as big tiles; then the number, printed, with reprint or cancel when the
    printer fails."""

    name = "tickets"
    SPEC = ScreenSpec(
        "tickets",
        lambda: QCoreApplication.translate("screens", "Take a number"),
        lambda: QCoreApplication.translate("screens", "Touch the service you need. The printer gives you a ticket "
                                                      "with your number; wait until it is called."),
        ("ticketPriority", "ticketService_*", "ticketCard", "ticketReprint", "ticketCancel", "ticketDone", "backButton",
         "homeButton"),
    )

    def __init__(self, nav, tickets, priority=lambda: False) -> None:
        super().__init__()
        self._nav = nav
        self._service = tickets
        self._priority_source = priority
        self.priority = False
        self._state = "choose"  # choose | issuing | printing | printed | print_failed:<code> | cancelled:<why> | refused:<code>
        self._ticket = None
        self._view = None  # the last QueueView
        tickets.queue_updated.connect(self._queue_updated)
        tickets.issued.connect(self._issued)
        tickets.print_result.connect(self._print_result)
        tickets.cancelled.connect(self._cancelled)
        tickets.refused.connect(self._refused)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(48, 16, 48, 16)
        layout.setSpacing(14)
        self.message = label("hint", name="ticketMessage")
        layout.addWidget(self.message)
        self.priority_note = label("ok", name="ticketPriority")
        self.priority_note.hide()
        layout.addWidget(self.priority_note)
        body = QHBoxLayout()
        body.setSpacing(24)
        self.pages = QStackedWidget()
        body.addWidget(self.pages, 3)

        choose = QWidget()
        self.grid = QGridLayout(choose)
        self.grid.setSpacing(20)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.tiles: dict[str, object] = {}
        self.pages.addWidget(choose)

        result = QWidget()
        rl = QVBoxLayout(result)
        rl.setContentsMargins(0, 0, 0, 0)
        self.card = Card()
        self.card.setObjectName("ticketCard")
        self.number_caption = label("hint", name="ticketNumberCaption")
        self.number_caption.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.number = label(name="ticketNumber")
        for live in (self.number_caption, self.number):  # the number, said as it comes (speech on)
            live.setProperty("live", "polite")
        self.number.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.number.setStyleSheet("font-size: 120px; font-weight: bold;")
        self.details = label("title", name="ticketDetails")
        self.details.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.offline_note = label("hint", name="ticketOffline")
        self.offline_note.setAlignment(Qt.AlignmentFlag.AlignCenter)
        for widget in (self.number_caption, self.number, self.details, self.offline_note):
            self.card.layout_.addWidget(widget)
        rl.addWidget(self.card)
        self.status = label(name="ticketStatus")
        self.status.setProperty("live", "polite")  # said as it changes (speech on)
        self.status.setAlignment(Qt.AlignmentFlag.AlignCenter)
        rl.addWidget(self.status)
        row = QHBoxLayout()
        row.addStretch()
        self.reprint_button = button("ticketReprint", "primary")
        self.reprint_button.clicked.connect(self._reprint)
        self.cancel_button = button("ticketCancel", "danger")
        self.cancel_button.clicked.connect(self._give_up)
        row.addWidget(self.reprint_button)
        row.addWidget(self.cancel_button)
        row.addStretch()
        rl.addLayout(row)
        rl.addStretch()
        self.pages.addWidget(result)

        calls = Card()
        calls.setObjectName("ticketCallsCard")
        calls.setMinimumWidth(340)
        self.calls_title = label("title", name="ticketCallsTitle")
        calls.layout_.addWidget(self.calls_title)
        self.calls = label(name="ticketCalls")
        self.calls.setTextFormat(Qt.TextFormat.PlainText)
        self.calls.setStyleSheet("font-size: 30px; font-weight: bold;")
        self.calls.setMinimumHeight(120)
        calls.layout_.addWidget(self.calls)
        side = QVBoxLayout()
        side.addWidget(calls)
        side.addStretch()
        body.addLayout(side, 1)
        layout.addLayout(body, 1)

        self.done_button = button("ticketDone", "primary", self)
        self.done_button.clicked.connect(self._done)
        self.primary = self.done_button
        self._timer = QTimer(self)
        self._timer.setInterval(POLL_MS)
        self._timer.timeout.connect(self._poll)
        self._build_tiles(tickets.services)
        self.retranslate()

    # -- the visit ---------------------------------------------------------------------------
    def begin(self, identity=None) -> None:
        self._reset()
        self.priority = bool(self._priority_source())
        self.retranslate()

    def set_priority(self, priority: bool) -> None:
        """A green-channel visit (or not): its tickets are priority tickets."""
        self.priority = bool(priority)
        self.retranslate()

    def enter(self) -> None:
        self._timer.start()
        self._poll()

    def leave(self) -> None:
        self._timer.stop()
        if self._ticket is not None and self._state.startswith("print_failed"):
            self._service.give_up(self._ticket)  # gone without the ticket: nobody holds the number

    def hideEvent(self, event) -> None:  # noqa: N802 - Qt's name
        self._timer.stop()
        super().hideEvent(event)

    def clear(self) -> None:
        self._timer.stop()
        self._reset()
        self.priority = False
        self.retranslate()

    def _reset(self) -> None:
        self._state = "choose"
        self._ticket = None
        self.pages.setCurrentIndex(0)

    def _poll(self) -> None:
        if self.isVisible() or self._timer.isActive():
            self._service.poll()

    # -- what the litigant does --------------------------------------------------------------
    def _choose(self, code: str) -> None:
        if self._state not in ("choose",) and not self._state.startswith("refused"):
            return
        self._state = "issuing"
        self.retranslate()
        self._service.take(code, self.priority)

    def _reprint(self) -> None:
        if self._ticket is not None and self._state.startswith("print_failed"):
            self._state = "printing"
            self.retranslate()
            self._service.reprint(self._ticket)

    def _give_up(self) -> None:
        if self._ticket is not None and self._state.startswith("print_failed"):
            self._service.give_up(self._ticket)

    def _done(self) -> None:
        if self._state.startswith("print_failed") and self._ticket is not None:
            self._service.give_up(self._ticket)  # leaving without the ticket: nobody holds the number
        self._nav.finish()

    # -- what the service says ---------------------------------------------------------------
    def _issued(self, ticket) -> None:
        if self._state != "issuing":
            return
        self._ticket = ticket
        self._state = "printing"
        self.pages.setCurrentIndex(1)
        self.retranslate()

    def _print_result(self, ticket, printed: bool, code: str) -> None:
        if self._ticket is None or ticket.ticket_id != self._ticket.ticket_id:
            return
        self._state = "printed" if printed else f"print_failed:{code}"
        self.retranslate()

    def _cancelled(self, ticket, why: str) -> None:
        if self._ticket is None or ticket.ticket_id != self._ticket.ticket_id:
            return
        self._state = f"cancelled:{why}"
        self.retranslate()

    def _refused(self, code: str) -> None:
        if self._state != "issuing":
            return
        self._state = f"refused:{code}"
        self.pages.setCurrentIndex(0)
        self.retranslate()

    def _queue_updated(self, view) -> None:
        self._view = view
        if [t for t in self.tiles] != [s.code for s in view.services]:
            self._build_tiles(view.services)
        self.retranslate()

    # -- building and texts ------------------------------------------------------------------
    def _build_tiles(self, services) -> None:
        for tile in self.tiles.values():
            self.grid.removeWidget(tile)
            tile.deleteLater()
        self.tiles = {}
        for i, info in enumerate(services):
            tile = TileButton(f"ticketService_{info.code}")
            tile.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
            tile.clicked.connect(lambda _=False, code=info.code: self._choose(code))
            self.grid.addWidget(tile, i // COLUMNS, i % COLUMNS)
            self.tiles[info.code] = tile
        self._services = tuple(services)

    def _waiting_text(self, ticket) -> str:
        if ticket.waiting_ahead is None:
            return self.tr("Waiting before you: not known right now")
        if ticket.estimated:
            return self.tr("Waiting before you: about {count}").format(count=ticket.waiting_ahead)
        return self.tr("Waiting before you: {count}").format(count=ticket.waiting_ahead)

    def _message(self) -> tuple[str, str]:
        state = self._state
        if state == "issuing":
            return self.tr("Getting your number…"), "hint"
        if state.startswith("refused:"):
            code = state.split(":", 1)[1]
            return {
                "printer_paper_out": self.tr("The ticket printer is out of paper, so no number was issued. Please "
                                             "ask at the service desk."),
                "printer_offline": self.tr("The ticket printer is not ready, so no number was issued. Please ask "
                                           "at the service desk."),
                "no_numbers": self.tr("The court's queue system cannot be reached and this kiosk has no numbers "
                                      "left to issue. Please ask at the service desk."),
                "busy": self.tr("A ticket is still being printed. Please wait a moment, then touch the service "
                                "again."),
            }.get(code, self.tr("No number could be issued. Please ask at the service desk.")), "error"
        if state == "choose":
            return self.spec.prompt(), "hint"
        return "", "hint"

    def _status(self) -> tuple[str, str]:
        state, ticket = self._state, self._ticket
        number = ticket.number if ticket is not None else ""
        if state == "printing":
            return self.tr("Printing your ticket…"), "hint"
        if state == "printed":
            return self.tr("Please take your ticket from the printer and wait until your number is called."), "ok"
        if state.startswith("print_failed:"):
            why = (self.tr("the printer is out of paper") if state.endswith("paper_out")
                   else self.tr("the printer is not ready"))
            return self.tr("Your ticket could not be printed: {why}. Touch Print again, or Cancel number if you do "
                           "not want it.").format(why=why), "error"
        if state == "cancelled:printer":
            return self.tr("Number {number} has been cancelled because its ticket could not be printed. Please "
                           "ask at the service desk.").format(number=number), "error"
        if state.startswith("cancelled:"):
            return self.tr("Number {number} has been cancelled.").format(number=number), "hint"
        return "", "hint"

    def _calls_text(self) -> str:
        view = self._view
        if view is None:
            return self.tr("Asking for the calls…")
        if not view.reachable:
            return self.tr("The calls cannot be shown right now.")
        if not view.calls:
            return self.tr("No number has been called yet today.")
        return "\n".join(self.tr("{number}  →  window {counter}").format(number=k.number, counter=k.counter)
                         for k in view.calls[:CALLS_SHOWN])

    def retranslate(self) -> None:
        text, role = self._message()
        self.message.setText(text)
        self.message.setVisible(bool(text))
        set_role(self.message, role)
        self.priority_note.setText(self.tr("Green channel: your ticket is a priority ticket."))
        self.priority_note.setVisible(self.priority)
        waiting = {s.code: s.waiting for s in self._view.services} if self._view is not None else {}
        choosing = self._state == "choose" or self._state.startswith("refused")
        for info in self._services:
            tile = self.tiles[info.code]
            count = waiting.get(info.code)
            text = service_name(info.code, info.name)
            if count is not None:
                text += "\n" + self.tr("{count} waiting").format(count=count)
            tile.setText(text)
            tile.setEnabled(choosing)
        ticket = self._ticket
        if ticket is not None:
            self.number_caption.setText(self.tr("Priority number") if ticket.priority else self.tr("Your number"))
            self.number.setText(ticket.number)
            lines = [service_name(ticket.service_code, ticket.service_name), self._waiting_text(ticket),
                     self.tr("Issued at {time}").format(time=ticket.issued_at.strftime("%H:%M"))]
            if ticket.counters:
                lines.insert(1, self.tr("Window {counters}").format(counters=", ".join(ticket.counters)))
            self.details.setText("\n".join(lines))
            self.offline_note.setText(self.tr("Issued offline by this kiosk: the court's queue system cannot be "
                                              "reached. The number is valid and will be called in turn.")
                                      if ticket.offline else "")
            self.offline_note.setVisible(ticket.offline)
        text, role = self._status()
        self.status.setText(text)
        set_role(self.status, role)
        failed = self._state.startswith("print_failed")
        self.reprint_button.setText(self.tr("Print again"))
        self.cancel_button.setText(self.tr("Cancel number"))
        self.reprint_button.setVisible(failed)
        self.cancel_button.setVisible(failed)
        self.done_button.setText(self.tr("Done"))
        self.done_button.setEnabled(self._state not in ("choose", "issuing", "printing"))
        self.done_button.setVisible(self._state not in ("choose", "issuing"))
        self.calls_title.setText(self.tr("Now calling"))
        self.calls.setText(self._calls_text())


SCREEN = ScreenEntry("tickets", lambda nav, services: TicketScreen(nav, services.tickets,
                                                                    priority=lambda: green_channel(services)),
                     serves=("tickets",))
