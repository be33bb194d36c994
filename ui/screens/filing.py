"""Self-service filing: parties -> claims -> review and confirm -> submitted."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from kiosk.domain.filing import ENFORCEMENT_DOCUMENTS, MAX_PARTIES, ROLES, PartyDraft
from ui.assist import AssistedField, ScanPanel, VoiceInput
from ui.widgets import Card, Screen, button, label, set_role


def problem_text(code: str) -> str:
    return {
        "required": QCoreApplication.translate("filing", "Please fill this in."),
        "id_length": QCoreApplication.translate("filing", "An ID number has 18 characters."),
        "id_chars": QCoreApplication.translate("filing", "An ID number has 17 digits and a last digit or X."),
        "id_birth_date": QCoreApplication.translate("filing", "The birth date inside this ID number is not a real date."),
        "id_checksum": QCoreApplication.translate("filing", "This ID number failed its check digit. Please check every digit."),
        "uscc_invalid": QCoreApplication.translate("filing", "This unified social credit code is not valid. Please check it."),
        "phone_invalid": QCoreApplication.translate("filing", "Please enter a phone number of digits only."),
        "mismatch_id_number": QCoreApplication.translate("filing", "This does not match the ID number."),
        "date_invalid": QCoreApplication.translate("filing", "Please enter the date as on the card, for example "
                                                             "1990年1月2日 or 1990-01-02."),
        "amount_invalid": QCoreApplication.translate("filing", "Please enter an amount in yuan, for example 12000 or 12000.50."),
        "case_number_invalid": QCoreApplication.translate(
            "filing", "This case number is not valid. Check the year in brackets, the court code and the serial, "
                      "e.g. （2026）京0105民初123号."),
    }.get(code, QCoreApplication.translate("filing", "Please check this field."))


def line_edit(name: str, hints=Qt.InputMethodHint.ImhNone) -> QLineEdit:
    edit = QLineEdit()
    edit.setObjectName(name)
    edit.setInputMethodHints(hints)
    return edit


ORDER = ("filing_start", "filing_parties", "filing_claims", "filing_evidence", "filing_fees", "filing_risk",
         "filing_address", "filing_review", "filing_sign")


def role_title(kind: str, role: str) -> str:
    """What the parties are called in a filing of this kind."""
    names = {
        "first_instance": (QCoreApplication.translate("filing", "Plaintiff"), QCoreApplication.translate("filing", "Defendant")),
        "appeal": (QCoreApplication.translate("filing", "Appellant"), QCoreApplication.translate("filing", "Appellee")),
        "enforcement": (QCoreApplication.translate("filing", "Applicant"), QCoreApplication.translate("filing", "Respondent")),
        "mediation": (QCoreApplication.translate("filing", "Applicant"), QCoreApplication.translate("filing", "Other party")),
    }[kind]
    return {"plaintiff": names[0], "defendant": names[1], "third_party": QCoreApplication.translate("filing", "Third party")}[role]


class FilingFlow:
    """Holds the draft while the litigant moves through the filing screens (one draft per session:
    `clear` drops it on reset; every screen stores its answers in it when leaving, also going back)."""

    def __init__(self, nav, filing_service, scan_service, voice_service) -> None:
        self.nav = nav
        self.service = filing_service
        self.scan_service = scan_service
        self.voice = VoiceInput(voice_service)
        self.voice_service = voice_service
        self.identity = None
        self.draft = None
        self.start = StartScreen(self)
        self.parties = PartiesScreen(self)
        self.claims = ClaimsScreen(self)
        self.evidence = EvidenceScreen(self)
        self.fees = FeesScreen(self)
        self.risk = RiskScreen(self)
        self.address = AddressScreen(self)
        self.review = ReviewScreen(self)
        self.sign = SignScreen(self)
        self.submitted = SubmittedScreen(self)
        self.screens = [self.start, self.parties, self.claims, self.evidence, self.fees, self.risk, self.address,
                        self.review, self.sign, self.submitted]
        filing_service.submitted.connect(self.submitted.on_submitted)
        filing_service.submit_failed.connect(self.sign.on_failed)
        filing_service.receipt_printed.connect(self.submitted.on_printed)
        filing_service.receipt_failed.connect(self.submitted.on_print_failed)
        filing_service.court_quote.connect(self.fees.on_court_quote)
        scan_service.page_read.connect(self.apply_page)
        scan_service.page_captured.connect(self.evidence.on_page)
        scan_service.capture_failed.connect(self.evidence.on_capture_failed)

    def apply_page(self, suggestions: dict) -> None:
        """A scanned complaint was read: fill in what it gives, highlighted for confirmation."""
        if self.draft is None:
            return
        filled = self.parties.apply_page(suggestions) + self.claims.apply_page(suggestions)
        for screen in (self.parties, self.claims):
            screen.scan_panel.show_result(filled)

    def begin(self, identity, kind: str = "first_instance") -> None:
        """A new draft for this litigant; `kind` is preselected (申请调解 on the menu: mediation)."""
        for screen in self.screens:
            screen.clear()
        self.identity = identity
        self.draft = self.service.new_draft(identity)
        self.draft.kind = kind
        self.nav.show_screen("filing_start")

    def go(self, name: str) -> None:
        """Store the current step's answers, then show another step."""
        current = getattr(self.nav, "current", None)
        for screen in self.screens:
            if screen.name == current and hasattr(screen, "store"):
                screen.store()
        self.nav.show_screen(name)

    def next_of(self, name: str) -> None:
        self.go(ORDER[ORDER.index(name) + 1])

    def previous(self, name: str) -> str | None:
        """The step before `name` (None on the first step or outside the flow)."""
        if name in ORDER and ORDER.index(name) > 0:
            return ORDER[ORDER.index(name) - 1]
        return None

    def back(self, name: str) -> bool:
        before = self.previous(name)
        if before is None:
            return False
        self.go(before)
        return True

    def clear(self) -> None:
        self.identity = None
        self.draft = None
        for screen in self.screens:
            screen.clear()

    def show_document(self) -> None:
        """The complaint written from the answers, previewed on A4 (printable)."""
        services = getattr(self.nav, "services", None)
        documents = getattr(services, "documents", None) if services is not None else None
        if documents is None or self.draft is None or self.submitted._outcome is None:
            return
        outcome = self.submitted._outcome
        submission = self.service.build_submission(self.identity, self.draft, outcome.filing_id,
                                                   outcome.submitted_at)
        self.submitted.preparing()
        documents.prepare(submission, self.service.court_display_name(self.draft.court_code),
                          self.service.case_type_display_name(self.draft.case_type),
                          None if self.draft.sign_on_paper else self.draft.signature_png)


class FilingStep(Screen):
    """A step of the filing flow: the flow's draft, a column layout, the spec's prompt on top."""

    def __init__(self, flow: FilingFlow) -> None:
        super().__init__()
        self.flow = flow
        self.body = QVBoxLayout(self)
        self.body.setContentsMargins(60, 16, 60, 16)
        self.prompt = label("hint")
        self.body.addWidget(self.prompt)


class AssistedStep(FilingStep):
    """A filing step whose fields can be filled from a scanned complaint and by voice; each
    field the kiosk fills must be confirmed or corrected before the litigant moves on."""

    def __init__(self, flow: FilingFlow) -> None:
        super().__init__(flow)
        self.scan_panel = ScanPanel(f"{self.name}Scan", flow.scan_service)
        self.body.addWidget(self.scan_panel)
        self.voice_status = label("hint", name=f"{self.name}Voice")
        self.body.addWidget(self.voice_status)
        flow.voice.status.connect(self._voice_status)
        self.fields: dict[str, AssistedField] = {}

    def add_field(self, key: str, editor, voice: bool = True) -> AssistedField:
        field = AssistedField(editor, voice=voice)
        self.fields[key] = field
        self.flow.voice.add(field)
        return field

    def _voice_status(self, text: str) -> None:
        if self.isVisible():
            self.voice_status.setText(text)
            self.voice_status.setVisible(bool(text))

    def enter(self) -> None:
        text = self.flow.voice.unavailable_reason()
        self.voice_status.setText(text)
        self.voice_status.setVisible(bool(text))
        self.flow.voice_service.prepare()

    def leave(self) -> None:
        self.flow.voice.stop()

    def clear_fields(self) -> None:
        for field in self.fields.values():
            field.clear()
        self.scan_panel.clear()

    def apply_page(self, suggestions: dict) -> int:
        filled = 0
        for key, field in self.fields.items():
            found = suggestions.get(key)
            if found is not None and found.value:
                field.suggest(found.value, "scan", low=found.flagged)
                filled += 1
        return filled

    def unconfirmed(self) -> list[AssistedField]:
        """Fields the kiosk filled that the litigant has not confirmed or corrected yet."""
        pending = [f for f in self.fields.values() if f.pending]
        for field in pending:
            field.show_error(QCoreApplication.translate(
                "filing", "Please check this, then touch \"It is right\" or change it."))
        if pending:
            pending[0].editor.setFocus()
        return pending

    def show_problems(self, problems: dict[str, str]) -> bool:
        """Show each field's problem (or none); True if there was any."""
        for key, field in self.fields.items():
            code = problems.get(key)
            field.show_error(problem_text(code) if code else None)
        first = next((self.fields[k] for k in self.fields if k in problems), None)
        if first is not None:
            first.editor.setFocus()
        return first is not None

    def retranslate_fields(self) -> None:
        self.prompt.setText(self.spec.prompt())
        self.scan_panel.retranslate()
        for field in self.fields.values():
            field.retranslate()


