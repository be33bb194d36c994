"""呼叫工作人员 (call staff) on the screen: the header's ``callStaffButton`` (made by the main window)
calls kiosk.services.staff_call, and `StaffCallNotice`, over the whole window, says what happened:
staff have been called, the priority ticket's number (printed, or only on the screen when the printer
failed), whether the call reached the court (else: it waits for the network, go to the service
counter), the hall's acknowledgement when it comes, and what to do when nobody comes. Each new
message is also spoken through the announcer (when there is one; it speaks only in speech mode).

`attach(window, services)` wires it all; the main window calls it once its services exist."""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QVBoxLayout, QWidget

from ui.widgets import DimmedLayer, button, label, set_role

log = logging.getLogger("ui.staff_call")

NOBODY_COMES_MINUTES = 5


class StaffCallNotice(DimmedLayer):
    """The notice over the window (objectName staffCallNotice); ``OK`` (staffCallNoticeClose) hides it."""

    def __init__(self, parent: QWidget, service, announcer=None) -> None:
        super().__init__(parent)
        self._service = service
        self._announcer = announcer
        self._spoken = None  # the key of the last message spoken
        self.state = None
        self.setObjectName("staffCallNotice")
        self.setProperty("keypadLayer", True)  # while shown the five keys work its OK (ui.accessibility)
        outer = QVBoxLayout(self)
        box = QWidget()
        box.setObjectName("overlayBox")
        box.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        box.setFixedWidth(900)
        inner = QVBoxLayout(box)
        inner.setContentsMargins(40, 32, 40, 32)
        inner.setSpacing(16)
        self.heading = label("title", name="staffCallHeading")
        self.caption = label("hint", name="staffCallNumberCaption")
        self.number = label("big", name="staffCallNumber")
        self.ticket = label(name="staffCallTicket")
        self.status = label(name="staffCallStatus")
        self.advice = label("hint", name="staffCallAdvice")
        for widget in (self.heading, self.caption, self.number, self.ticket, self.status, self.advice):
            widget.setAlignment(Qt.AlignmentFlag.AlignCenter)
            inner.addWidget(widget)
        self.close_button = button("staffCallNoticeClose", "primary")
        self.close_button.clicked.connect(self.hide)
        inner.addWidget(self.close_button, alignment=Qt.AlignmentFlag.AlignCenter)
        inner.addSpacing(8)
        outer.addStretch()
        outer.addWidget(box, alignment=Qt.AlignmentFlag.AlignCenter)
        outer.addStretch()
        service.changed.connect(self.show_state)
        self.hide()

    # -- what the service says -----------------------------------------------------------
    def show_state(self, state) -> None:
        """This session's call changed (None: a new session: the notice goes)."""
        previous, self.state = self.state, state
        if state is None:
            self._spoken = None
            self.hide()
            return
        opened = previous is None or (state.repeated and not previous.repeated) or (
            state.acknowledged and not previous.acknowledged)  # staff are coming: shown again
        self.retranslate()
        if opened or self.isVisible():
            self.cover()
            self.close_button.setFocus()
        self._speak()

    def _key(self):
        s = self.state
        return (s.phase, s.repeated, s.ticket_state, s.waiting_network, s.reached_court, s.acknowledged,
                s.record is not None and s.record.handled_at is not None)

    def _speak(self) -> None:
        """Each new message once (not while the call is still being stored or the number taken)."""
        s = self.state
        if self._announcer is None or s.phase == "storing" or s.ticket_state == "taking" or self._key() == self._spoken:
            return
        self._spoken = self._key()
        text = " ".join(t for t in (self.heading.text(), self.ticket.text(), self.status.text(),
                                    self.advice.text()) if t)
        try:
            self._announcer.change(text)
        except Exception as exc:  # speech must never break the notice
            log.error("the staff call notice could not be spoken: %s", type(exc).__name__)

    # -- texts ------------------------------------------------------------------------------
    def _heading(self) -> tuple[str, str]:
        s = self.state
        if s.phase == "failed":
            return self.tr("The call could not be sent"), "error"
        if s.phase == "storing":
            return self.tr("Calling staff…"), "title"
        if s.repeated:
            return self.tr("Staff have already been called"), "title"
        return self.tr("Staff have been called"), "title"

    def _ticket_text(self) -> tuple[str, str]:
        s = self.state
        number = s.ticket.number if s.ticket is not None else ""
        if s.ticket_state == "taking":
            return self.tr("Getting your priority number…"), "hint"
        if s.ticket_state == "printed":
            return self.tr("Please take your priority ticket from the printer."), "ok"
        if s.ticket_state == "not_printed":
            return self.tr("Your ticket could not be printed. Please remember your number: {number}.").replace(
                "{number}", number), "error"
        return self.tr("No queue number could be issued right now."), "hint"

    def _status_text(self) -> tuple[str, str]:
        s = self.state
        if s.phase == "failed":
            return self.tr("Please go to the service counter; the staff there will help you."), "error"
        if s.record is not None and s.record.handled_at is not None:
            return self.tr("Staff have taken care of this call."), "ok"
        if s.acknowledged:
            return self.tr("Staff have seen your call and are on their way. Please wait here."), "ok"
        if s.waiting_network and not s.reached_court:
            return self.tr("The call is waiting for the network and has not reached the staff yet. Please go "
                           "to the service counter and show your number."), "error"
        if s.phase == "storing":
            return "", "hint"
        return self.tr("A member of staff will come to this kiosk. Please wait here."), "hint"

    def retranslate(self) -> None:
        s = self.state
        self.close_button.setText(self.tr("OK"))
        if s is None:
            return
        text, role = self._heading()
        self.heading.setText(text)
        set_role(self.heading, role)
        has_number = s.ticket is not None
        self.caption.setText(self.tr("Your priority number") if has_number else "")
        self.caption.setVisible(has_number)
        self.number.setText(s.ticket.number if has_number else "")
        self.number.setVisible(has_number)
        text, role = self._ticket_text()
        self.ticket.setText(text)
        set_role(self.ticket, role)
        text, role = self._status_text()
        self.status.setText(text)
        self.status.setVisible(bool(text))
        set_role(self.status, role)
        quiet = s.phase == "failed" or s.acknowledged or (s.record is not None and s.record.handled_at is not None)
        self.advice.setText("" if quiet else self.tr(
            "If nobody comes within {minutes} minutes, please go to the service counter with your number.").replace(
            "{minutes}", str(NOBODY_COMES_MINUTES)))
        self.advice.setVisible(not quiet)


