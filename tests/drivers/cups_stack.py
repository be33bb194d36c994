"""A private CUPS scheduler for tests and benchmarks (not a conftest: import it).

``CupsStack`` runs ``cupsd -f`` with its own ServerRoot, spool, state, cache
and logs in a temp folder, listening on 127.0.0.1:<free port> and on a domain
socket in that folder, with browsing off and no authentication. Queues are
created with the real ``lpadmin`` against it; it is stopped by PID.

cups-pdf reads its configuration only from /etc/cups (compiled in), never
from the ServerRoot. It does read ``/etc/cups/cups-pdf-<name>.conf`` for a
queue whose device URI is ``cups-pdf:/<name>``: ``add_pdf_queue`` writes such
a file with a unique name (Out, Spool and Log in the stack's folder) and
``stop`` removes it. That file is the one thing written outside the temp
folder.

apt: cups cups-client printer-driver-cups-pdf (cupsd, lpadmin, cups-pdf,
ghostscript). cupsd runs filters and backends as user lp, so the temp folder
is made world-traversable. Needs root, as CUPS's own backends do.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import threading
import time
from pathlib import Path

CUPS_PDF_PPD = "/usr/share/ppd/cups-pdf/CUPS-PDF_opt.ppd"
CUPS_PDF_CONF_DIR = Path("/etc/cups")

CUPSD_CONF = """\
Listen 127.0.0.1:{port}
Listen {socket}
Browsing No
LogLevel info
DefaultAuthType None
WebInterface No
MaxJobTime 60
<Location />
  Order allow,deny
  Allow all
</Location>
<Policy default>
  <Limit All>
    Order deny,allow
  </Limit>
</Policy>
"""

CUPS_FILES_CONF = """\
ServerRoot {root}
RequestRoot {root}/spool
TempDir {root}/spool/tmp
CacheDir {root}/cache
StateDir {root}/state
ErrorLog {root}/log/error_log
AccessLog {root}/log/access_log
PageLog {root}/log/page_log
Printcap {root}/printcap
SystemGroup root
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class RawListener:
    """A raw (port 9100 style) printer on loopback: records each connection's bytes."""

    def __init__(self) -> None:
        self.server = socket.create_server(("127.0.0.1", 0))
        self.server.settimeout(0.05)
        self.port = self.server.getsockname()[1]
        self.received: list[bytes] = []
        self.accepted = 0
        self._cond = threading.Condition()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="raw-printer", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self.server.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            with self._cond:
                self.accepted += 1
            with conn:
                data = self._serve(conn)
            with self._cond:
                self.received.append(data)
                self._cond.notify_all()

    def _serve(self, conn: socket.socket) -> bytes:
        """One connection's bytes (a subclass may also answer, as a printer's status does)."""
        chunks = []
        conn.settimeout(10)
        try:
            while chunk := conn.recv(65536):
                chunks.append(chunk)
        except OSError:
            pass
        return b"".join(chunks)

    def wait_for(self, count: int, timeout: float = 10.0) -> list[bytes]:
        with self._cond:
            self._cond.wait_for(lambda: len(self.received) >= count, timeout)
            return list(self.received)

    def close(self) -> None:
        self._stop.set()
        self._thread.join(5)
        self.server.close()


