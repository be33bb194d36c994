"""``kiosk audit``: check the staff audit trail (`kiosk.audit`) on the kiosk itself.

  kiosk audit verify [--config FILE] [--file PATH]
      checks the hash chain of ``<kiosk.data_dir>/audit.jsonl`` (or PATH) without changing it; prints
      {"file", "entries", "ok", "first_bad_seq"} as JSON; exit 0 when the chain holds, 1 when it does not
      (an edited, removed or reordered line, or a torn last line the kiosk has not repaired yet)
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from kiosk.audit import AUDIT_FILE, read_lines, verify


def add_parser(sub, common) -> None:
    """The ``audit`` subcommand on the ``kiosk`` command's subparsers."""
    p = sub.add_parser("audit", parents=[common], help="check the staff audit trail's hash chain",
                       description="Check the staff audit trail (hash-chained, one JSON line per staff action).")
    actions = p.add_subparsers(dest="audit_command", required=True)
    v = actions.add_parser("verify", parents=[common], help="verify the chain; exit 1 naming the first bad entry")
    v.add_argument("--file", metavar="PATH", help=f"the audit file (default: <kiosk.data_dir>/{AUDIT_FILE})")


def _path(args) -> Path:
    if getattr(args, "file", None):
        return Path(args.file)
    from kiosk.config import ConfigError, load_config

    try:
        config = load_config(getattr(args, "config", None))
    except ConfigError as exc:
        print(f"kiosk audit: configuration error: {exc}", file=sys.stderr)
        raise SystemExit(2) from None
    return Path(config.get("kiosk.data_dir")) / AUDIT_FILE


def run(args) -> int:
    path = _path(args)
    try:
        lines = read_lines(path)
    except OSError as exc:
        print(f"kiosk audit: cannot read {path}: {exc.strerror or type(exc).__name__}", file=sys.stderr)
        return 2
    ok, first_bad = verify(lines)
    print(json.dumps({"file": str(path), "entries": len(lines), "ok": ok, "first_bad_seq": first_bad}))
    return 0 if ok else 1
