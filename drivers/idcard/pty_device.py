"""A resident ID card reader on a pseudo-terminal, for tests and demos.

``PtySamDevice`` opens a pty pair, answers SAM command frames arriving on the
master side with :class:`drivers.idcard.simulator.SimulatedSam`, and exposes
the slave's path as ``.port``: a serial driver opens it exactly as it would
open /dev/ttyUSB0. It can misbehave on demand (``inject``) the ways real
readers and cables do, be unplugged and plugged back (a new pty pair; with
``link`` the same stable path is re-created, like a udev by-id symlink), and
pace its output at the wire rate of a real line (``pace_baudrate``).

Manual demo (a reader at /tmp/ttySAM with the first sample card on it)::

    python -m drivers.idcard.pty_device --link /tmp/ttySAM --card 0

then type ``remove``, ``place 2``, ``fault silence``, ``unplug``, ``plug``, ``quit``.
"""

from __future__ import annotations

import argparse
import os
import pty
import select
import sys
import threading
import time
import tty
from dataclasses import dataclass
from pathlib import Path

from drivers.idcard import sam
from drivers.idcard.base import IdCardData
from drivers.idcard.simulator import SAMPLE_CARDS, SimulatedSam

#: Misbehaviours ``inject`` knows:
#: bad_checksum     the answer with its checksum byte flipped
#: short_frame      the first part of the answer, then nothing
#: runt_frame       a frame whose LEN (2) leaves no room for SW1 SW2 SW3
#: oversized_len    the answer with LEN 0xFFFF
#: garbage          noise (with partial preambles) before a correct answer
#: garbage_only     noise instead of an answer
#: silence          no answer at all
#: unknown_sw3      an answer with status word ``sw3`` (default 0x33)
#: unplug_mid_read  the first ``keep`` bytes of the answer, then the device is gone
FAULTS = (
    "bad_checksum", "short_frame", "runt_frame", "oversized_len", "garbage",
    "garbage_only", "silence", "unknown_sw3", "unplug_mid_read",
)

#: Line noise including broken preambles, as a resynchronising reader must skip.
GARBAGE = bytes.fromhex("00 ff 13 aa aa 96 69 aa aa aa 96 00 aa 55 aa aa aa")

_PACE_CHUNK = 32  # bytes written at once when pacing (2.8 ms at 115200 baud)


@dataclass
class _Fault:
    kind: str
    command: tuple[int, int] | None
    times: int
    sw3: int
    keep: int | None


