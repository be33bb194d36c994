"""A virtual staff card for the PC/SC tests (vsmartcard's vicc with our own file system).

Run with the project's Python (it has pycryptodome) and the directory holding
Debian's ``virtualsmartcard`` package on PYTHONPATH; ``tests/drivers/pcsc_stack.py``
does both. The card connects to vpcd on 127.0.0.1:<port> and stays "inserted"
until this process ends (SIGTERM) or vpcd goes away (pcscd stopped).

This card is the PEER implementation of the staff card spec (format version 2, in
``drivers/smartcard/staff_card.py``'s docstring): it builds its record, derives its card
key and answers INTERNAL AUTHENTICATE with its own code (hashlib/hmac only), importing
nothing from the driver, so the tests check the driver against the spec, not against itself.

Card kinds:
- ``staff``: an ISO 7816-4 file system with a DF named ``--aid`` holding the
  transparent EF ``--fid`` whose content is ``--record`` (hex), or the record this card
  builds from ``--serial --staff-id --role``; the card key is ``--card-key`` (hex), or
  derived here from ``--master-key`` and the serial; INTERNAL AUTHENTICATE answers the MAC;
- ``staff_t0``: the same, but the answer comes by 61xx and GET RESPONSE (as T=0 cards do);
- ``clone``: the same readable files, no key: INTERNAL AUTHENTICATE answers ``--replay``
  (hex: an answer recorded from the genuine card) or, without it, random bytes;
- ``static``: the files only, no INTERNAL AUTHENTICATE (6D00), e.g. a version 1 card;
- ``endless``: the staff application, but READ BINARY and GET RESPONSE answer 16 bytes and
  61 10 forever;
- ``locked``: READ BINARY answers 6982 (security status not satisfied);
- ``plain``: an ordinary card with an empty MF (no staff application).
"""

from __future__ import annotations

import argparse
import hashlib
import hmac
import logging
import os
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


AUTH_DOMAIN = b"court-kiosk staff card auth v2\x00"
TAG_DOMAIN = b"court-kiosk staff card record v2\x00"


def kdf(master: bytes, label: bytes, serial: bytes) -> bytes:
    """SP 800-108 counter mode, HMAC-SHA256, 32-bit counter first, L = 256: one block."""
    fixed = label + b"\x00" + serial + (256).to_bytes(4, "big")
    return hmac.new(master, (1).to_bytes(4, "big") + fixed, hashlib.sha256).digest()


def build_record(master: bytes, serial: bytes, staff_id: str, role: str, aid: bytes) -> bytes:
    sid, rl = staff_id.encode("ascii"), role.encode("ascii")
    body = bytes([2, len(serial)]) + serial + bytes([len(sid)]) + sid + bytes([len(rl)]) + rl
    tag_key = kdf(master, b"court-kiosk staff card record", serial)
    return body + hmac.new(tag_key, TAG_DOMAIN + bytes([len(aid)]) + aid + body, hashlib.sha256).digest()


def record_without_padding(record: bytes) -> bytes:
    at = 1
    for _ in range(3):
        at += 1 + record[at]
    return record[:at + 32]  # and the tag


class StaffCardOS(Iso7816OS):
    """Iso7816OS plus the staff card's INTERNAL AUTHENTICATE (and the misbehaving kinds)."""

    def __init__(self, mf, sam, kind: str, aid: bytes, record: bytes, card_key: bytes, replay: bytes) -> None:
        super().__init__(mf, sam)
        self.kind, self.aid, self.record, self.card_key, self.replay = kind, aid, record, card_key, replay
        self.pending = b""

    def answer(self, challenge: bytes) -> bytes:
        if self.kind == "clone":
            return self.replay or os.urandom(32)
        message = AUTH_DOMAIN + bytes([len(self.aid)]) + self.aid + challenge + record_without_padding(self.record)
        return hmac.new(self.card_key, message, hashlib.sha256).digest()

    def execute(self, msg: bytes) -> bytes:
        ins = msg[1] if len(msg) > 1 else 0
        if self.kind == "endless" and ins in (0xB0, 0xC0):
            return bytes(16) + b"\x61\x10"
        if ins == 0x88 and self.kind in ("staff", "staff_t0", "clone"):
            challenge = msg[5:5 + msg[4]] if len(msg) > 5 else b""
            if len(challenge) < 16:
                return b"\x67\x00"
            mac = self.answer(challenge)
            if self.kind == "staff_t0":
                self.pending = mac
                return bytes([0x61, len(mac)])
            return mac + b"\x90\x00"
        if ins == 0xC0 and self.pending:
            data, self.pending = self.pending, b""
            return data + b"\x90\x00"
        if ins == 0x88:
            return b"\x6d\x00"
        return super().execute(msg)


def build_os(kind: str, aid: bytes, fid: int, record: bytes, sam, card_key: bytes = b"",
             replay: bytes = b"") -> Iso7816OS:
    mf = MF()
    sam.set_MF(mf)
    if kind != "plain":
        app = DF(parent=mf, fid=0x4B01, dfname=aid)
        app.append(TransparentStructureEF(parent=app, fid=fid, shortfid=1, data=record))
        mf.append(app)
    card = StaffCardOS(mf, sam, kind, aid, record, card_key, replay)
    if kind == "locked":
        def read_binary_denied(p1, p2, data):
            raise SwError(SW["ERR_SECSTATUS"])

        card.ins2handler[0xB0] = read_binary_denied
    return card


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--kind", choices=["staff", "staff_t0", "clone", "static", "endless", "locked", "plain"],
                        default="staff")
    parser.add_argument("--aid", default="F04B494F534B01", help="application identifier (hex)")
    parser.add_argument("--fid", type=lambda s: int(s, 16), default=0x0101, help="record EF id (hex)")
    parser.add_argument("--record", default="", help="the record EF's content (hex)")
    parser.add_argument("--card-key", default="", help="the card key (hex)")
    parser.add_argument("--master-key", default="", help="derive the card key from this master key (hex)")
    parser.add_argument("--serial", default="", help="the card serial (hex), to build the record / key")
    parser.add_argument("--staff-id", default="")
    parser.add_argument("--role", default="maintenance")
    parser.add_argument("--replay", default="", help="clone: the answer it gives to every challenge (hex)")
    args = parser.parse_args(argv)

    record = bytes.fromhex(args.record)
    serial = bytes.fromhex(args.serial)
    if not record and args.staff_id:
        record = build_record(bytes.fromhex(args.master_key), serial, args.staff_id, args.role,
                              bytes.fromhex(args.aid))
    card_key = bytes.fromhex(args.card_key)
    if not card_key and args.master_key:
        card_key = kdf(bytes.fromhex(args.master_key), b"court-kiosk staff card key", serial)
    vicc = VirtualICC(None, "iso7816", "127.0.0.1", args.port, logginglevel=logging.WARNING)
    vicc.os = build_os(args.kind, bytes.fromhex(args.aid), args.fid, record, vicc.os.SAM, card_key,
                       bytes.fromhex(args.replay))
    vicc.sock = QuickAckSocket(vicc.sock)
    print("connected", flush=True)
    try:
        vicc.run()  # returns (sys.exit) when vpcd closes the connection
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
