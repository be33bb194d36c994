"""The parties step: every party by role (add, edit, remove), and one editor for the selected
party, whose fields the kiosk can fill from a scanned complaint and by voice. When a party is an
organisation, the step offers the enterprise window's evaluation (企业"云评估", optional): the
litigant who takes the offer gets the enterprise step next (`ui.screens.filing.enterprise`)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QButtonGroup, QFormLayout, QHBoxLayout, QPushButton, QRadioButton, QVBoxLayout

from kiosk.domain import filing_enterprise
from kiosk.domain.filing import MAX_PARTIES, ROLES, PartyDraft
from ui.screen_specs import ScreenSpec
from ui.screens.filing.base import AssistedStep, Flow, role_title
from ui.widgets import Card, button, clear_layout, label, line_edit


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
        # each caption above its field: the card is half the page wide, and a field beside its
        # caption (统一社会信用代码（选填）) and its buttons (确认无误, 说话) showed a few characters of
        # a company's name
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
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
    SPEC = ScreenSpec(
        "filing_parties",
        lambda: QCoreApplication.translate("screens", "File a case: parties"),
        lambda: QCoreApplication.translate("screens", "Check every party. Touch a name to change it, or add another."),
        ("filing_partiesScanButton", "plaintiff_*", "add_plaintiff", "defendant_*", "add_defendant",
         "third_party_*", "add_third_party", "defendantPerson", "defendantOrganisation",
         "defendantName", "defendantNameMic", "defendantNameConfirm",
         "defendantId", "defendantIdMic", "defendantIdConfirm",
         "defendantRepresentative", "defendantRepresentativeMic", "defendantRepresentativeConfirm",
         "defendantAddress", "defendantAddressMic", "defendantAddressConfirm",
         "defendantPhone", "defendantPhoneMic", "defendantPhoneConfirm", "enterpriseOfferAccept",
         "nextButton", "backButton", "homeButton"),
    )

    def __init__(self, flow: Flow) -> None:
        super().__init__(flow)
        self.selected: tuple[str, int] = ("defendant", 0)
        self.plaintiff_info = label("hint", name="plaintiffInfo")  # who is at the kiosk, from the ID card
        self.body.addWidget(self.plaintiff_info)
        self.offer = EnterpriseOffer()  # shown while an organisation is a party
        self.offer.hide()
        self.body.addWidget(self.offer)
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
        self.editor.organisation.toggled.connect(lambda _: self._show_offer())
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
            clear_layout(rows)
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
            self._store_offer()

    def _load_editor(self) -> None:
        self.editor.load(self._current())
        self.show_problems({})
        self._rebuild()
        self.retranslate()
        self._show_offer()

    # ------------------------------------------------------ enterprise window
    def _organisation_involved(self) -> bool:
        """An organisation is a party: among those stored, or the one being edited (not stored yet)."""
        draft = self.flow.draft
        if draft is None:
            return False
        role, index = self.selected
        stored = [(r, n) for r, n, _ in filing_enterprise.organisations(draft)]
        return self.editor.organisation.isChecked() or any(place != (role, index) for place in stored)

    def _show_offer(self) -> None:
        draft = self.flow.draft
        self.offer.setVisible(self._organisation_involved())
        if draft is not None:
            self.offer.accept.setChecked(draft.enterprise.wanted)

    def _store_offer(self) -> None:
        draft = self.flow.draft
        if draft is not None and self.offer.isVisibleTo(self):
            draft.enterprise.wanted = self.offer.accept.isChecked()

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
        self.offer.accept.setChecked(False)
        self.offer.hide()
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
        move = self.flow.advance(self.name)
        own = move.problems
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
        self.flow.follow(move)

    def retranslate(self) -> None:
        self.retranslate_fields()
        kind = self.flow.draft.kind if self.flow.draft is not None else "first_instance"
        for role, (title, _rows, add) in self.sections.items():
            title.setText(role_title(kind, role))
            add.setText(self.tr("Add a {who}").replace("{who}", role_title(kind, role)))
        role, _ = self.selected
        self.editor.title.setText(self.tr("Details: {who}").replace("{who}", role_title(kind, role)))
        self.editor.retranslate(required_id=role == "plaintiff")
        self.offer.retranslate()
        self.next.setText(self.tr("Next"))


class EnterpriseOffer(Card):
    """The offer of the enterprise window's evaluation, while an organisation is a party."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("enterpriseOffer")
        from ui.service_address_form import CheckRow

        self.layout_.setContentsMargins(28, 14, 28, 14)
        row = QHBoxLayout()
        texts = QVBoxLayout()
        self.title = label("title", name="enterpriseOfferTitle")
        self.text = label(name="enterpriseOfferText")
        texts.addWidget(self.title)
        texts.addWidget(self.text)
        row.addLayout(texts, 3)
        self.accept = CheckRow("enterpriseOfferAccept")
        row.addWidget(self.accept, 2, Qt.AlignmentFlag.AlignVCenter)
        self.layout_.addLayout(row)

    def retranslate(self) -> None:
        self.title.setText(self.tr("Enterprise window: a company is a party"))
        self.text.setText(self.tr("You may tell the court how the case, and freezing accounts or assets in it, "
                                  "would affect the company's operation (企业“云评估”). Optional, about two "
                                  "minutes."))
        self.accept.setText(self.tr("Yes, fill it in next"))


def _party_summary(party: PartyDraft) -> str:
    name = party.name.strip()
    if not name:
        return ""
    return name + ("（单位）" if party.kind == "organisation" else "")
