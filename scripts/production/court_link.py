"""Screenshots of maintenance → Court link (issue 17 §1) in zh_CN or en at the kiosk's window size, into
screenshots/production/: a kiosk of a remote court (the sandbox over mutual TLS with its own CA, on
loopback) before enrolment with a code half typed, after enrolment, and a code refused (used already);
then, in demo mode, the practice court's page and the demo panel's simulated staff card opening
maintenance mode.

    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/production/court_link.py --lang zh_CN
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))


def _log_in(window, wait) -> None:
    from kiosk.pin import DEMO_PIN
    from kiosk.staff import DEMO_STAFF_NUMBER

    window.enter_maintenance()
    wait(lambda: window.staff_gate.pad_open)
    window.staff_gate.pad.type_login(DEMO_STAFF_NUMBER, DEMO_PIN)
    wait(lambda: window.maintenance.unlocked and window.current == "maintenance")


def remote(tmp: Path) -> None:
    from court_sandbox.app import create_app
    from court_sandbox.pki import KioskCA, init_directory
    from court_sandbox.server import SandboxServer
    from court_sandbox.tls import SandboxTLS
    from offline_queue import contract as c
    from scripts.shots import kiosk_shots, pump, wait

    files = init_directory(tmp / "pki", ["127.0.0.1", "localhost"])
    db = tmp / "court.sqlite3"
    app = create_app(str(db), require_client_cert=True, kiosk_ca=KioskCA.load_or_create(tmp / "pki"))
    with SandboxServer(db, app=app, tls=SandboxTLS(files["cert"], files["key"], client_ca=files["ca"])) as court, \
            kiosk_shots("production", sep="_", **{
                "court.backend": "remote", "court.base_url": court.base_url, "kiosk.kiosk_id": "hall-2",
                "court.ca_bundle": str(files["ca"]), "court.client_cert_path": str(tmp / "id" / "kiosk.pem"),
                "court.client_key_path": str(tmp / "id" / "kiosk.key")}) as k:
        window, shot = k.window, k.shot
        pump(1.0)
        _log_in(window, wait)
        window.maintenance.court_identity.click()
        page = window.court_identity
        wait(lambda: page._view is not None)
        code = app.state.sandbox.enrolments.issue_code(c.EnrolmentCodeCreate(kiosk_id="hall-2")).code
        digits = code.replace("-", "")
        for digit in digits[:7]:
            page.press(digit)
        shot("court_link_not_enrolled")
        for digit in digits[7:]:
            page.press(digit)
        page.submit()
        wait(lambda: page.message.property("role") == "ok" and not window.services.court_identity.busy, 15)
        shot("court_link_enrolled")
        for digit in digits:
            page.press(digit)
        page.submit()
        wait(lambda: page.message.property("role") == "error", 15)
        shot("court_link_code_refused")


def demo() -> None:
    from scripts.shots import kiosk_shots, pump, wait

    with kiosk_shots("production", sep="_") as k:
        window, shot = k.window, k.shot
        pump(1.0)
        _log_in(window, wait)
        window.maintenance.court_identity.click()
        wait(lambda: window.current == "court_identity")
        shot("court_link_practice")
        window.leave_maintenance("exit")
        wait(lambda: window.current == "attract")
        window.demo_panel.staff_card.setChecked(True)  # the simulated staff card put on its reader
        wait(lambda: window.current == "maintenance" and window.maintenance.unlocked, 10)
        shot("demo_staff_card_on")


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="court-link-shots-") as tmp:
        remote(Path(tmp))
    demo()
    return 0


if __name__ == "__main__":
    sys.exit(main())