class StartScreen(FilingStep):
    """What to file, for whom, the offer of pre-suit mediation, and the filing notice."""

    name = "filing_start"
    KINDS = ("first_instance", "appeal", "enforcement", "mediation")

    def __init__(self, flow: FilingFlow) -> None:
        super().__init__(flow)
        card = Card()
        self.kind_title = label("title")
        card.layout_.addWidget(self.kind_title)
        from PySide6.QtWidgets import QGridLayout

        grid = QGridLayout()  # two by two: long names (English) must not widen the page
        self.kind_group = QButtonGroup(self)
        self.kind_buttons = {}
        for n, kind in enumerate(self.KINDS):
            b = QRadioButton()
            b.setObjectName(f"kind_{kind}")
            self.kind_group.addButton(b)
            self.kind_buttons[kind] = b
            grid.addWidget(b, n // 2, n % 2)
            b.toggled.connect(lambda on, k=kind: on and self._kind_changed(k))
        grid.setColumnStretch(2, 1)
        card.layout_.addLayout(grid)
        self.kind_hint = label("hint", name="kindHint")
        card.layout_.addWidget(self.kind_hint)
        self.case_type_title = label()
        card.layout_.addWidget(self.case_type_title)
        self.case_type = QComboBox()
        self.case_type.setObjectName("caseType")
        card.layout_.addWidget(self.case_type)
        self.body.addWidget(card)

        who = Card()
        self.who_title = label("title")
        who.layout_.addWidget(self.who_title)
        row = QHBoxLayout()
        self.for_self = QRadioButton()
        self.for_self.setObjectName("filedBySelf")
        self.for_other = QRadioButton()
        self.for_other.setObjectName("filedByAgent")
        group = QButtonGroup(self)
        group.addButton(self.for_self)
        group.addButton(self.for_other)
        self.for_self.setChecked(True)
        row.addWidget(self.for_self)
        row.addWidget(self.for_other)
        row.addStretch()
        who.layout_.addLayout(row)
        self.relation = QComboBox()
        self.relation.setObjectName("agentRelation")
        who.layout_.addWidget(self.relation)
        self.for_other.toggled.connect(self.relation.setVisible)
        self.relation.hide()
        self.body.addWidget(who)

        offer = Card()
        self.mediation_title = label("title")
        self.mediation_text = label(name="mediationOffer")
        from ui.service_address_form import CheckRow

        self.mediation = CheckRow("acceptMediation")
        for w in (self.mediation_title, self.mediation_text, self.mediation):
            offer.layout_.addWidget(w)
        self.offer_card = offer
        self.body.addWidget(offer)

        from ui.notice_view import NoticeView

        self.notice = NoticeView("filingNoticeRead")
        self.notice.setMinimumHeight(260)
        self.body.addWidget(self.notice, 1)
        self.error = label("error", name="startError")
        self.error.hide()
        self.body.addWidget(self.error)
        self.next = button("nextButton", "primary", self)
        self.next.clicked.connect(self._next)
        self.primary = self.next
        self.kind_buttons["first_instance"].setChecked(True)
        self.retranslate()

    def _kind_changed(self, kind: str) -> None:
        self.offer_card.setVisible(kind == "first_instance")
        self.retranslate()

    def kind(self) -> str:
        return next(k for k, b in self.kind_buttons.items() if b.isChecked())

    def enter(self) -> None:
        draft = self.flow.draft
        self.kind_buttons[draft.kind].setChecked(True)
        (self.for_other if draft.filed_by == "agent" else self.for_self).setChecked(True)
        self.mediation.setChecked(draft.accepts_mediation)
        self.case_type.clear()
        for code, name in self.flow.service.case_types():
            self.case_type.addItem(name, code)
        self.case_type.setCurrentIndex(max(0, self.case_type.findData(draft.case_type)))
        self.relation.setCurrentIndex(max(0, self.relation.findData(draft.agent_relation)))
        self.notice.set_notice("filing_notice", _language())
        self.notice.set_acknowledged(draft.filing_notice_read)
        self.error.hide()

    def store(self) -> None:
        draft = self.flow.draft
        if draft is None:
            return
        draft.kind = self.kind()
        draft.case_type = self.case_type.currentData() or draft.case_type
        filed_by = "agent" if self.for_other.isChecked() else "self"
        if filed_by != draft.filed_by:
            self.flow.service.set_filed_by(draft, self.flow.identity, filed_by)
        draft.agent_relation = self.relation.currentData() or "relative"
        draft.accepts_mediation = self.mediation.isChecked() and draft.kind == "first_instance"
        draft.filing_notice_read = self.notice.acknowledged()

    def clear(self) -> None:
        self.kind_buttons["first_instance"].setChecked(True)
        self.for_self.setChecked(True)
        self.mediation.setChecked(False)
        self.notice.set_acknowledged(False)
        self.error.hide()

    def _next(self) -> None:
        self.store()
        problems = self.flow.service.validate(self.flow.draft, "start")
        if problems:
            self.error.setText(self.tr("Please read the filing notice to the end and tick that you have read it."))
            self.error.show()
            return
        self.flow.next_of(self.name)

    def retranslate(self) -> None:
        self.prompt.setText(self.spec.prompt())
        self.kind_title.setText(self.tr("What do you want to file?"))
        texts = {
            "first_instance": self.tr("Sue (起诉)"),
            "appeal": self.tr("Appeal a judgment (上诉)"),
            "enforcement": self.tr("Apply for enforcement (申请执行)"),
            "mediation": self.tr("Ask for pre-suit mediation (诉前调解)"),
        }
        for kind, b in self.kind_buttons.items():
            b.setText(texts[kind])
        hints = {
            "first_instance": self.tr("Start a new case against someone."),
            "appeal": self.tr("You disagree with a first-instance judgment. You need its case number. Appeal "
                              "within 15 days of receiving a judgment (10 days for a ruling)."),
            "enforcement": self.tr("The other side does not do what an effective judgment, mediation statement "
                                   "or award says. You need its case number. Apply within 2 years."),
            "mediation": self.tr("A mediator helps both sides agree before any lawsuit. It is free."),
        }
        self.kind_hint.setText(hints[self.kind()])
        self.case_type_title.setText(self.tr("Kind of dispute"))
        self.who_title.setText(self.tr("For whom?"))
        self.for_self.setText(self.tr("For myself"))
        self.for_other.setText(self.tr("For someone else (I am their agent)"))
        relations = (("lawyer", self.tr("Lawyer")), ("relative", self.tr("Close relative")),
                     ("employee", self.tr("Employee of the party")),
                     ("community", self.tr("Recommended by the community or a social group")),
                     ("other", self.tr("Other citizen recommended by the party")))
        current = self.relation.currentData()
        self.relation.clear()
        for code, text in relations:
            self.relation.addItem(text, code)
        if current:
            self.relation.setCurrentIndex(max(0, self.relation.findData(current)))
        self.mediation_title.setText(self.tr("Pre-suit mediation"))
        self.mediation_text.setText(self.tr("Before the court registers your case, a mediator can try to settle it "
                                            "with the other side. It is free and often faster. If it fails, your "
                                            "case goes on as filed."))
        self.mediation.setText(self.tr("Yes, I would like mediation first"))
        self.next.setText(self.tr("Next"))


class PartyEditor(Card):
    """Edits one party: person or organisation, name, ID number or credit code, legal representative,
    address, phone. Fields can be filled by scan and voice (the step's AssistedFields)."""

    def __init__(self, step: AssistedStep) -> None:
        super().__init__()
        self.step = step
        self.title = label("title", name="partyEditorTitle")
        self.layout_.addWidget(self.title)
        kinds = QHBoxLayout()
        self.person = QRadioButton()
        self.person.setObjectName("defendantPerson")
        self.organisation = QRadioButton()
        self.organisation.setObjectName("defendantOrganisation")
        self.person.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.person)
        group.addButton(self.organisation)
        kinds.addWidget(self.person)
        kinds.addWidget(self.organisation)
        kinds.addStretch()
        self.layout_.addLayout(kinds)
        self.card_note = label("hint", name="partyFromCard")
        self.card_note.hide()
        self.layout_.addWidget(self.card_note)
        form = QFormLayout()
        form.setVerticalSpacing(10)
        self.name_edit = line_edit("defendantName")
        self.ident = line_edit(
            "defendantId", Qt.InputMethodHint.ImhPreferUppercase | Qt.InputMethodHint.ImhNoPredictiveText)
        self.representative = line_edit("defendantRepresentative")
        self.address = line_edit("defendantAddress")
        self.phone = line_edit("defendantPhone", Qt.InputMethodHint.ImhDialableCharactersOnly)
        self.labels = {}
        self.rows = {}
        for key, widget in (("defendant_name", self.name_edit), ("defendant_id", self.ident),
                            ("defendant_legal_representative", self.representative),
                            ("defendant_address", self.address), ("defendant_phone", self.phone)):
            self.labels[key] = label()
            field = step.add_field(key, widget)
            self.rows[key] = field
            form.addRow(self.labels[key], field)
        self.form = form
        self.layout_.addLayout(form)
        self.layout_.addStretch()
        self.person.toggled.connect(lambda _: self._kind_changed())

    def _kind_changed(self) -> None:
        organisation = self.organisation.isChecked()
        self.form.setRowVisible(self.rows["defendant_legal_representative"], organisation)
        self.step.retranslate()

    def load(self, party: PartyDraft) -> None:
        for field in self.rows.values():
            field.clear()
        (self.organisation if party.kind == "organisation" else self.person).setChecked(True)
        self.name_edit.setText(party.name)
        self.ident.setText(party.id_number)
        self.representative.setText(party.legal_representative)
        self.address.setText(party.address)
        self.phone.setText(party.phone)
        locked = party.from_card
        for w in (self.person, self.organisation, self.name_edit, self.ident):
            w.setEnabled(not locked)
        self.card_note.setVisible(locked)
        self._kind_changed()

    def store(self, party: PartyDraft) -> None:
        if party.from_card:
            party.address, party.phone = self.address.text(), self.phone.text()
            return
        party.kind = "organisation" if self.organisation.isChecked() else "person"
        party.name, party.id_number = self.name_edit.text(), self.ident.text()
        party.legal_representative = self.representative.text() if party.kind == "organisation" else ""
        party.address, party.phone = self.address.text(), self.phone.text()

    def retranslate(self, required_id: bool) -> None:
        self.person.setText(self.tr("A person"))
        self.organisation.setText(self.tr("A company or organisation"))
        self.card_note.setText(self.tr("Name and ID number come from the ID card."))
        person = self.person.isChecked()
        self.labels["defendant_name"].setText(self.tr("Name") if person else self.tr("Name of the organisation"))
        if person:
            self.labels["defendant_id"].setText(self.tr("ID number") if required_id
                                                else self.tr("ID number (optional)"))
        else:
            self.labels["defendant_id"].setText(self.tr("Credit code") if required_id
                                                else self.tr("Credit code (optional)"))
        self.labels["defendant_legal_representative"].setText(self.tr("Legal representative"))
        self.labels["defendant_address"].setText(self.tr("Address"))
        self.labels["defendant_phone"].setText(self.tr("Phone"))
        self.name_edit.setPlaceholderText(self.tr("Full name as on their ID or licence"))


