"""Self-service filing: what, for whom and with which court (this one, or another: 跨域立案) ->
parties -> (the enterprise window's evaluation, when an organisation is a party and the litigant
takes the offer) -> claims -> materials and evidence -> fee -> risk notice -> address for service
-> review -> sign and confirm -> submitted.

One module per step, each screen with its own spec (title, prompt, keypad focus order).
`FilingFlow` (flow.py) builds the screens and holds the wizard model
(`kiosk.domain.filing_wizard`: the steps' order, where "next" and "back" lead, each step's
problems, the ids a filing is confirmed with).
"""

from ui.screens import ScreenEntry
from ui.screens.filing.flow import FilingFlow

__all__ = ["SCREEN", "FilingFlow"]


def _begin(nav, flow: FilingFlow, service_id: str, identity) -> None:
    """申请调解 is a filing of the pre-suit mediation kind; 自助立案 starts with a suit."""
    if service_id == "mediation":
        flow.begin(identity, kind="mediation")
    else:
        flow.begin(identity)


SCREEN = ScreenEntry(
    "filing",
    lambda nav, services: FilingFlow(nav, services.filing, services.scan, services.voice, services.documents,
                                     services.payment),
    serves=("filing", "mediation"),
    begin=_begin,
)
