"""``kiosk staff``: enrol the staff who may open maintenance mode with a PIN (kiosk.staff).

  kiosk staff add NUMBER [--role ROLE] [--replace]   asks for the PIN twice (6-12 digits); not on a
                                                     terminal: reads it from stdin (one line, or two)
  kiosk staff list                                   the staff numbers and roles, as JSON (no hashes)
  kiosk staff remove NUMBER
  kiosk staff card issue --serial HEX --staff-id ID --out DIR   a staff card's record and key (kiosk.staff_card_cli)

The staff file is ``maintenance.staff_file`` (default ``<kiosk.data_dir>/staff.toml``), written
atomically with mode 0600; the running kiosk reads it at each login (no restart needed).
"""

from __future__ import annotations

import json
import sys


def add_parser(sub, common) -> None:
    """The ``staff`` subcommand on the ``kiosk`` command's subparsers."""
    p = sub.add_parser("staff", parents=[common], help="enrol, list or remove staff (maintenance PINs)",
                       description="The staff who may open maintenance mode with their own PIN.")
    actions = p.add_subparsers(dest="staff_command", required=True)
    a = actions.add_parser("add", parents=[common], help="enrol a staff member (asks for the PIN twice)")
    a.add_argument("number", metavar="NUMBER", help="staff number, 1-8 digits, such as 0001")
    a.add_argument("--role", default="maintenance", help="role (default: maintenance)")
    a.add_argument("--replace", action="store_true", help="give an enrolled staff member a new PIN")
    actions.add_parser("list", parents=[common], help="the enrolled staff numbers and roles (JSON)")
    r = actions.add_parser("remove", parents=[common], help="remove a staff member")
    r.add_argument("number", metavar="NUMBER")
    from kiosk import staff_card_cli

    staff_card_cli.add_parser(actions, common)


def _fail(message: str, code: int = 2) -> int:
    print(f"kiosk staff: {message}", file=sys.stderr)
    return code


def read_pin(stdin=None, prompt=None) -> str:
    """The PIN, twice on a terminal (getpass, never echoed); else from stdin: the first line (a
    second line, when there is one, must repeat it)."""
    stdin = stdin or sys.stdin
    if stdin.isatty():
        import getpass

        ask = prompt or getpass.getpass
        first = ask("New PIN (6-12 digits): ")
        if ask("The PIN again: ") != first:
            raise ValueError("the two PINs differ")
        return first
    lines = [line.strip() for line in stdin.read().splitlines() if line.strip()]
    if not lines:
        raise ValueError("no PIN on stdin")
    if len(lines) > 1 and lines[1] != lines[0]:
        raise ValueError("the two PINs differ")
    return lines[0]


def run(args) -> int:
    if args.staff_command == "card":
        from kiosk import staff_card_cli

        return staff_card_cli.run(args)
    from kiosk.config import ConfigError, load_config
    from kiosk.staff import StaffFileError, add_staff, check_number, load_staff, remove_staff

    try:
        config = load_config(getattr(args, "config", None))
    except ConfigError as exc:
        return _fail(f"configuration error: {exc}")
    path = config.get("maintenance.staff_file")
    try:
        if args.staff_command == "list":
            members = load_staff(path)
            print(json.dumps({"staff_file": str(path), "staff": [{"number": m.number, "role": m.role}
                                                                  for m in members]}, ensure_ascii=False))
            return 0
        check_number(args.number)
        if args.staff_command == "remove":
            if not remove_staff(path, args.number):
                return _fail(f"staff number {args.number} is not enrolled", 1)
            print(json.dumps({"removed": args.number}))
            return 0
        try:
            pin = read_pin()
        except ValueError as exc:
            return _fail(str(exc))
        member = add_staff(path, args.number, pin, role=args.role, replace=args.replace)
    except StaffFileError as exc:
        return _fail(str(exc))
    print(json.dumps({"enrolled": member.number, "role": member.role, "staff_file": str(path)}))
    return 0
