"""Stops on payments: put by the monthly control's serious hits, cleared by a case worker with a note."""

from datetime import date
from typing import Any

from sqlalchemy import Exists, exists, select, update
from sqlalchemy.orm import Session

from ifoflow.domain.enums import PaymentStatus
from ifoflow.domain.errors import InputError, NotFoundError
from ifoflow.store import audit
from ifoflow.store.base import utcnow
from ifoflow.utbetalning.models import Payment, PaymentHold


def held(household_id: Any) -> Exists:
    """SQL condition: the household has a stop that nobody has cleared."""
    return exists().where(PaymentHold.household_id == household_id, PaymentHold.cleared_at.is_(None))


def stop_planned(session: Session, household_ids: list[int], month: date) -> int:
    """Planned payments from the month on become stoppad. Returns how many."""
    result = session.execute(update(Payment).where(Payment.household_id.in_(household_ids), Payment.month >= month,
                                                   Payment.status == PaymentStatus.planerad)
                             .values(status=PaymentStatus.stoppad).execution_options(synchronize_session=False))
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


def clear(session: Session, hold_id: int, *, actor: str, note: str) -> PaymentHold:
    """The case worker has looked: the stop goes, and stopped payments are planned again unless another stop holds."""
    hold = session.get(PaymentHold, hold_id)
    if hold is None:
        raise NotFoundError("stopp", f"Det finns inget utbetalningsstopp {hold_id}.")
    if hold.cleared_at is not None:
        raise InputError("stopp", f"Stoppet hävdes redan {hold.cleared_at:%Y-%m-%d} av {hold.cleared_by}.")
    if len(note.strip()) < 5:
        raise InputError("anteckning", "Skriv varför stoppet kan hävas (minst fem tecken).")
    hold.cleared_at, hold.cleared_by, hold.clear_note = utcnow(), actor, note.strip()
    session.flush()
    if not session.scalar(select(held(hold.household_id))):
        session.execute(update(Payment).where(Payment.household_id == hold.household_id,
                                              Payment.status == PaymentStatus.stoppad)
                        .values(status=PaymentStatus.planerad).execution_options(synchronize_session=False))
    audit.append(session, actor=actor, action="payment_hold.cleared", entity="payment_hold", entity_id=hold.id,
                 details={"case_id": hold.case_id, "note": hold.clear_note})
    return hold


def clear_in_unit(session: Session, unit_id: int, hold_id: int, *, actor: str, note: str) -> str:
    """Clear a stop on a case of the unit; the case number, for the message."""
    from ifoflow.arende.models import Case

    case_number = session.scalar(select(Case.case_number).join(PaymentHold, PaymentHold.case_id == Case.id)
                                 .where(PaymentHold.id == hold_id, Case.unit_id == unit_id))
    if case_number is None:
        raise NotFoundError("stopp", f"Enheten har inget utbetalningsstopp {hold_id}.")
    clear(session, hold_id, actor=actor, note=note)
    return case_number


def active(session: Session, unit_ids: set[int] | None = None) -> list[PaymentHold]:
    from ifoflow.arende.models import Case

    query = select(PaymentHold).where(PaymentHold.cleared_at.is_(None)).order_by(PaymentHold.id)
    if unit_ids is not None:
        query = query.join(Case, Case.id == PaymentHold.case_id).where(Case.unit_id.in_(unit_ids))
    return list(session.scalars(query))
