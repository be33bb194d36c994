"""A real PC/SC stack for tests: our own pcscd (with vsmartcard's vpcd reader driver)
and virtual cards (``vcard_staff.py`` processes), started and stopped by PID.

Needs apt ``pcscd vsmartcard-vpcd python3-virtualsmartcard`` and pip
``pyscard pycryptodome`` in the test interpreter. Only one pcscd can run on
a machine (it owns /run/pcscd/pcscd.comm): when another one is running, the
fixture fails with a clear message instead of testing against it.

Import the fixtures into a test module::

    from tests.drivers.pcsc_stack import pcsc_fixture, pcsc_stack_fixture  # noqa: F401
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

VCARD_SCRIPT = Path(__file__).with_name("vcard_staff.py")
PCSCD_SOCKET = Path("/run/pcscd/pcscd.comm")
VPCD_DRIVER_CANDIDATES = (
    "/usr/lib/pcsc/drivers/serial/libifdvpcd.so",
    "/usr/local/lib/pcsc/drivers/serial/libifdvpcd.so",
)
VSMARTCARD_PATH_CANDIDATES = (
    "/usr/lib/python3/site-packages/virtualsmartcard",  # Debian's python3-virtualsmartcard
    "/usr/lib/python3/dist-packages",
    "/usr/local/lib/python3/site-packages/virtualsmartcard",
)
READER = "Virtual PCD 00 00"  # vpcd's first slot (the one vcard_staff.py connects to)
TIMEOUT = 10.0


def vsmartcard_pythonpath() -> str:
    """The directory holding the ``virtualsmartcard`` package (for PYTHONPATH)."""
    override = os.environ.get("VSMARTCARD_PYTHONPATH")
    for folder in ([override] if override else []) + list(VSMARTCARD_PATH_CANDIDATES):
        if (Path(folder) / "virtualsmartcard" / "VirtualSmartcard.py").is_file():
            return folder
    pytest.fail("vsmartcard's Python module is missing: apt install python3-virtualsmartcard "
                "(or set VSMARTCARD_PYTHONPATH)", pytrace=False)


def foreign_pcscd(own_pid: int | None = None) -> str | None:
    """A description of a pcscd that is not ours (running process or answering socket), or None."""
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == own_pid:
            continue
        try:
            status = (entry / "status").read_text()
        except OSError:
            continue
        fields = dict(line.split(":\t", 1) for line in status.splitlines() if ":\t" in line)
        if fields.get("Name", "").strip() == "pcscd" and not fields.get("State", "").startswith("Z"):
            return f"pcscd is already running as PID {entry.name}"
    if PCSCD_SOCKET.exists() and own_pid is None:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as probe:
            try:
                probe.connect(str(PCSCD_SOCKET))
            except OSError:
                return None  # a stale socket file: pcscd replaces it
            return f"something answers on {PCSCD_SOCKET} (a pcscd from elsewhere, maybe in another namespace)"
    return None


def _free_port_pair() -> int:
    """A port p with p and p+1 free on every address (vpcd listens on both, on 0.0.0.0)."""
    for _ in range(50):
        port = random.randrange(20000, 60000)
        try:
            with socket.socket() as a, socket.socket() as b:
                a.bind(("", port))
                b.bind(("", port + 1))
        except OSError:
            continue
        return port
    raise RuntimeError("no free port pair for vpcd")


class EventRecorder:
    """Collects monitor events (any thread) and waits for one matching a predicate."""

    def __init__(self) -> None:
        self.events: list = []
        self._cond = threading.Condition()

    def __call__(self, event) -> None:
        with self._cond:
            self.events.append(event)
            self._cond.notify_all()

    def wait_for(self, predicate: Callable[[object], bool], timeout: float = TIMEOUT, start: int = 0):
        """The first event at or after index ``start`` matching ``predicate``; fails on timeout."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                for event in self.events[start:]:
                    if predicate(event):
                        return event
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    pytest.fail(f"no matching event within {timeout} s; got {self.events[start:]}")
                self._cond.wait(remaining)

    def mark(self) -> int:
        with self._cond:
            return len(self.events)


