"""Running the court sandbox: in-process (`SandboxServer`) and from the command line (`main`).

`SandboxServer` runs uvicorn on background threads on sockets it binds itself (port 0 picks a free
port; the real one is read from the socket), so `start()` returns once the server is listening:
the public (kiosk-facing) application on `port`, the admin API on `admin_port` (its own port, loopback
by default, every request with the admin token; see `court_sandbox.admin_auth`). Used by the kiosk in
demo mode and by tests. Nagle is off on both ends (TCP_NODELAY): urllib3 sets it on the client's
sockets, asyncio on accepted server sockets (see `_bind`), so small JSON answers are not held back
~40 ms by Nagle + delayed ACK.

Hardening (issue 17): a bind beyond loopback is refused unless TLS is on and `allow_remote` is given
(`check_bind`); the admin token is random per start unless given and written to
``<db>.admin-token`` (0600) for the CLI; finished records are purged at start and every hour
(`court_sandbox.purge`); TLS (`court_sandbox.tls.SandboxTLS`) serves both ports.

`main(argv)` is ``kiosk sandbox``::

    kiosk sandbox serve [--host H] [--port P] [--admin-port A] [--db PATH] [--faults SPEC]
                        [--tls-cert PEM --tls-key PEM [--client-ca PEM]] [--allow-remote] [--docs]
                        [--retention-days N]
    kiosk sandbox review FILING_ID --decision docket|reject|refuse [--reason TEXT ...] [--url URL] [--token-file F]
    kiosk sandbox pay PAYMENT_ID [--outcome paid|failed|expired] [--url URL] [--token-file F]
    kiosk sandbox list [--url URL] [--token-file F] [--json]
    kiosk sandbox purge --days N [--db PATH]
    kiosk sandbox openapi [--output PATH]
"""

from __future__ import annotations

import argparse
import ipaddress
import json
import logging
import os
import signal
import socket
import sys
import threading
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

import requests
import uvicorn
from fastapi import FastAPI
from pydantic import ValidationError

from court_sandbox import identity_cli
from court_sandbox.admin_auth import new_admin_token
from court_sandbox.app import create_app
from court_sandbox.private import read_private, write_private
from court_sandbox.purge import DEFAULT_RETENTION_DAYS, PURGE_INTERVAL_SECONDS, purge_app
from court_sandbox.tls import SandboxTLS
from offline_queue import contract as c

log = logging.getLogger("court_sandbox.server")

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8765
DEFAULT_ADMIN_PORT = 8766
#: The admin API's URL for the CLI (``review``, ``pay``, ``list``).
URL_ENV = "KIOSK_SANDBOX_ADMIN_URL"
OPENAPI_FILE = Path(__file__).with_name("openapi.json")
ADMIN_TOKEN_SUFFIX = ".admin-token"
#: uvicorn limits: the largest request head h11 buffers (request line + headers), keep-alive idle time.
MAX_HEADER_BYTES = 16 * 1024
KEEP_ALIVE_SECONDS = 5
#: At most this many connections and tasks at once; more get 503.
MAX_CONCURRENCY = 256


def default_db_path() -> Path:
    import platformdirs

    # The same file the kiosk's embedded sandbox uses by default (`<kiosk.data_dir>/court-sandbox/...`).
    return platformdirs.user_data_path("court-kiosk", appauthor=False) / "court-sandbox" / "sandbox.sqlite3"


def default_url() -> str:
    """The admin API's URL for the CLI: $KIOSK_SANDBOX_ADMIN_URL or the default admin port on loopback."""
    return os.environ.get(URL_ENV) or f"http://{DEFAULT_HOST}:{DEFAULT_ADMIN_PORT}"


def admin_token_path(db_path: str | os.PathLike[str]) -> Path:
    """Where a sandbox on `db_path` writes its admin token (mode 0600)."""
    return Path(str(db_path) + ADMIN_TOKEN_SUFFIX)


def is_loopback(host: str) -> bool:
    """127.0.0.0/8, ::1 or ``localhost``."""
    name = host.strip().strip("[]").lower()
    if name == "localhost":
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def check_bind(host: str, *, tls: SandboxTLS | None, allow_remote: bool, what: str = "the sandbox") -> None:
    """ValueError unless `host` is loopback, or TLS is on and a bind beyond loopback is explicitly allowed."""
    if is_loopback(host):
        return
    if tls is None:
        raise ValueError(f"refusing to bind {what} to {host!r}: beyond loopback it needs TLS "
                         "(--tls-cert/--tls-key) and --allow-remote")
    if not allow_remote:
        raise ValueError(f"refusing to bind {what} to {host!r}: beyond loopback it needs --allow-remote")


