"""远程视频: choose who to talk to (hall staff, the judge of one of your cases after a judgment, the
court's reception), agree or not to recording when the court records, wait in the queue, then talk:
(判后答疑: the cases with a judgment come from kiosk.services.judgment_qa; when the case's judge is not at the
video console, the litigant books a time instead)
the other side big, yourself small, hang up, volume, call quality; a court document the other side
shows. The call itself is kiosk.services.video_call's; pictures come as QImages made off this thread
and are drawn as they are (no conversion here)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QRect, Qt, QTimer
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QStackedWidget, QVBoxLayout, QWidget

from ui.pdf_reader import PdfReader
from ui.screen_specs import ScreenSpec
from ui.screens import ScreenEntry
from ui.widgets import Card, Screen, TileButton, button, clear_layout, label, set_role

KIND_TITLES = {
    "staff": lambda: QCoreApplication.translate("VideoScreen", "Call hall staff"),
    "judgment_qa": lambda: QCoreApplication.translate("VideoScreen", "Ask the judge about a judgment"),
    "visit": lambda: QCoreApplication.translate("VideoScreen", "Remote reception"),
}
QUALITY_TEXT = {
    "good": lambda: QCoreApplication.translate("VideoScreen", "Connection: good"),
    "fair": lambda: QCoreApplication.translate("VideoScreen", "Connection: fair"),
    "poor": lambda: QCoreApplication.translate("VideoScreen", "Connection: poor, the picture may stop"),
}
VOLUME_STEP = 0.1
#: The screen's pages, in the order they are added.
CHOOSE, CASES, CONSENT, CALL, ENDED, BOOKING, BOOKED, DOCUMENT = range(8)


class VideoView(QWidget):
    """A picture drawn to fit, centred on black (the remote view, or the self view)."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self._image = None
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)

    def set_image(self, image) -> None:
        self._image = image
        self.update()

    def clear_image(self) -> None:
        self._image = None
        self.update()

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt's name
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor("#101418"))
        image = self._image
        if image is not None and not image.isNull():
            size = image.size().scaled(self.size(), Qt.AspectRatioMode.KeepAspectRatio)
            target = QRect(0, 0, size.width(), size.height())
            target.moveCenter(self.rect().center())
            painter.drawImage(target, image)
        painter.end()


