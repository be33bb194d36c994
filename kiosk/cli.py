"""The `kiosk` command: the touchscreen app and the operator's subcommands.

  kiosk [--windowed] [--smoke] [--config FILE]   the touchscreen app (--smoke: start, then exit 0 once ready)
  kiosk sandbox serve|review|list ...    the reference court backend
  kiosk sync [--timeout S] [--status]               deliver the queue headless, then exit
  kiosk doctor                           check config, devices, OCR, speech and backend (exit 1 on a problem,
                                         78 when production mode would refuse to start)
  kiosk fee [KIND] AMOUNT [--simple] [--mediated] [--counterclaim] [--appeal] [--relief R --ground G]
                                         the Decree 481 fee with its breakdown, as JSON
  kiosk config --reference               every configuration option, as Markdown
  kiosk ocr idcard|page IMAGE            OCR an ID card photo or a document page, as JSON
  kiosk risk assess FILE.json [--today D] [--lang L]   the litigation risk assessment, as JSON
  kiosk guide search "QUERY" [--lang zh_CN|en] [--limit N]   search the litigation guide, as JSON
  kiosk audit verify [--file PATH]       check the staff audit trail's hash chain (exit 1: broken, naming where)
  kiosk staff add NUMBER | list | remove NUMBER   the staff who may open maintenance mode (own PINs)
"""

from __future__ import annotations

import argparse
import sys
import time

START = time.perf_counter()


def _load(args):
    from kiosk.config import ConfigError, load_config

    try:
        return load_config(args.config)
    except ConfigError as exc:
        print(f"kiosk: configuration error: {exc}", file=sys.stderr)
        raise SystemExit(2) from None


def _logging(config, filename: str = "kiosk.log") -> None:
    from kiosk.logs import setup_logging

    setup_logging(config.get("kiosk.log_dir"), config.get("kiosk.log_level"), filename=filename)


def cmd_app(args) -> int:
    config = _load(args)
    from kiosk.logs import start_early_logging

    start_early_logging(config.get("kiosk.log_level"))  # the log file opens after the first paint
    from kiosk.app import run_app

    report = None
    if args.report_ready:
        def report():
            print(f"ATTRACT_READY {time.perf_counter() - START:.4f}", flush=True)
    return run_app(config, windowed=args.windowed, report_ready=report, exit_after_ready=args.report_ready,
                   smoke=args.smoke)


def cmd_sandbox(args, rest) -> int:
    from court_sandbox.server import main as sandbox_main

    return sandbox_main(rest) or 0


def cmd_sync(args) -> int:
    import dataclasses
    import json

    config = _load(args)
    _logging(config, filename="kiosk-sync.log")  # never rotate the app's file from a second process
    from kiosk import compose
    from kiosk.core import KioskCore

    core = KioskCore(config)
    if args.rotate_key:
        core.open_queue()
        try:
            key_id = core.outbox.rotate_key()
            print(json.dumps({"rotated": True, "key_id": key_id, "items": sum(core.outbox.stats().values())}))
        finally:
            core.stop()
        return 0
    if args.status:
        from offline_queue.status import queue_status

        core.open_queue()
        try:
            status = queue_status(core.outbox)
        finally:
            core.stop()
        print(json.dumps(status, ensure_ascii=False, indent=2))
        return 1 if status["counts"]["dead"] else 0
    if args.source:
        return _sync_set_aside(core, args)
    compose.start_court(core)
    core.open_queue()
    from offline_queue.sync import SyncWorker

    try:
        worker = SyncWorker(core.outbox, core.client)
        result = worker.drain(args.timeout)
    finally:
        core.stop()
    print(json.dumps(dataclasses.asdict(result)))
    return 0 if result.remaining == 0 and result.dead == 0 else 1


def _sync_set_aside(core, args) -> int:
    """Deliver an outbox file that was set aside (damaged, or sealed with a key the kiosk lost).

    Every item keeps its Idempotency-Key, so whatever the court already has is answered from
    its memory, never filed twice. The file is not changed beyond its items' states.
    """
    import dataclasses
    import json
    from pathlib import Path

    from kiosk import compose
    from offline_queue.outbox import Outbox, OutboxError
    from offline_queue.sync import SyncWorker

    source = Path(args.source)
    if not source.is_file():
        print(f"kiosk sync: {source} is not a file", file=sys.stderr)
        return 2
    key = args.key or (core.config.get("queue.key_path") if core.config.get("queue.encrypt") else None)
    if key is not None and not Path(key).is_file():
        print(f"kiosk sync: the key file {key} does not exist (restore it from the backup)", file=sys.stderr)
        return 2
    try:
        outbox = Outbox(source, key_path=key)
    except OutboxError as exc:
        print(f"kiosk sync: cannot open {source}: {exc}", file=sys.stderr)
        return 2
    compose.start_court(core)
    try:
        result = SyncWorker(outbox, core.client).drain(args.timeout)
    finally:
        outbox.close()
        core.stop()
    print(json.dumps(dataclasses.asdict(result) | {"source": str(source)}))
    return 0 if result.remaining == 0 and result.dead == 0 else 1


