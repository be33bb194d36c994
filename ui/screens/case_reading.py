"""阅卷: the case file's documents with the reading grant's state, the application, and the reader.

Three views on one screen: choosing the case (one of the person's cases, or another by case number and
query code), the case file's index (the grant's state, Apply, each document with Open), and the reader
(ui/pdf_reader.py). A document opens only while the grant is open (the service checks the kiosk's clock);
when the window ends while reading, the reader closes and says why. Built by the case records flow
(ui/screens/case_detail.py).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from ui.pdf_reader import PdfReader
from ui.screen_specs import ScreenSpec
from ui.widgets import Card, Screen, button, clear_layout, label, set_role

WINDOW_CHECK_MS = 15_000  # while reading: is the grant's window still open?


translate = QCoreApplication.translate  # (lupdate reads translate("context", "text") calls)


def document_failure_text(code: str) -> str:
    return {
        "too_big": translate("CaseReadingScreen", "This document is too large to be shown on the kiosk. Please "
                                                  "ask at the service counter to read it."),
        "too_many_pages": translate("CaseReadingScreen", "This document has too many pages to be shown on the "
                                                         "kiosk. Please ask at the service counter to read it."),
        "corrupt": translate("CaseReadingScreen", "This document cannot be shown: the file the court sent is "
                                                  "damaged. Please ask at the service counter."),
        "interrupted": translate("CaseReadingScreen", "The document did not arrive completely, so nothing of it "
                                                      "is shown. Please try again."),
        "offline": translate("CaseReadingScreen", "The court's system cannot be reached right now. Please try "
                                                  "again in a moment."),
        "not_granted": translate("CaseReadingScreen", "Reading is not open now: the court's permission is "
                                                      "missing or its time has ended."),
        "not_found": translate("CaseReadingScreen", "The court no longer has this document in the case file."),
    }.get(code, translate("CaseReadingScreen", "The document could not be opened. Please ask at the service "
                                               "counter."))


class CaseReadingScreen(Screen):
    name = "case_reading"
    SPEC = ScreenSpec(
        "case_reading",
        lambda: QCoreApplication.translate("screens", "Read case file"),
        lambda: QCoreApplication.translate("screens", "Apply to read the case file. Once the court grants it, "
                                                      "you can read its documents here during the time given."),
        ("readingCase*", "readingOtherCase", "readingGrant", "readingApply", "readingOpen*", "readingRetry",
         "readerTitle", "readerPageIndicator", "readerPrevious", "readerNext", "readerZoomOut", "readerFit",
         "readerZoomIn", "readerClose", "backButton", "homeButton"),
    )

    def __init__(self, flow, service, cases_service) -> None:
        super().__init__()
        self._flow = flow
        self._service = service
        self._cases = cases_service
        self._identity = None
        self._access = None
        self.mode = "idle"  # idle | choose | index | reader
        self._rows = []  # my cases to choose from
        self._loading_cases = False
        self.case_number: str | None = None
        self.index = None  # CaseFile
        self.index_problem: str | None = None
        self.document_problem: tuple[str, str] | None = None  # (document id, code)
        self.opening: str | None = None  # the document id being fetched
        self._open_title = ""
        self.notice = ""  # a one-off line (the window ended while reading)
        self._rows_for = None  # the index whose document rows are shown
        self.open_buttons = []
        cases_service.loaded.connect(self._cases_loaded)
        service.index_loaded.connect(self._index_loaded)
        service.index_failed.connect(self._index_failed)
        service.state_changed.connect(self._state_changed)
        service.apply_failed.connect(self._apply_failed)
        service.document_ready.connect(self._document_ready)
        service.document_failed.connect(self._document_failed)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(48, 12, 48, 12)
        layout.setSpacing(12)
        self.heading = label("title", name="readingHeading")
        layout.addWidget(self.heading)
        self.message = label("hint", name="readingMessage")
        layout.addWidget(self.message)
        problem_row = QHBoxLayout()  # what went wrong with a document, at the top where it is seen
        self.problem = label("error", name="readingProblem")
        problem_row.addWidget(self.problem, 1)
        self.retry = button("readingRetry")
        self.retry.clicked.connect(self._retry)
        problem_row.addWidget(self.retry)
        layout.addLayout(problem_row)

        self.choose = QWidget()
        self.choose_rows = QVBoxLayout(self.choose)
        self.choose_rows.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.choose)
        self.other_case = button("readingOtherCase")
        self.other_case.clicked.connect(self._flow.lookup_for_reading)
        layout.addWidget(self.other_case)

        self.grant_card = Card()
        self.grant = label("big", name="readingGrant")
        self.grant.setProperty("live", "polite")  # the court's answer, said as it comes (speech on)
        self.grant_card.layout_.addWidget(self.grant)
        self.apply_button = button("readingApply", "primary")
        self.apply_button.clicked.connect(self._apply)
        self.grant_card.layout_.addWidget(self.apply_button)
        layout.addWidget(self.grant_card)
        self.documents_card = Card()
        self.documents_title = label("title")
        self.documents_card.layout_.addWidget(self.documents_title)
        self.documents = QGridLayout()
        self.documents.setHorizontalSpacing(16)
        self.documents_card.layout_.addLayout(self.documents)
        layout.addWidget(self.documents_card)

        self.reader = PdfReader()
        self.reader.setMinimumHeight(640)
        self.reader.closed.connect(self.close_reader)
        self.reader.page_shown.connect(service.page_viewed)
        layout.addWidget(self.reader, 1)
        self.stretch_holder = QWidget()
        layout.addWidget(self.stretch_holder, 1)
        self._window_timer = QTimer(self)
        self._window_timer.setInterval(WINDOW_CHECK_MS)
        self._window_timer.timeout.connect(self._check_window)
        self.retranslate()

    # -- ways in ----------------------------------------------------------------------------
    def begin_choice(self, identity) -> None:
        """From the menu: the person's cases to choose from."""
        self.clear()
        self._identity = identity
        self.mode = "choose"
        self._loading_cases = True
        self._cases.load(identity)
        self.retranslate()

    def begin_case(self, identity, access, case_number: str | None) -> None:
        """The case file of this case (a party's access, or a query code's)."""
        self.close_reader()
        self._identity = identity
        self.mode = "index"
        self._access = access
        self.case_number = case_number
        self.index, self.index_problem, self.document_problem, self.opening, self.notice = None, None, None, None, ""
        self._service.load(access)
        self.retranslate()

    def _cases_loaded(self, rows, reachable: bool) -> None:
        if self.mode != "choose" or not self._loading_cases:
            return
        self._loading_cases = False
        self._rows = [r for r in rows if not r.local_only]
        self.index_problem = None if reachable else "offline"
        self.retranslate()

    def _choose(self, row) -> None:
        if self._identity is None:
            return
        self._flow.identity = self._identity
        self.begin_case(self._identity, self._service.party_access(self._identity, row.filing_id), row.case_number)

    # -- the index --------------------------------------------------------------------------
    def _index_loaded(self, index) -> None:
        if self.mode not in ("index", "reader"):
            return
        self.index, self.index_problem = index, None
        self.case_number = index.case_number or self.case_number
        self.retranslate()

    def _index_failed(self, code: str) -> None:
        if self.mode != "index":
            return
        self.index_problem = code
        self.retranslate()

    def _state_changed(self, _state) -> None:
        self._refresh_index()

    def _refresh_index(self) -> None:
        if self.mode == "index":
            self.retranslate()

    def _apply(self) -> None:
        if self._identity is not None and self.index is not None:
            self.apply_button.setEnabled(False)
            self._service.apply(self._identity)

    def _apply_failed(self, code: str) -> None:
        if self.mode == "index":
            self.notice = self.tr("Your application could not be saved on this kiosk. Nothing was sent. Please "
                                  "ask at the service counter.")
            self.retranslate()

    def _open(self, document) -> None:
        if self.opening is not None:
            return
        self.opening = document.document_id
        self._open_title = document.title
        self.document_problem = None
        self.notice = ""
        self.retranslate()
        self._service.open_document(document.document_id)

    def _retry(self) -> None:
        if self.mode == "choose":
            self.begin_choice(self._identity)
            return
        if self.document_problem is not None and self.index is not None:
            doc = next((d for d in self.index.documents if d.document_id == self.document_problem[0]), None)
            if doc is not None:
                self._open(doc)
                return
        if self.index_problem is not None and self._access is not None:
            self.index_problem = None
            self._service.load(self._access)
            self.retranslate()

    # -- the reader -------------------------------------------------------------------------
    def _document_ready(self, document_id: str, pdf, pages: int) -> None:
        if self.opening != document_id or self.mode != "index":
            return
        self.opening = None
        self.mode = "reader"
        self.retranslate()
        self.layout().activate()  # the reader's size now, so its first page is rendered once, to fit
        self.reader.layout().activate()
        self.reader.load(pdf, pages, self._open_title)
        self._window_timer.start()

    def _document_failed(self, document_id: str, code: str) -> None:
        if self.opening != document_id:
            return
        self.opening = None
        self.document_problem = (document_id, code)
        self.retranslate()

    def close_reader(self) -> bool:
        """Close the open document (its reading is recorded); True when one was open."""
        if self.mode != "reader":
            return False
        self._window_timer.stop()
        self.reader.unload()
        self._service.close_document()
        self.mode = "index"
        self.retranslate()
        return True

    def _check_window(self) -> None:
        if self.mode == "reader" and not self._service.can_open():
            self.close_reader()
            self.notice = self.tr("Your reading time has ended, so the document was closed.")
            self.retranslate()

    def leave(self) -> None:
        self.close_reader()

    def clear(self) -> None:
        self._window_timer.stop()
        self.reader.unload()
        self._identity = None
        self._access = None
        self.mode = "idle"
        self._rows = []
        self._loading_cases = False
        self.case_number = None
        self.index = self.index_problem = self.document_problem = self.opening = None
        self.notice = ""
        self.retranslate()

    # -- texts ------------------------------------------------------------------------------
    def _grant_text(self) -> tuple[str, str]:
        state = self._service.state
        now = self._service.now()
        fmt = "%Y-%m-%d %H:%M"
        if state is None:
            return self.tr("You have not applied to read this case file yet."), "hint"
        if state.status == "sending":
            return self.tr("Your application is saved and on its way to the court."), "hint"
        if state.status == "pending":
            return self.tr("The court is deciding on your application. This page shows the answer when it "
                           "comes; you can also come back later."), "hint"
        if state.status == "refused":
            reasons = "；".join(state.reasons)
            text = self.tr("The court did not grant your application.")
            return (text + (" " + self.tr("Reason: {reasons}").replace("{reasons}", reasons) if reasons else "")), \
                "error"
        if state.is_open(now):
            return self.tr("You may read the case file until {until}.").replace(
                "{until}", state.granted_until.astimezone().strftime(fmt)), "ok"
        if state.expired(now):
            return self.tr("Your reading time ended on {until}. You may apply again.").replace(
                "{until}", state.granted_until.astimezone().strftime(fmt)), "error"
        return self.tr("Your reading time starts on {start}.").replace(
            "{start}", state.granted_from.astimezone().strftime(fmt) if state.granted_from else "?"), "hint"

    def _fill_choice(self) -> None:
        clear_layout(self.choose_rows)
        for n, row in enumerate(self._rows):
            b = button(f"readingCase{n}")
            b.setText(f"{row.case_number or row.filing_id[:8].upper()}　{row.case_type_name}　{row.status}")
            b.setMinimumHeight(72)
            b.clicked.connect(lambda _=False, r=row: self._choose(r))
            self.choose_rows.addWidget(b)

    def _fill_documents(self) -> None:
        """One row per document (made again only for another index), its texts and its button's state."""
        if self._rows_for is not self.index:
            self._rows_for = self.index
            self.open_buttons = []
            clear_layout(self.documents)
            documents = self.index.documents if self.index is not None else ()
            for n, doc in enumerate(documents):
                title = label(name=f"readingDocument{n}")
                title.setText(f"{doc.title}（{doc.kind}）")
                self.documents.addWidget(title, n, 0)
                self.documents.addWidget(label("hint", wrap=False, name=f"readingInfo{n}"), n, 1)
                open_button = button(f"readingOpen{n}")
                open_button.setMinimumHeight(64)
                open_button.clicked.connect(lambda _=False, d=doc: self._open(d))
                self.documents.addWidget(open_button, n, 2)
                self.open_buttons.append(open_button)
            if self.index is not None and not documents:
                self.documents.addWidget(label("hint", name="readingEmpty"), 0, 0)
            self.documents.setColumnStretch(0, 1)
        if self.index is None:
            return
        can_open = self._service.can_open()
        for n, doc in enumerate(self.index.documents):
            info = self.findChild(QLabel, f"readingInfo{n}")
            info.setText(self.tr("{date}, {pages} pages").replace("{date}", doc.date.astimezone().strftime("%Y-%m-%d"))
                         .replace("{pages}", str(doc.pages)))
            open_button = self.open_buttons[n]
            open_button.setText(self.tr("Opening…") if self.opening == doc.document_id else self.tr("Read"))
            # heard with the document it opens (the keys reach the button, not the row's texts)
            open_button.setAccessibleName(f"{open_button.text()}: {doc.title}（{doc.kind}）, {info.text()}")
            open_button.setEnabled(can_open and self.opening is None)
        empty = self.findChild(QLabel, "readingEmpty")
        if empty is not None:
            empty.setText(self.tr("The case file has no documents you may read yet."))

    def retranslate(self) -> None:
        mode = self.mode
        self.other_case.setText(self.tr("Another case (with case number and query code)"))
        self.apply_button.setText(self.tr("Apply to read the case file"))
        self.retry.setText(self.tr("Try again"))
        self.documents_title.setText(self.tr("Documents of the case file"))
        self.reader.retranslate()
        self.choose.setVisible(mode == "choose")
        self.other_case.setVisible(mode == "choose" and not self._loading_cases)
        in_index = mode == "index"
        self.grant_card.setVisible(in_index and self.index is not None)
        self.documents_card.setVisible(in_index and self.index is not None)
        self.reader.setVisible(mode == "reader")
        self.stretch_holder.setVisible(mode != "reader")
        self.heading.setText((self.case_number or "") if mode in ("index", "reader") else "")
        self.heading.setVisible(bool(self.heading.text()))
        if mode == "choose":
            self._fill_choice()
            if self._loading_cases:
                text, role = self.tr("Asking the court for your cases…"), "hint"
            elif self.index_problem == "offline":
                text, role = document_failure_text("offline"), "error"
            elif not self._rows:
                text, role = self.tr("You have no case at this court. For another person's case, use its case "
                                     "number and query code."), "hint"
            else:
                text, role = self.tr("Which case file do you want to read?"), "hint"
        elif in_index and self.index is None and self.index_problem is None:
            text, role = self.tr("Asking the court…"), "hint"
        elif in_index and self.index_problem is not None:
            text, role = (document_failure_text(self.index_problem) if self.index_problem == "offline" else
                          self.tr("The court has no case file you may see for this case.")), "error"
        elif mode == "reader":
            text, role = "", "hint"
        else:
            text, role = (self.notice, "error") if self.notice else (self.spec.prompt(), "hint")
        self.message.setText(text)
        set_role(self.message, role)
        self.message.setVisible(bool(text))
        if in_index and self.index is not None:
            grant_text, grant_role = self._grant_text()
            self.grant.setText(grant_text)
            set_role(self.grant, grant_role)
            state = self._service.state
            now = self._service.now()
            self.apply_button.setVisible(self._identity is not None and (
                state is None or state.status == "refused" or state.expired(now)))
            self.apply_button.setEnabled(True)
            self._fill_documents()
        problem = self.document_problem if in_index else None
        self.problem.setVisible(problem is not None)
        self.problem.setText(document_failure_text(problem[1]) if problem else "")
        self.retry.setVisible((problem is not None and problem[1] in ("interrupted", "offline"))
                              or (in_index and self.index_problem == "offline")
                              or (mode == "choose" and self.index_problem == "offline"))
