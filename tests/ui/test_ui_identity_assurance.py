"""Identity assurance on the screen (issue 17): an identity read from a card photo files a case, but my
cases (and the other services that show one's cases) open only after a staff member confirms it with a
staff card, and the identify screen says which services and how; without a staff card reader it says to
ask at the counter; an expired card is refused on the photo path too. The staff card is the real staff
card service driven through its event path with a fake reader (no pcscd)."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QCoreApplication

from drivers.smartcard.base import CardEvent, StaffCredential
from kiosk.recognition.idcard_image import Field
from tests.services import fakes
from tests.ui.steps import click, screen, start_filing, type_text

HOLDER = fakes.person("测试丙", birth=date(1980, 2, 3), sequence=417)


NO_READER = ("Your identity was read from a photo of your ID card. {services} cannot be opened with it at this "
             "kiosk. Please place your ID card on the card reader, or ask at the service counter. Filing a case "
             "does not need this.")
WITH_READER = ("Your identity was read from a photo of your ID card. {services} open only after a staff member "
               "confirms it here. Please ask a staff member to check your card and place their staff card on the "
               "staff card reader. Filing a case does not need this.")


def _services(panel) -> str:
    return tr("StaffConfirmPanel", ", ").join(tr("services", t) for t in panel._titles)


def tr(context: str, text: str) -> str:
    return QCoreApplication.translate(context, text)


def _photo_identity(qtbot, window, services, valid_to: str = "2020.01.01-2040.01.01") -> None:
    """On the identify screen: the photo path, as if OCR read the card right; every field confirmed."""
    ident = window.identify
    qtbot.waitUntil(lambda: screen(window) == "identify")
    click(qtbot, ident.photo_button)
    ident.photo._busy("reading")  # as the scan service reports while it reads
    values = {"name": HOLDER.name, "sex": HOLDER.sex, "nation": "汉", "birth_date": "1980年2月3日",
              "address": HOLDER.address, "id_number": HOLDER.id_number}
    services.scan.card_read.emit({k: Field(v, 0.95) for k, v in values.items()})
    assert ident.photo.read
    for key, field in ident.photo.fields.items():
        if key == "valid_to":
            type_text(qtbot, field.editor, valid_to)
        else:
            click(qtbot, field.confirm_button)
    click(qtbot, ident.photo.confirm)


def _to_menu_with_a_photo_identity(qtbot, window, services) -> None:
    click(qtbot, window.attract.start)
    click(qtbot, window.menu.tiles["filing"])
    _photo_identity(qtbot, window, services)
    start_filing(qtbot, window)  # 自助立案 works with the photo identity
    assert services.session.data.identity.assurance == "photo"
    services.session.back()  # back to the menu: the identity stays for the visit
    qtbot.waitUntil(lambda: screen(window) == "menu")


def test_a_photo_identity_files_but_my_cases_need_a_staff_member_and_there_is_no_reader(qtbot, app_parts):
    window, core, services = app_parts(**{"devices.staff_card.backend": "none"})
    _to_menu_with_a_photo_identity(qtbot, window, services)
    click(qtbot, window.menu.tiles["my_cases"])
    qtbot.waitUntil(lambda: screen(window) == "identify")
    panel = window.identify.confirm_panel
    assert panel.isVisible() and panel.title.text() == tr("StaffConfirmPanel", "A staff member must confirm who "
                                                                               "you are")
    text = panel.text.text()
    for title in ("My cases", "Pay fees", "Message the judge"):
        assert tr("services", title) in text
    assert text == tr("StaffConfirmPanel", NO_READER).replace("{services}", _services(panel))
    assert not window.identify.photo_button.isVisible()
    qtbot.wait(300)
    assert screen(window) == "identify"  # nothing opens it here


class FakeReader:
    def __init__(self, credential) -> None:
        self.credential = credential

    def read(self):
        return self.credential


def test_a_staff_card_confirms_the_photo_identity_and_my_cases_open(qtbot, app_parts):
    window, core, services = app_parts()
    card = services.staff_card
    card._reader = FakeReader(StaffCredential("S-0042", "maintenance"))  # a staff card reader, faked
    _to_menu_with_a_photo_identity(qtbot, window, services)
    click(qtbot, window.menu.tiles["my_cases"])
    qtbot.waitUntil(lambda: screen(window) == "identify")
    panel = window.identify.confirm_panel
    assert panel.isVisible()
    assert panel.text.text() == tr("StaffConfirmPanel", WITH_READER).replace("{services}", _services(panel))
    card.event(CardEvent("inserted", "fake reader"))  # the PC/SC monitor's event, on the GUI thread
    qtbot.waitUntil(lambda: screen(window) == "my_cases", timeout=5000)
    assert services.session.data.identity.assurance == "photo_confirmed"
    assert not window._in_maintenance and services.maintenance.staff == ""
    qtbot.waitUntil(lambda: any(e["action"] == "identity_confirmed" for e in services.maintenance.audit.entries()),
                    timeout=5000)
    (entry,) = [e for e in services.maintenance.audit.entries() if e["action"] == "identity_confirmed"]
    assert entry["staff"] == "card:S-0042" and entry["reason"] == "photo"


def test_an_expired_card_is_refused_on_the_photo_path(qtbot, app_parts):
    window, core, services = app_parts()
    click(qtbot, window.attract.start)
    click(qtbot, window.menu.tiles["filing"])
    _photo_identity(qtbot, window, services, valid_to="2006.02.28-2016.02.28")
    assert screen(window) == "identify" and services.session.data.identity is None
    error = window.identify.photo.fields["valid_to"].error
    assert error.isVisible() and error.text() == tr("PhotoIdForm", "This ID card has expired. Please use a valid "
                                                                   "ID card, or ask at the service counter.")
    field = window.identify.photo.fields["valid_to"]
    field.editor.clear()
    type_text(qtbot, field.editor, "sometime")
    click(qtbot, window.identify.photo.confirm)
    assert screen(window) == "identify" and field.error.text() == tr(
        "PhotoIdForm", "Please enter the validity period as on the back of the card, for example "
                       "2016.05.01-2036.05.01, or 长期 for a long-term card.")