def _loopback_like(host: str) -> str:
    """The admin API's default host: `host` when it is loopback, else the loopback of its family."""
    if is_loopback(host):
        return host
    return "::1" if ":" in host else DEFAULT_HOST


def _bind(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    # proto=IPPROTO_TCP matters: asyncio sets TCP_NODELAY on accepted sockets only when the
    # socket says it is TCP; with proto 0 Nagle + delayed ACK add ~40 ms to every answer.
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        sock.bind((host.strip("[]"), port))
        sock.listen(128)
        sock.set_inheritable(False)
    except OSError:
        sock.close()
        raise
    return sock


def _config(app: FastAPI, timeout_graceful_shutdown: int | None = 3, tls: SandboxTLS | None = None) -> uvicorn.Config:
    return uvicorn.Config(
        app,
        http="h11",
        ws="websockets-sansio",  # the video calls' signalling (court_sandbox.routes.video): websockets' Sans-I/O core
        lifespan="off",
        log_config=None,  # leave logging to the host application
        access_log=False,  # the app logs each request with its ids (and without personal data)
        server_header=False,
        timeout_graceful_shutdown=timeout_graceful_shutdown,
        timeout_keep_alive=KEEP_ALIVE_SECONDS,
        h11_max_incomplete_event_size=MAX_HEADER_BYTES,
        limit_concurrency=MAX_CONCURRENCY,
        **(tls.uvicorn_options() if tls is not None else {}),
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

    async def shutdown(self, sockets: list[socket.socket] | None = None) -> None:
        """Idle connections are cut at once: closing a TLS connection waits for the client's TLS close,
        which a client that keeps its socket open never sends; the loop would end with the connection's
        socket never closed. Requests in progress still finish (uvicorn's graceful shutdown)."""
        for connection in list(self.server_state.connections):
            cycle = getattr(connection, "cycle", None)
            transport = getattr(connection, "transport", None)
            if transport is not None and (cycle is None or cycle.response_complete):
                transport.abort()
        await super().shutdown(sockets=sockets)


def document() -> dict[str, Any]:
    """The sandbox's OpenAPI document (the contract), generated from the app: the public application's
    paths, then the admin API's (with its admin-token security scheme)."""
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        app = create_app(str(Path(tmp) / "openapi.sqlite3"))
        public, admin = app.openapi(), app.state.admin_app.openapi()
    merged = dict(public)
    merged["paths"] = {**public["paths"], **admin["paths"]}
    components = {key: dict(value) for key, value in public.get("components", {}).items()}
    for key, value in admin.get("components", {}).items():
        components.setdefault(key, {}).update(value)
    merged["components"] = components
    return merged


def document_text() -> str:
    return json.dumps(document(), ensure_ascii=False, indent=2) + "\n"


def _start_thread(app: FastAPI, sock: socket.socket, tls: SandboxTLS | None, name: str,
                  timeout: float) -> tuple[_Server, threading.Thread]:
    ready = threading.Event()
    config = _config(app, tls=tls)
    config.load()  # here, so a bad certificate or key raises in the caller
    server = _Server(config, ready)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, name=name, daemon=True)
    thread.start()
    if not ready.wait(timeout) or not server.started:
        server.should_exit = True
        thread.join(timeout)
        raise RuntimeError(f"the court sandbox did not start ({name})")
    return server, thread


def _stop_thread(server: _Server, thread: threading.Thread, timeout: float) -> None:
    server.should_exit = True
    thread.join(timeout)
    if thread.is_alive():
        server.force_exit = True
        thread.join(timeout)


class SandboxServer:
    """The sandbox on background threads: ``with SandboxServer(db) as s: requests.get(s.base_url + ...)``;
    the admin API at ``s.admin_url`` with ``{X-Admin-Token: s.admin_token}`` (`offline_queue.admin_client`).

    `host`/`admin_host` beyond loopback: ValueError unless `tls` and `allow_remote` (`check_bind`);
    `admin_host` defaults to `host` when that is loopback, else to the loopback of its family.
    `admin_token`: default a new random one (or the given `app`'s); written to ``<db>.admin-token``.
    Finished records are purged at start and every `purge_interval` seconds (older than `retention_days`;
    default: the app's ``retention``); `docs` serves the API documentation (demo only).
    """

    def __init__(
        self,
        db_path: str | os.PathLike[str],
        host: str = DEFAULT_HOST,
        port: int = 0,
        *,
        app: FastAPI | None = None,
        admin_port: int = 0,
        admin_host: str | None = None,
        admin_token: str | None = None,
        tls: SandboxTLS | None = None,
        allow_remote: bool = False,
        docs: bool = False,
        retention_days: int | None = None,
        purge_interval: float = PURGE_INTERVAL_SECONDS,
    ) -> None:
        admin_host = admin_host if admin_host is not None else _loopback_like(host)
        check_bind(host, tls=tls, allow_remote=allow_remote)
        check_bind(admin_host, tls=tls, allow_remote=allow_remote, what="the admin API")
        if app is not None and admin_token is not None and admin_token != app.state.admin_token:
            raise ValueError("admin_token differs from the given app's admin token")
        self.db_path = str(db_path)
        self.host = host
        self.port = port
        self.admin_host = admin_host
        self.admin_port = admin_port
        self.app = app
        self.tls = tls
        self.docs = docs
        self.retention_days = retention_days
        self.purge_interval = purge_interval
        self._admin_token = admin_token or new_admin_token()
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None
        self._admin_server: _Server | None = None
        self._admin_thread: threading.Thread | None = None
        self._purge_stop: threading.Event | None = None
        self._purge_thread: threading.Thread | None = None

    def _url(self, host: str, port: int) -> str:
        host = f"[{host}]" if ":" in host and not host.startswith("[") else host
        return f"{'https' if self.tls is not None else 'http'}://{host}:{port}"

    @property
    def base_url(self) -> str:
        return self._url(self.host, self.port)

    @property
    def admin_url(self) -> str:
        return self._url(self.admin_host, self.admin_port)

    @property
    def admin_token(self) -> str:
        return self.app.state.admin_token if self.app is not None else self._admin_token

    @property
    def admin_token_file(self) -> Path:
        return admin_token_path(self.db_path)

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def start(self, timeout: float = 10.0) -> SandboxServer:
        """Bind, purge once, start serving and return once both ports accept requests."""
        if self.running:
            return self
        if self.app is None:
            self.app = create_app(self.db_path, admin_token=self._admin_token, docs=self.docs,
                                  retention_days=self.retention_days or DEFAULT_RETENTION_DAYS,
                                  require_client_cert=self.tls is not None and self.tls.client_ca is not None)
        write_private(self.admin_token_file, self.admin_token + "\n")
        self.purge()
        sock = _bind(self.host, self.port)
        try:
            admin_sock = _bind(self.admin_host, self.admin_port)
        except OSError:
            sock.close()
            raise
        self.port, self.admin_port = sock.getsockname()[1], admin_sock.getsockname()[1]
        try:
            self._server, self._thread = _start_thread(self.app, sock, self.tls, f"court-sandbox-{self.port}",
                                                       timeout)
        except BaseException:
            sock.close()
            admin_sock.close()
            raise
        try:
            self._admin_server, self._admin_thread = _start_thread(
                self.app.state.admin_app, admin_sock, self.tls, f"court-sandbox-admin-{self.admin_port}", timeout)
        except BaseException:
            admin_sock.close()
            self.stop(timeout)
            raise
        self._purge_stop = threading.Event()
        self._purge_thread = threading.Thread(target=self._purge_loop, args=(self._purge_stop,),
                                              name=f"court-sandbox-purge-{self.port}", daemon=True)
        self._purge_thread.start()
        log.info("court sandbox listening on %s, admin API on %s", self.base_url, self.admin_url)
        return self

    def purge(self) -> dict[str, int]:
        """Purge finished records now (`court_sandbox.purge`); {} when it failed (logged)."""
        if self.app is None:
            return {}
        try:
            return purge_app(self.app, timedelta(days=self.retention_days) if self.retention_days else None)
        except Exception as exc:  # never a traceback (it may quote data); the next run tries again
            log.error("purge failed (%s)", type(exc).__name__)
            return {}

    def _purge_loop(self, stop: threading.Event) -> None:
        while not stop.wait(self.purge_interval):
            self.purge()

    def stop(self, timeout: float = 5.0) -> None:
        """Stop serving (finishing requests in progress) and wait for the threads."""
        if self._purge_stop is not None and self._purge_thread is not None:
            self._purge_stop.set()
            self._purge_thread.join(timeout)
        self._purge_stop = self._purge_thread = None
        stopped = False
        for server, thread in ((self._admin_server, self._admin_thread), (self._server, self._thread)):
            if server is not None and thread is not None:
                _stop_thread(server, thread, timeout)
                stopped = True
        self._server = self._thread = self._admin_server = self._admin_thread = None
        if stopped:
            log.info("court sandbox on %s stopped", self.base_url)

    def __enter__(self) -> SandboxServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


# ---------------------------------------------------------------------------- CLI


def _admin_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--url", default=None, help=f"the admin API's URL (default ${URL_ENV} or {default_url()})")
    parser.add_argument("--token-file", type=Path, default=None,
                        help="the admin token file (default <default database>" + ADMIN_TOKEN_SUFFIX + ")")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kiosk sandbox", description="The court sandbox (reference backend)."
    )
    sub = parser.add_subparsers(dest="command", required=True)

    serve = sub.add_parser("serve", help="run the sandbox in the foreground")
    serve.add_argument("--host", default=DEFAULT_HOST,
                       help="beyond loopback only with TLS and --allow-remote")
    serve.add_argument("--port", type=int, default=DEFAULT_PORT, help="0 picks a free port")
    serve.add_argument("--admin-port", type=int, default=DEFAULT_ADMIN_PORT,
                       help="the admin API's port (on loopback; 0 picks a free port)")
    serve.add_argument("--db", type=Path, default=None, help="SQLite database (created and seeded if new)")
    serve.add_argument("--faults", default=None,
                       help="faults from the start (training, drills): a FaultSpec as JSON or @file, e.g. "
                            '\'{"error_rate": 0.3}\' (also $KIOSK_SANDBOX_FAULTS)')
    serve.add_argument("--tls-cert", type=Path, default=None, help="serve https with this certificate chain (PEM)")
    serve.add_argument("--tls-key", type=Path, default=None, help="the certificate's private key (PEM)")
    serve.add_argument("--client-ca", type=Path, default=None,
                       help="mutual TLS: every kiosk call needs a known kiosk certificate issued by this CA (PEM; "
                            "only an enrolment may come without one)")
    serve.add_argument("--mutual-tls", action="store_true",
                       help="mutual TLS with the sandbox's own kiosk CA (<db>.pki/ca.pem, which signs enrolments)")
    serve.add_argument("--allow-remote", action="store_true",
                       help="allow --host beyond loopback (needs TLS)")
    serve.add_argument("--docs", action="store_true", help="serve /docs, /redoc and /openapi.json (demo only)")
    serve.add_argument("--retention-days", type=int, default=DEFAULT_RETENTION_DAYS,
                       help="purge finished records older than this (at start and hourly)")

    review = sub.add_parser("review", help="decide a filing awaiting review")
    review.add_argument("filing_id")
    review.add_argument("--decision", required=True, choices=c.DECISIONS)
    review.add_argument("--reason", action="append", default=[], help="a reason (repeat for several)")
    _admin_options(review)

    pay = sub.add_parser("pay", help="settle a payment order as the payment provider would report it")
    pay.add_argument("payment_id")
    pay.add_argument("--outcome", default="paid", choices=("paid", "failed", "expired"))
    _admin_options(pay)

    listing = sub.add_parser("list", help="list filings (ids and status)")
    _admin_options(listing)
    listing.add_argument("--json", action="store_true", help="print JSON")

    purge = sub.add_parser("purge", help="remove finished records older than --days now, and print counts")
    purge.add_argument("--days", type=int, required=True)
    purge.add_argument("--db", type=Path, default=None, help="SQLite database (default: the default one)")

    openapi = sub.add_parser("openapi", help="print the OpenAPI document (the contract)")
    openapi.add_argument("--output", type=Path, default=None, help="write it to this file instead")
    identity_cli.add_parsers(sub, _admin_options)
    return parser


