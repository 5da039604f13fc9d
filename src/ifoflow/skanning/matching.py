"""Whose paper is it? A document goes to a person's file only on a cover sheet's QR code, or on a personnummer
of a person known to the municipality whose name also stands in the text: a document in the wrong person's file
is a secrecy breach and a personal-data incident, so anything less certain goes to a person."""

from dataclasses import dataclass

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from ifoflow.arende.models import Case, HouseholdMember, Person
from ifoflow.domain.enums import CaseStatus
from ifoflow.skanning import extract
from ifoflow.skanning.coversheet import CoverSheet


@dataclass(frozen=True)
class Match:
    person: Person | None
    case: Case | None
    why: str  # in Swedish, for the manual queue and the log; never a name or a number


def by_cover(session: Session, sheet: CoverSheet) -> Match:
    person = session.scalar(select(Person).where(Person.personnummer == sheet.personnummer))
    if person is None:
        return Match(None, None, "Försättsbladets person finns inte bland kommunens personer.")
    case = session.scalar(select(Case).where(Case.case_number == sheet.case_number))
    if case is None or case.id not in {c.id for c in open_cases(session, person.id)}:
        return Match(person, None, "Försättsbladets ärende finns inte, är avslutat eller gäller någon annan.")
    return Match(person, case, "Försättsblad med QR-kod.")


def by_text(session: Session, text: str, numbers: list[str], case_numbers: list[str]) -> Match:
    if not numbers:
        return Match(None, None, "Handlingen har inget giltigt personnummer.")
    known = list(session.scalars(select(Person).where(Person.personnummer.in_(numbers))))
    if not known:
        return Match(None, None, "Ingen av handlingens personnummer finns bland kommunens personer.")
    words = set(extract.words(text))
    named = [p for p in known if _named(p, words)]
    if not named:
        return Match(None, None, "Personnumret är känt, men personens namn står inte i handlingen.")
    if len(named) > 1:
        return Match(None, None, f"Handlingen nämner {len(named)} kända personer; välj vems den är.")
    person = named[0]
    cases = open_cases(session, person.id)
    chosen = [c for c in cases if c.case_number in case_numbers]
    if len(chosen) == 1:
        return Match(person, chosen[0], "Personnummer, namn och ärendenummer i handlingen.")
    if len(cases) == 1:
        return Match(person, cases[0], "Personnummer och namn i handlingen; personens enda öppna ärende.")
    if not cases:
        return Match(person, None, "Personen har inget öppet ärende.")
    return Match(person, None, f"Personen har {len(cases)} öppna ärenden; välj ärende.")


def _named(person: Person, words: set[str]) -> bool:
    """The first of the first names and every part of the last name stand in the text as whole words."""
    wanted = extract.words(person.first_name)[:1] + extract.words(person.last_name)
    return bool(wanted) and all(w in words for w in wanted)


def open_cases(session: Session, person_id: int) -> list[Case]:
    """The person's cases that are not closed: their own, or their household's."""
    households = select(HouseholdMember.household_id).where(HouseholdMember.person_id == person_id)
    return list(session.scalars(select(Case).where(
        or_(Case.person_id == person_id, Case.household_id.in_(households)),
        Case.status != CaseStatus.avslutad).order_by(Case.id)))
