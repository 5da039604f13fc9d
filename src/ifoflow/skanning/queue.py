"""The manual queue: documents the robot would not file alone, and a person's answer - which files the document
and is kept as training data for the classifier (`ifoflow skanning train`)."""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ifoflow.arende.models import Person
from ifoflow.domain import identity
from ifoflow.domain.errors import InputError
from ifoflow.skanning import matching, rules
from ifoflow.skanning.models import ScanDocument, ScanFile
from ifoflow.skanning.service import MANUAL, QUARANTINE, route
from ifoflow.store import locks


@dataclass(frozen=True)
class Answer:
    doc_type: str
    personnummer: str = ""
    case_number: str = ""


def waiting(session: Session, limit: int = 200) -> list[ScanDocument]:
    return list(session.scalars(select(ScanDocument).where(ScanDocument.route == MANUAL)
                                .order_by(ScanDocument.arrived_on, ScanDocument.id).limit(limit)))


def counts(session: Session) -> dict[str, int]:
    by_route = dict(session.execute(select(ScanDocument.route, func.count()).group_by(ScanDocument.route)).all())
    by_route["karantan"] = session.scalar(select(func.count()).select_from(ScanFile)
                                          .where(ScanFile.status == QUARANTINE)) or 0
    return by_route


def answer(session: Session, doc_id: int, given: Answer, *, actor: str, today: date) -> ScanDocument:
    """File a queued document as a person says; InputError naming the field when the answer cannot be used."""
    doc = locks.lock(session, ScanDocument, doc_id)
    if doc is None or doc.route != MANUAL:
        raise InputError("handling", "Handlingen väntar inte längre i den manuella kön.")
    kinds = rules.types()
    if given.doc_type not in kinds:
        raise InputError("typ", "Välj en dokumenttyp.")
    doc_type = kinds[given.doc_type]
    match = matching.Match(None, None, f"Fördelad av {actor}.")
    if doc_type.route == "personakt" or given.personnummer.strip():
        match = _person_and_case(session, given, actor)
    doc.doc_type, doc.confirmed_type, doc.confirmed_by = given.doc_type, given.doc_type, actor
    route(session, doc, None, rules.load(today), actor=actor, match=match)
    return doc


def _person_and_case(session: Session, given: Answer, actor: str) -> matching.Match:
    if not given.personnummer.strip():
        raise InputError("personnummer", "Skriv personnumret för den som handlingen gäller.")
    pnr = identity.canonical(given.personnummer)
    person = session.scalar(select(Person).where(Person.personnummer == pnr))
    if person is None:
        raise InputError("personnummer", "Personnumret finns inte bland kommunens personer.")
    cases = matching.open_cases(session, person.id)
    if given.case_number.strip():
        cases = [c for c in cases if c.case_number == given.case_number.strip()]
        if not cases:
            raise InputError("arende", "Ärendet finns inte bland personens öppna ärenden.")
    if len(cases) != 1:
        raise InputError("arende", "Personen har inget öppet ärende." if not cases else
                         f"Personen har {len(cases)} öppna ärenden; skriv ärendenumret.")
    return matching.Match(person, cases[0], f"Fördelad av {actor}.")


def training_data(session: Session) -> list[tuple[str, str]]:
    """(text, type) of every document a person has confirmed or corrected."""
    return [(t, y) for t, y in session.execute(select(ScanDocument.text, ScanDocument.confirmed_type).where(
        ScanDocument.confirmed_type.is_not(None))).all() if t and y]
