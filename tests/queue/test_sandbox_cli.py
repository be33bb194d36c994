"""`kiosk sandbox` subcommands (court_sandbox.server.main) against a running sandbox."""

from __future__ import annotations

import json
import re
import signal
import socket
import subprocess
import sys
import uuid

import requests

from court_sandbox.server import OPENAPI_FILE, main
from offline_queue import contract as c


def admin_args(server) -> list[str]:
    """Where the CLI finds the admin API: its URL and the token file the server wrote."""
    return ["--url", server.admin_url, "--token-file", str(server.admin_token_file)]


def test_review_and_list(client, sandbox, make_submission, capsys):
    submission = make_submission()
    client.submit_filing(submission, str(uuid.uuid4()))

    assert main(["list", *admin_args(sandbox)]) == 0
    line = next(x for x in capsys.readouterr().out.splitlines() if x.startswith(submission.filing_id))
    assert "\t待审核\t" in line and "张三" not in line

    code = main(["review", submission.filing_id, "--decision", "docket", *admin_args(sandbox)])
    assert code == 0
    result = json.loads(capsys.readouterr().out)
    assert result["status"] == "已立案" and result["case_number"].startswith("（")

    code = main(
        ["review", submission.filing_id, "--decision", "refuse", "--reason", "x", *admin_args(sandbox)]
    )
    assert code == 1
    assert "HTTP 409" in capsys.readouterr().err

    assert main(["list", "--json", *admin_args(sandbox)]) == 0
    listed = c.FilingList.model_validate_json(capsys.readouterr().out)
    assert any(item.case_number == result["case_number"] for item in listed.items)


def test_pay_settles_a_payment_order(client, sandbox, make_submission, capsys):
    notice = client.submit_filing(make_submission(), str(uuid.uuid4())).fee_notice
    payment_id = c.payment_id_for(notice.notice_id)
    client.create_payment(
        c.PaymentOrderCreate(payment_id=payment_id, notice_id=notice.notice_id, amount=notice.amount),
        str(uuid.uuid4()),
    )
    assert main(["pay", payment_id, *admin_args(sandbox)]) == 0
    assert json.loads(capsys.readouterr().out)["status"] == c.PAYMENT_PAID
    assert client.payment_status(payment_id).status == c.PAYMENT_PAID
    assert main(["pay", payment_id, "--outcome", "failed", *admin_args(sandbox)]) == 1
    assert "HTTP 409" in capsys.readouterr().err
    assert main(["pay", "no-such-order", *admin_args(sandbox)]) == 1
    assert "HTTP 404" in capsys.readouterr().err


def test_reject_needs_a_reason_and_unknown_filing_fails(sandbox, capsys):
    assert main(["review", "some-id", "--decision", "reject", *admin_args(sandbox)]) == 2
    assert "reason" in capsys.readouterr().err
    assert (
        main(["review", "no-such", "--decision", "reject", "--reason", "r", *admin_args(sandbox)]) == 1
    )
    assert "HTTP 404" in capsys.readouterr().err


def test_unreachable_sandbox_is_a_clear_error(tmp_path, capsys):
    token = tmp_path / "court.sqlite3.admin-token"
    token.write_text("t\n")
    token.chmod(0o600)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]  # nobody listens there once the block ends
    assert main(["list", "--url", f"http://127.0.0.1:{port}", "--token-file", str(token)]) == 1
    assert "cannot reach the sandbox" in capsys.readouterr().err


def test_openapi_subcommand(tmp_path, capsys):
    out = tmp_path / "openapi.json"
    assert main(["openapi", "--output", str(out)]) == 0
    assert json.loads(out.read_text(encoding="utf-8")) == json.loads(OPENAPI_FILE.read_text(encoding="utf-8"))


def test_serve_runs_in_the_foreground_until_ctrl_c(tmp_path):
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "court_sandbox",
            "serve",
            "--port",
            "0",
            "--admin-port",
            "0",
            "--db",
            str(tmp_path / "court.sqlite3"),
        ],
        stderr=subprocess.PIPE,
        text=True,
        # Ctrl+C reaches it as in a terminal, even when the suite runs as a background job (which ignores SIGINT,
        # and a child inherits that)
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    try:
        banner = ""
        for _ in range(50):  # log lines (uvicorn's start) may come first
            banner = process.stderr.readline()
            if banner.startswith("court sandbox on") or not banner:
                break
        url = re.search(r"http://127\.0\.0\.1:\d+", banner).group(0)
        assert "admin API on http://127.0.0.1:" in banner and "admin-token" in banner
        # The socket listens before the banner is printed: the request waits in the backlog if need be.
        assert requests.get(url + c.HEALTH_PATH, timeout=10).json() == {"status": "ok"}
        process.send_signal(signal.SIGINT)
        _, err = process.communicate(timeout=10)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
    assert process.returncode == 0
    assert "Traceback" not in err


def test_serve_refuses_faults_it_cannot_read(capsys):
    assert main(["serve", "--port", "0", "--faults", "{not json"]) == 2
    assert "--faults" in capsys.readouterr().err
