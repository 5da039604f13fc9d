"""Finding cases in a unit and moving them between case workers."""

import re
from dataclasses import dataclass
from datetime import date

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session, aliased

from ifoflow.arende.models import Case, CaseAssignment, Income, Person
from ifoflow.atkomst.models import StaffUser, Unit
from ifoflow.domain import identity
from ifoflow.domain.enums import CaseStatus
from ifoflow.domain.errors import InputError
from ifoflow.store import audit
from ifoflow.store.base import utcnow

PROTECTED_NAME = "Skyddad identitet"
PROTECTED_NUMBER = "Dolt"


def shown(person: Person, reveal_protected: bool) -> tuple[str, str]:
    """(name, personnummer) as a list may show them: both hidden for a protected identity without clearance."""
    if person.protected_identity and not reveal_protected:
        return PROTECTED_NAME, PROTECTED_NUMBER
    return f"{person.first_name} {person.last_name}", identity.display(person.personnummer)


@dataclass(frozen=True)
class CaseRow:
    case_id: int
    person_id: int
    case_number: str
    type: str
    status: str
    person_name: str
    personnummer: str
    protected: bool
    handlaggare: str
    opened_on: date


@dataclass(frozen=True)
class CasePage:
    rows: list[CaseRow]
    total: int
    page: int
    pages: int


def matching(stmt: Select, query: str) -> Select:  # type: ignore[type-arg]
    """Digits search by personnummer, anything else by name (case-insensitive)."""
    digits = re.sub(r"[\s+-]", "", query)
    if digits.isdigit():
        if len(digits) in (10, 12):
            return stmt.where(Person.personnummer == identity.canonical(query, field="sok"))
        if len(digits) < 6:
            raise InputError("sok", "Ange minst sex siffror av personnumret, eller ett namn.")
        return stmt.where(Person.personnummer.contains(digits))
    words = [w for w in query.lower().split() if w]
    for word in words:
        pattern = f"%{word}%"
        # Protected persons are never found by name: that would reveal who they are.
        stmt = stmt.where(
            Person.protected_identity.is_(False),
            or_(func.lower(Person.first_name).like(pattern), func.lower(Person.last_name).like(pattern)),
        )
    return stmt


def search_cases(session: Session, *, unit_id: int, query: str = "", page: int = 1,
                 page_size: int = 25, reveal_protected: bool = False) -> CasePage:
    """One page of the unit's cases, newest first, by name or personnummer. Protected names are masked unless
    the reader has clearance (reveal_protected)."""
    if page < 1:
        raise InputError("sida", "Sidnumret måste vara 1 eller större.")
    worker = aliased(StaffUser)
    base = (
        select(Case, Person, worker.name)
        .join(Person, Person.id == Case.person_id)
        .outerjoin(worker, worker.id == Case.assigned_to_id)
        .where(Case.unit_id == unit_id)
    )
    query = query.strip()
    if query:
        base = matching(base, query)
    total = session.scalar(select(func.count()).select_from(base.subquery())) or 0
    pages = max(1, -(-total // page_size))
    result = session.execute(
        base.order_by(Case.opened_on.desc(), Case.id.desc()).offset((page - 1) * page_size).limit(page_size)
    )
    rows = [
        CaseRow(
            case_id=case.id, person_id=person.id, case_number=case.case_number, type=case.type, status=case.status,
            person_name=shown(person, reveal_protected)[0], personnummer=shown(person, reveal_protected)[1],
            protected=person.protected_identity, handlaggare=worker_name or "–", opened_on=case.opened_on,
        )
        for case, person, worker_name in result
    ]
    return CasePage(rows=rows, total=total, page=page, pages=pages)


def reassign_case(session: Session, case: Case, user: StaffUser, *, actor: str) -> None:
    """Give the case to another case worker in its unit, closing the current assignment."""
    if user.unit_id != case.unit_id:
        raise InputError("handlaggare", "Handläggaren tillhör inte ärendets enhet.")
    now = utcnow()
    current = session.scalars(
        select(CaseAssignment).where(CaseAssignment.case_id == case.id, CaseAssignment.ended_at.is_(None))
    )
    for assignment in current:
        assignment.ended_at = now
    session.add(CaseAssignment(case_id=case.id, user_id=user.id, assigned_at=now, assigned_by=actor))
    case.assigned_to_id = user.id
    audit.append(session, actor=actor, action="case.reassigned", entity="case", entity_id=case.id,
                 details={"to": user.username})


def move_cases(session: Session, *, case_numbers: list[str] | None = None, from_username: str = "",
               to_username: str, actor: str) -> int:
    """Reassign cases: the named ones, or every open case of a case worker who leaves. Each is one
    `case.reassigned` event (the info-letter robot writes to each client once). Returns how many moved."""
    to = session.scalar(select(StaffUser).where(StaffUser.username == to_username, StaffUser.active))
    if to is None:
        raise InputError("till", f"Det finns ingen aktiv handläggare med användarnamnet {to_username}.")
    query = select(Case).where(Case.status != CaseStatus.avslutad).order_by(Case.id)
    if case_numbers:
        query = query.where(Case.case_number.in_(case_numbers))
    elif from_username:
        leaving = session.scalar(select(StaffUser.id).where(StaffUser.username == from_username))
        if leaving is None:
            raise InputError("fran", f"Det finns ingen handläggare med användarnamnet {from_username}.")
        query = query.where(Case.assigned_to_id == leaving)
    else:
        raise InputError("fran", "Ange ärenden eller handläggaren vars ärenden ska flyttas.")
    cases = list(session.scalars(query))
    if case_numbers and len(cases) != len(set(case_numbers)):
        missing = sorted(set(case_numbers) - {c.case_number for c in cases})
        raise InputError("arenden", f"Ärendena finns inte eller är avslutade: {', '.join(missing)}.")
    for case in cases:
        if case.assigned_to_id != to.id:
            reassign_case(session, case, to, actor=actor)
    return len(cases)


def open_cases_per_unit(session: Session, unit_ids: set[int]) -> list[tuple[Unit, int]]:
    """Each of the units with how many of its cases are open (not closed), in unit-code order."""
    stmt = (
        select(Unit, func.count(Case.id))
        .outerjoin(Case, (Case.unit_id == Unit.id) & (Case.status != CaseStatus.avslutad))
        .where(Unit.id.in_(unit_ids)).group_by(Unit.id).order_by(Unit.code)
    )
    return [(unit, count) for unit, count in session.execute(stmt).all()]


def known_incomes(session: Session, numbers: list[str]) -> dict[str, dict[str, int]]:
    """People's monthly incomes as the municipality knows them, summed per kind (the registers answer these)."""
    found: dict[str, dict[str, int]] = {n: {} for n in numbers}
    for pnr, kind, amount in session.execute(select(Person.personnummer, Income.kind, Income.amount)
                                             .join(Person, Person.id == Income.person_id)
                                             .where(Person.personnummer.in_(numbers))):
        found[pnr][kind] = found[pnr].get(kind, 0) + amount
    return found


def person_units(session: Session, person_id: int) -> set[int]:
    """The units the person has cases in."""
    return set(session.scalars(select(Case.unit_id).where(Case.person_id == person_id)))
