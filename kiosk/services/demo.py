"""Demo controls: place a sample card on the simulated reader, script the
simulated printer, and show what it printed (decoded from the bytes it received,
the same bytes a real printer would get), and put the simulated staff card on its
reader or take it off (it opens maintenance mode, or confirms a photo identity at
the identify screen). Only offered when the devices are simulators."""

from __future__ import annotations

import logging
from datetime import date

from PySide6.QtCore import QObject, QTimer, Signal

from kiosk.services.registry import ServiceSpec

log = logging.getLogger("kiosk.demo")


class DemoService(QObject):
    job_printed = Signal(object)  # list of decoded ESC/POS elements
    printer_state = Signal(bool, bool)  # offline, paper_out

    def __init__(self, devices: dict, backends: dict, workers) -> None:
        """``devices``: kind -> device; ``backends``: kind -> configured backend name."""
        super().__init__()
        self._devices = devices
        self._backends = backends
        self._workers = workers
        self._seen_jobs = 0
        self._offline = False
        self._paper_out = False
        self._decoding = False
        self._timer = QTimer(self)
        self._timer.setInterval(300)
        self._timer.timeout.connect(self._check_jobs)

    def start(self) -> None:
        """Show each print job as it comes; give the simulated microphone something to hear."""
        self._timer.start()
        mic = self._devices.get("microphone")
        if self._backends.get("microphone") == "simulator" and mic is not None:
            # something for the device test's level meter to show: syllable-like bursts
            script = [("tone", 220, 180), ("silence", 120), ("tone", 330, 260), ("silence", 400)] * 60
            self._workers["microphone"].submit(lambda: mic.play(script), session_bound=False)

    def stop(self) -> None:
        self._timer.stop()

    @property
    def printer_is_simulated(self) -> bool:
        return self._backends.get("receipt_printer") == "simulator"

    def sample_cards(self) -> list[tuple[str, bool]]:
        """(name, expired) of each synthetic sample card, for the demo buttons."""
        from drivers.idcard.simulator import SAMPLE_CARDS

        today = date.today()
        return [(c.name, c.is_expired(today)) for c in SAMPLE_CARDS]

    def place_card(self, index: int) -> None:
        from drivers.idcard.simulator import SAMPLE_CARDS

        reader = self._devices.get("id_reader")
        card = SAMPLE_CARDS[index]
        self._workers["id_reader"].submit(lambda: reader.place_card(card), session_bound=False)

    def remove_card(self) -> None:
        reader = self._devices.get("id_reader")
        self._workers["id_reader"].submit(reader.remove_card, session_bound=False)

    @property
    def staff_card_is_simulated(self) -> bool:
        return self._backends.get("staff_card") == "simulator" and self._devices.get("staff_card") is not None

    def put_staff_card(self) -> None:
        """The demo staff member's card (role maintenance, format version 2) on the simulated reader."""
        reader = self._devices.get("staff_card")
        self._workers["staff_card"].submit(reader.put_card, session_bound=False)

    def take_staff_card(self) -> None:
        reader = self._devices.get("staff_card")
        self._workers["staff_card"].submit(reader.take_card, session_bound=False)

    def set_printer(self, offline: bool, paper_out: bool) -> None:
        printer = self._devices.get("receipt_printer")
        self._offline, self._paper_out = offline, paper_out

        def apply():
            printer.set_offline(offline)
            printer.set_paper(out=paper_out, near_end=False)

        self._workers["receipt_printer"].submit(apply, session_bound=False)
        self.printer_state.emit(offline, paper_out)

    def _check_jobs(self) -> None:
        if not self.printer_is_simulated:
            return
        printer = self._devices.get("receipt_printer")
        if self._decoding or printer is None or len(printer.jobs) == self._seen_jobs:
            return
        self._decoding = True

        def decode_new():
            from drivers.printer.escpos_codec import decode_escpos

            jobs = list(printer.jobs)
            return len(jobs), [decode_escpos(job) for job in jobs[self._seen_jobs:]]

        def show(result):
            count, decoded = result
            self._seen_jobs = count
            self._decoding = False
            for elements in decoded:
                self.job_printed.emit(elements)

        def failed(exc: BaseException) -> None:
            self._decoding = False
            log.error("decoding a simulated print job failed: %s", type(exc).__name__)

        self._workers["receipt_printer"].submit(decode_new, show, failed, session_bound=False)


def create(deps) -> DemoService | None:
    """Only with a simulated ID card reader: the demo panel scripts the simulators."""
    if deps.device_backends.get("id_reader") != "simulator":
        return None
    return DemoService(deps.devices, deps.device_backends, deps.workers)


SERVICE = ServiceSpec("demo", create, uses_devices=("id_reader", "receipt_printer", "microphone", "staff_card"),
                      on_start="start", on_stop="stop")