class PcscStack:
    """Our pcscd with a vpcd reader on a free port, and at most one virtual card."""

    def __init__(self, workdir: Path) -> None:
        import smartcard.scard  # noqa: F401  (fail early and clearly when pyscard is missing)

        self.workdir = workdir
        self.pcscd_path = shutil.which("pcscd") or next(
            (p for p in ("/usr/sbin/pcscd", "/sbin/pcscd") if os.path.exists(p)), None)
        if not self.pcscd_path:
            pytest.fail("pcscd is missing: apt install pcscd vsmartcard-vpcd", pytrace=False)
        driver = next((p for p in VPCD_DRIVER_CANDIDATES if os.path.exists(p)), None)
        if not driver:
            pytest.fail("vpcd (libifdvpcd.so) is missing: apt install vsmartcard-vpcd", pytrace=False)
        self.port = _free_port_pair()
        self.reader_conf = workdir / "reader.conf.d"
        self.reader_conf.mkdir()
        (self.reader_conf / "vpcd").write_text(
            f'FRIENDLYNAME "Virtual PCD"\nDEVICENAME /dev/null:0x{self.port:X}\n'
            f"LIBPATH {driver}\nCHANNELID 0x{self.port:X}\n")
        self.no_readers_conf = workdir / "no-readers.conf.d"
        self.no_readers_conf.mkdir()
        self.vsmartcard_path = vsmartcard_pythonpath()
        self.pcscd: subprocess.Popen | None = None
        self.card: subprocess.Popen | None = None
        self._starts = 0

    # --- pcscd ---

    def start_pcscd(self, with_readers: bool = True) -> None:
        assert self.pcscd is None, "our pcscd already runs"
        other = foreign_pcscd()
        if other:
            pytest.fail(f"{other}; only one pcscd can run per machine and these tests need their own "
                        "(stop it, e.g. `systemctl stop pcscd.socket pcscd`)", pytrace=False)
        self._starts += 1
        log = open(self.workdir / f"pcscd-{self._starts}.log", "wb")  # noqa: SIM115
        conf = self.reader_conf if with_readers else self.no_readers_conf
        self.pcscd = subprocess.Popen([self.pcscd_path, "-f", "-a", "-c", str(conf)],
                                      stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        log.close()
        self._wait(lambda: self._readers() is not None and (READER in self._readers() or not with_readers),
                   "pcscd did not answer", self.pcscd, f"pcscd-{self._starts}.log")

    def stop_pcscd(self) -> None:
        self.remove_card(wait=False)
        if self.pcscd is not None:
            _stop_process(self.pcscd)
            self.pcscd = None

    def restart_pcscd(self, with_readers: bool = True) -> None:
        self.stop_pcscd()
        self.start_pcscd(with_readers)

    # --- cards ---

    def insert_card(self, kind: str = "staff", record: bytes = b"", aid: bytes | None = None,
                    **card: bytes | str) -> None:
        """Start a virtual card and wait until pcscd sees it in READER. ``card``: more options of
        vcard_staff.py (card_key=, master_key=, serial=, replay= as bytes; staff_id=, role= as text)."""
        assert self.pcscd is not None, "start pcscd first"
        self.remove_card()
        command = [sys.executable, str(VCARD_SCRIPT), "--port", str(self.port), "--kind", kind,
                   "--record", record.hex()]
        if aid is not None:
            command += ["--aid", aid.hex()]
        for name, value in card.items():
            command += [f"--{name.replace('_', '-')}", value.hex() if isinstance(value, bytes) else value]
        env = dict(os.environ, PYTHONPATH=self.vsmartcard_path, PYTHONUNBUFFERED="1")
        log = open(self.workdir / "vcard.log", "ab")  # noqa: SIM115
        self.card = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT,
                                     stdin=subprocess.DEVNULL)
        log.close()
        self._wait(lambda: self.card_present() is True, "the virtual card did not appear", self.card,
                   "vcard.log")

    def remove_card(self, wait: bool = True) -> None:
        """Stop the card process; with ``wait``, until pcscd reports the reader empty."""
        if self.card is not None:
            _stop_process(self.card)
            self.card = None
        if wait and self.pcscd is not None:
            self._wait(lambda: self.card_present() is not True, "the card did not go away", None, None)

    def card_present(self) -> bool | None:
        """Whether READER holds a card (None: pcscd does not answer)."""
        from smartcard import scard

        hresult, context = scard.SCardEstablishContext(scard.SCARD_SCOPE_USER)
        if hresult != scard.SCARD_S_SUCCESS:
            return None
        try:
            hresult, states = scard.SCardGetStatusChange(context, 0, [(READER, scard.SCARD_STATE_UNAWARE)])
            if hresult != scard.SCARD_S_SUCCESS:
                return None
            return bool(states[0][1] & scard.SCARD_STATE_PRESENT)
        finally:
            scard.SCardReleaseContext(context)

    # --- housekeeping ---

    def close(self) -> None:
        self.remove_card(wait=False)
        self.stop_pcscd()

    def _readers(self) -> list[str] | None:
        from smartcard import scard

        hresult, context = scard.SCardEstablishContext(scard.SCARD_SCOPE_USER)
        if hresult != scard.SCARD_S_SUCCESS:
            return None
        try:
            hresult, readers = scard.SCardListReaders(context, [])
            return list(readers) if hresult == scard.SCARD_S_SUCCESS else []
        finally:
            scard.SCardReleaseContext(context)

    def _wait(self, condition: Callable[[], bool], what: str, process: subprocess.Popen | None,
              logname: str | None) -> None:
        deadline = time.monotonic() + TIMEOUT
        while not condition():
            exited = process is not None and process.poll() is not None
            if exited or time.monotonic() > deadline:
                tail = ""
                if logname:
                    tail = (self.workdir / logname).read_text(errors="replace")[-2000:]
                pytest.fail(f"{what} (exited: {exited}); log:\n{tail}", pytrace=False)
            time.sleep(0.02)


def _stop_process(process: subprocess.Popen) -> None:
    """SIGTERM by PID, then SIGKILL after 5 s; always reaped."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(5)


@pytest.fixture(scope="module", name="pcsc_stack")
def pcsc_stack_fixture(tmp_path_factory) -> Iterator[PcscStack]:
    """Our own pcscd for the module (started once, stopped by PID at the end)."""
    stack = PcscStack(tmp_path_factory.mktemp("pcsc"))
    try:
        stack.start_pcscd()
        yield stack
    finally:
        stack.close()


@pytest.fixture(name="pcsc")
def pcsc_fixture(pcsc_stack: PcscStack) -> Iterator[PcscStack]:
    """The module's stack with pcscd running with its reader and no card, before and after."""
    if pcsc_stack.pcscd is None or pcsc_stack.pcscd.poll() is not None or pcsc_stack._readers() != [
            READER, "Virtual PCD 00 01"]:
        pcsc_stack.stop_pcscd()
        pcsc_stack.start_pcscd()
    pcsc_stack.remove_card()
    yield pcsc_stack
    own = pcsc_stack.pcscd.pid if pcsc_stack.pcscd is not None else None
    other = foreign_pcscd(own_pid=own)
    if other:  # e.g. a second test run on this machine started its own while ours was stopped
        pytest.fail(f"{other} during this test: results are not trustworthy (only one pcscd per machine)",
                    pytrace=False)
    pcsc_stack.remove_card()
