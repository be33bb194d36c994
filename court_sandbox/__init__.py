"""The court sandbox: a reference court backend (FastAPI + SQLite) implementing the kiosk's contract.

- `court_sandbox.app.create_app(db_path)`: the FastAPI application;
- `court_sandbox.server.SandboxServer`: runs it on a background thread (demo mode, tests);
- `court_sandbox.server.main(argv)`: ``kiosk sandbox serve|review|list|openapi``.

It imports nothing of the kiosk except `offline_queue.contract`.
"""