class _CliError(Exception):
    pass


def _read_token(path: Path | None) -> str:
    path = path or admin_token_path(default_db_path())
    try:
        token = read_private(path)
    except FileNotFoundError as exc:
        raise _CliError(f"no admin token file at {path} (is the sandbox running? --token-file)") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise _CliError(f"cannot read the admin token file {path}: {exc}") from exc
    if not token:
        raise _CliError(f"the admin token file {path} is empty")
    return token


def _admin_call(method: str, url: str, path: str, token: str, body: dict[str, Any] | None = None) -> dict[str, Any]:
    try:
        response = requests.request(method, url.rstrip("/") + path, json=body, timeout=10,
                                    headers={c.ADMIN_TOKEN_HEADER: token}, allow_redirects=False)
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


def _serve_tls(args: argparse.Namespace) -> SandboxTLS | None:
    if args.mutual_tls:
        if args.client_ca is not None:
            raise ValueError("--mutual-tls and --client-ca: choose one")
        from court_sandbox.pki import CA_CERT_FILE, KioskCA

        db = args.db or default_db_path()
        KioskCA.load_or_create(f"{db}.pki")
        args.client_ca = Path(f"{db}.pki") / CA_CERT_FILE
    if args.tls_cert is None and args.tls_key is None:
        if args.client_ca is not None:
            raise ValueError("--client-ca needs --tls-cert and --tls-key")
        return None
    if args.tls_cert is None or args.tls_key is None:
        raise ValueError("--tls-cert and --tls-key go together")
    for option, path in (("--tls-cert", args.tls_cert), ("--tls-key", args.tls_key), ("--client-ca", args.client_ca)):
        if path is not None and not path.is_file():
            raise ValueError(f"{option}: no such file {path}")
    return SandboxTLS(args.tls_cert, args.tls_key, args.client_ca)


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
    try:
        tls = _serve_tls(args)
        if args.retention_days < 1:
            raise ValueError("--retention-days must be at least 1")
        check_bind(args.host, tls=tls, allow_remote=args.allow_remote)
        app = create_app(str(db), faults=faults, docs=args.docs, retention_days=args.retention_days,
                         require_client_cert=tls is not None and tls.client_ca is not None)
        server = SandboxServer(db, args.host, args.port, app=app, admin_port=args.admin_port, tls=tls,
                               allow_remote=args.allow_remote, docs=args.docs, retention_days=args.retention_days)
    except ValueError as exc:
        print(f"kiosk sandbox serve: {exc}", file=sys.stderr)
        return 2

    def terminate(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, terminate) if threading.current_thread() is threading.main_thread() \
        else None
    try:
        try:
            server.start()
        except (OSError, RuntimeError) as exc:
            print(f"kiosk sandbox serve: cannot start: {exc}", file=sys.stderr)
            return 1
        print(
            f"court sandbox on {server.base_url}, admin API on {server.admin_url} (token in "
            f"{server.admin_token_file}; database {db}); Ctrl+C stops it", file=sys.stderr, flush=True
        )
        while server.running:
            time.sleep(0.5)
        return 1  # the server thread ended by itself
    except KeyboardInterrupt:  # Ctrl+C or SIGTERM: a normal stop
        return 0
    finally:
        server.stop()
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)