def cmd_doctor(args) -> int:
    config = _load(args)
    from PySide6.QtCore import QCoreApplication

    from kiosk import compose
    from kiosk.core import DEVICE_KINDS, KioskCore

    app = QCoreApplication.instance() or QCoreApplication(sys.argv[:1])  # QtMultimedia devices need one  # noqa: F841
    problems = 0
    print(f"config: ok (mode {config.get('kiosk.mode')}, language {config.get('kiosk.language')})")
    refusals = []  # what production mode may not run with: the app refuses to start (kiosk.production)
    if not config.demo:
        from kiosk.production import production_problems

        refusals = production_problems(config)
        for problem in refusals:
            print(f"production: {problem}")
    core = KioskCore(config)
    try:
        compose.start_court(core)
        core.open_queue()
        core.open_devices()
        for kind in DEVICE_KINDS:
            health = core.device_health(kind)
            required = config.get(f"devices.{kind}.required")
            bad = health.state in ("missing", "absent") and required
            problems += bad
            print(f"{kind:16} {health.backend:10} {health.state:9} {health.reason}")
        from kiosk.recognition.engines import build_engines
        from kiosk.recognition.speech import SpeechEngine

        ocr_engines = build_engines(config)
        for name, ocr, role in sorted(ocr_engines.status(), key=lambda s: s[0] != "tesseract"):
            label = "ocr" if name == "tesseract" else f"ocr-{name}"  # "ocr": Tesseract's line, as before
            print(f"{label:16} {name:10} {'ok' if ocr else 'missing':9} {ocr.reason} ({role or 'not usable'})")
        speech_path = config.get("speech.model_path") if config.get("speech.enabled") else ""
        speech_engine = SpeechEngine(speech_path)
        speech = speech_engine.is_usable()  # voice input is optional: a note, not a problem
        speech_state, speech_reason = ("ok" if speech else "off"), speech.reason
        if speech:  # load the model and recognise a built-in sample: its language and sample rate
            from kiosk.recognition.speech import SpeechError

            try:
                speech_reason = speech_engine.self_check()
                configured = config.get("speech.language")
                heard = speech_engine.model_language()
                if heard and not configured.lower().replace("-", "_").startswith(heard):
                    speech_state = "mismatch"  # command phrases are in the configured language
                    speech_reason += f"; but speech.language is {configured}"
            except SpeechError as exc:
                speech_state, speech_reason = "failed", str(exc)
        print(f"{'speech':16} {'vosk':10} {speech_state:9} {speech_reason}")
        ok, detail = core.backend_health()
        problems += not ok
        print(f"{'court backend':16} {config.get('court.backend'):10} {'ok' if ok else 'missing':9} {detail}")
        if core.queue_set_aside is not None:
            from offline_queue.outbox import UNREADABLE

            problems += 1
            unreadable = f".{UNREADABLE}-" in core.queue_set_aside.name
            print(f"{'outbox':16} {'sqlite':10} {'unreadable' if unreadable else 'damaged':9} set aside as "
                  f"{core.queue_set_aside}; a new outbox is in use"
                  + ("; restore the key file, then `kiosk sync --from FILE --key KEYFILE`" if unreadable else ""))
        stats = core.outbox.stats()
        print(f"{'outbox':16} {'sqlite':10} {'ok':9} " + ", ".join(f"{k} {v}" for k, v in sorted(stats.items())))
        if stats.get("dead"):
            problems += 1
            print("  items need a person: open maintenance mode on the kiosk")
    except Exception as exc:
        problems += 1
        print(f"doctor: {type(exc).__name__}: {exc}")
    finally:
        core.stop()
    problems += len(refusals)
    print("doctor: all good" if not problems else f"doctor: {problems} problem(s)")
    if refusals:
        from kiosk.production import EX_CONFIG

        print(f"doctor: the kiosk refuses to start in production mode (exit {EX_CONFIG}) until the "
              f"{len(refusals)} production problem(s) are fixed")
        return EX_CONFIG
    return 1 if problems else 0