class PartiesScreen(AssistedStep):
    """Every party by role (add, edit, remove); one editor for the selected party."""

    name = "filing_parties"

    def __init__(self, flow: FilingFlow) -> None:
        super().__init__(flow)
        self.selected: tuple[str, int] = ("defendant", 0)
        self.plaintiff_info = label("hint", name="plaintiffInfo")  # who is at the kiosk, from the ID card
        self.body.addWidget(self.plaintiff_info)
        columns = QHBoxLayout()
        left = QVBoxLayout()
        self.sections = {}
        for role in ROLES:
            card = Card()
            title = label("title", name=f"{role}Title")
            card.layout_.addWidget(title)
            rows = QVBoxLayout()
            card.layout_.addLayout(rows)
            add = button(f"add_{role}")
            add.clicked.connect(lambda _=False, r=role: self._add(r))
            card.layout_.addWidget(add)
            self.sections[role] = (title, rows, add)
            left.addWidget(card)
        left.addStretch()
        columns.addLayout(left, 2)
        self.editor = PartyEditor(self)
        columns.addWidget(self.editor, 3)
        self.body.addLayout(columns)
        self.error = label("error", name="partiesError")
        self.error.hide()
        self.body.addWidget(self.error)
        self.next = button("nextButton", "primary", self)
        self.next.clicked.connect(self._next)
        self.primary = self.next
        self.editor.name_edit.textChanged.connect(self._name_typed)
        self.retranslate()

    def _name_typed(self, text: str) -> None:
        """The list shows the name as it is typed."""
        role, index = self.selected
        pick = self.findChild(QPushButton, f"{role}_{index}_edit")
        if pick is not None:
            pick.setText(text.strip() or self.tr("(not filled in yet)"))

    # The editor's fields (the tests and the scan/voice code address them through the step).
    name_edit = property(lambda self: self.editor.name_edit)
    ident = property(lambda self: self.editor.ident)
    address = property(lambda self: self.editor.address)
    phone = property(lambda self: self.editor.phone)
    person = property(lambda self: self.editor.person)
    organisation = property(lambda self: self.editor.organisation)

    # ---------------------------------------------------------------- list
    def _rebuild(self) -> None:
        draft = self.flow.draft
        for role, (_title, rows, add) in self.sections.items():
            _clear_layout(rows)
            if draft is None:
                continue
            parties = draft.parties(role)
            for n, party in enumerate(parties):
                row = QHBoxLayout()
                pick = button(f"{role}_{n}_edit")
                pick.setText(_party_summary(party) or self.tr("(not filled in yet)"))
                pick.setProperty("role", "secondary" if (role, n) != self.selected else "primary")
                pick.clicked.connect(lambda _=False, r=role, i=n: self._select(r, i))
                row.addWidget(pick, 1)
                if not party.from_card and (role != "defendant" or len(parties) > 1):
                    remove = button(f"{role}_{n}_remove")
                    remove.setText(self.tr("Remove"))
                    remove.clicked.connect(lambda _=False, r=role, i=n: self._remove(r, i))
                    row.addWidget(remove)
                rows.addLayout(row)
            add.setEnabled(len(parties) < MAX_PARTIES)

    def _select(self, role: str, index: int) -> None:
        self._store_editor()
        self.selected = (role, index)
        self._load_editor()

    def _add(self, role: str) -> None:
        self._store_editor()
        parties = self.flow.draft.parties(role)
        parties.append(PartyDraft())
        self.selected = (role, len(parties) - 1)
        self._load_editor()
        self.editor.name_edit.setFocus()

    def _remove(self, role: str, index: int) -> None:
        self._store_editor()
        parties = self.flow.draft.parties(role)
        del parties[index]
        if self.selected[0] == role and self.selected[1] >= index:
            self.selected = ("defendant", 0) if not parties else (role, max(0, min(index, len(parties) - 1)))
        if not self.flow.draft.parties(self.selected[0]):
            self.selected = ("defendant", 0)
        self._load_editor()

    def _current(self) -> PartyDraft:
        role, index = self.selected
        parties = self.flow.draft.parties(role)
        if index >= len(parties):
            if role == "defendant":
                return self.flow.draft.defendant
            self.selected = ("defendant", 0)
            return self.flow.draft.defendant
        return parties[index]

    def _store_editor(self) -> None:
        if self.flow.draft is not None:
            self.editor.store(self._current())

    def _load_editor(self) -> None:
        self.editor.load(self._current())
        self.show_problems({})
        self._rebuild()
        self.retranslate()

    # --------------------------------------------------------------- step
    def enter(self) -> None:
        super().enter()
        draft = self.flow.draft
        identity = self.flow.identity
        if identity is not None:
            who = (self.tr("You file for yourself: {name} {id}") if draft.filed_by == "self"
                   else self.tr("You file as the agent: {name} {id}. Enter the party you act for."))
            self.plaintiff_info.setText(who.replace("{name}", identity.name).replace("{id}", identity.masked_id))
        if draft.filed_by == "agent" and not draft.plaintiffs:
            draft.plaintiffs.append(PartyDraft())
            self.selected = ("plaintiff", 0)
        elif self.selected[0] == "plaintiff" and not draft.plaintiffs:
            self.selected = ("defendant", 0)
        self._load_editor()
        self.error.hide()

    def store(self) -> None:
        self._store_editor()

    def clear(self) -> None:
        self.clear_fields()
        self.plaintiff_info.clear()
        self.selected = ("defendant", 0)
        self.editor.person.setChecked(True)
        for w in (self.editor.person, self.editor.organisation, self.editor.name_edit, self.editor.ident):
            w.setEnabled(True)
        self._rebuild()
        self.error.hide()

    def apply_page(self, suggestions: dict) -> int:
        """A scanned complaint fills the first defendant: select it, then fill the editor."""
        if self.flow.draft is not None and self.selected != ("defendant", 0):
            self._select("defendant", 0)
        kind = suggestions.get("defendant_kind")
        if kind is not None:
            (self.editor.organisation if kind.value == "organisation" else self.editor.person).setChecked(True)
        return super().apply_page(suggestions)

    def _next(self) -> None:
        self._store_editor()
        draft = self.flow.draft
        role, index = self.selected
        own = self.flow.service.validate(draft, "parties")
        mine = {"defendant_" + k.split(".", 2)[2]: v for k, v in own.items()
                if k.startswith(f"{role}.{index}.")}
        if self.show_problems(mine) or self.unconfirmed():
            return
        if own:
            first = next(iter(own))
            if first in ("plaintiffs", "defendants"):
                self.error.setText(self.tr("Add at least one {who}.").replace(
                    "{who}", role_title(draft.kind, first[:-1])))
                self.error.show()
                return
            r, i, _ = first.split(".", 2)
            self._select(r, int(i))
            self.show_problems({"defendant_" + k.split(".", 2)[2]: v for k, v in own.items()
                                if k.startswith(f"{r}.{i}.")})
            return
        self.error.hide()
        self.flow.next_of(self.name)

    def retranslate(self) -> None:
        self.retranslate_fields()
        kind = self.flow.draft.kind if self.flow.draft is not None else "first_instance"
        for role, (title, _rows, add) in self.sections.items():
            title.setText(role_title(kind, role))
            add.setText(self.tr("Add a {who}").replace("{who}", role_title(kind, role)))
        role, _ = self.selected
        self.editor.title.setText(self.tr("Details: {who}").replace("{who}", role_title(kind, role)))
        self.editor.retranslate(required_id=role == "plaintiff")
        self.next.setText(self.tr("Next"))


