"""A virtual staff card for the PC/SC tests (vsmartcard's vicc with our own file system).

Run with the project's Python (it has pycryptodome) and the directory holding
Debian's ``virtualsmartcard`` package on PYTHONPATH; ``tests/drivers/pcsc_stack.py``
does both. The card connects to vpcd on 127.0.0.1:<port> and stays "inserted"
until this process ends (SIGTERM) or vpcd goes away (pcscd stopped).

Card kinds:
- ``staff``: an ISO 7816-4 file system with a DF named ``--aid`` holding the
  transparent EF ``--fid`` whose content is ``--record`` (hex);
- ``locked``: the same, but READ BINARY answers 6982 (security status not satisfied);
- ``plain``: an ordinary card with an empty MF (no staff application).
"""

from __future__ import annotations

import argparse
import logging
import socket
import sys

from virtualsmartcard.SmartcardFilesystem import DF, MF, TransparentStructureEF
from virtualsmartcard.SWutils import SW, SwError
from virtualsmartcard.VirtualSmartcard import Iso7816OS, VirtualICC


class QuickAckSocket:
    """vicc's socket with TCP_QUICKACK re-armed before every receive.

    vpcd writes a length and then the APDU in two writes; with Nagle plus the
    peer's delayed ACK every APDU costs ~40-48 ms. Linux clears QUICKACK after
    a while, so it is set again before each recv (0.3 ms per APDU).
    """

    def __init__(self, sock: socket.socket) -> None:
        self._sock = sock
        self._sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def recv(self, size: int) -> bytes:
        quickack = getattr(socket, "TCP_QUICKACK", None)
        if quickack is not None:
            self._sock.setsockopt(socket.IPPROTO_TCP, quickack, 1)
        return self._sock.recv(size)

    def __getattr__(self, name: str):
        return getattr(self._sock, name)


def build_os(kind: str, aid: bytes, fid: int, record: bytes, sam) -> Iso7816OS:
    mf = MF()
    sam.set_MF(mf)
    if kind in ("staff", "locked"):
        app = DF(parent=mf, fid=0x4B01, dfname=aid)
        app.append(TransparentStructureEF(parent=app, fid=fid, shortfid=1, data=record))
        mf.append(app)
    card = Iso7816OS(mf, sam)
    if kind == "locked":
        def read_binary_denied(p1, p2, data):
            raise SwError(SW["ERR_SECSTATUS"])

        card.ins2handler[0xB0] = read_binary_denied
    return card


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--kind", choices=["staff", "locked", "plain"], default="staff")
    parser.add_argument("--aid", default="F04B494F534B01", help="application identifier (hex)")
    parser.add_argument("--fid", type=lambda s: int(s, 16), default=0x0101, help="record EF id (hex)")
    parser.add_argument("--record", default="", help="the record EF's content (hex)")
    args = parser.parse_args(argv)

    vicc = VirtualICC(None, "iso7816", "127.0.0.1", args.port, logginglevel=logging.WARNING)
    vicc.os = build_os(args.kind, bytes.fromhex(args.aid), args.fid, bytes.fromhex(args.record), vicc.os.SAM)
    vicc.sock = QuickAckSocket(vicc.sock)
    print("connected", flush=True)
    try:
        vicc.run()  # returns (sys.exit) when vpcd closes the connection
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
