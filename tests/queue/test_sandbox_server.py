"""SandboxServer: starts listening on a free port, stops cleanly, restarts on the same port."""

from __future__ import annotations

import socket
import time

import pytest
import requests

from court_sandbox.server import SandboxServer
from offline_queue import contract as c


def test_start_stop_restart_on_the_same_port(tmp_path):
    server = SandboxServer(tmp_path / "court.sqlite3")
    started = time.monotonic()
    server.start()
    assert time.monotonic() - started < 5
    assert server.port != 0 and server.base_url == f"http://127.0.0.1:{server.port}"
    with requests.Session() as http:
        assert http.get(server.base_url + c.HEALTH_PATH, timeout=5).json() == {"status": "ok"}  # keep-alive
        port = server.port
        stopped = time.monotonic()
        server.stop()
        assert time.monotonic() - stopped < 3
        assert not server.running
        with pytest.raises(requests.ConnectionError):
            http.get(server.base_url + c.HEALTH_PATH, timeout=2)
        again = SandboxServer(tmp_path / "court.sqlite3", port=port).start()
        try:
            assert http.get(again.base_url + c.HEALTH_PATH, timeout=5).status_code == 200
        finally:
            again.stop()


def test_accepted_connections_have_nagle_disabled(tmp_path):
    """Without TCP_NODELAY on the server side, Nagle + delayed ACK hold every answer ~40 ms."""
    with SandboxServer(tmp_path / "court.sqlite3") as server, requests.Session() as http:
        http.get(server.base_url + c.HEALTH_PATH, timeout=5)  # the keep-alive connection stays open
        connections = list(server._server.server_state.connections)
        assert connections
        for connection in connections:
            sock = connection.transport.get_extra_info("socket")
            assert sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY)
        durations = []
        for _ in range(9):
            started = time.perf_counter()
            http.post(
                server.base_url + c.FEES_CALCULATE_PATH, json={"case_type": "民初", "amount": "5"}, timeout=5
            )
            durations.append(time.perf_counter() - started)
    assert sorted(durations)[4] < 0.035  # the median round trip


def test_port_in_use_is_an_error(tmp_path):
    blocker = socket.socket()
    blocker.bind(("127.0.0.1", 0))
    blocker.listen()
    try:
        with pytest.raises(OSError):
            SandboxServer(tmp_path / "court.sqlite3", port=blocker.getsockname()[1]).start()
    finally:
        blocker.close()