def _purge(args: argparse.Namespace) -> int:
    if args.days < 0:
        print("kiosk sandbox purge: --days must not be negative", file=sys.stderr)
        return 2
    db = args.db or default_db_path()
    if not Path(db).is_file():
        print(f"kiosk sandbox purge: no database at {db}", file=sys.stderr)
        return 1
    app = create_app(str(db))
    counts = purge_app(app, timedelta(days=args.days))
    if not counts:
        print("nothing to purge")
    for table, count in sorted(counts.items()):
        print(f"{table}\t{count}")
    return 0


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command == "serve":
        return _serve(args)
    if args.command == "purge":
        return _purge(args)
    if args.command == "pki":
        return identity_cli.run_pki(args)
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
        token = _read_token(args.token_file)
        if args.command in identity_cli.COMMANDS:
            return identity_cli.run_admin(args, _admin_call, url, token)
        if args.command == "review":
            try:
                decision = c.ReviewDecision(decision=args.decision, reasons=args.reason)
            except ValidationError as exc:
                print(f"error: {c.validation_summary(exc)}", file=sys.stderr)
                return 2
            data = _admin_call(
                "POST", url, c.REVIEW_PATH.format(filing_id=args.filing_id), token, decision.model_dump(mode="json")
            )
            print(json.dumps(data, ensure_ascii=False, indent=2))
            return 0
        if args.command == "pay":
            data = _admin_call(
                "POST", url, c.SETTLE_PAYMENT_PATH.format(payment_id=args.payment_id), token, {"outcome": args.outcome}
            )
            print(json.dumps(data, ensure_ascii=False, indent=2))
            return 0
        data = _admin_call("GET", url, c.ADMIN_FILINGS_PATH, token)
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