def _clear_layout(layout) -> None:
    """Remove and delete every widget and sub-layout (hidden at once: deletion waits for the event loop)."""
    while layout.count():
        item = layout.takeAt(0)
        widget = item.widget()
        if widget is not None:
            widget.hide()
            widget.setParent(None)
            widget.deleteLater()
        elif item.layout() is not None:
            _clear_layout(item.layout())
            item.layout().deleteLater()


def _party_summary(party: PartyDraft) -> str:
    name = party.name.strip()
    if not name:
        return ""
    return name + ("（单位）" if party.kind == "organisation" else "")


def _language() -> str:
    from PySide6.QtWidgets import QApplication

    return QApplication.instance().property("kioskLanguage") or "zh_CN"


class ClaimsScreen(AssistedStep):
    """The case referred to (appeal, enforcement), the claims, facts and reasons, and the amount."""

    name = "filing_claims"

    def __init__(self, flow: FilingFlow) -> None:
        super().__init__(flow)
        layout = self.body
        self.reference_card = Card()
        self.reference_label = label("title")
        self.reference_card.layout_.addWidget(self.reference_label)
        self.reference = line_edit("referenceCaseNumber")
        self.reference.setPlaceholderText("（2026）京0105民初123号")
        self.reference_card.layout_.addWidget(self.add_field("reference_case_number", self.reference, voice=False))
        self.document_label = label()
        self.reference_card.layout_.addWidget(self.document_label)
        self.document = QComboBox()
        self.document.setObjectName("referenceDocument")
        self.reference_card.layout_.addWidget(self.document)
        self.document_error = label("error", name="referenceDocumentError")
        self.document_error.hide()
        self.reference_card.layout_.addWidget(self.document_error)
        layout.addWidget(self.reference_card)
        card = Card()
        self.claims_label = label("title")
        card.layout_.addWidget(self.claims_label)
        self.claims = QPlainTextEdit()
        self.claims.setObjectName("claimsText")
        self.claims.setMinimumHeight(140)
        self.claims.setTabChangesFocus(True)
        card.layout_.addWidget(self.add_field("claims", self.claims))
        self.facts_label = label("title")
        card.layout_.addWidget(self.facts_label)
        self.facts = QPlainTextEdit()
        self.facts.setObjectName("factsText")
        self.facts.setMinimumHeight(140)
        self.facts.setTabChangesFocus(True)
        card.layout_.addWidget(self.add_field("facts", self.facts))
        self.amount_label = label("title")
        card.layout_.addWidget(self.amount_label)
        row = QHBoxLayout()
        self.amount = line_edit("amountInput", Qt.InputMethodHint.ImhFormattedNumbersOnly)
        amount_field = self.add_field("amount", self.amount, voice=False)
        amount_field.setMaximumWidth(640)
        row.addWidget(amount_field)
        self.yuan = label()
        row.addWidget(self.yuan, 0, Qt.AlignmentFlag.AlignTop)
        row.addStretch()
        card.layout_.addLayout(row)
        self.fee = label("ok", name="feeEstimate")
        card.layout_.addWidget(self.fee)
        layout.addWidget(card)
        layout.addStretch()
        self.next = button("nextButton", "primary", self)
        self.next.clicked.connect(self._next)
        self.primary = self.next  # shown in the footer, always in reach
        self.amount.textChanged.connect(self._estimate)
        self.retranslate()

    def enter(self) -> None:
        super().enter()
        draft = self.flow.draft
        referencing = draft.kind in ("appeal", "enforcement")
        self.reference_card.setVisible(referencing)
        self.document.setVisible(draft.kind == "enforcement")
        self.document_label.setVisible(draft.kind == "enforcement")
        self.document.clear()
        self.document.addItem("", "")
        for name in ENFORCEMENT_DOCUMENTS:
            self.document.addItem(name, name)
        self.document.setCurrentIndex(max(0, self.document.findData(draft.reference_document)))
        self.document_error.hide()
        self.retranslate()  # (the editors keep their text for the whole session; `store` copies it)

    def store(self) -> None:
        draft = self.flow.draft
        if draft is None:
            return
        draft.reference_case_number = self.reference.text()
        draft.reference_document = self.document.currentData() or ""
        draft.claims = self.claims.toPlainText()
        draft.facts = self.facts.toPlainText()
        draft.amount_text = self.amount.text()

    def clear(self) -> None:
        self.clear_fields()
        self.fee.clear()
        self.document_error.hide()

    def _estimate(self) -> None:
        draft = self.flow.draft
        if draft is None:
            self.fee.setText("")
            return
        draft.amount_text = self.amount.text()
        quote = self.flow.service.estimate(draft, with_relief=False)
        if quote is None:
            self.fee.setText("")
            return
        if draft.kind == "mediation":
            self.fee.setText(self.tr("Pre-suit mediation is free."))
        elif draft.kind == "enforcement":
            self.fee.setText(self.tr("Enforcement fee: {fee} yuan, paid after enforcement, not now (Decree 481 "
                                     "Art. 20)").replace("{fee}", f"{quote.total:,.2f}"))
        else:
            self.fee.setText(self.tr("Estimated court fee: {fee} yuan (Decree 481)")
                             .replace("{fee}", f"{quote.total:,.2f}"))

    def _next(self) -> None:
        self.store()
        problems = self.flow.service.validate(self.flow.draft, "claims")
        shown = {k: v for k, v in problems.items() if k in self.fields}
        self.document_error.setVisible("reference_document" in problems)
        self.document_error.setText(self.tr("Please choose the document you want enforced."))
        if self.show_problems(shown) or self.unconfirmed() or "reference_document" in problems:
            return
        self.flow.next_of(self.name)

    def retranslate(self) -> None:
        self.retranslate_fields()
        kind = self.flow.draft.kind if self.flow.draft is not None else "first_instance"
        self.reference_label.setText(self.tr("Case number of the first-instance judgment") if kind == "appeal"
                                     else self.tr("Case number of the effective judgment or mediation statement"))
        self.document_label.setText(self.tr("The document to enforce"))
        titles = {
            "first_instance": self.tr("Your claims"),
            "appeal": self.tr("What you ask the appeal court to change"),
            "enforcement": self.tr("What you ask the court to enforce"),
            "mediation": self.tr("What you want to settle"),
        }
        self.claims_label.setText(titles[kind])
        self.claims.setPlaceholderText(self.tr("For example: order the defendant to repay the loan of 50,000 "
                                               "yuan with interest."))
        self.facts_label.setText(self.tr("Facts and reasons") if kind != "mediation"
                                 else self.tr("What happened (optional)"))
        self.facts.setPlaceholderText(self.tr("What happened, when, and why you are right. Short sentences "
                                              "are fine."))
        self.amount_label.setText({
            "appeal": self.tr("Amount appealed (the part of the judgment you disagree with)"),
            "enforcement": self.tr("Amount to enforce (0 if none)"),
        }.get(kind, self.tr("Amount claimed (0 if none)")))
        self.yuan.setText(self.tr("yuan"))
        self.next.setText(self.tr("Next"))
        self._estimate()


