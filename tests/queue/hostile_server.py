"""A small HTTP server that answers with scripted hostile responses (issue 17).

Independent of the court sandbox: `http.server` on 127.0.0.1 in a thread of its own. Each request
takes the next `Answer` from the script (the last one repeats); every request is recorded (method,
path, headers, body). ``with HostileServer() as server:`` starts it and stops it (shutdown + join).
"""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Answer:
    status: int = 200
    body: bytes = b"{}"
    content_type: str | None = "application/json"
    headers: dict[str, str] = field(default_factory=dict)
    #: seconds between bytes: the body is trickled one byte at a time
    trickle: float = 0.0
    #: announce this Content-Length instead of the body's (None: the body's; -1: none, close ends the body)
    length: int | None = None
    #: close the connection after the headers (nothing of the body sent)
    close_early: bool = False
    #: seconds between bytes of the status line and headers (trickled one byte at a time)
    trickle_head: float = 0.0


@dataclass
class Seen:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes


class HostileServer:
    def __init__(self) -> None:
        self.script: list[Answer] = [Answer()]
        self.requests: list[Seen] = []
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._connections: set[socket.socket] = set()
        owner = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:  # quiet
                pass

            def setup(self) -> None:
                super().setup()
                with owner._lock:
                    owner._connections.add(self.connection)

            def finish(self) -> None:
                with owner._lock:
                    owner._connections.discard(self.connection)
                with contextlib.suppress(OSError):
                    super().finish()

            def _any(self) -> None:
                size = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(size) if size else b""
                answer = owner._next(Seen(self.command, self.path, dict(self.headers), body))
                owner._answer(self, answer)

            do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = _any

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = False  # server_close joins every handler thread
        self._thread: threading.Thread | None = None

    @property
    def base_url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def serve(self, *answers: Answer) -> None:
        """The answers to the next requests, in order (the last repeats); forgets what was seen."""
        with self._lock:
            self.script = list(answers) or [Answer()]
            self.requests = []

    def _next(self, seen: Seen) -> Answer:
        with self._lock:
            self.requests.append(seen)
            return self.script.pop(0) if len(self.script) > 1 else self.script[0]

    def _trickle_head(self, handler: BaseHTTPRequestHandler, answer: Answer) -> None:
        head = [f"HTTP/1.1 {answer.status} X", f"Content-Length: {len(answer.body)}"]
        head += [f"Content-Type: {answer.content_type}"] if answer.content_type else []
        data = ("\r\n".join(head) + "\r\n\r\n").encode("latin-1")
        try:
            for i in range(len(data)):
                if self._stopping.is_set():
                    return
                handler.wfile.write(data[i : i + 1])
                handler.wfile.flush()
                time.sleep(answer.trickle_head)
            handler.wfile.write(answer.body)
        except OSError:  # the client gave up (deadline): fine
            pass
        handler.close_connection = True

    def _answer(self, handler: BaseHTTPRequestHandler, answer: Answer) -> None:
        if answer.trickle_head > 0:
            self._trickle_head(handler, answer)
            return
        handler.send_response(answer.status)
        if answer.content_type is not None:
            handler.send_header("Content-Type", answer.content_type)
        if answer.length != -1:
            handler.send_header("Content-Length", str(len(answer.body) if answer.length is None else answer.length))
        else:
            handler.send_header("Connection", "close")
            handler.close_connection = True
        for name, value in answer.headers.items():
            handler.send_header(name, value)
        handler.end_headers()
        if answer.close_early:
            handler.wfile.flush()
            handler.close_connection = True
            with contextlib.suppress(OSError):
                handler.connection.shutdown(socket.SHUT_RDWR)
            return
        try:
            if answer.trickle > 0:
                for i in range(len(answer.body)):
                    if self._stopping.is_set():
                        break
                    handler.wfile.write(answer.body[i : i + 1])
                    handler.wfile.flush()
                    time.sleep(answer.trickle)
            else:
                handler.wfile.write(answer.body)
        except OSError:  # the client gave up (deadline, size cap): fine
            handler.close_connection = True

    def start(self) -> HostileServer:
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05},
                                        name="hostile-server", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopping.set()
        self._server.shutdown()
        with self._lock:
            connections = list(self._connections)
        for conn in connections:  # a kept-alive connection's handler waits for its next request
            with contextlib.suppress(OSError):
                conn.shutdown(socket.SHUT_RDWR)
        self._server.server_close()
        if self._thread is not None:
            self._thread.join(5)
            self._thread = None

    def __enter__(self) -> HostileServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
