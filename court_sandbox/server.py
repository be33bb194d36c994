"""Running the court sandbox: in-process (`SandboxServer`) and from the command line (`main`).

`SandboxServer` runs uvicorn on a background thread on a socket it binds
itself (port 0 picks a free port; the real one is read from the socket), so
`start()` returns once the server is listening. Used by the kiosk in demo mode
and by tests. Nagle is off on both ends (TCP_NODELAY): urllib3 sets it on the client's
sockets, asyncio on accepted server sockets (see `_bind`), so small JSON
answers are not held back ~40 ms by Nagle + delayed ACK.

`main(argv)` is ``kiosk sandbox``::

    kiosk sandbox serve [--host H] [--port P] [--db PATH]
    kiosk sandbox review FILING_ID --decision docket|reject|refuse [--reason TEXT ...] [--url URL]
    kiosk sandbox list [--url URL] [--json]
    kiosk sandbox openapi [--output PATH]
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import socket
import sys
import threading
from pathlib import Path
from typing import Any

import requests
import uvicorn
from fastapi import FastAPI
from pydantic import ValidationError

from court_sandbox.app import create_app
from offline_queue import contract as c

log = logging.getLogger("court_sandbox.server")

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8765
URL_ENV = "KIOSK_SANDBOX_URL"
OPENAPI_FILE = Path(__file__).with_name("openapi.json")


def default_db_path() -> Path:
    import platformdirs

    # The same file the kiosk's embedded sandbox uses by default (`<kiosk.data_dir>/court-sandbox/...`).
    return platformdirs.user_data_path("court-kiosk", appauthor=False) / "court-sandbox" / "sandbox.sqlite3"


def default_url() -> str:
    return os.environ.get(URL_ENV) or f"http://{DEFAULT_HOST}:{DEFAULT_PORT}"


def _bind(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    # proto=IPPROTO_TCP matters: asyncio sets TCP_NODELAY on accepted sockets only when the
    # socket says it is TCP; with proto 0 Nagle + delayed ACK add ~40 ms to every answer.
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        sock.bind((host, port))
        sock.listen(128)
        sock.set_inheritable(False)
    except OSError:
        sock.close()
        raise
    return sock


def _config(app: FastAPI, timeout_graceful_shutdown: int | None = 3) -> uvicorn.Config:
    return uvicorn.Config(
        app,
        http="h11",
        ws="none",
        lifespan="off",
        log_config=None,  # leave logging to the host application
        access_log=False,  # the app logs each request with its ids (and without personal data)
        timeout_graceful_shutdown=timeout_graceful_shutdown,
    )


class _Server(uvicorn.Server):
    def __init__(self, config: uvicorn.Config, ready: threading.Event) -> None:
        super().__init__(config)
        self._ready = ready

    async def startup(self, sockets: list[socket.socket] | None = None) -> None:
        try:
            await super().startup(sockets=sockets)
        finally:
            self._ready.set()


def document() -> dict[str, Any]:
    """The sandbox's OpenAPI document (the contract), generated from the app."""
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        return create_app(str(Path(tmp) / "openapi.sqlite3")).openapi()


def document_text() -> str:
    return json.dumps(document(), ensure_ascii=False, indent=2) + "\n"


class SandboxServer:
    """The sandbox on a background thread: ``with SandboxServer(db) as s: requests.get(s.base_url + ...)``."""

    def __init__(
        self,
        db_path: str | os.PathLike[str],
        host: str = DEFAULT_HOST,
        port: int = 0,
        *,
        app: FastAPI | None = None,
    ) -> None:
        self.db_path = str(db_path)
        self.host = host
        self.port = port
        self.app = app
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None

    @property
    def base_url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def start(self, timeout: float = 10.0) -> SandboxServer:
        """Bind, start serving and return once the server accepts requests."""
        if self.running:
            return self
        if self.app is None:
            self.app = create_app(self.db_path)
        sock = _bind(self.host, self.port)
        self.port = sock.getsockname()[1]
        ready = threading.Event()
        server = _Server(_config(self.app), ready)
        thread = threading.Thread(
            target=server.run, kwargs={"sockets": [sock]}, name=f"court-sandbox-{self.port}", daemon=True
        )
        thread.start()
        if not ready.wait(timeout) or not server.started:
            server.should_exit = True
            thread.join(timeout)
            sock.close()
            raise RuntimeError(f"the court sandbox did not start on {self.base_url}")
        self._server, self._thread = server, thread
        log.info("court sandbox listening on %s", self.base_url)
        return self

    def stop(self, timeout: float = 5.0) -> None:
        """Stop serving (finishing requests in progress) and wait for the thread."""
        server, thread = self._server, self._thread
        if server is None or thread is None:
            return
        server.should_exit = True
        thread.join(timeout)
        if thread.is_alive():
            server.force_exit = True
            thread.join(timeout)
        self._server = self._thread = None
        log.info("court sandbox on %s stopped", self.base_url)

    def __enter__(self) -> SandboxServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