def cmd_fee(args) -> int:
    import json

    config = _load(args)
    from kiosk.domain import fees

    def fail(message: str) -> int:
        print(f"kiosk fee: {message}", file=sys.stderr)
        return 2

    kind_text, amount_text = args.kind, args.amount
    if amount_text is None:  # `kiosk fee 10001`: the older form, a property case
        try:
            fees.parse_amount(kind_text)
        except fees.InvalidAmount:
            pass
        else:
            kind_text, amount_text = fees.FeeKind.PROPERTY.value, kind_text
    try:
        kind = fees.fee_kind(kind_text)
        amount = None if amount_text is None else fees.parse_amount(amount_text)
        relief = None
        if args.relief is not None:
            if not args.ground:
                return fail(f"--relief needs --ground, one of: {', '.join(fees.RELIEF_GROUNDS)}")
            relief = fees.ReliefRequest.parse(args.relief, args.ground, natural_person=not args.organisation)
        elif args.ground:
            return fail("--ground goes with --relief")
        schedule = fees.FeeSchedule.from_mapping(config.section("fees"))
        quote = fees.calculate(
            kind,
            amount,
            simple_procedure=args.simple,
            mediated_or_withdrawn=args.mediated,
            counterclaim=args.counterclaim,
            appeal=args.appeal,
            relief=relief,
            unpaid_wages=args.unpaid_wages,
            schedule=schedule,
        )
    except (fees.FeeError, fees.InvalidAmount) as exc:
        return fail(str(exc))
    out = quote.to_dict()
    out.update(schedule=quote.schedule_version, rounding=schedule.rounding, quantum=str(schedule.quantum))
    print(json.dumps(out, ensure_ascii=False))
    return 0


def cmd_config(args) -> int:
    from kiosk.config import render_reference

    print(render_reference())
    return 0


APP_FLAGS = {"--windowed", "--report-ready", "--smoke"}


def _app_fast_path(argv: list[str]):
    """The touchscreen app's own flags, parsed without argparse (it costs the kiosk's cold
    start a few ms); anything else (a subcommand, --help, a typo) goes to argparse."""
    args = argparse.Namespace(command=None, config=None, windowed=False, report_ready=False, smoke=False)
    rest = list(argv)
    while rest:
        item = rest.pop(0)
        if item in APP_FLAGS:
            setattr(args, item[2:].replace("-", "_"), True)
        elif item == "--config" and rest:
            args.config = rest.pop(0)
        elif item.startswith("--config="):
            args.config = item.split("=", 1)[1]
        else:
            return None
    return args