class EvidenceScreen(FilingStep):
    """The materials checklist (guidance) with a camera button for each, and the evidence list."""

    name = "filing_evidence"

    def __init__(self, flow: FilingFlow) -> None:
        super().__init__(flow)
        self._target: tuple[str, int] | None = None  # where the next captured page goes
        columns = QHBoxLayout()
        self.materials_card = Card()
        self.materials_title = label("title")
        self.materials_card.layout_.addWidget(self.materials_title)
        self.materials_rows = QVBoxLayout()
        self.materials_card.layout_.addLayout(self.materials_rows)
        self.materials_card.layout_.addStretch()
        columns.addWidget(self.materials_card, 1)
        self.evidence_card = Card()
        self.evidence_title = label("title")
        self.evidence_card.layout_.addWidget(self.evidence_title)
        self.evidence_rows = QVBoxLayout()
        self.evidence_card.layout_.addLayout(self.evidence_rows)
        self.add_evidence = button("addEvidence")
        self.add_evidence.clicked.connect(self._add_evidence)
        self.evidence_card.layout_.addWidget(self.add_evidence)
        self.evidence_card.layout_.addStretch()
        columns.addWidget(self.evidence_card, 1)
        self.body.addLayout(columns)
        self.status = label("hint", name="captureStatus")
        self.body.addWidget(self.status)
        self.next = button("nextButton", "primary", self)
        self.next.clicked.connect(self._next)
        self.primary = self.next
        self._evidence_edits: list[tuple[QLineEdit, QLineEdit]] = []
        self.retranslate()

    def enter(self) -> None:
        self._target = None
        self.status.clear()
        self._rebuild()

    def store(self) -> None:
        draft = self.flow.draft
        if draft is None:
            return
        for item, (name, purpose) in zip(draft.evidence, self._evidence_edits, strict=False):
            item.name, item.purpose = name.text(), purpose.text()

    def clear(self) -> None:
        self._target = None
        self._evidence_edits = []
        _clear_layout(self.materials_rows)
        _clear_layout(self.evidence_rows)
        self.status.clear()

    def _rebuild(self) -> None:
        draft = self.flow.draft
        _clear_layout(self.materials_rows)
        _clear_layout(self.evidence_rows)
        self._evidence_edits = []
        if draft is None:
            return
        for material in self.flow.service.checklist(draft):
            row = QHBoxLayout()
            pages = len(draft.materials.get(material.code, []))
            text = label(name=f"material_{material.code}")
            text.setText(f"{_material_name(material.code)}　"
                         + (self.tr("(usually needed)") if material.needed else self.tr("(if you have it)"))
                         + (f"　✓ {self.tr('{n} page(s)').replace('{n}', str(pages))}" if pages else ""))
            row.addWidget(text, 1)
            if material.code != "evidence":
                scan = button(f"scan_{material.code}")
                scan.setText(self.tr("Scan a page"))
                scan.clicked.connect(lambda _=False, code=material.code: self._capture(("material", code)))
                row.addWidget(scan)
            self.materials_rows.addLayout(row)
        for n, item in enumerate(draft.evidence):
            box = Card()
            name = line_edit(f"evidence_{n}_name")
            name.setText(item.name)
            name.setPlaceholderText(self.tr("What it is, e.g. IOU of 2024-03-01"))
            purpose = line_edit(f"evidence_{n}_purpose")
            purpose.setText(item.purpose)
            purpose.setPlaceholderText(self.tr("What it proves, e.g. the loan was made"))
            box.layout_.addWidget(name)
            box.layout_.addWidget(purpose)
            row = QHBoxLayout()
            count = label(name=f"evidence_{n}_pages")
            count.setText(self.tr("{n} page(s) scanned").replace("{n}", str(len(item.pages))))
            row.addWidget(count, 1)
            scan = button(f"evidence_{n}_scan")
            scan.setText(self.tr("Scan a page"))
            scan.clicked.connect(lambda _=False, i=n: self._capture(("evidence", i)))
            row.addWidget(scan)
            remove = button(f"evidence_{n}_remove")
            remove.setText(self.tr("Remove"))
            remove.clicked.connect(lambda _=False, i=n: self._remove_evidence(i))
            row.addWidget(remove)
            box.layout_.addLayout(row)
            self.evidence_rows.addWidget(box)
            self._evidence_edits.append((name, purpose))
        self.add_evidence.setEnabled(len(draft.evidence) < 100)

    def _add_evidence(self) -> None:
        from kiosk.domain.filing import EvidenceDraft

        self.store()
        self.flow.draft.evidence.append(EvidenceDraft())
        self._rebuild()
        self._evidence_edits[-1][0].setFocus()

    def _remove_evidence(self, index: int) -> None:
        self.store()
        del self.flow.draft.evidence[index]
        self._rebuild()

    def _capture(self, target: tuple[str, object]) -> None:
        if self._target is not None:
            return
        self.store()
        self._target = target  # type: ignore[assignment]
        self.status.setText(self.tr("Place the page under the camera… taking the photo."))
        set_role(self.status, "hint")
        self.flow.scan_service.capture_page()

    def on_page(self, data: bytes) -> None:
        from kiosk.domain.filing import ScanPage

        target, self._target = self._target, None
        if target is None or self.flow.draft is None:
            return
        page = ScanPage(data=data, media_type="image/jpeg")
        kind, key = target
        if kind == "material":
            self.flow.draft.materials.setdefault(key, []).append(page)
        elif key < len(self.flow.draft.evidence):
            self.flow.draft.evidence[key].pages.append(page)
        self.status.setText(self.tr("Page scanned."))
        set_role(self.status, "ok")
        self._rebuild()

    def on_capture_failed(self, code: str) -> None:
        if self._target is None:
            return
        self._target = None
        self.status.setText(self.tr("The camera could not take the photo. You can try again, or bring the "
                                    "papers to the service counter.") if code != "no_camera"
                            else self.tr("This kiosk has no working document camera. Bring the papers to the "
                                         "service counter."))
        set_role(self.status, "error")

    def _next(self) -> None:
        self.store()
        problems = self.flow.service.validate(self.flow.draft, "evidence")
        if problems:
            if "power_of_attorney" in problems:
                self.status.setText(self.tr("As an agent you need the power of attorney: scan it, please."))
            else:
                self.status.setText(self.tr("Please give every piece of evidence a name, or remove it."))
            set_role(self.status, "error")
            return
        self.flow.next_of(self.name)

    def retranslate(self) -> None:
        self.prompt.setText(self.spec.prompt())
        self.materials_title.setText(self.tr("Materials usually needed"))
        self.evidence_title.setText(self.tr("Evidence list"))
        self.add_evidence.setText(self.tr("Add a piece of evidence"))
        self.next.setText(self.tr("Next"))
        if self.isVisible():
            self._rebuild()


