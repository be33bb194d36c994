"""Every screen's title, spoken prompt and keypad focus order, in one place.

Speech output and keypad navigation read these; screens only name their widgets
(objectName) and never repeat this information. Texts are translated here.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication


class ScreenSpec:
    """title() and prompt() translate at call time; focus lists objectNames in keypad order."""

    __slots__ = ("name", "title", "prompt", "focus")

    def __init__(self, name: str, title: Callable[[], str], prompt: Callable[[], str],
                 focus: tuple[str, ...]) -> None:
        self.name, self.title, self.prompt, self.focus = name, title, prompt, focus


SPECS: dict[str, ScreenSpec] = {
    spec.name: spec
    for spec in (
        ScreenSpec(
            "attract",
            lambda: QCoreApplication.translate("screens", "Litigation Self-Service"),
            lambda: QCoreApplication.translate("screens", "Touch the screen to start."),
            ("startButton", "languageButton"),
        ),
        ScreenSpec(
            "menu",
            lambda: QCoreApplication.translate("screens", "Choose a service"),
            lambda: QCoreApplication.translate("screens", "Choose the service you need. Grey services are not available at this kiosk yet."),
            ("tile_filing", "tile_my_cases", "tile_print_documents", "tile_payment", "tile_fee_calculator",
             "tile_risk_assessment", "tile_guidance", "tile_mediation", "tile_message_judge",
             "tile_green_channel", "menuSpeak", "homeButton"),
        ),
        ScreenSpec(
            "identify",
            lambda: QCoreApplication.translate("screens", "Identify with your ID card"),
            lambda: QCoreApplication.translate("screens", "Place your resident ID card flat on the card reader below the screen."),
            ("continueButton", "photoIdButton", "photoIdTake",
             *(f"photoId_{k}{part}" for k in ("name", "sex", "nation", "birth_date", "address", "id_number")
               for part in ("", "Confirm")),
             "photoIdContinue", "photoIdCancel", "backButton", "homeButton"),
        ),
        ScreenSpec(
            "filing_start",
            lambda: QCoreApplication.translate("screens", "File a case: what and for whom"),
            lambda: QCoreApplication.translate("screens", "Choose what you want to file and for whom, then read the filing notice."),
            ("kind_first_instance", "kind_appeal", "kind_enforcement", "kind_mediation", "caseType",
             "filedBySelf", "filedByAgent", "agentRelation", "acceptMediation", "filingNoticeRead",
             "nextButton", "backButton", "homeButton"),
        ),
        ScreenSpec(
            "filing_parties",
            lambda: QCoreApplication.translate("screens", "File a case: parties"),
            lambda: QCoreApplication.translate("screens", "Check every party. Touch a name to change it, or add another."),
            ("filing_partiesScanButton", "plaintiff_*", "add_plaintiff", "defendant_*", "add_defendant",
             "third_party_*", "add_third_party", "defendantPerson", "defendantOrganisation",
             "defendantName", "defendantNameMic", "defendantNameConfirm",
             "defendantId", "defendantIdMic", "defendantIdConfirm",
             "defendantRepresentative", "defendantRepresentativeMic", "defendantRepresentativeConfirm",
             "defendantAddress", "defendantAddressMic", "defendantAddressConfirm",
             "defendantPhone", "defendantPhoneMic", "defendantPhoneConfirm",
             "nextButton", "backButton", "homeButton"),
        ),
        ScreenSpec(
            "filing_claims",
            lambda: QCoreApplication.translate("screens", "File a case: claims"),
            lambda: QCoreApplication.translate("screens", "Write what you ask the court to decide, why, and the amount."),
            ("filing_claimsScanButton", "referenceCaseNumber", "referenceCaseNumberConfirm", "referenceDocument",
             "claimsText", "claimsTextMic", "claimsTextConfirm", "factsText", "factsTextMic", "factsTextConfirm",
             "amountInput", "amountInputConfirm", "nextButton", "backButton", "homeButton"),
        ),
        ScreenSpec(
            "filing_evidence",
            lambda: QCoreApplication.translate("screens", "File a case: materials and evidence"),
            lambda: QCoreApplication.translate("screens", "Scan the materials you have, and list your evidence. Put each page under the camera."),
            ("scan_*", "evidence_*", "addEvidence", "nextButton", "backButton", "homeButton"),
        ),
        ScreenSpec(
            "filing_fees",
            lambda: QCoreApplication.translate("screens", "File a case: court fee"),
            lambda: QCoreApplication.translate("screens", "This is the court fee and how it is calculated. If you cannot afford it, you can ask for relief."),
            ("askRelief", "relief_waive", "relief_reduce", "relief_defer", "reliefShare", "reliefGround",
             "nextButton", "backButton", "homeButton"),
        ),
        ScreenSpec(
            "filing_risk",
            lambda: QCoreApplication.translate("screens", "File a case: risk notice"),
            lambda: QCoreApplication.translate("screens", "Read the litigation risk notice to the end, then tick that you have read it."),
            ("riskNoticeRead", "nextButton", "backButton", "homeButton"),
        ),
        ScreenSpec(
            "filing_address",
            lambda: QCoreApplication.translate("screens", "File a case: address for service"),
            lambda: QCoreApplication.translate("screens", "Where should the court send your documents? Check the address and phone."),
            ("serviceAddress", "servicePostcode", "servicePhone", "serviceRecipient", "serviceElectronic",
             "serviceSms", "serviceEmail", "serviceEmailAddress", "serviceWechat", "serviceConfirmed",
             "nextButton", "backButton", "homeButton"),
        ),
        ScreenSpec(
            "filing_review",
            lambda: QCoreApplication.translate("screens", "File a case: check your answers"),
            lambda: QCoreApplication.translate("screens", "Read your answers. If they are right, go on to sign."),
            ("reviewText", "reviewNext", "backButton", "homeButton"),
        ),
        ScreenSpec(
            "filing_sign",
            lambda: QCoreApplication.translate("screens", "File a case: sign and submit"),
            lambda: QCoreApplication.translate("screens", "Sign with your finger in the box, or choose to sign on paper. Then touch Confirm and submit."),
            ("signaturePad", "signatureClear", "signOnPaper", "confirmButton", "backButton", "homeButton"),
        ),
        ScreenSpec(
            "submitted",
            lambda: QCoreApplication.translate("screens", "Filing submitted"),
            lambda: QCoreApplication.translate("screens", "Your filing is saved. Take your receipt from the printer."),
            ("previewComplaint", "documentPages", "documentPrint", "documentClose", "paymentPrintNotice",
             "paymentRenew", "finishButton"),
        ),
        ScreenSpec(
            "my_cases",
            lambda: QCoreApplication.translate("screens", "My cases"),
            lambda: QCoreApplication.translate("screens", "These are your cases and filings at this court."),
            ("caseTable", "payFeeButton", "refreshButton", "paymentPrintNotice", "paymentRenew", "backButton",
             "homeButton"),
        ),
        ScreenSpec(
            "fee_calculator",
            lambda: QCoreApplication.translate("screens", "Fee calculator"),
            lambda: QCoreApplication.translate("screens", "Choose the kind of case or application and enter the amount. The fee and how it is calculated appear below."),
            ("feeKind", "feeAmount", "feeSimple", "feeMediated", "feeCounterclaim", "feeAppeal", "feeDone",
             "backButton", "homeButton"),
        ),
        ScreenSpec(
            "message_judge",
            lambda: QCoreApplication.translate("screens", "Message the judge"),
            lambda: QCoreApplication.translate("screens", "Choose your case and write your message for the judge. You can also speak it."),
            ("messageCase", "messageText", "messageTextMic", "messageTextConfirm", "messageSend", "backButton",
             "homeButton"),
        ),
        ScreenSpec(
            "done",
            lambda: QCoreApplication.translate("screens", "Thank you"),
            lambda: QCoreApplication.translate("screens", "Please take your ID card and your papers."),
            ("finishButton",),
        ),
        ScreenSpec(
            "device_test",
            lambda: QCoreApplication.translate("screens", "Device test"),
            lambda: QCoreApplication.translate("screens", "Try each device as a litigant would use it."),
            ("testReadCard", "testReceipt", "testA4", "backToMaintenance"),
        ),
        ScreenSpec(
            "maintenance",
            lambda: QCoreApplication.translate("screens", "Maintenance"),
            lambda: QCoreApplication.translate("screens", "Staff maintenance mode."),
            ("refreshButton", "queueTable", "reprintButton", "retryButton", "voidButton", "void_withdrawn",
             "void_duplicate", "void_court_instructed", "voidCancel", "deviceTestButton", "exitButton"),
        ),
    )
}


def spec(name: str) -> ScreenSpec:
    return SPECS[name]