def cmd_ocr(args) -> int:
    import json

    import cv2

    from kiosk.recognition.engines import build_engines

    image = cv2.imread(args.image, cv2.IMREAD_COLOR)
    if image is None:
        print(f"kiosk: cannot read image {args.image}", file=sys.stderr)
        return 2
    engine = build_engines(_load(args) if getattr(args, "config", None) else None)  # ocr.engine primary
    usable = engine.is_usable()
    if not usable:
        print(f"kiosk: OCR unavailable: {usable.reason}", file=sys.stderr)
        return 1
    if args.kind == "idcard":
        from kiosk.recognition.idcard_image import read_id_card

        out = {key: f.to_json() for key, f in read_id_card(image, engine).items()}
    else:
        from kiosk.recognition.fields import extract_fields
        from kiosk.recognition.form import form_json, page_form
        from kiosk.recognition.preprocess import remove_red_seal

        lines = engine.read_page(remove_red_seal(image))
        out = {
            "lines": [{"text": ln.text, "confidence": round(ln.confidence, 3), "box": list(ln.box)} for ln in lines],
            "fields": {kind: [f.to_json() for f in found] for kind, found in extract_fields(lines).items()},
            "form": form_json(page_form(lines)),  # the filing screens' suggestions
        }
    print(json.dumps(out, ensure_ascii=False, indent=1))
    return 0


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["ocr-worker"]:  # the bundle's OCR child process (kiosk.recognition.child): not for people
        from kiosk.recognition.child import serve

        return serve()
    fast = _app_fast_path(argv)
    if fast is not None:
        return cmd_app(fast)
    parser = argparse.ArgumentParser(prog="kiosk", description="Court litigation self-service kiosk")
    config_help = "configuration file (TOML); default: KIOSK_CONFIG or the user config dir"
    parser.add_argument("--config", help=config_help)
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--config", default=argparse.SUPPRESS, help=config_help)
    parser.add_argument("--windowed", action="store_true", help="a window instead of full screen (development)")
    parser.add_argument("--report-ready", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--smoke", action="store_true",
                        help="start, wait until the attract screen is shown and the kiosk is ready, then exit 0 "
                             "(1 if it is not ready within 2 minutes): checks an install")
    sub = parser.add_subparsers(dest="command")
    sub.add_parser("sandbox", help="the reference court backend", add_help=False)
    p = sub.add_parser("sync", parents=[common], help="deliver the outbox to the court, then exit")
    p.add_argument("--timeout", type=float, default=60.0)
    p.add_argument("--rotate-key", action="store_true",
                   help="re-encrypt the outbox with a new key (written to queue.key_path; back it up) and exit")
    p.add_argument("--from", dest="source", metavar="FILE",
                   help="deliver an outbox file that was set aside (its items keep their keys: nothing is "
                        "filed twice) instead of the kiosk's outbox")
    p.add_argument("--key", metavar="KEYFILE",
                   help="with --from: the key file that file was sealed with (default: queue.key_path)")
    p.add_argument("--status", action="store_true",
                   help="print the outbox's state as JSON (counts, dead letters with reasons) and exit; "
                        "exit 1 when items need a person")
    sub.add_parser("doctor", parents=[common], help="check configuration, devices and backend")
    p = sub.add_parser("fee", parents=[common], help="litigation fee under Decree 481 (JSON)",
                       description="The Decree 481 fee with its breakdown, as JSON. `kiosk fee AMOUNT` alone is a "
                                   "property case.")
    p.add_argument("kind", metavar="KIND", help="property, divorce, personality_rights, non_property, ip, labour, "
                   "administrative, administrative_special, jurisdiction_objection, payment_order, preservation, "
                   "enforcement, public_summons, arbitration, bankruptcy, no_fee")
    p.add_argument("amount", metavar="AMOUNT", nargs="?",
                   help="yuan: amount claimed, appealed, to enforce or preserve; divorce: property to divide; "
                        "personality_rights: damages; omit for kinds without an amount")
    p.add_argument("--simple", action="store_true", help="simple procedure: half (Art. 16)")
    p.add_argument("--mediated", action="store_true", help="settled by mediation or withdrawn: half (Art. 15)")
    p.add_argument("--counterclaim", action="store_true",
                   help="counterclaim or independent third party's claim: half (Art. 18)")
    p.add_argument("--appeal", action="store_true", help="second instance, on the part appealed (Art. 17)")
    p.add_argument("--unpaid-wages", action="store_true", help="claim for unpaid wages: not prepaid (Art. 20)")
    p.add_argument("--relief", metavar="waive|reduce:SHARE|defer",
                   help="fee relief asked for (Arts. 44-47), e.g. reduce:0.5; needs --ground")
    p.add_argument("--ground", metavar="CODE", help="ground of the relief, e.g. legal_aid, disabled_no_income")
    p.add_argument("--organisation", action="store_true", help="the applicant is not a natural person")
    p = sub.add_parser("config", help="configuration reference")
    p.add_argument("--reference", action="store_true", default=True)
    p = sub.add_parser("ocr", help="OCR an ID card photo or a document page (JSON)")
    p.add_argument("kind", choices=("idcard", "page"))
    p.add_argument("image")
    from kiosk.risk import cli as risk_cli  # kiosk risk assess FILE.json

    risk_cli.add_parser(sub, common)
    from kiosk.guide import cli as guide_cli  # kiosk guide search "QUERY" | check

    guide_cli.add_parser(sub, common)
    from kiosk import audit_cli  # kiosk audit verify [--file PATH]

    audit_cli.add_parser(sub, common)
    from kiosk import staff_cli  # kiosk staff add NUMBER | list | remove NUMBER

    staff_cli.add_parser(sub, common)
    from kiosk import court_cli  # kiosk court pin CERT | status

    court_cli.add_parser(sub, common)

    if argv and argv[0] == "sandbox":
        return cmd_sandbox(None, argv[1:])
    args = parser.parse_args(argv)
    handlers = {None: cmd_app, "sync": cmd_sync, "doctor": cmd_doctor, "fee": cmd_fee, "config": cmd_config,
                "ocr": cmd_ocr}
    handlers["risk"] = risk_cli.run
    handlers["guide"] = guide_cli.run
    handlers["audit"] = audit_cli.run
    handlers["staff"] = staff_cli.run
    handlers["court"] = court_cli.run
    return handlers[args.command](args)


if __name__ == "__main__":
    raise SystemExit(main())
