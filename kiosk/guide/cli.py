"""``kiosk guide``: search the guide and check its content files, for operators and editors.

  kiosk guide search "QUERY" [--lang zh_CN|en] [--limit N] [--content DIR]
      prints {"results": [{"id", "title", "snippet", "score"}, ...]} as JSON
  kiosk guide check [DIR]
      validates the content files (the bundled ones, config guide.content_dir, or DIR);
      exit 1 naming the file and the problem
"""

from __future__ import annotations

import argparse
import json
import sys

from kiosk.guide import hall
from kiosk.guide.content import GuideContentError, load_content
from kiosk.guide.search import GuideIndex


def add_parser(sub, common) -> None:
    """The ``guide`` subcommand on the ``kiosk`` command's subparsers."""
    p = sub.add_parser("guide", parents=[common], help="search the litigation guide, check its content (JSON)",
                       description="Search the litigation guide (诉讼指南) or check its content files.")
    actions = p.add_subparsers(dest="guide_command", required=True)
    s = actions.add_parser("search", parents=[common], help="search the guide; prints JSON results")
    s.add_argument("query", metavar="QUERY", help="a question, as a litigant would ask it")
    s.add_argument("--lang", choices=("zh_CN", "en"), default="zh_CN", help="language of the question and results")
    s.add_argument("--limit", type=int, default=5, help="most results (default 5)")
    s.add_argument("--content", metavar="DIR", help="content folder (default: config guide.content_dir or the "
                                                      "bundled assets/guide)")
    c = actions.add_parser("check", parents=[common], help="validate the guide's content files")
    c.add_argument("folder", metavar="DIR", nargs="?", help="content folder (default: as the kiosk uses)")


def _config(args):
    from kiosk.config import ConfigError, load_config

    try:
        return load_config(getattr(args, "config", None))
    except ConfigError as exc:
        print(f"kiosk guide: configuration error: {exc}", file=sys.stderr)
        raise SystemExit(2) from None


def run(args) -> int:
    config = _config(args)
    folder = getattr(args, "content", None) or getattr(args, "folder", None) or config.get("guide.content_dir")
    try:
        content = load_content(folder or None)
    except GuideContentError as exc:
        print(f"kiosk guide: the guide's content is not valid: {exc}", file=sys.stderr)
        return 1
    if args.guide_command == "check":
        print(json.dumps({"ok": True, "entries": len(content.entries), "files": list(content.files)},
                         ensure_ascii=False))
        return 0
    if args.limit < 1:
        print("kiosk guide: --limit must be 1 or more", file=sys.stderr)
        return 2
    index = GuideIndex(content, hall.parse_counters(config.get("hall.counters"))).build()
    try:
        hits = index.search(args.query, args.lang, limit=args.limit)
    finally:
        index.close()
    print(json.dumps({"results": [h.to_json() for h in hits]}, ensure_ascii=False, indent=1))
    return 0


def main(argv: list[str] | None = None) -> int:
    """``python -m kiosk.guide.cli search …`` (the same as ``kiosk guide search …``)."""
    parser = argparse.ArgumentParser(prog="kiosk")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--config", default=argparse.SUPPRESS)
    add_parser(parser.add_subparsers(dest="command"), common)
    return run(parser.parse_args(["guide", *(sys.argv[1:] if argv is None else argv)]))


if __name__ == "__main__":
    raise SystemExit(main())
