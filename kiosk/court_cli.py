"""``kiosk court``: the kiosk's link to the court (contract 1.6), for IT staff at a terminal.

  kiosk court pin CERT.pem     the pin of a server certificate's key, for ``court.server_pins``
  kiosk court status           this kiosk's certificate: enrolled?, serial, valid until (JSON); exit 1 when the
                               kiosk is not enrolled or must enrol again

Enrolment itself is done in maintenance mode (Court link), where staff type the court's one-time code.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path


def add_parser(sub, common) -> None:
    p = sub.add_parser("court", parents=[common], help="the kiosk's court link: server key pins, enrolment status")
    actions = p.add_subparsers(dest="court_command", required=True)
    pin = actions.add_parser("pin", help="print the pin of a certificate's public key (for court.server_pins)")
    pin.add_argument("certificate", type=Path, help="the court server's certificate (PEM or DER)")
    actions.add_parser("status", parents=[common], help="this kiosk's certificate (JSON)")


def _pin(path: Path) -> int:
    from cryptography import x509
    from cryptography.hazmat.primitives import serialization

    from offline_queue.tls import spki_pin

    try:
        data = path.read_bytes()
    except OSError as exc:
        print(f"kiosk court pin: cannot read {path}: {exc.strerror}", file=sys.stderr)
        return 2
    try:
        certs = x509.load_pem_x509_certificates(data) if b"-----BEGIN" in data else [x509.load_der_x509_certificate(data)]
    except ValueError:
        print(f"kiosk court pin: {path} is not a certificate (PEM or DER)", file=sys.stderr)
        return 2
    print("sha256/" + spki_pin(certs[0].public_bytes(serialization.Encoding.DER)))
    return 0


def _status(args) -> int:
    from kiosk.config import ConfigError, load_config
    from offline_queue.enrolment import status

    try:
        config = load_config(getattr(args, "config", None))
    except ConfigError as exc:
        print(f"kiosk court status: {exc}", file=sys.stderr)
        return 2
    found = status(config.get("court.client_cert_path"), config.get("court.client_key_path"))
    print(json.dumps({"kiosk_id": config.get("kiosk.kiosk_id"), "state": found.state, "serial": found.serial,
                      "not_after": found.not_after.isoformat() if found.not_after else None,
                      "days_left": found.days_left}, indent=2))
    return 0 if found.state == "valid" else 1


def run(args) -> int:
    if args.court_command == "pin":
        return _pin(args.certificate)
    return _status(args)
