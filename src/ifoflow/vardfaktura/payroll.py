"""Fees and expense allowances to the municipality's own family homes (familjehemsarvode, omkostnadsersättning)
are paid through payroll, not invoiced: each active placement's agreed monthly amounts are registered as its cost
for the month, for the days of the month inside the decision, once per placement and month."""

import calendar
from datetime import date
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from ifoflow.domain.enums import Insats
from ifoflow.store.base import utcnow
from ifoflow.store.bulk import insert_new
from ifoflow.vardfaktura import price
from ifoflow.vardfaktura.models import Placement, PlacementCost


def register_month(session: Session, month: date) -> int:
    """Register the month's payroll costs; returns how many were new (a rerun registers none)."""
    first = month.replace(day=1)
    end = _month_end(first)
    rows = []
    for p in session.scalars(select(Placement).where(
            Placement.insats == Insats.familjehem_kommunalt, Placement.start <= end,
            (Placement.end.is_(None)) | (Placement.end >= first))):
        first_day, last_day = max(p.start, first), min(p.end or end, end)
        amount = sum((s.amount for s in price.expected(first_day, last_day, p.price_unit, p.price, p.extras)),
                     Decimal(0))
        rows.append({"key": f"lon:{p.id}:{first:%Y-%m}", "placement_id": p.id, "month": first, "amount": amount,
                     "source": "lon", "invoice_id": None, "created_at": utcnow()})
    return insert_new(session, PlacementCost.key, rows)


def _month_end(first: date) -> date:
    return first.replace(day=calendar.monthrange(first.year, first.month)[1])
