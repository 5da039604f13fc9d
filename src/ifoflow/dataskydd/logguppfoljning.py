"""Logguppföljning: who read what, and reads of persons without an open case in the reader's unit."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import and_, exists, select
from sqlalchemy.orm import Session

from ifoflow.arende.models import Case, Person
from ifoflow.arende.service import shown
from ifoflow.atkomst.models import AccessLog, StaffUser
from ifoflow.atkomst.service import require
from ifoflow.domain import identity
from ifoflow.domain.enums import CaseStatus
from ifoflow.domain.errors import InputError

# Reads that open one person (not rows in a list); these are flagged when the reader's unit has no open case.
OPENING_ACTIONS = ("personsida", "dokument")


@dataclass(frozen=True)
class Entry:
    at: datetime
    username: str
    personnummer: str
    case_id: int | None
    action: str
    channel: str
    reason: str
    without_open_case: bool


def review(session: Session, *, since: datetime, until: datetime, username: str = "", personnummer: str = "",
           only_without_case: bool = False, limit: int = 1000, reveal_protected: bool = False) -> list[Entry]:
    """Access-log entries in the period, newest first, optionally for one user or one person. A protected
    identity's number is hidden unless the reviewer has clearance."""
    open_case = exists().where(and_(Case.person_id == AccessLog.person_id, Case.unit_id == StaffUser.unit_id,
                                    Case.status != CaseStatus.avslutad))
    flagged = and_(AccessLog.action.in_(OPENING_ACTIONS), ~open_case)
    query = (select(AccessLog, StaffUser.username, Person, flagged)
             .join(StaffUser, StaffUser.id == AccessLog.user_id).join(Person, Person.id == AccessLog.person_id)
             .where(AccessLog.at >= since, AccessLog.at < until))
    if username:
        query = query.where(StaffUser.username == username)
    if personnummer:
        query = query.where(Person.personnummer == identity.canonical(personnummer, field="personnummer"))
    if only_without_case:
        query = query.where(flagged)
    rows = session.execute(query.order_by(AccessLog.id.desc()).limit(limit))
    return [Entry(log.at, user, shown(person, reveal_protected)[1], log.case_id, log.action, log.channel, log.reason,
                  bool(flag)) for log, user, person, flag in rows]


def page(session: Session, reviewer: StaffUser, *, username: str, personnummer: str, since: date | None,
         until: date | None, only_without_case: bool) -> dict[str, Any]:
    """The review page: the last 30 days unless a period is given; a wrong personnummer gives `error`."""
    require(session, reviewer, "accesslog.review")
    start, end = since or date.today() - timedelta(days=30), until or date.today()
    error, entries = "", []
    try:
        entries = review(session, since=datetime.combine(start, datetime.min.time()),
                         until=datetime.combine(end + timedelta(days=1), datetime.min.time()), username=username,
                         personnummer=personnummer, only_without_case=only_without_case,
                         reveal_protected=reviewer.clearance_protected)
    except InputError as exc:
        error = exc.message
    return {"user": reviewer, "entries": entries, "error": error, "anvandare": username,
            "personnummer": personnummer, "fran": start, "till": end, "utan_arende": only_without_case,
            "flagged": sum(e.without_open_case for e in entries)}
