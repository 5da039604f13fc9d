"""Persons the store does not know yet, as the resident register gives them, with the household they live in.

Intake that meets a stranger (an orosanmälan about a child the social services have never met) asks the register
and records the child and those living with the child here. The register's protection is kept as it is: an address
the register hides is never written down.
"""

from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ifoflow.arende.models import Household, HouseholdMember, Person
from ifoflow.domain import identity
from ifoflow.domain.enums import MemberRole, Protection


def record_person(session: Session, record: dict[str, Any]) -> Person:
    """The register's person as a Person (the stored one where the store already has the number)."""
    pnr = identity.canonical(str(record["personnummer"]))
    found = session.scalar(select(Person).where(Person.personnummer == pnr))
    if found is not None:
        return found
    address = record.get("adress") or {}
    person = Person(personnummer=pnr, first_name=str(record.get("fornamn", "")),
                    last_name=str(record.get("efternamn", "")), street=str(address.get("utdelningsadress", "")),
                    postal_code=str(address.get("postnummer", "")), city=str(address.get("postort", "")),
                    protection=str(record.get("skydd") or (Protection.sekretessmarkering
                                                           if record.get("skyddad_identitet") else Protection.ingen)))
    session.add(person)
    session.flush()
    return person


def record_household(session: Session, child: dict[str, Any], housemates: dict[str, dict[str, Any]],
                     today: date) -> Person:
    """The child and those registered in the same dwelling. A housemate already in a household brings the child
    into it; otherwise a household is made of those the store did not know (adults first, children as barn)."""
    person = record_person(session, child)
    people = [record_person(session, r) for r in housemates.values()]
    current: dict[int, int] = {pid: hid for pid, hid in session.execute(
        select(HouseholdMember.person_id, HouseholdMember.household_id).where(
            HouseholdMember.person_id.in_([person.id, *[p.id for p in people]]), HouseholdMember.left_on.is_(None)))}
    if person.id in current:
        return person
    existing = next((current[p.id] for p in people if p.id in current), None)
    adults = 0 if existing is None else 2  # joining a known household: its applicants stay who they are
    if existing is None:
        household = Household()
        session.add(household)
        session.flush()
        existing = household.id
    for member in [person, *people]:
        if member.id in current:
            continue
        role = MemberRole.barn
        if identity.age_on(member.personnummer, today) >= 18:
            role = MemberRole.sokande if adults == 0 else MemberRole.medsokande if adults == 1 else MemberRole.ovrig
            adults += 1
        session.add(HouseholdMember(household_id=existing, person_id=member.id, role=role, joined_on=today))
    session.flush()
    return person
