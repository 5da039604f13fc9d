"""Registering a household with its members, costs and incomes, and opening its case: all or nothing."""

from datetime import date

from pydantic import BaseModel, Field
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ifoflow.arende.models import Case, CaseAssignment, Household, HouseholdCost, HouseholdMember, Income, Person
from ifoflow.atkomst.models import StaffUser, Unit
from ifoflow.atkomst.service import find_unit
from ifoflow.domain import identity
from ifoflow.domain.enums import CaseStatus, CaseType, MemberRole, Protection, StaffRole
from ifoflow.domain.errors import InputError
from ifoflow.store import audit

CASE_PREFIX = {
    CaseType.forsorjningsstod: "FS",
    CaseType.skuld: "SK",
    CaseType.orosanmalan: "OA",
    CaseType.utredning: "UT",
    CaseType.placering: "PL",
    CaseType.avvikelse: "AV",
}


class MemberIn(BaseModel):
    personnummer: str
    first_name: str = Field(min_length=1, max_length=100)
    last_name: str = Field(min_length=1, max_length=100)
    role: MemberRole
    share_of_time: float = Field(default=1.0, ge=0, le=1)
    protected_identity: bool = False  # yes without a kind: sekretessmarkering
    protection: Protection = Protection.ingen
    incomes: dict[str, int] = Field(default_factory=dict)


class HouseholdIn(BaseModel):
    unit: str
    street: str = ""
    postal_code: str = ""
    city: str = ""
    members: list[MemberIn]
    costs: dict[str, int] = Field(default_factory=dict)


def case_number(case_type: str, year: int, case_id: int) -> str:
    return f"{CASE_PREFIX[CaseType(case_type)]}-{year}-{case_id:07d}"


def least_loaded_handlaggare(session: Session, unit_id: int) -> StaffUser | None:
    """The unit's case worker with the fewest open cases (ties: lowest id)."""
    load = (
        select(StaffUser, func.count(Case.id).label("n"))
        .outerjoin(Case, (Case.assigned_to_id == StaffUser.id) & (Case.status != CaseStatus.avslutad))
        .where(StaffUser.unit_id == unit_id, StaffUser.role == StaffRole.handlaggare, StaffUser.active)
        .group_by(StaffUser.id)
        .order_by(func.count(Case.id), StaffUser.id)
        .limit(1)
    )
    row = session.execute(load).first()
    return row[0] if row else None


def _validate(data: HouseholdIn) -> list[str]:
    """Check the household as a whole; return canonical personnummer in member order."""
    if not data.members:
        raise InputError("members", "Hushållet måste ha minst en medlem.")
    roles = [m.role for m in data.members]
    if roles.count(MemberRole.sokande) != 1:
        raise InputError("members.role", "Hushållet ska ha exakt en sökande.")
    if roles.count(MemberRole.medsokande) > 1:
        raise InputError("members.role", "Hushållet kan ha högst en medsökande.")
    numbers: list[str] = []
    for i, member in enumerate(data.members):
        pnr = identity.canonical(member.personnummer, field=f"members[{i}].personnummer")
        if pnr in numbers:
            raise InputError(f"members[{i}].personnummer",
                             f"Personen {identity.display(pnr)} förekommer två gånger i hushållet.")
        numbers.append(pnr)
    for field, amounts in [("costs", data.costs)] + [
        (f"members[{i}].inkomster", m.incomes) for i, m in enumerate(data.members)
    ]:
        for kind, amount in amounts.items():
            if amount < 0:
                raise InputError(f"{field}.{kind}", "Beloppet får inte vara negativt.")
    return numbers


def register_household(session: Session, data: HouseholdIn, *, today: date, actor: str) -> Case:
    """Create (or reuse) the persons, the household and a försörjningsstöd case; raise before writing."""
    numbers = _validate(data)
    unit = find_unit(session, data.unit)
    existing = {p.personnummer: p for p in session.scalars(select(Person).where(Person.personnummer.in_(numbers)))}
    busy = set(session.scalars(
        select(HouseholdMember.person_id).where(
            HouseholdMember.person_id.in_([p.id for p in existing.values()]), HouseholdMember.left_on.is_(None))
    ))
    for i, pnr in enumerate(numbers):
        person = existing.get(pnr)
        if person is not None and person.id in busy:
            raise InputError(f"members[{i}].personnummer",
                             f"Personen {identity.display(pnr)} är redan medlem i ett annat hushåll.")

    household = Household()
    session.add(household)
    session.flush()
    applicant: Person | None = None
    for member, pnr in zip(data.members, numbers, strict=True):
        person = existing.get(pnr) or Person(
            personnummer=pnr, first_name=member.first_name, last_name=member.last_name,
            street=data.street, postal_code=data.postal_code, city=data.city,
            protection=member.protection if member.protection != Protection.ingen else
            (Protection.sekretessmarkering if member.protected_identity else Protection.ingen),
        )
        session.add(person)
        session.flush()
        session.add(HouseholdMember(household_id=household.id, person_id=person.id, role=member.role,
                                    share_of_time=member.share_of_time, joined_on=today))
        session.add_all(Income(person_id=person.id, kind=k, amount=v) for k, v in member.incomes.items())
        if member.role == MemberRole.sokande:
            applicant = person
    session.add_all(HouseholdCost(household_id=household.id, kind=k, amount=v) for k, v in data.costs.items())
    assert applicant is not None
    case = open_case(session, CaseType.forsorjningsstod, unit=unit, today=today, actor=actor,
                     household_id=household.id, person_id=applicant.id)
    return case


def open_case(session: Session, case_type: CaseType, *, unit: Unit, today: date, actor: str,
              household_id: int | None = None, person_id: int | None = None) -> Case:
    """Open a case in the unit, assigned to its least-loaded case worker, with an audit event."""
    worker = least_loaded_handlaggare(session, unit.id)
    case = Case(case_number="pending", type=case_type, status=CaseStatus.aktualiserad, unit_id=unit.id,
                household_id=household_id, person_id=person_id,
                assigned_to_id=worker.id if worker else None, opened_on=today)
    session.add(case)
    session.flush()
    case.case_number = case_number(case_type, today.year, case.id)
    if worker:
        session.add(CaseAssignment(case_id=case.id, user_id=worker.id, assigned_by=actor))
    audit.append(session, actor=actor, action="case.opened", entity="case", entity_id=case.id,
                 details={"type": str(case_type), "unit": unit.code})
    return case