class VideoScreen(Screen):
    name = "video_call"
    SPEC = ScreenSpec(
        "video_call",
        lambda: QCoreApplication.translate("screens", "Remote video"),
        lambda: QCoreApplication.translate("screens", "Talk face to face with hall staff, with the judge of your "
                                                      "case, or with the court's reception. Touch who you want "
                                                      "to talk to."),
        ("videoStaff", "videoJudge", "videoVisit", "videoCase_*", "videoSlot_*", "videoConsentYes", "videoConsentNo",
         "videoBookedPrint", "videoBookedBack", "readerPrevious", "readerNext", "readerZoomOut", "readerFit", "readerZoomIn", "readerClose",
         "videoDocumentHangUp", "videoHangUp", "videoVolumeDown", "videoVolumeUp", "videoAgain", "backButton", "homeButton"),
    )

    def __init__(self, nav, video, judgment=None) -> None:
        super().__init__()
        self._nav = nav
        self._video = video
        self._judgment = judgment
        self._case = None  # the JudgmentCase chosen (判后答疑)
        self._booking = None  # this visit's BookingView
        self._identity = None
        self._kind = ""
        self._rows = []
        self._loading = False
        self._reachable = True
        video.changed.connect(self._changed)
        video.remote_picture.connect(self._remote_picture)
        video.document_pdf.connect(self._document_pdf)
        video.local_picture.connect(lambda latest: self.local.set_image(latest.take()))
        if judgment is not None:
            judgment.loaded.connect(self._loaded)
            judgment.booking.connect(self._booked)
            judgment.slip_printed.connect(lambda: self._slip_done("printed"))
            judgment.slip_failed.connect(self._slip_done)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(40, 16, 40, 16)  # (the document page needs the reader's width)
        layout.setSpacing(14)
        self.message = label("hint", name="videoMessage")
        self.message.setProperty("live", "polite")
        layout.addWidget(self.message)
        self.pages = QStackedWidget()
        layout.addWidget(self.pages, 1)

        choose = QWidget()
        grid = QGridLayout(choose)
        grid.setSpacing(24)
        grid.setContentsMargins(0, 0, 0, 0)
        self.tiles = {}
        for column, (kind, name) in enumerate((("staff", "videoStaff"), ("judgment_qa", "videoJudge"),
                                               ("visit", "videoVisit"))):
            tile = TileButton(name)
            tile.setProperty("role", "tile")
            tile.clicked.connect(lambda _=False, k=kind: self._choose(k))
            grid.addWidget(tile, 0, column)
            self.tiles[kind] = tile
        grid.setRowStretch(1, 1)
        self.pages.addWidget(choose)

        cases_page = QWidget()
        self.case_list = QVBoxLayout(cases_page)
        self.case_list.setContentsMargins(0, 0, 0, 0)
        self.case_list.setSpacing(12)
        self.pages.addWidget(cases_page)

        consent = Card()
        self.consent_text = label(name="videoConsentText")
        consent.layout_.addWidget(self.consent_text)
        row = QHBoxLayout()
        self.consent_yes = button("videoConsentYes", "primary")
        self.consent_yes.clicked.connect(lambda: self._place(True))
        self.consent_no = button("videoConsentNo")
        self.consent_no.clicked.connect(lambda: self._place(False))
        row.addWidget(self.consent_yes)
        row.addWidget(self.consent_no)
        row.addStretch()
        consent.layout_.addLayout(row)
        consent_page = QWidget()
        cl = QVBoxLayout(consent_page)
        cl.setContentsMargins(0, 0, 0, 0)
        cl.addWidget(consent)
        cl.addStretch()
        self.pages.addWidget(consent_page)

        call = QWidget()
        body = QHBoxLayout(call)
        body.setContentsMargins(0, 0, 0, 0)
        body.setSpacing(20)
        self.remote = VideoView("videoRemote")
        self.remote.setMinimumSize(480, 360)
        body.addWidget(self.remote, 3)
        side = QVBoxLayout()
        side.setSpacing(12)
        self.local = VideoView("videoLocal")
        self.local.setFixedSize(256, 192)
        side.addWidget(self.local)
        self.status = label("title", name="videoStatus")
        self.status.setProperty("live", "polite")
        side.addWidget(self.status)
        self.quality = label("hint", name="videoQuality")
        side.addWidget(self.quality)
        self.recording = label("error", name="videoRecording")
        side.addWidget(self.recording)
        self.document = label("ok", name="videoDocument")
        side.addWidget(self.document)
        volume = QHBoxLayout()
        self.volume_down = button("videoVolumeDown")
        self.volume_down.clicked.connect(lambda: self._volume(-VOLUME_STEP))
        self.volume_label = label(name="videoVolume")
        self.volume_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.volume_up = button("videoVolumeUp")
        self.volume_up.clicked.connect(lambda: self._volume(VOLUME_STEP))
        volume.addWidget(self.volume_down)
        volume.addWidget(self.volume_label, 1)
        volume.addWidget(self.volume_up)
        side.addLayout(volume)
        side.addStretch()
        self.hang_up = button("videoHangUp", "danger")
        self.hang_up.clicked.connect(video.hang_up)
        side.addWidget(self.hang_up)
        body.addLayout(side, 1)
        self.pages.addWidget(call)

        self.ended_text = label("title", name="videoEnded")
        self.again = button("videoAgain", "primary")
        self._card_page(self.ended_text, back=self.again)

        booking = QWidget()
        bl = QVBoxLayout(booking)
        bl.setContentsMargins(0, 0, 0, 0)
        bl.setSpacing(12)
        self.booking_text = label(name="videoBookingText")
        bl.addWidget(self.booking_text)
        self.slot_grid = QGridLayout()
        self.slot_grid.setSpacing(12)
        bl.addLayout(self.slot_grid)
        bl.addStretch()
        self.pages.addWidget(booking)

        self.booked_text = label("title", name="videoBooked")
        self.booked_hint = label("hint", name="videoBookedHint")
        self.booked_print = button("videoBookedPrint")
        self.booked_print.clicked.connect(self._print_slip)
        self.booked_print_status = label("hint", name="videoBookedPrintStatus")
        self.booked_print_status.setProperty("live", "polite")
        self.booked_again = button("videoBookedBack", "primary")
        self._slip = ""  # "" | printing | printed | a slip_failed code
        self._card_page(self.booked_text, self.booked_hint, self.booked_print, self.booked_print_status,
                        back=self.booked_again)

        # A court document the console shows: read on a page of its own (the reader needs the width), the
        # other side small below it, the call going on.
        document_page = QWidget()
        dl = QVBoxLayout(document_page)
        dl.setContentsMargins(0, 0, 0, 0)
        dl.setSpacing(10)
        self.reader = PdfReader()
        self.reader.closed.connect(self._close_document)
        dl.addWidget(self.reader, 1)
        strip = QHBoxLayout()
        strip.setSpacing(16)
        self.remote_small = VideoView("videoRemoteSmall")
        self.remote_small.setFixedSize(160, 120)
        strip.addWidget(self.remote_small)
        self.document_status = label("hint", name="videoDocumentStatus")
        strip.addWidget(self.document_status, 1)
        self.document_hang_up = button("videoDocumentHangUp", "danger")
        self.document_hang_up.clicked.connect(video.hang_up)
        strip.addWidget(self.document_hang_up)
        dl.addLayout(strip)
        self.pages.addWidget(document_page)

        self._clock = QTimer(self)
        self._clock.setInterval(1000)
        self._clock.timeout.connect(self._refresh)  # the call's duration
        self.retranslate()

    def _card_page(self, heading, *below, back) -> None:
        """A page of one card at the top: ``heading`` (read out when it changes), ``below``, then the
        ``back`` button, which leads back to the choices."""
        card = Card()
        heading.setProperty("live", "polite")
        back.clicked.connect(self._again)
        for widget in (heading, *below, back):
            card.layout_.addWidget(widget)
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(card)
        layout.addStretch()
        self.pages.addWidget(page)

    # -- visit -----------------------------------------------------------------------------------
    def begin(self, identity) -> None:
        self.clear()
        self._identity = identity
        self._refresh()

    def start_staff_call(self, green_channel: bool = True) -> None:
        """The green channel's call for staff: straight to a video call with hall staff."""
        self._kind = "staff"
        self._place(False, green_channel=green_channel)

    def leave(self) -> None:
        if self._video.view.active:  # Back or Start over during a call: it ends
            self._video.hang_up()

    def clear(self) -> None:
        self._identity = None
        self._kind = ""
        self._case = None
        self._booking = None
        self._rows = []
        self._loading = False
        clear_layout(self.case_list)
        clear_layout(self.slot_grid)
        self._again()

    def _choose(self, kind: str) -> None:
        self._kind = kind
        if kind == "judgment_qa":
            self._loading = True
            self.pages.setCurrentIndex(CASES)
            if self._judgment is not None and self._identity is not None:
                self._judgment.load(self._identity)
            else:
                self._loaded([], False)
            self._refresh()
            return
        self._consent_or_place()

    def _loaded(self, rows, reachable: bool) -> None:
        if not self._loading:
            return
        self._loading = False
        self._reachable = reachable
        self._rows = list(rows)  # 判后答疑: the court's cases of this person with a judgment
        clear_layout(self.case_list)
        for index, row in enumerate(self._rows):
            b = button(f"videoCase_{index}")
            b.setProperty("case", row)
            b.clicked.connect(lambda _=False, case=row: self._case_chosen(case))
            self.case_list.addWidget(b)
        self.case_list.addStretch()
        self._refresh()

    def _case_chosen(self, case) -> None:
        self._case = case
        if case.judge_online:
            self._consent_or_place()
            return
        clear_layout(self.slot_grid)  # the judge is not at the console: book a time
        for index, slot in enumerate(case.slots):
            b = button(f"videoSlot_{index}")
            b.setProperty("slot", slot)
            b.clicked.connect(lambda _=False, at=slot: self._book(at))
            self.slot_grid.addWidget(b, index // 2, index % 2)
        self.pages.setCurrentIndex(BOOKING)
        self._refresh()

    def _book(self, slot) -> None:
        if self._judgment is None or self._identity is None or self._case is None:
            return
        self._judgment.book(self._identity, self._case, slot)
        self.pages.setCurrentIndex(BOOKED)
        self._refresh()

    def _print_slip(self) -> None:
        self._slip = "printing"
        self._judgment.print_slip()
        self._refresh()

    def _slip_done(self, code: str) -> None:
        self._slip = code
        self._refresh()

    def _booked(self, view) -> None:
        if self._case is None or view.case_number != self._case.case_number:
            return
        self._booking = view
        self._refresh()

    def _consent_or_place(self) -> None:
        if self._video.recording_allowed:  # the court may record: ask first
            self.pages.setCurrentIndex(CONSENT)
            self._refresh()
            return
        self._place(False)

    def _place(self, consent: bool, green_channel: bool = False) -> None:
        self.pages.setCurrentIndex(CALL)
        self._video.place(self._kind, case_number=self._case.case_number if self._case is not None else None,
                          consent=consent, green_channel=green_channel,
                          id_number=self._identity.id_number if self._identity is not None else None)
        self._refresh()

    def _again(self) -> None:
        """Back to the three choices, the last call's pictures and page gone."""
        self._video.dismiss()
        self._booking = None
        self._slip = ""
        self._close_document()
        self.remote.clear_image()
        self.local.clear_image()
        self.pages.setCurrentIndex(CHOOSE)
        self._refresh()

    def _remote_picture(self, latest) -> None:
        image = latest.take()
        if self.pages.currentIndex() == DOCUMENT:
            self.remote_small.set_image(image)
        else:
            self.remote.set_image(image)

    def _document_pdf(self, document_id: str, pdf: bytes) -> None:
        """The console shows a court document: read it on the document page (the other side small)."""
        view = self._video.view
        if not view.active or view.document is None or view.document[1] != document_id:
            return
        self.pages.setCurrentIndex(DOCUMENT)
        self._refresh()
        self.layout().activate()  # the reader's size now, so its first page is rendered once, to fit
        self.reader.layout().activate()
        self.reader.load(pdf, 10_000, view.document[0])  # (every page: the reader counts them)

    def _close_document(self) -> None:
        """Back from the document to the call (Close, or the call's end)."""
        if self.reader.pages:
            self.reader.unload()
        self.remote_small.clear_image()
        if self.pages.currentIndex() == DOCUMENT:
            self.pages.setCurrentIndex(CALL)
            self._refresh()

    def _volume(self, step: float) -> None:
        self._video.set_volume(self._video.volume + step)
        self._refresh()

    def _changed(self, view) -> None:
        if view.state in ("ended", "failed"):
            self._clock.stop()
            self._close_document()
            self.pages.setCurrentIndex(ENDED)
        elif view.active:
            if self.pages.currentIndex() not in (CALL, DOCUMENT):
                self.pages.setCurrentIndex(CALL)
            if view.state == "connected" and not self._clock.isActive():
                self._clock.start()
        self._refresh()

    # -- texts -----------------------------------------------------------------------------------
    def _status_text(self, view) -> str:
        who = KIND_TITLES[view.kind]() if view.kind in KIND_TITLES else ""
        if view.state == "placing":
            return self.tr("Calling the court…")
        if view.state == "waiting":
            if view.position == 1:
                return self.tr("{who}: waiting to be answered. You are next.").replace("{who}", who)
            if view.position:
                return self.tr("{who}: waiting to be answered. {n} ahead of you.").replace(
                    "{who}", who).replace("{n}", str(view.position - 1))
            return self.tr("{who}: waiting to be answered.").replace("{who}", who)
        if view.state in ("answered", "connecting"):
            return self.tr("{name} answered. Connecting…").replace("{name}", view.answered_by or self.tr("The court"))
        if view.state == "reconnecting":
            return self.tr("The connection dropped. Reconnecting…")
        if view.state == "connected":
            minutes, seconds = divmod(view.duration(), 60)
            return self.tr("Talking with {name}  {time}").replace(
                "{name}", view.answered_by or who).replace("{time}", f"{minutes:02d}:{seconds:02d}")
        return ""

    def _ended_text(self, view) -> str:
        if view.state == "failed":
            if view.failure == "offline":
                return self.tr("The court cannot be reached now, so the call could not be made. Please go to "
                               "the service counter.")
            if view.failure == "disabled":
                return self.tr("Video calls are not offered at this kiosk. Please go to the service counter.")
            return self.tr("The court could not take the call. Please go to the service counter.")
        minutes, seconds = divmod(view.duration(), 60)
        if view.ended_by == "network":
            text = self.tr("The call ended: the connection was lost and could not be restored.")
        elif view.connected_at is None:
            text = self.tr("The call ended before it was answered.")
        else:
            text = self.tr("The call has ended.")
        if view.connected_at is not None:
            text += " " + self.tr("Duration {time}.").replace("{time}", f"{minutes:02d}:{seconds:02d}")
        return text

    def _time_text(self, moment) -> str:
        """A session time as the court gives it (its local time): "12月8日（周二）14:00"."""
        weekdays = (self.tr("Mon"), self.tr("Tue"), self.tr("Wed"), self.tr("Thu"), self.tr("Fri"), self.tr("Sat"),
                    self.tr("Sun"))
        return self.tr("{month}/{day} ({weekday}) {time}").replace("{month}", str(moment.month)).replace(
            "{day}", str(moment.day)).replace("{weekday}", weekdays[moment.weekday()]).replace(
            "{time}", moment.strftime("%H:%M"))

    def _case_text(self, case) -> str:
        if case.judge_online:
            state = self.tr("Judge {judge} is online: call now")
        elif case.booking is not None:
            state = self.tr("Judge {judge}: your time {time}").replace("{time}", self._time_text(case.booking.slot))
        else:
            state = self.tr("Judge {judge} is not online: book a time")
        return f"{case.case_number}　{case.case_type_name}\n" + state.replace("{judge}", case.judge or "—")

    def _booked_text(self) -> str:
        view = self._booking
        if view is None:
            return self.tr("Booking…")
        when = self._time_text(view.slot)
        if view.state == "failed":
            return self.tr("The booking could not be saved at this kiosk. Please ask hall staff.")
        if view.state == "refused":
            return self.tr("The court did not accept the booking. Please ask hall staff.")
        if view.state == "stored":
            return self.tr("Your booking for {time} with judge {judge} is saved and is being sent to the court.").replace(
                "{time}", when).replace("{judge}", view.judge)
        if view.moved:
            return self.tr("The time you chose was just taken. The court booked {time} with judge {judge} "
                           "instead.").replace("{time}", when).replace("{judge}", view.judge)
        return self.tr("Booked: {time} with judge {judge}.").replace("{time}", when).replace("{judge}", view.judge)

    def retranslate(self) -> None:
        """The language changed (and at the start): every text."""
        self.reader.retranslate()
        self._refresh()

    def _refresh(self) -> None:
        """Every text for the call and the page as they are now (each state change, every second of a call)."""
        view = self._video.view
        page = self.pages.currentIndex()
        self.tiles["staff"].setText(self.tr("Call hall staff") + "\n" + self.tr("General help"))
        self.tiles["judgment_qa"].setText(self.tr("Ask the judge") + "\n" + self.tr("After a judgment (判后答疑)"))
        self.tiles["visit"].setText(self.tr("Remote reception") + "\n" + self.tr("Letters and visits (远程接访)"))
        judge_ok = self._identity is not None and self._judgment is not None
        self.tiles["judgment_qa"].setEnabled(judge_ok)
        self.consent_text.setText(self.tr(
            "The court may record this call (picture and voice) and keep the recording in the case's records. "
            "It is recorded only if you agree, and you will see when it records. If you do not agree, the "
            "call is not recorded."))
        self.consent_yes.setText(self.tr("I agree, call"))
        self.consent_no.setText(self.tr("Call without recording"))
        self.volume_down.setText(self.tr("Quieter"))
        self.volume_up.setText(self.tr("Louder"))
        self.volume_label.setText(self.tr("Volume {n}%").replace("{n}", str(round(self._video.volume * 100))))
        self.hang_up.setText(self.tr("Hang up"))
        self.document_hang_up.setText(self.tr("Hang up"))
        self.document_status.setText(self._status_text(view) if page == DOCUMENT else "")
        self.again.setText(self.tr("Back to the choices"))
        self.status.setText(self._status_text(view))
        self.quality.setText(QUALITY_TEXT[view.quality]() if view.quality in QUALITY_TEXT else "")
        set_role(self.quality, "error" if view.quality == "poor" else "hint")
        self.recording.setText(self.tr("● Recording") if view.recording else "")
        self.recording.setVisible(view.recording)
        document = ""
        if view.document:
            document = self.tr("Shown by the court: {title}").replace("{title}", view.document[0])
            if view.document_state == "loading":
                document += "\n" + self.tr("Opening the document…")
            elif view.document_state == "unavailable":
                document += "\n" + self.tr("This document cannot be opened here. Ask the court for a copy, or "
                                           "print it at 文书打印 if it was served on you.")
        self.document.setText(document)
        self.document.setVisible(view.document is not None)
        self.ended_text.setText(self._ended_text(view) if view.state in ("ended", "failed") else "")
        set_role(self.ended_text, "error" if view.state == "failed" or view.ended_by == "network" else "title")
        for index in range(self.case_list.count()):
            widget = self.case_list.itemAt(index).widget()
            if widget is not None and widget.property("case") is not None:
                widget.setText(self._case_text(widget.property("case")))
        for index in range(self.slot_grid.count()):
            widget = self.slot_grid.itemAt(index).widget()
            if widget is not None and widget.property("slot") is not None:
                widget.setText(self._time_text(widget.property("slot")))
        case = self._case
        if case is not None:
            text = self.tr("Judge {judge} is not at the video desk now. Choose a time to talk with the judge by "
                           "video about case {case}; each talk takes up to {minutes} minutes.").replace(
                "{judge}", case.judge).replace("{case}", case.case_number).replace("{minutes}", "30")
            if case.booking is not None:
                text += "\n" + self.tr("You already have a time for this case: {time}.").replace(
                    "{time}", self._time_text(case.booking.slot))
            if not case.slots:
                text += "\n" + self.tr("The court has no free time to offer now. Hall staff can help.")
            self.booking_text.setText(text)
        self.booked_text.setText(self._booked_text())
        self.booked_hint.setText(self.tr(
            "At that time, come to any kiosk of the court, choose Remote video, then Ask the judge and this case: "
            "the judge answers. Bring your ID card.") if self._booking is not None and
            self._booking.state in ("stored", "booked") else "")
        self.booked_again.setText(self.tr("Back to the choices"))
        can_print = self._judgment is not None and self._judgment.can_print and self._booking is not None \
            and self._booking.state in ("stored", "booked")
        self.booked_print.setVisible(can_print)
        self.booked_print.setEnabled(can_print and self._slip != "printing")
        self.booked_print.setText(self.tr("Print the booking slip"))
        self.booked_print_status.setText({
            "printing": self.tr("Printing…"),
            "printed": self.tr("Printed. Please take the slip."),
            "paper_out": self.tr("The printer is out of paper. Please note the time, or ask hall staff."),
            "offline": self.tr("The printer is not working. Please note the time, or ask hall staff."),
            "error": self.tr("The slip could not be printed. Please note the time, or ask hall staff."),
        }.get(self._slip, ""))
        set_role(self.booked_text, "error" if self._booking is not None and self._booking.state in
                 ("refused", "failed") else "title")
        if page == CHOOSE:
            self.message.setText(self.spec.prompt())
        elif page == CASES:
            if self._loading:
                self.message.setText(self.tr("Asking the court for your cases…"))
            elif not self._reachable:
                self.message.setText(self.tr("The court cannot be reached now, so your cases cannot be shown. "
                                             "Please try again later, or ask hall staff."))
            elif not self._rows:
                self.message.setText(self.tr("You have no case with a judgment at this court. Ask the judge "
                                             "about a judgment needs one; hall staff can help."))
            else:
                self.message.setText(self.tr("Which case is your question about? The judge who decided it "
                                             "answers."))
        elif page == BOOKING:
            self.message.setText(self.tr("Book a time with the judge"))
        elif page == BOOKED:
            self.message.setText("")
        elif page == CONSENT:
            self.message.setText(self.tr("Before the call: recording"))
        elif page == CALL and view.state in ("placing", "waiting"):
            self.message.setText(self.tr("Please stay here: the call starts as soon as someone answers. You can "
                                         "see yourself on the right."))
        elif page == CALL:
            self.message.setText(self.tr("Look at the screen and speak normally. Touch Hang up to end the call."))
        elif page == DOCUMENT:
            self.message.setText(self.tr("The court shows you a document. The call goes on."))
        else:
            self.message.setText("")


def _create(nav, services):
    return VideoScreen(nav, services.video_call, getattr(services, "judgment_qa", None))


SCREEN = ScreenEntry("video_call", _create, serves=("video_call",))