class PtySamDevice:
    """A simulated SAM reader on a pty pair; ``port`` is the path to open.

    ``sam_module`` may be shared with another PtySamDevice (a reader plugged
    into another port keeps its card). Thread-safe scripting from any thread.
    """

    def __init__(self, card: IdCardData | None = None, *, sam_module: SimulatedSam | None = None,
                 link: str | os.PathLike[str] | None = None, pace_baudrate: int | None = None,
                 start: bool = True) -> None:
        self.sam = sam_module if sam_module is not None else SimulatedSam()
        if card is not None:
            self.sam.place(card)
        self.link = Path(link) if link is not None else None
        self.pace_baudrate = pace_baudrate
        self._lock = threading.Lock()
        self._faults: list[_Fault] = []
        self._master: int | None = None
        self._slave: int | None = None
        self._stop_r: int | None = None
        self._stop_w: int | None = None
        self._thread: threading.Thread | None = None
        self._tty = ""
        self.commands: list[tuple[int, int]] = []  # (CMD, PARA) of every command answered or not
        self.bytes_in = 0  # command bytes received
        self.bytes_out = 0  # response bytes sent or being sent (including injected noise)
        if start:
            self.plug()

    # -- plugging ---------------------------------------------------------------------

    @property
    def port(self) -> str:
        """The path a driver opens: ``link`` if given, else the slave's tty name."""
        return str(self.link) if self.link is not None else self._tty

    @property
    def plugged(self) -> bool:
        with self._lock:
            return self._master is not None

    def plug(self) -> None:
        """Open a new pty pair and start answering (no-op while plugged)."""
        with self._lock:
            if self._master is not None:
                return
        self.unplug()  # join a thread that unplugged itself, close its stop pipe
        with self._lock:
            master, slave = pty.openpty()
            tty.setraw(slave)
            os.set_blocking(master, False)
            self._stop_r, self._stop_w = os.pipe()
            self._master, self._slave = master, slave
            self._tty = os.ttyname(slave)
            if self.link is not None:
                tmp = self.link.with_name(self.link.name + ".new")
                tmp.unlink(missing_ok=True)
                tmp.symlink_to(self._tty)
                os.replace(tmp, self.link)
            self._thread = threading.Thread(target=self._serve, args=(master, self._stop_r),
                                            name=f"pty-sam {self._tty}", daemon=True)
            self._thread.start()

    def unplug(self) -> None:
        """The reader is pulled out: its tty (and link) disappear; a driver's next read fails.

        Joins the serving thread and closes every fd; idempotent.
        """
        with self._lock:
            thread, self._thread = self._thread, None
            stop_r, stop_w = self._stop_r, self._stop_w
            self._stop_r = self._stop_w = None
        if thread is not None:
            if stop_w is not None:
                os.write(stop_w, b"x")
            thread.join(timeout=5)
            if thread.is_alive():  # pragma: no cover - a bug, not a device state
                raise RuntimeError("pty SAM device thread did not stop")
        self._close_device()
        for fd in (stop_r, stop_w):
            if fd is not None:
                os.close(fd)

    def stop(self) -> None:
        """Stop answering, join the thread and close every fd (idempotent)."""
        self.unplug()

    def __enter__(self) -> PtySamDevice:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _close_device(self) -> None:
        """Close the pty pair and remove the link (from the serving thread or after joining it)."""
        with self._lock:
            fds = [self._master, self._slave]
            self._master = self._slave = None
            if self.link is not None and fds[0] is not None:
                try:
                    if os.readlink(self.link) == self._tty:
                        self.link.unlink()
                except OSError:
                    pass
        for fd in fds:
            if fd is not None:
                os.close(fd)

    # -- scripting --------------------------------------------------------------------

    def place_card(self, card: IdCardData) -> None:
        with self._lock:
            self.sam.place(card)

    def remove_card(self) -> None:
        with self._lock:
            self.sam.place(None)

    def inject(self, fault: str, *, command: tuple[int, int] | None = None, times: int = 1,
               sw3: int = 0x33, keep: int | None = None) -> None:
        """Misbehave on the next ``times`` answers (to ``command`` only, if given).

        ``keep`` is how many bytes of the answer unplug_mid_read and short_frame
        send (default: half of it).
        """
        if fault not in FAULTS:
            raise ValueError(f"unknown fault {fault!r}; known: {', '.join(FAULTS)}")
        with self._lock:
            self._faults.append(_Fault(fault, command, times, sw3, keep))

    def clear_faults(self) -> None:
        with self._lock:
            self._faults.clear()

    def reset_counters(self) -> None:
        with self._lock:
            self.commands.clear()
            self.bytes_in = self.bytes_out = 0

    # -- the serving thread ------------------------------------------------------------

    def _take_fault(self, key: tuple[int, int]) -> _Fault | None:
        for fault in self._faults:
            if fault.command is None or fault.command == key:
                fault.times -= 1
                if fault.times <= 0:
                    self._faults.remove(fault)
                return fault
        return None

    @staticmethod
    def _take_frame(buf: bytearray) -> bytes | None:
        """Cut the next complete command frame from ``buf`` (dropping noise before it)."""
        while True:
            start = buf.find(sam.PREAMBLE)
            if start < 0:
                del buf[: max(0, len(buf) - (len(sam.PREAMBLE) - 1))]
                return None
            del buf[:start]
            if len(buf) < sam.HEADER_LEN:
                return None
            total = sam.HEADER_LEN + int.from_bytes(buf[5:7], "big")
            if total - sam.HEADER_LEN > 0x0600:
                del buf[:1]  # not a plausible command: look for the next preamble
                continue
            if len(buf) < total:
                return None
            frame = bytes(buf[:total])
            del buf[:total]
            return frame

    def _serve(self, master: int, stop_r: int) -> None:
        buf = bytearray()
        while True:
            ready, _, _ = select.select([master, stop_r], [], [])
            if stop_r in ready:
                return
            try:
                data = os.read(master, 4096)
            except BlockingIOError:
                continue
            except OSError:
                return
            if not data:
                return
            buf += data
            while (frame := self._take_frame(buf)) is not None:
                if not self._answer(master, stop_r, frame):
                    return

    def _answer(self, master: int, stop_r: int, frame: bytes) -> bool:
        """Answer one command frame; False once the device is gone."""
        key = (frame[sam.HEADER_LEN], frame[sam.HEADER_LEN + 1]) if len(frame) > sam.HEADER_LEN + 1 else (0, 0)
        with self._lock:
            self.commands.append(key)
            self.bytes_in += len(frame)
            response = self.sam.respond(frame)
            fault = self._take_fault(key)
        if self.pace_baudrate:
            # The command took its wire time to arrive; the pty delivered it at once.
            time.sleep(len(frame) * 10 / self.pace_baudrate)
        if fault is None:
            return self._send(master, stop_r, response)
        kind = fault.kind
        if kind == "silence":
            return True
        if kind == "bad_checksum":
            out = response[:-1] + bytes([response[-1] ^ 0xFF])
        elif kind == "short_frame":
            out = response[: fault.keep if fault.keep is not None else max(sam.HEADER_LEN + 1, len(response) // 2)]
        elif kind == "runt_frame":
            out = sam.PREAMBLE + bytes([0x00, 0x02, 0x90, 0x00 ^ 0x02 ^ 0x90])
        elif kind == "oversized_len":
            out = sam.PREAMBLE + b"\xff\xff" + response[sam.HEADER_LEN:]
        elif kind == "garbage":
            out = GARBAGE + response
        elif kind == "garbage_only":
            out = GARBAGE * 3
        elif kind == "unknown_sw3":
            out = sam.build_response(fault.sw3)
        else:  # unplug_mid_read
            keep = fault.keep if fault.keep is not None else len(response) // 2
            self._send(master, stop_r, response[:keep])
            self._close_device()
            return False
        return self._send(master, stop_r, out)

    def _send(self, master: int, stop_r: int, data: bytes) -> bool:
        """Write ``data`` (paced at the wire rate if asked); False when stopped meanwhile."""
        start = time.perf_counter()
        sent = 0
        chunk = _PACE_CHUNK if self.pace_baudrate else len(data)
        while sent < len(data):
            piece = data[sent : sent + chunk]
            if self.pace_baudrate:
                due = start + (sent + len(piece)) * 10 / self.pace_baudrate
                delay = due - time.perf_counter()
                if delay > 0:
                    ready, _, _ = select.select([stop_r], [], [], delay)
                    if ready:
                        return False
            with self._lock:  # counted before the reader can have it all
                self.bytes_out += len(piece)
            while piece:
                ready, writable, _ = select.select([stop_r], [master], [])
                if ready:
                    return False
                try:
                    n = os.write(master, piece)
                except BlockingIOError:
                    continue
                except OSError:
                    return False
                piece = piece[n:]
                sent += n
        return True


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="A simulated SAM ID card reader on a pty.")
    parser.add_argument("--link", help="stable path for the port (a symlink to the pty)")
    parser.add_argument("--card", type=int, default=None, help="index of a sample card placed at start")
    parser.add_argument("--pace", type=int, default=None, help="pace output at this baud rate")
    args = parser.parse_args(argv)
    card = SAMPLE_CARDS[args.card] if args.card is not None else None
    with PtySamDevice(card, link=args.link, pace_baudrate=args.pace) as device:
        print(f"reader at {device.port}; commands: place N | remove | fault NAME | unplug | plug | quit",
              flush=True)
        for line in sys.stdin:
            words = line.split()
            if not words:
                continue
            try:
                if words[0] == "quit":
                    break
                if words[0] == "place":
                    device.place_card(SAMPLE_CARDS[int(words[1])])
                elif words[0] == "remove":
                    device.remove_card()
                elif words[0] == "fault":
                    device.inject(words[1])
                elif words[0] == "unplug":
                    device.unplug()
                elif words[0] == "plug":
                    device.plug()
                    print(f"reader at {device.port}", flush=True)
                else:
                    print("unknown command", flush=True)
            except (IndexError, ValueError) as exc:
                print(f"error: {exc}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