def _material_name(code: str) -> str:
    return {
        "identity": QCoreApplication.translate("filing", "Your ID card (a copy)"),
        "business_licence": QCoreApplication.translate("filing", "Business licence and legal representative certificate"),
        "power_of_attorney": QCoreApplication.translate("filing", "Power of attorney (signed by the party)"),
        "agent_identity": QCoreApplication.translate("filing", "The agent's ID card (a copy)"),
        "defendant_identity": QCoreApplication.translate("filing", "Information identifying the other side (ID or registration)"),
        "judgment": QCoreApplication.translate("filing", "The judgment or document (a copy)"),
        "effective_certificate": QCoreApplication.translate("filing", "Certificate that it is effective"),
        "complaint": QCoreApplication.translate("filing", "A written complaint (the kiosk writes one from your answers)"),
        "evidence": QCoreApplication.translate("filing", "Evidence, listed on the right"),
    }.get(code, code)


class FeesScreen(FilingStep):
    """The fee with its breakdown (the kiosk's estimate, then the court's calculation when it can
    be asked), and a request for fee relief."""

    name = "filing_fees"

    def __init__(self, flow: FilingFlow) -> None:
        super().__init__(flow)
        self._court = None  # the court's FeeQuote for the draft as it is now, or None
        card = Card()
        self.total = label("big", name="feeTotal")
        card.layout_.addWidget(self.total)
        self.breakdown = label(name="feeBreakdown")
        card.layout_.addWidget(self.breakdown)
        self.court = label("hint", name="courtFee")
        card.layout_.addWidget(self.court)
        self.body.addWidget(card)
        relief = Card()
        from ui.service_address_form import CheckRow

        self.relief_check = CheckRow("askRelief")
        relief.layout_.addWidget(self.relief_check)
        row = QHBoxLayout()
        self.relief_group = QButtonGroup(self)
        self.relief_kinds = {}
        for kind in ("waive", "reduce", "defer"):
            b = QRadioButton()
            b.setObjectName(f"relief_{kind}")
            self.relief_group.addButton(b)
            self.relief_kinds[kind] = b
            row.addWidget(b)
            b.toggled.connect(lambda on: on and self._relief_changed())
        row.addStretch()
        relief.layout_.addLayout(row)
        self.share = QComboBox()
        self.share.setObjectName("reliefShare")
        for pct in (30, 40, 50, 60, 70, 80, 90):
            self.share.addItem(f"{pct}%", f"{pct}%")
        relief.layout_.addWidget(self.share)
        self.ground = QComboBox()
        self.ground.setObjectName("reliefGround")
        relief.layout_.addWidget(self.ground)
        self.relief_note = label("hint", name="reliefNote")
        relief.layout_.addWidget(self.relief_note)
        self.relief_error = label("error", name="reliefError")
        self.relief_error.hide()
        relief.layout_.addWidget(self.relief_error)
        self.relief_card = relief
        self.body.addWidget(relief)
        self.body.addStretch()
        self.relief_check.box.toggled.connect(self._relief_changed)
        self.share.currentIndexChanged.connect(self._relief_changed)
        self.ground.currentIndexChanged.connect(lambda _: self._show_quote())
        self.next = button("nextButton", "primary", self)
        self.next.clicked.connect(self._next)
        self.primary = self.next
        self.relief_kinds["reduce"].setChecked(True)
        self.retranslate()

    def enter(self) -> None:
        draft = self.flow.draft
        self._court = None
        # Read the answers first: setting the widgets stores them back into the draft as it goes.
        kind, ground, share = draft.relief.kind, draft.relief.ground, draft.relief.share
        self.relief_check.setChecked(bool(kind))
        if kind:
            self.relief_kinds[kind].setChecked(True)
            if share:
                self.share.setCurrentIndex(max(0, self.share.findData(share)))
        self._relief_changed()
        if ground:
            self.ground.setCurrentIndex(max(0, self.ground.findData(ground)))
        self.relief_card.setVisible(draft.kind in ("first_instance", "appeal"))
        self.relief_error.hide()
        self._show_quote()
        self.flow.service.ask_court_fee(draft)

    def store(self) -> None:
        draft = self.flow.draft
        if draft is None:
            return
        if self.relief_check.isChecked() and self.relief_card.isVisible():
            kind = next(k for k, b in self.relief_kinds.items() if b.isChecked())
            draft.relief.kind = kind
            draft.relief.ground = self.ground.currentData() or ""
            draft.relief.share = self.share.currentData() if kind == "reduce" else ""
        else:
            draft.relief.kind = draft.relief.ground = draft.relief.share = ""

    def clear(self) -> None:
        self._court = None
        self.relief_check.setChecked(False)
        for w in (self.total, self.breakdown, self.court):
            w.clear()
        self.relief_error.hide()

    def _relief_changed(self) -> None:
        from kiosk.domain import fees

        on = self.relief_check.isChecked()
        kind = next((k for k, b in self.relief_kinds.items() if b.isChecked()), "reduce")
        for b in self.relief_kinds.values():
            b.setVisible(on)
        self.share.setVisible(on and kind == "reduce")
        self.ground.setVisible(on)
        self.relief_note.setVisible(on)
        current = self.ground.currentData()
        self.ground.blockSignals(True)
        self.ground.clear()
        for code, ground in fees.RELIEF_GROUNDS.items():
            if ground.kind.value == kind:
                self.ground.addItem(ground.label, code)
        self.ground.setCurrentIndex(max(0, self.ground.findData(current)))
        self.ground.blockSignals(False)
        self._show_quote()

    def _show_quote(self) -> None:
        draft = self.flow.draft
        if draft is None:
            return
        self.store()
        quote = self.flow.service.estimate(draft)
        if quote is None:
            self.total.setText(self.tr("The fee cannot be calculated for this amount."))
            self.breakdown.clear()
            return
        payable = quote.payable_now
        self.total.setText(self.tr("Court fee: {fee} yuan").replace("{fee}", f"{quote.total:,.2f}")
                           + ("" if payable == quote.total else
                              "　" + self.tr("(to pay now: {fee} yuan)").replace("{fee}", f"{payable:,.2f}")))
        self.breakdown.setText("\n".join(f"{line.label}：{line.amount:,.2f}" for line in quote.breakdown))
        court = self._court
        if court is None:
            self.court.setText(self.tr("This is the kiosk's estimate under Decree 481. The court's fee notice "
                                       "is binding."))
            set_role(self.court, "hint")
        elif draft.relief.kind:
            self.court.setText(self.tr("The court calculates {fee} yuan before relief; it decides on your "
                                       "request.").replace("{fee}", f"{court.total:,.2f}"))
            set_role(self.court, "hint")
        elif court.total == quote.total:
            self.court.setText(self.tr("The court's calculation agrees: {fee} yuan.")
                               .replace("{fee}", f"{court.total:,.2f}"))
            set_role(self.court, "ok")
        else:
            self.court.setText(self.tr("The court calculates {court} yuan; the kiosk's {fee} yuan is only an "
                                       "estimate. The court's figure applies.")
                               .replace("{court}", f"{court.total:,.2f}").replace("{fee}", f"{quote.total:,.2f}"))
            set_role(self.court, "error")

    def on_court_quote(self, draft, quote) -> None:
        if draft is not self.flow.draft or quote is None:
            return
        if quote.amount is not None and draft.amount() is not None and quote.amount != draft.amount():
            return  # asked about an amount since changed
        self._court = quote
        if self.isVisible():
            self._show_quote()

    def _next(self) -> None:
        self.store()
        if self.flow.service.validate(self.flow.draft, "fees"):
            self.relief_error.setText(self.tr("Please choose the ground of your request."))
            self.relief_error.show()
            return
        self.flow.next_of(self.name)

    def retranslate(self) -> None:
        self.prompt.setText(self.spec.prompt())
        self.relief_check.setText(self.tr("I cannot afford the fee: ask the court for fee relief"))
        texts = {"waive": self.tr("Waive it"), "reduce": self.tr("Reduce it"), "defer": self.tr("Pay it later")}
        for kind, b in self.relief_kinds.items():
            b.setText(texts[kind])
        self.relief_note.setText(self.tr("The court decides. Bring proof of the ground (for example a "
                                         "subsistence allowance certificate)."))
        self.next.setText(self.tr("Next"))
        if self.flow.draft is not None and self.isVisible():
            self._show_quote()


