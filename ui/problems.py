"""The texts of the problem codes the domain rules give (`kiosk.domain.filing.problems`,
`party_problems`, the ID card checks): shared by every screen and form that shows them.

A form with codes of its own (the address for service: postcode, email) looks those up first
and falls back to `problem_text`. This module imports no other ui module, so any of them can
import it.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication


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
