"""Every screen's title, spoken prompt and keypad focus order, in one place.

Speech output and keypad navigation read these; screens only name their widgets
(objectName) and never repeat this information. Texts are translated here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication


def _t(text: str) -> str:
    return QCoreApplication.translate("screens", text)


@dataclass(frozen=True)
class ScreenSpec:
    name: str
    title: Callable[[], str]
    prompt: Callable[[], str]
    focus: tuple[str, ...]


SPECS: dict[str, ScreenSpec] = {
    spec.name: spec
    for spec in (
        ScreenSpec(
            "attract",
            lambda: _t("Litigation Self-Service"),
            lambda: _t("Touch the screen to start."),
            ("startButton", "languageButton"),
        ),
        ScreenSpec(
            "menu",
            lambda: _t("Choose a service"),
            lambda: _t("Choose the service you need. Grey services are not available at this kiosk yet."),
            ("tile_filing", "tile_my_cases", "tile_print_documents", "tile_payment", "tile_fee_calculator",
             "tile_risk_assessment", "tile_guidance", "tile_mediation", "tile_message_judge",
             "tile_green_channel", "homeButton"),
        ),
        ScreenSpec(
            "identify",
            lambda: _t("Identify with your ID card"),
            lambda: _t("Place your resident ID card flat on the card reader below the screen."),
            ("continueButton", "backButton", "homeButton"),
        ),
        ScreenSpec(
            "filing_parties",
            lambda: _t("File a case: parties"),
            lambda: _t("Check your details as plaintiff, then enter the defendant."),
            ("defendantPerson", "defendantOrganisation", "defendantName", "defendantId", "defendantAddress",
             "defendantPhone", "nextButton", "backButton", "homeButton"),
        ),
        ScreenSpec(
            "filing_claims",
            lambda: _t("File a case: claims"),
            lambda: _t("Write what you ask the court to decide, and the amount you claim."),
            ("claimsText", "amountInput", "nextButton", "backButton", "homeButton"),
        ),
        ScreenSpec(
            "filing_review",
            lambda: _t("File a case: check and confirm"),
            lambda: _t("Read your answers. If they are right, touch Confirm and submit."),
            ("confirmButton", "backButton", "homeButton"),
        ),
        ScreenSpec(
            "submitted",
            lambda: _t("Filing submitted"),
            lambda: _t("Your filing is saved. Take your receipt from the printer."),
            ("finishButton",),
        ),
        ScreenSpec(
            "my_cases",
            lambda: _t("My cases"),
            lambda: _t("These are your cases and filings at this court."),
            ("caseTable", "refreshButton", "backButton", "homeButton"),
        ),
        ScreenSpec(
            "done",
            lambda: _t("Thank you"),
            lambda: _t("Please take your ID card and your papers."),
            ("finishButton",),
        ),
        ScreenSpec(
            "maintenance",
            lambda: _t("Maintenance"),
            lambda: _t("Staff maintenance mode."),
            ("refreshButton", "queueTable", "reprintButton", "retryButton", "exitButton"),
        ),
    )
}


def spec(name: str) -> ScreenSpec:
    return SPECS[name]
