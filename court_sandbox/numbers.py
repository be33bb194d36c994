"""Numbers the sandbox's court hands out besides case numbers: electronic receipt numbers (电子票据号)."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta, timezone

_CHINA_TIME = timezone(timedelta(hours=8), "CST")
#: The region part of the sandbox's receipt numbers (北京市).
RECEIPT_REGION = "1101"


def receipt_number(conn: sqlite3.Connection, moment: datetime) -> str:
    """The next electronic receipt number of a paid fee: region, the date in China time, a 7-digit serial
    counted per year (in the store's transaction), e.g. ``1101202612060000123``."""
    day = moment.astimezone(_CHINA_TIME)
    serial = conn.execute(
        "INSERT INTO case_serials (court_code, year, type_code, last_serial) VALUES ('*', ?, 'RC', 1) "
        "ON CONFLICT (court_code, year, type_code) DO UPDATE SET last_serial = last_serial + 1 RETURNING last_serial",
        (day.year,),
    ).fetchone()[0]
    return f"{RECEIPT_REGION}{day:%Y%m%d}{serial:07d}"