class NoticeStep(FilingStep):
    """A notice to read to the end and acknowledge."""

    notice_kind = ""
    check_name = ""
    attribute = ""

    def __init__(self, flow: FilingFlow) -> None:
        super().__init__(flow)
        from ui.notice_view import NoticeView

        self.notice = NoticeView(self.check_name)
        self.body.addWidget(self.notice, 1)
        self.error = label("error", name=f"{self.name}Error")
        self.error.hide()
        self.body.addWidget(self.error)
        self.next = button("nextButton", "primary", self)
        self.next.clicked.connect(self._next)
        self.primary = self.next
        self.retranslate()

    def enter(self) -> None:
        self.notice.set_notice(self.notice_kind, _language())
        self.notice.set_acknowledged(getattr(self.flow.draft, self.attribute))
        self.error.hide()

    def store(self) -> None:
        if self.flow.draft is not None:
            setattr(self.flow.draft, self.attribute, self.notice.acknowledged())

    def clear(self) -> None:
        self.notice.set_acknowledged(False)
        self.error.hide()

    def _next(self) -> None:
        self.store()
        if not getattr(self.flow.draft, self.attribute):
            self.error.setText(self.tr("Please read the notice to the end and tick that you have read it."))
            self.error.show()
            return
        self.flow.next_of(self.name)

    def retranslate(self) -> None:
        self.prompt.setText(self.spec.prompt())
        self.notice.retranslate()
        self.next.setText(self.tr("Next"))


class RiskScreen(NoticeStep):
    name = "filing_risk"
    notice_kind = "risk_notice"
    check_name = "riskNoticeRead"
    attribute = "risk_notice_read"


class AddressScreen(FilingStep):
    """The address-for-service confirmation, with consent to electronic service."""

    name = "filing_address"

    def __init__(self, flow: FilingFlow) -> None:
        super().__init__(flow)
        from ui.service_address_form import ServiceAddressForm

        self.form = ServiceAddressForm()
        self.body.addWidget(self.form, 1)
        self.next = button("nextButton", "primary", self)
        self.next.clicked.connect(self._next)
        self.primary = self.next
        self.retranslate()

    def enter(self) -> None:
        draft = self.flow.draft
        self.form.load(draft.address)
        first = draft.plaintiffs[0] if draft.plaintiffs else None
        identity = self.flow.identity
        if first is not None:
            self.form.prefill(first.address, first.phone, first.name if draft.filed_by == "self"
                              else (identity.name if identity is not None else first.name))

    def store(self) -> None:
        if self.flow.draft is not None:
            self.form.store(self.flow.draft.address)

    def clear(self) -> None:
        self.form.clear()

    def _next(self) -> None:
        self.store()
        problems = self.flow.service.validate(self.flow.draft, "address")
        self.form.show_problems(problems)
        if problems:
            return
        self.flow.next_of(self.name)

    def retranslate(self) -> None:
        self.prompt.setText(self.spec.prompt())
        self.form.retranslate()
        self.next.setText(self.tr("Next"))


class ReviewScreen(FilingStep):
    """Every answer as text, to read before signing (not a PDF)."""

    name = "filing_review"

    def __init__(self, flow: FilingFlow) -> None:
        super().__init__(flow)
        from PySide6.QtWidgets import QTextBrowser

        self.text = QTextBrowser()
        self.text.setObjectName("reviewText")
        self.text.setOpenLinks(False)
        self.body.addWidget(self.text, 1)
        self.notice = label("hint", name="reviewNotice")
        self.body.addWidget(self.notice)
        self.error = label("error", name="reviewError")
        self.error.hide()
        self.body.addWidget(self.error)
        self.confirm = button("reviewNext", "primary", self)
        self.confirm.clicked.connect(self._next)
        self.primary = self.confirm
        self.retranslate()

    def enter(self) -> None:
        self.text.setHtml(self.review_html())
        self.error.hide()
        self.retranslate()

    def review_html(self) -> str:
        from html import escape

        flow = self.flow
        draft, identity = flow.draft, flow.identity
        service = flow.service
        quote = service.estimate(draft)
        rows: list[tuple[str, str]] = []
        kinds = {"first_instance": self.tr("Sue (起诉)"), "appeal": self.tr("Appeal a judgment (上诉)"),
                 "enforcement": self.tr("Apply for enforcement (申请执行)"),
                 "mediation": self.tr("Ask for pre-suit mediation (诉前调解)")}
        rows.append((self.tr("What"), kinds[draft.kind]))
        rows.append((self.tr("Court"), service.court_display_name(draft.court_code)))
        rows.append((self.tr("Kind of dispute"), service.case_type_display_name(draft.case_type)))
        if draft.filed_by == "agent" and identity is not None:
            rows.append((self.tr("Filed by the agent"), f"{identity.name}　{identity.masked_id}"))
        for role in ROLES:
            for party in draft.parties(role):
                if party.is_empty():
                    continue
                ident = party.id_number.strip().upper()
                if party.kind == "person" and ident:
                    from kiosk.domain import idnumber

                    ident = idnumber.mask(ident)
                details = [party.name.strip(), ident, party.legal_representative.strip() and
                           self.tr("legal representative {name}").replace("{name}", party.legal_representative.strip()),
                           party.address.strip(), party.phone.strip()]
                rows.append((role_title(draft.kind, role), "　".join(x for x in details if x)))
        if draft.kind in ("appeal", "enforcement"):
            rows.append((self.tr("Case referred to"), " ".join(x for x in (draft.reference_case_number.strip(),
                                                                           draft.reference_document) if x)))
        rows.append((self.tr("Claims"), draft.claims.strip()))
        if draft.facts.strip():
            rows.append((self.tr("Facts and reasons"), draft.facts.strip()))
        amount = draft.amount()
        rows.append((self.tr("Amount (yuan)"), f"{amount:,.2f}" if amount is not None else ""))
        if quote is not None:
            rows.append((self.tr("Court fee (yuan)"), f"{quote.total:,.2f}　"
                         + "；".join(f"{line.label} {line.amount:,.2f}" for line in quote.breakdown)))
        if draft.relief.kind:
            rows.append((self.tr("Fee relief requested"), draft.relief.kind + " " + draft.relief.ground))
        if draft.accepts_mediation:
            rows.append((self.tr("Pre-suit mediation"), self.tr("Yes, mediation first")))
        for n, item in enumerate(draft.evidence, 1):
            rows.append((self.tr("Evidence {n}").replace("{n}", str(n)),
                         "　".join(x for x in (item.name.strip(), item.purpose.strip(),
                                              self.tr("{n} page(s)").replace("{n}", str(len(item.pages)))) if x)))
        scanned = sum(len(p) for p in draft.materials.values())
        rows.append((self.tr("Materials scanned"), self.tr("{n} page(s)").replace("{n}", str(scanned))))
        a = draft.address
        channels = {"sms": self.tr("SMS"), "email": self.tr("email"), "wechat": self.tr("WeChat")}
        rows.append((self.tr("Address for service"), "　".join(x for x in (
            a.address.strip(), a.postcode.strip(), a.phone.strip(), a.recipient.strip(),
            self.tr("electronic service: {ch}").replace("{ch}", "、".join(channels[c] for c in sorted(a.channels)))
            if a.electronic else self.tr("no electronic service")) if x)))
        large = str(QCoreApplication.instance().property("kioskTheme") or "").startswith("1")
        size = 30 if large else 24
        body = "".join(f"<tr><th align='left' valign='top' width='20%' style='padding:8px 18px 8px 0'>{escape(k)}"
                       f"</th><td style='padding:8px 0'>{escape(v).replace(chr(10), '<br>')}</td></tr>"
                       for k, v in rows)
        return f"<div style='font-size:{size}px'><table width='100%'>{body}</table></div>"

    def clear(self) -> None:
        self.text.clear()
        self.error.hide()

    def _next(self) -> None:
        from kiosk.domain.filing import first_incomplete

        step = first_incomplete(self.flow.draft)
        if step is not None and step != "sign":
            self.error.setText(self.tr("Something is still missing. Taking you there."))
            self.error.show()
            self.flow.go(f"filing_{step}")
            return
        self.flow.next_of(self.name)

    def retranslate(self) -> None:
        self.prompt.setText(self.spec.prompt())
        self.notice.setText(self.tr("The court reviews every filing and answers later. The fee shown is an "
                                    "estimate; the court's fee notice is binding."))
        self.confirm.setText(self.tr("It is right: sign"))


