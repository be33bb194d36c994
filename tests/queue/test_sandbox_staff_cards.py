"""The sandbox's staff card revocations (court_sandbox.routes.staff_cards) on an app of its own routers,
and `kiosk staff card issue` (the card bureau's side)."""

from __future__ import annotations

import json
import os
from types import SimpleNamespace

import pytest
from pydantic import ValidationError

from court_sandbox.routes import staff_cards
from court_sandbox.store import Store
from drivers.smartcard.simulator import SoftStaffCard
from drivers.smartcard.staff_card import CardChannel, authenticate
from offline_queue import contract as c


def test_revoke_and_list(tmp_path):
    """The routes' functions on the store (no HTTP test client in this venv; the lead's app tests cover HTTP)."""
    store = staff_cards.StaffCardRevocationStore(Store(tmp_path / "sandbox.sqlite3"))
    assert staff_cards.list_staff_card_revocations(store).serials == []
    answer = staff_cards.revoke_staff_card(c.StaffCardRevocation(serial="0A1B2C3D", reason="lost"), store)
    assert answer.serials == ["0A1B2C3D"]
    staff_cards.revoke_staff_card(c.StaffCardRevocation(serial="0A1B2C3D", reason="stolen"), store)  # again
    listed = staff_cards.list_staff_card_revocations(store)
    assert listed.serials == ["0A1B2C3D"] and staff_cards.admin_list_staff_card_revocations(store) == listed
    with pytest.raises(ValidationError):
        c.StaffCardRevocation(serial="not hex")
    # kept in the database: a new store on the same file still has it
    again = staff_cards.StaffCardRevocationStore(Store(tmp_path / "sandbox.sqlite3"))
    assert again.list() == listed
    routes = {(r.path, tuple(sorted(r.methods))) for r in (*staff_cards.router.routes, *staff_cards.admin_router.routes)}
    assert routes == {(c.STAFF_CARD_REVOCATIONS_PATH, ("GET",)), (c.ADMIN_STAFF_CARD_REVOCATIONS_PATH, ("GET",)),
                      (c.ADMIN_STAFF_CARD_REVOCATIONS_PATH, ("POST",))}


def test_kiosk_staff_card_issue_writes_private_files_and_no_key_on_stdout(tmp_path, capsys):
    from kiosk import staff_card_cli

    master = bytes(range(32))
    key_file = tmp_path / "master.key"
    key_file.write_text(master.hex())
    out = tmp_path / "bureau"
    args = SimpleNamespace(config=None, serial="0a1b2c3d4e5f6071", staff_id="S-0042", role="maintenance",
                           out=str(out), master_key=str(key_file))
    assert staff_card_cli.run(args) == 0
    printed = capsys.readouterr().out
    record = (out / "0A1B2C3D4E5F6071.record").read_bytes()
    card_key = bytes.fromhex((out / "0A1B2C3D4E5F6071.key").read_text())
    assert card_key.hex() not in printed and master.hex() not in printed
    assert json.loads(printed)["issued"] == "0A1B2C3D4E5F6071"
    for path in out.iterdir():
        assert os.stat(path).st_mode & 0o777 == 0o600
    credential = authenticate(CardChannel(SoftStaffCard(record, card_key).transmit), master)
    assert (credential.staff_id, credential.card_serial) == ("S-0042", "0A1B2C3D4E5F6071")
    assert staff_card_cli.run(args) == 1  # a serial is issued once
    args.serial = "xyz"
    assert staff_card_cli.run(args) == 2
    assert "must be hex" in capsys.readouterr().err
