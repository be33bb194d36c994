"""Case search by the plaintiff's ID number."""

from __future__ import annotations

from fastapi import APIRouter

from court_sandbox.context import Sandbox
from offline_queue import contract as c

router = APIRouter(tags=["cases"])


@router.post(c.CASES_SEARCH_PATH, response_model=c.CaseList, operation_id="searchCases")
def search_cases(search: c.CaseSearch, sandbox: Sandbox) -> c.CaseList:
    """Filings whose plaintiff has this ID number, newest first (POST keeps the number out of URLs)."""
    sandbox.records.ensure_demo(id_number=search.id_number)
    return sandbox.store.search(search.id_number)