class SignScreen(FilingStep):
    """Sign with a finger, or choose to sign the printed complaint; then submit."""

    name = "filing_sign"

    def __init__(self, flow: FilingFlow) -> None:
        super().__init__(flow)
        from ui.signature_pad import SignatureBox

        self.box = SignatureBox()
        self.body.addWidget(self.box, 1)
        self.error = label("error", name="signError")
        self.error.hide()
        self.body.addWidget(self.error)
        self.confirm = button("confirmButton", "primary", self)
        self.confirm.clicked.connect(self._confirm)
        self.primary = self.confirm
        self.retranslate()

    def enter(self) -> None:
        self.box.load(self.flow.draft)
        self.confirm.setEnabled(True)
        self.error.hide()
        self.retranslate()

    def store(self) -> None:
        if self.flow.draft is not None:
            self.box.store(self.flow.draft)

    def clear(self) -> None:
        self.box.clear()
        self.error.hide()
        self.confirm.setEnabled(True)

    def _confirm(self) -> None:
        self.store()
        if self.flow.service.validate(self.flow.draft, "sign"):
            self.error.setText(self.tr("Please sign in the box, or choose to sign on paper."))
            self.error.show()
            return
        self.confirm.setEnabled(False)
        self.confirm.setText(self.tr("Saving…"))
        self.flow.service.submit(self.flow.identity, self.flow.draft)

    def on_failed(self, code: str) -> None:
        self.confirm.setEnabled(True)
        self.retranslate()
        self.error.setText(self.tr("Your filing could not be saved on this kiosk (storage problem). Nothing "
                                   "was sent. Please ask at the service counter."))
        self.error.show()

    def retranslate(self) -> None:
        self.prompt.setText(self.spec.prompt())
        self.box.retranslate()
        if self.confirm.isEnabled():
            self.confirm.setText(self.tr("Confirm and submit"))


class SubmittedScreen(Screen):
    name = "submitted"

    def __init__(self, flow: FilingFlow) -> None:
        super().__init__()
        self.flow = flow
        self._outcome = None
        self._receipt: str | None = None  # None printing, "ok", or a failure code
        layout = QVBoxLayout(self)
        layout.setContentsMargins(60, 24, 60, 24)
        self.heading = label("big", name="submittedHeading")
        self.heading.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.heading)
        left = QVBoxLayout()
        card = Card()
        self.number = label("title", name="filingNumber")
        self.status = label(name="filingStatus")
        self.receipt = label(name="receiptStatus")
        for w in (self.number, self.status, self.receipt):
            card.layout_.addWidget(w)
        left.addWidget(card)
        self.documents = Card()
        self.documents_text = label(name="documentsText")
        self.documents.layout_.addWidget(self.documents_text)
        self.preview_button = button("previewComplaint")
        self.preview_button.clicked.connect(self._preview)
        self.documents.layout_.addWidget(self.preview_button)
        left.addWidget(self.documents)
        services = getattr(flow.nav, "services", None)  # None: a flow built without the app's services
        self.documents.setVisible(getattr(services, "documents", None) is not None)
        self.relief_note = label("hint", name="reliefPending")
        self.relief_note.hide()
        left.addWidget(self.relief_note)
        self.take = label("title", name="takeCardAndPapers")
        left.addWidget(self.take)
        left.addStretch()
        self.left = QWidget()
        self.left.setLayout(left)
        columns = QHBoxLayout()
        columns.addWidget(self.left, 2)
        self.payment = None
        if getattr(services, "payment", None) is not None:
            from ui.payment_panel import PaymentPanel

            self.payment = PaymentPanel(services.payment)
            columns.addWidget(self.payment, 3)
        self.preview = None
        documents = getattr(services, "documents", None)
        if documents is not None:
            from ui.document_preview import DocumentPreview

            self.preview = DocumentPreview(documents)
            self.preview.hide()
            self.preview.closed.connect(self._preview_closed)
            columns.addWidget(self.preview, 2)
            documents.ready.connect(self._document_ready)
            documents.failed.connect(self._document_failed)
        layout.addLayout(columns, 1)
        self.finish = button("finishButton", "primary", self)
        self.finish.clicked.connect(lambda: self.flow.nav.finish())
        self.primary = self.finish  # in the footer, always in reach
        self.retranslate()

    def clear(self) -> None:
        self._outcome = None
        self._receipt = None
        if self.payment is not None:
            self.payment.clear()
            self.payment.show()
        if self.preview is not None:
            self.preview.clear()
            self.preview.hide()
        self.left.show()
        self.preview_button.setEnabled(True)
        self.retranslate()

    def on_submitted(self, outcome) -> None:
        self._outcome = outcome
        self._receipt = None
        self.flow.nav.show_screen("submitted")
        services = getattr(self.flow.nav, "services", None)
        if services is not None and getattr(services, "payment", None) is not None:
            services.payment.start(outcome.filing_id, outcome.fee)
        self.retranslate()

    def _preview(self) -> None:
        """Show the complaint written from the answers (A4), to print here or sign on paper."""
        self.flow.show_document()

    def preparing(self) -> None:
        self.preview_button.setEnabled(False)
        self.documents_text.setText(self.tr("Writing your complaint…"))

    def _document_ready(self, pdf: bytes, pages: int) -> None:
        self.preview_button.setEnabled(True)
        if self._outcome is None or self.preview is None:
            return
        self.left.hide()
        if self.payment is not None:
            self.payment.hide()
        self.preview.show()
        self.preview.show_document(pdf, pages, self.tr("Complaint"))

    def _document_failed(self, code: str) -> None:
        self.preview_button.setEnabled(True)
        self.documents_text.setText(self.tr("The complaint could not be written on this kiosk. Your filing is "
                                            "saved; ask at the service counter for a printed copy."))

    def _preview_closed(self) -> None:
        if self.preview is not None:
            self.preview.hide()
        self.left.show()
        if self.payment is not None:
            self.payment.show()

    def on_printed(self, filing_id: str) -> None:
        if self._outcome and filing_id == self._outcome.filing_id:
            self._receipt = "ok"
            self.retranslate()

    def on_print_failed(self, filing_id: str, code: str) -> None:
        if self._outcome and filing_id == self._outcome.filing_id:
            self._receipt = code
            self.retranslate()

    def retranslate(self) -> None:
        self.heading.setText(self.spec.title())
        self.finish.setText(self.tr("Finish"))
        if self.payment is not None:
            self.payment.retranslate()
        self.preview_button.setText(self.tr("See and print the complaint"))
        relief = self.flow.draft is not None and bool(self.flow.draft.relief.kind) and self._outcome is not None
        self.relief_note.setVisible(relief)
        self.relief_note.setText(self.tr("You asked for fee relief. The court decides on it first, then tells you "
                                         "what to pay (if anything)."))
        self.take.setText(self.tr("Please take your ID card and your papers."))
        if self._outcome is None:
            return
        self.documents_text.setText(
            self.tr("The kiosk wrote your complaint from your answers. Print it on A4 to sign it on paper and "
                    "keep a copy.") if self.flow.draft is not None and self.flow.draft.sign_on_paper
            else self.tr("The kiosk wrote your complaint from your answers, with your signature."))
        self.number.setText(self.tr("Filing number: {number}").replace(
            "{number}", self._outcome.filing_id[:8].upper()))
        self.status.setText(self.tr("Status: awaiting review (待审核). It is saved on this kiosk and is sent "
                                    "to the court automatically, even if the network is down now."))
        if self._receipt is None:
            self.receipt.setText(self.tr("Printing your receipt…"))
            set_role(self.receipt, "hint")
        elif self._receipt == "ok":
            self.receipt.setText(self.tr("Your receipt has been printed. Please take it."))
            set_role(self.receipt, "ok")
        else:
            reason = {
                "paper_out": self.tr("the printer is out of paper"),
                "offline": self.tr("the printer is not responding"),
            }.get(self._receipt, self.tr("the printer reported an error"))
            self.receipt.setText(
                self.tr("The receipt could not be printed: {reason}. Your filing is saved and will still be "
                        "submitted. Staff at the service counter can reprint the receipt.")
                .replace("{reason}", reason))
            set_role(self.receipt, "error")
