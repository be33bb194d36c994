"""``kiosk staff card issue``: personalise a staff card (format version 2) for the card bureau.

  kiosk staff card issue --serial HEX --staff-id ID [--role maintenance] --out DIR [--master-key PATH]

Derives the card's key from the master key (``devices.staff_card.hmac_key_path``, or ``--master-key``)
and the serial, and writes ``DIR/<SERIAL>.record`` (the record EF's content, binary) and
``DIR/<SERIAL>.key`` (the card key in hex, to load into the card), both mode 0600, atomically. It
prints where they are, as JSON; it never prints or logs a key.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path


def add_parser(actions, common) -> None:
    """The ``card`` action on ``kiosk staff``'s subparsers."""
    card = actions.add_parser("card", parents=[common], help="staff cards: issue one (card bureau)")
    card_actions = card.add_subparsers(dest="card_command", required=True)
    issue = card_actions.add_parser("issue", parents=[common],
                                    help="write a new card's record and key files (mode 0600)")
    issue.add_argument("--serial", required=True, metavar="HEX", help="the card's serial, 4-16 bytes in hex")
    issue.add_argument("--staff-id", required=True, metavar="ID", help="1-16 ASCII letters, digits, . _ -")
    issue.add_argument("--role", default="maintenance", help="role (default: maintenance)")
    issue.add_argument("--out", required=True, metavar="DIR", help="folder for the two files")
    issue.add_argument("--master-key", metavar="PATH",
                       help="master key file (default: devices.staff_card.hmac_key_path)")


def _fail(message: str, code: int = 2) -> int:
    print(f"kiosk staff card: {message}", file=sys.stderr)
    return code


def run(args) -> int:
    from drivers.smartcard.base import SmartCardError
    from drivers.smartcard.staff_card import personalise, read_key_file
    from kiosk.config import ConfigError, load_config
    from offline_queue.durable import write_private

    key_path = args.master_key
    if not key_path:
        try:
            key_path = load_config(getattr(args, "config", None)).get("devices.staff_card.hmac_key_path")
        except ConfigError as exc:
            return _fail(f"configuration error: {exc}")
    if not key_path:
        return _fail("no master key: set devices.staff_card.hmac_key_path or give --master-key")
    try:
        master = read_key_file(key_path)
        record, card_key = personalise(master, args.serial, args.staff_id, args.role)
    except (SmartCardError, ValueError) as exc:
        return _fail(str(exc))
    serial = args.serial.upper()
    out = Path(args.out)
    record_path, key_file = out / f"{serial}.record", out / f"{serial}.key"
    if record_path.exists() or key_file.exists():
        return _fail(f"{serial} was issued already in {out} (a serial is issued once)", 1)
    try:
        write_private(record_path, record)
        write_private(key_file, (card_key.hex() + "\n").encode("ascii"))
    except OSError as exc:
        return _fail(f"cannot write to {out}: {type(exc).__name__}", 1)
    print(json.dumps({"issued": serial, "role": args.role, "record": str(record_path), "key": str(key_file)}))
    return 0