# ---------------------------------------------------------------------------- CLI


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kiosk sandbox", description="The court sandbox (reference backend)."
    )
    sub = parser.add_subparsers(dest="command", required=True)

    serve = sub.add_parser("serve", help="run the sandbox in the foreground")
    serve.add_argument("--host", default=DEFAULT_HOST)
    serve.add_argument("--port", type=int, default=DEFAULT_PORT, help="0 picks a free port")
    serve.add_argument("--db", type=Path, default=None, help="SQLite database (created and seeded if new)")
    serve.add_argument("--faults", default=None,
                       help="faults from the start (training, drills): a FaultSpec as JSON or @file, e.g. "
                            '\'{"error_rate": 0.3}\' (also $KIOSK_SANDBOX_FAULTS)')

    review = sub.add_parser("review", help="decide a filing awaiting review")
    review.add_argument("filing_id")
    review.add_argument("--decision", required=True, choices=c.DECISIONS)
    review.add_argument("--reason", action="append", default=[], help="a reason (repeat for several)")
    review.add_argument("--url", default=None, help=f"sandbox URL (default ${URL_ENV} or {default_url()})")

    pay = sub.add_parser("pay", help="settle a payment order as the payment provider would report it")
    pay.add_argument("payment_id")
    pay.add_argument("--outcome", default="paid", choices=("paid", "failed", "expired"))
    pay.add_argument("--url", default=None, help=f"sandbox URL (default ${URL_ENV} or {default_url()})")

    listing = sub.add_parser("list", help="list filings (ids and status)")
    listing.add_argument("--url", default=None)
    listing.add_argument("--json", action="store_true", help="print JSON")

    openapi = sub.add_parser("openapi", help="print the OpenAPI document (the contract)")
    openapi.add_argument("--output", type=Path, default=None, help="write it to this file instead")
    return parser


class _CliError(Exception):
    pass


def _admin_call(method: str, url: str, path: str, body: dict[str, Any] | None = None) -> dict[str, Any]:
    try:
        response = requests.request(method, url.rstrip("/") + path, json=body, timeout=10)
    except requests.RequestException as exc:
        raise _CliError(f"cannot reach the sandbox at {url} ({type(exc).__name__})") from exc
    try:
        data = response.json()
    except ValueError:
        data = {}
    if response.status_code >= 400:
        detail = data.get("detail", response.reason) if isinstance(data, dict) else response.reason
        if isinstance(detail, list):
            detail = "; ".join(f"{'.'.join(map(str, d.get('loc', [])))}: {d.get('msg')}" for d in detail)
        raise _CliError(f"HTTP {response.status_code}: {detail}")
    return data


def _serve(args: argparse.Namespace) -> int:
    if not logging.getLogger().handlers:
        logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    db = args.db or default_db_path()
    faults = None
    if args.faults:
        from court_sandbox.faults import spec_from_text

        try:
            faults = spec_from_text(args.faults)
        except ValueError as exc:
            print(f"kiosk sandbox: --faults: {exc}", file=sys.stderr)
            return 2
    app = create_app(str(db), faults=faults)
    sock = _bind(args.host, args.port)
    port = sock.getsockname()[1]
    host = f"[{args.host}]" if ":" in args.host else args.host
    print(
        f"court sandbox on http://{host}:{port} (database {db}); Ctrl+C stops it", file=sys.stderr, flush=True
    )
    try:
        uvicorn.Server(_config(app, timeout_graceful_shutdown=5)).run(sockets=[sock])
    except KeyboardInterrupt:  # uvicorn re-raises the Ctrl+C it handled: a normal stop
        pass
    return 0


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command == "serve":
        return _serve(args)
    if args.command == "openapi":
        text = document_text()
        if args.output:
            tmp = args.output.with_name(args.output.name + ".tmp")
            tmp.write_text(text, encoding="utf-8")
            os.replace(tmp, args.output)
        else:
            sys.stdout.write(text)
        return 0
    url = args.url or default_url()
    try:
        if args.command == "review":
            try:
                decision = c.ReviewDecision(decision=args.decision, reasons=args.reason)
            except ValidationError as exc:
                print(f"error: {c.validation_summary(exc)}", file=sys.stderr)
                return 2
            data = _admin_call(
                "POST", url, c.REVIEW_PATH.format(filing_id=args.filing_id), decision.model_dump(mode="json")
            )
            print(json.dumps(data, ensure_ascii=False, indent=2))
            return 0
        if args.command == "pay":
            data = _admin_call(
                "POST", url, c.SETTLE_PAYMENT_PATH.format(payment_id=args.payment_id), {"outcome": args.outcome}
            )
            print(json.dumps(data, ensure_ascii=False, indent=2))
            return 0
        data = _admin_call("GET", url, c.ADMIN_FILINGS_PATH)
    except _CliError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return 0
    items = data.get("items", [])
    if not items:
        print("no filings")
        return 0
    for item in items:
        print(
            "\t".join(
                [
                    item["filing_id"],
                    item["status"],
                    item.get("case_number") or "-",
                    item["court_code"],
                    item["case_type"],
                    item["received_at"],
                ]
            )
        )
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
