"""``kiosk sandbox`` commands for kiosk identity (contract 1.6) and staff cards, as a court's IT staff run them:

    kiosk sandbox pki init DIR --host NAME [--host NAME ...]   the CA and a server certificate (for serve --tls-*)
    kiosk sandbox enrol-code KIOSK_ID [--minutes N]             a one-time enrolment code for a kiosk
    kiosk sandbox kiosk-certs                                   the kiosk certificates issued
    kiosk sandbox revoke-kiosk SERIAL                           a kiosk certificate no longer works
    kiosk sandbox revoke-card SERIAL [--reason R]               a staff card no longer opens maintenance mode

All but ``pki init`` talk to a running sandbox's admin API (``--url``, ``--token-file``).
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import Any

from offline_queue import contract as c

#: How a command calls the admin API: (method, admin URL, path, token, JSON body) -> the JSON answer.
Admin = Callable[[str, str, str, dict[str, Any] | None], dict[str, Any]]


def add_parsers(sub, admin_options: Callable[[argparse.ArgumentParser], None]) -> None:
    pki = sub.add_parser("pki", help="the sandbox's certificate authority")
    pki_sub = pki.add_subparsers(dest="pki_command", required=True)
    init = pki_sub.add_parser("init", help="make the CA (if new) and a server certificate in DIR")
    init.add_argument("directory", type=Path)
    init.add_argument("--host", action="append", required=True,
                      help="a name or address the server is reached by (repeat for several)")

    code = sub.add_parser("enrol-code", help="issue a one-time enrolment code for a kiosk id")
    code.add_argument("kiosk_id")
    code.add_argument("--minutes", type=int, default=60, help="how long the code works (default 60)")
    admin_options(code)
    certs = sub.add_parser("kiosk-certs", help="list the kiosk certificates issued")
    admin_options(certs)
    revoke = sub.add_parser("revoke-kiosk", help="revoke a kiosk certificate (by serial)")
    revoke.add_argument("serial")
    admin_options(revoke)
    card = sub.add_parser("revoke-card", help="revoke a staff card (by serial)")
    card.add_argument("serial")
    card.add_argument("--reason", default="other", choices=("lost", "stolen", "left", "damaged", "other"))
    admin_options(card)


COMMANDS = ("pki", "enrol-code", "kiosk-certs", "revoke-kiosk", "revoke-card")


def run_pki(args: argparse.Namespace) -> int:
    from court_sandbox.pki import init_directory

    files = init_directory(args.directory, args.host)
    print(f"CA certificate (give it to the kiosks as court.ca_bundle; serve --client-ca): {files['ca']}")
    print(f"server certificate and key (serve --tls-cert/--tls-key): {files['cert']} {files['key']}")
    return 0


def run_admin(args: argparse.Namespace, call: Admin, url: str, token: str) -> int:
    """One of the admin commands (``call(method, url, path, token, body)`` raises on an error answer)."""
    if args.command == "enrol-code":
        body = c.EnrolmentCodeCreate(kiosk_id=args.kiosk_id, valid_minutes=args.minutes).model_dump()
        data = call("POST", url, c.ADMIN_ENROLMENT_CODES_PATH, token, body)
        print(f"{data['code']}\t(kiosk {data['kiosk_id']}, works once, until {data['expires_at']})")
    elif args.command == "kiosk-certs":
        data = call("GET", url, c.ADMIN_KIOSK_CERTIFICATES_PATH, token, None)
        for item in data.get("items", []):
            state = "revoked" if item.get("revoked") else "valid"
            print(f"{item['kiosk_id']}\t{item['serial']}\t{item['not_after']}\t{state}")
        if not data.get("items"):
            print("no kiosk certificates")
    elif args.command == "revoke-kiosk":
        data = call("POST", url, c.ADMIN_KIOSK_CERTIFICATE_REVOKE_PATH.format(serial=args.serial), token, None)
        print(f"revoked: {data['kiosk_id']} {data['serial']}")
    else:
        body = c.StaffCardRevocation(serial=args.serial.upper(), reason=args.reason).model_dump()
        call("POST", url, c.ADMIN_STAFF_CARD_REVOCATIONS_PATH, token, body)
        print(f"staff card {args.serial.upper()} revoked ({args.reason})")
    return 0
