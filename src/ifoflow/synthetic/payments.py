"""Planned payments for a month, as if every ongoing case had been decided on what its case file says.

Gives the monthly control something to compare and to stop (tests, demo and benchmark).
"""

from datetime import date

from sqlalchemy import insert
from sqlalchemy.orm import Session

from ifoflow.adapters.clients import SsbtekBatch
from ifoflow.domain.enums import PaymentStatus
from ifoflow.kontroll import service as control
from ifoflow.settings import get_settings
from ifoflow.store.base import utcnow
from ifoflow.utbetalning.models import Payment


def plan_month(session: Session, month: date, *, overlay: str | None = None, chunk_size: int = 5000) -> int:
    """One planned payment per household with an entitlement, keyed like the e-service's. Returns how many."""
    nothing = SsbtekBatch({}, {}, {})
    made = 0
    for key in control.chunks(session, chunk_size):
        files = [f for f in control.load_chunk(session, key, month) if f.paid is None]
        if not files:
            continue
        amounts = control.recompute(files, nothing, month, month, overlay or get_settings().riktlinjer)
        rows = [{"idempotency_key": f"payment:forsorjningsstod:{f.household_id}:{month:%Y-%m}", "case_id": f.case_id,
                 "household_id": f.household_id, "month": month, "amount": int(a), "status": PaymentStatus.planerad,
                 "created_at": utcnow()} for f, a in zip(files, amounts, strict=True) if a > 0]
        if rows:
            session.execute(insert(Payment), rows)
        made += len(rows)
    return made
