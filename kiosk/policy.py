"""The court's policy (courts, case types, fee schedule version), fetched from the
backend and cached on disk with its version so the kiosk works offline."""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path

log = logging.getLogger("kiosk.policy")


class PolicyCache:
    def __init__(self, path: Path) -> None:
        self._path = path
        self._policy: dict | None = None
        try:
            self._policy = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            pass
        except (OSError, ValueError) as exc:
            log.warning("cached policy unreadable (%s); waiting for the backend", type(exc).__name__)

    def refresh(self, client) -> bool:
        """Blocking: fetch from the backend; keep the cached copy when that fails."""
        try:
            policy = client.get_policy().model_dump(mode="json")
        except Exception as exc:
            log.warning("policy refresh failed: %s", type(exc).__name__)
            return False
        tmp = self._path.with_suffix(".tmp")
        with open(tmp, "w", encoding="utf-8") as f:
            json.dump(policy, f, ensure_ascii=False)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, self._path)
        self._policy = policy
        log.info("policy version %s cached", policy.get("version"))
        return True

    @property
    def loaded(self) -> bool:
        return self._policy is not None

    def court_name(self, code: str) -> str:
        for court in (self._policy or {}).get("courts", []):
            if court["code"] == code:
                return court["name"]
        return code

    def courts(self) -> list[dict]:
        """[{code, name, case_number_prefix, cross_regional}] the backend lists (empty until known)."""
        return list((self._policy or {}).get("courts", []))

    def case_types(self) -> list[dict]:
        """[{code, name, fee_kind}] the court offers (empty until the policy is known)."""
        return list((self._policy or {}).get("case_types", []))

    def fee_kind(self, code: str) -> str:
        """The fee kind of a case type (`property` when unknown: the kiosk's estimate is then marked)."""
        for case_type in (self._policy or {}).get("case_types", []):
            if case_type["code"] == code:
                return case_type.get("fee_kind", "property")
        return "property"

    def case_type_name(self, code: str) -> str:
        for case_type in (self._policy or {}).get("case_types", []):
            if case_type["code"] == code:
                return case_type["name"]
        return code

    def lookup_url(self, code: str) -> str | None:
        """The page a receipt's QR opens for a lookup code (None: the court has none)."""
        template = (self._policy or {}).get("lookup_url")
        if not template or "{code}" not in template:
            return None
        return template.replace("{code}", code)

    def print_limits(self) -> dict:
        """{max_pages_per_document, max_pages_per_day} for 文书打印 (the contract's defaults until known)."""
        limits = {"max_pages_per_document": 50, "max_pages_per_day": 200}
        limits.update((self._policy or {}).get("print_limits") or {})
        return limits
