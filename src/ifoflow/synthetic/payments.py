"""Planned payments for a month, as if every ongoing case had been decided on what its case file says.

Gives the monthly control something to compare and to stop (tests, demo and benchmark).
"""

from datetime import date

import numpy as np
from sqlalchemy import insert
from sqlalchemy.orm import Session

from ifoflow.adapters.clients import SsbtekBatch
from ifoflow.domain.enums import PaymentStatus
from ifoflow.kontroll import service as control
from ifoflow.kontroll.chunk import chunks, load_chunk
from ifoflow.settings import get_settings
from ifoflow.store.base import utcnow
from ifoflow.utbetalning.models import Payment


def plan_month(session: Session, month: date, *, overlay: str | None = None, chunk_size: int = 5000) -> int:
    """One planned payment per household with an entitlement, keyed like the e-service's. Returns how many."""
    nothing = SsbtekBatch({}, {}, {})
    made = 0
    for key in chunks(session, chunk_size):
        chunk = load_chunk(session, key, month)
        unpaid = np.flatnonzero(chunk.paid < 0)
        if not len(unpaid):
            continue
        amounts = control.recompute(chunk, unpaid, nothing, month, month, overlay or get_settings().riktlinjer)
        rows = [{"idempotency_key": f"payment:forsorjningsstod:{hh}:{month:%Y-%m}", "case_id": case, "household_id": hh,
                 "month": month, "amount": int(a), "status": PaymentStatus.planerad, "created_at": utcnow()}
                for case, hh, a in zip(chunk.case_id[unpaid].tolist(), chunk.household_id[unpaid].tolist(), amounts,
                                       strict=True) if a > 0]
        if rows:
            session.execute(insert(Payment), rows)
        made += len(rows)
    return made
