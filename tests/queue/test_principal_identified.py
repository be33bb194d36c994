"""An agent's filing tells the court how the principal was identified (issue 17): typed in by the agent
(`principal_identified_by = "typed"`), not read from a chip; the field reaches the sandbox as filed, and a
filing by the plaintiff carries none."""

from __future__ import annotations

import json
import sqlite3
import uuid


def _stored(sandbox, filing_id: str) -> dict:
    with sqlite3.connect(sandbox.db_path) as conn:
        (body,) = conn.execute("SELECT body FROM filings WHERE filing_id = ?", (filing_id,)).fetchone()
    return json.loads(body)


def test_the_principal_typed_in_by_an_agent_reaches_the_court(sandbox, client, make_submission, new_id):
    agent = {"name": "王五", "id_number": new_id(), "relation": "relative", "identified_by": "id_card_photo"}
    submission = make_submission(filed_by="agent", agent=agent, principal_identified_by="typed")
    client.submit_filing(submission, str(uuid.uuid4()))
    stored = _stored(sandbox, submission.filing_id)
    assert stored["principal_identified_by"] == "typed"
    assert stored["agent"]["identified_by"] == "id_card_photo"

    own = make_submission()
    client.submit_filing(own, str(uuid.uuid4()))
    assert _stored(sandbox, own.filing_id).get("principal_identified_by") is None