class CupsStack:
    """A private cupsd. ``server`` is its domain socket, ``tcp_server`` its 127.0.0.1 address."""

    def __init__(self) -> None:
        self.root = Path(tempfile.mkdtemp(prefix="kiosk-cups-"))
        self.root.chmod(0o755)  # filters and backends run as lp
        self.port = free_port()
        self.socket_path = str(self.root / "cups.sock")
        self.proc: subprocess.Popen | None = None
        self._pdf_confs: list[Path] = []

    @property
    def server(self) -> str:
        return self.socket_path

    @property
    def tcp_server(self) -> str:
        return f"127.0.0.1:{self.port}"

    @property
    def env(self) -> dict[str, str]:
        return {**os.environ, "CUPS_SERVER": self.socket_path, "LC_ALL": "C"}

    def start(self, timeout: float = 15.0) -> CupsStack:
        cupsd = shutil.which("cupsd") or "/usr/sbin/cupsd"
        assert os.path.exists(cupsd), "cupsd is missing: apt-get install cups cups-client printer-driver-cups-pdf"
        for sub in ("ppd", "spool", "cache", "state", "log"):
            (self.root / sub).mkdir(mode=0o755)
        (self.root / "spool" / "tmp").mkdir()
        (self.root / "spool" / "tmp").chmod(0o1777)
        conf = self.root / "cupsd.conf"
        conf.write_text(CUPSD_CONF.format(port=self.port, socket=self.socket_path))
        files = self.root / "cups-files.conf"
        files.write_text(CUPS_FILES_CONF.format(root=self.root))
        stderr = self.root / "log" / "cupsd.stderr"
        with open(stderr, "wb") as err:
            self.proc = subprocess.Popen([cupsd, "-f", "-c", str(conf), "-s", str(files)],
                                         stdout=subprocess.DEVNULL, stderr=err)
        deadline = time.monotonic() + timeout
        while not self._listening():
            if self.proc.poll() is not None or time.monotonic() > deadline:
                message = f"cupsd did not start: {stderr.read_text(errors='replace')}{self.log_tail()}"
                self.stop()
                raise RuntimeError(message)
            time.sleep(0.02)
        return self

    def _listening(self) -> bool:
        if not os.path.exists(self.socket_path):
            return False
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                return True
        except OSError:
            return False

    def log_tail(self, lines: int = 20) -> str:
        try:
            text = (self.root / "log" / "error_log").read_text(errors="replace")
        except OSError:
            return ""
        return "\n".join(text.splitlines()[-lines:])

    def run(self, *cmd: str) -> subprocess.CompletedProcess:
        """Run a CUPS client command (lpadmin, cupsreject, ...) against this cupsd."""
        result = subprocess.run(list(cmd), env=self.env, capture_output=True, text=True, timeout=30)
        if result.returncode != 0:
            raise RuntimeError(f"{' '.join(cmd)} failed: {result.stderr.strip()}")
        return result

    def add_raw_queue(self, name: str, port: int, *options: str, contimeout: int | None = None) -> None:
        """A raw queue sending jobs unchanged to 127.0.0.1:port (options: extra lpadmin -o values)."""
        uri = f"socket://127.0.0.1:{port}"
        if contimeout is not None:
            uri += f"/?contimeout={contimeout}"
        args = ["lpadmin", "-p", name, "-v", uri, "-E", "-m", "raw"]
        for option in options:
            args += ["-o", option]
        self.run(*args)

    def add_pdf_queue(self, name: str) -> Path:
        """A cups-pdf queue writing into a fresh folder (returned)."""
        assert os.path.exists(CUPS_PDF_PPD), "cups-pdf is missing: apt-get install printer-driver-cups-pdf"
        instance = f"kiosktest{os.getpid()}{self.port}{name}".replace("-", "")
        out = self.root / f"pdf-out-{name}"
        out.mkdir(mode=0o755)
        conf = CUPS_PDF_CONF_DIR / f"cups-pdf-{instance}.conf"
        conf.write_text(f"Out {out}\nSpool {self.root}/pdf-spool-{name}\nLog {self.root}/log\nLabel 1\n")
        self._pdf_confs.append(conf)
        self.run("lpadmin", "-p", name, "-v", f"cups-pdf:/{instance}", "-E", "-P", CUPS_PDF_PPD)
        return out

    def stop(self) -> None:
        for conf in self._pdf_confs:
            conf.unlink(missing_ok=True)
        self._pdf_confs.clear()
        if self.proc is not None:
            if self.proc.poll() is None:
                self.proc.terminate()
                try:
                    self.proc.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    self.proc.kill()
                    self.proc.wait(timeout=10)
            self.proc = None
        shutil.rmtree(self.root, ignore_errors=True)