class StaffCallButtonText(QObject):
    """Keeps the header button's text with this session's call: "Call staff", or "Staff called"."""

    def __init__(self, window, service) -> None:
        super().__init__(window)
        self._button = window.call_staff_button
        self._state = None
        service.changed.connect(self._changed)
        window._switch_language.listeners.append(self.retranslate)
        self.retranslate()

    def _changed(self, state) -> None:
        self._state = state
        self.retranslate()

    def retranslate(self) -> None:
        called = self._state is not None and self._state.phase != "failed"
        self._button.setText(self.tr("Staff called") if called else self.tr("Call staff"))


def attach(window, services):
    """Wire the header button to the staff call service and build the notice over the window; returns
    the notice (None without the service: the button is hidden)."""
    service = getattr(services, "staff_call", None)
    if service is None:
        window.call_staff_button.hide()
        return None
    notice = StaffCallNotice(window.centralWidget(), service, getattr(services, "announcer", None))
    window._switch_language.listeners.append(notice.retranslate)
    window.call_staff_button.clicked.connect(lambda: _call_staff(window, services, service))
    window.staff_call_button_text = StaffCallButtonText(window, service)
    return notice


def _call_staff(window, services, service) -> None:
    """The call is made (the ticket, the record, the hall told); in the green channel, with video calls
    on, the litigant is also put face to face with hall staff at once (remote video, ahead of the queue)."""
    service.call(window.current or "unknown")
    green = getattr(services, "green_channel", None)
    video = getattr(services, "video_call", None)
    screen = window.screens.get("video_call")
    if green is None or video is None or screen is None or not green.active:
        return
    if not video.enabled or video.view.active:
        return
    window.show_screen("video_call")
    screen.start_staff_call(green_channel=True)
