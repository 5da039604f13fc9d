"""What the scanning pages show and do, for the web routes: the overview with the upload, the manual queue, one
document with its page images, a person's answer, the cover sheet. Access: the unit that holds a document now
(the reception for the manual queue, the case's unit, the archive's, the child-concern reception)."""

from datetime import date, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from ifoflow.arende import documents
from ifoflow.arende.models import Case, Person
from ifoflow.arende.service import PROTECTED_NAME
from ifoflow.atkomst.models import StaffUser, Unit
from ifoflow.atkomst.service import log_reads, require, units_of
from ifoflow.domain.errors import AccessDenied, InputError, NotFoundError
from ifoflow.domain.identity import display
from ifoflow.skanning import coversheet, queue, rules
from ifoflow.skanning.models import ScanDocument, ScanFile
from ifoflow.skanning.service import QUARANTINE, RECEIVED, receive_committed

MAX_FILES = 50


def overview(session: Session, user: StaffUser) -> dict[str, Any]:
    require(session, user, "scan.handle")
    params = rules.load(date.today())
    total_today, done_today = session.execute(select(func.count(), func.count().filter(
        ScanFile.status != RECEIVED)).where(ScanFile.created_at >= date.today())).one()
    files = list(session.scalars(select(ScanFile).order_by(ScanFile.id.desc()).limit(30)))
    docs = dict(session.execute(select(ScanDocument.file_id, func.count()).where(
        ScanDocument.file_id.in_([f.id for f in files])).group_by(ScanDocument.file_id)).all())
    keep = [t.code for t in rules.types().values() if t.paper == "bevara"]
    kept = session.execute(select(ScanDocument, ScanFile.filename).join(ScanFile, ScanFile.id == ScanDocument.file_id)
                           .where(ScanDocument.doc_type.in_(keep),
                                  ScanDocument.arrived_on >= date.today() - timedelta(days=7))
                           .order_by(ScanDocument.arrived_on.desc(), ScanDocument.id).limit(200)).all()
    return {"keep_paper": kept, "user": user, "files": files, "docs": docs, "counts": queue.counts(session),
            "quarantined": list(session.scalars(select(ScanFile).where(ScanFile.status == QUARANTINE)
                                                .order_by(ScanFile.id.desc()).limit(50))),
            "done_today": done_today, "total_today": total_today,
            "types": rules.types(), "routes": rules.ROUTES, "paper_decision": params.paper_decision,
            "today": date.today().isoformat(), "max_files": MAX_FILES}


def upload(factory: sessionmaker[Session], user: StaffUser, files: list[tuple[str, bytes]], arrived: str) -> str:
    """Uploaded files stored for the robot (it reads them within a minute); each file is its own transaction."""
    try:
        arrived_on = date.fromisoformat(arrived)
    except ValueError:
        raise InputError("inkom", "Skriv dagen papperet kom in som ÅÅÅÅ-MM-DD.") from None
    if arrived_on > date.today():
        raise InputError("inkom", "Dagen papperet kom in kan inte ligga i framtiden.")
    with factory() as session:
        require(session, user, "scan.handle")
    new = again = 0
    refused: list[str] = []
    for name, content in files:
        try:
            fresh = receive_committed(factory, content, name, source="uppladdning", arrived_on=arrived_on,
                                      actor=user.username)
        except InputError as exc:
            refused.append(exc.message)
            continue
        new, again = new + fresh, again + (not fresh)
    parts = [f"{new} filer mottagna; skanningsroboten tolkar och fördelar dem inom en minut"]
    if again:
        parts.append(f"{again} fanns redan och tas inte emot igen")
    return ". ".join(parts + refused) + "."


def manual_queue(session: Session, user: StaffUser) -> dict[str, Any]:
    require(session, user, "scan.handle")
    mine = units_of(session, user)
    waiting = [d for d in queue.waiting(session) if d.unit_id in mine]
    return {"user": user, "docs": waiting, "label": rules.label}


def document(session: Session, user: StaffUser, doc_id: int) -> dict[str, Any]:
    doc = _readable(session, user, doc_id)
    person = session.get(Person, doc.person_id) if doc.person_id else None
    case = session.get(Case, doc.case_id) if doc.case_id else None
    if person is not None:
        log_reads(session, user, [(person.id, doc.case_id, doc.unit_id)], action="skannad_handling",
                  reason=f"Skannad handling {doc.id}")
    return {"user": user, "doc": doc, "person": _person(person), "case": case, "types": rules.types(),
            "routes": rules.ROUTES, "unit": session.get(Unit, doc.unit_id), "confidence": round(
                doc.type_confidence * 100), "file": session.get(ScanFile, doc.file_id)}


def page_image(session: Session, user: StaffUser, doc_id: int, page: int) -> bytes:
    doc = _readable(session, user, doc_id)
    if not 1 <= page <= len(doc.page_images):
        raise NotFoundError("sida", "Sidan finns inte i handlingen.")
    if doc.person_id:
        log_reads(session, user, [(doc.person_id, doc.case_id, doc.unit_id)], action="skannad_handling",
                  reason=f"Skannad handling {doc.id}, sida {page}")
    return documents.path(doc.page_images[page - 1]).read_bytes()


def answer(session: Session, user: StaffUser, doc_id: int, form: dict[str, str]) -> str:
    _readable(session, user, doc_id)
    doc = queue.answer(session, doc_id, queue.Answer(form.get("typ", ""), form.get("personnummer", ""),
                                                     form.get("arende", "")), actor=user.username,
                       today=date.today())
    return f"Handlingen är fördelad: {rules.ROUTES[doc.route].lower()}."


def cover_sheet(session: Session, user: StaffUser, case_id: int, doc_type: str, arrived: str) -> bytes:
    """A cover sheet for paper about a case the reader may open."""
    case = session.get(Case, case_id)
    if case is None or case.person_id is None and case.household_id is None:
        raise NotFoundError("arende", "Ärendet finns inte.")
    require(session, user, "case.read", case.unit_id)
    if doc_type not in rules.types() or rules.types()[doc_type].route != "personakt":
        raise InputError("typ", "Välj vilken sorts handling som ska skannas.")
    try:
        arrived_on = date.fromisoformat(arrived) if arrived else date.today()
    except ValueError:
        raise InputError("inkom", "Skriv dagen papperet kom in som ÅÅÅÅ-MM-DD.") from None
    person = case.person or _applicant(session, case)
    if person is None:
        raise NotFoundError("arende", "Ärendet har ingen person att skanna handlingar till.")
    log_reads(session, user, [(person.id, case.id, case.unit_id)], action="forsattsblad",
              reason=f"Försättsblad för {case.case_number}")
    sheet = coversheet.CoverSheet(person.personnummer, case.case_number, doc_type, arrived_on)
    unit = session.get(Unit, case.unit_id)
    return coversheet.pdf(sheet, name=_name(person, user), type_label=rules.label(doc_type),
                          unit=unit.name if unit else "")


def _applicant(session: Session, case: Case) -> Person | None:
    from ifoflow.arende.models import HouseholdMember

    return session.scalar(select(Person).join(HouseholdMember, HouseholdMember.person_id == Person.id).where(
        HouseholdMember.household_id == case.household_id, HouseholdMember.role == "sokande"))


def _readable(session: Session, user: StaffUser, doc_id: int) -> ScanDocument:
    require(session, user, "scan.handle")
    doc = session.get(ScanDocument, doc_id)
    if doc is None or doc.unit_id not in units_of(session, user):
        raise AccessDenied("Handlingen finns inte eller hör inte till dina enheter.")
    person = session.get(Person, doc.person_id) if doc.person_id else None
    if person is not None and person.protected_identity and not user.clearance_protected:
        raise AccessDenied("Handlingen gäller en person med skyddad identitet. Den kan bara öppnas med "
                           "behörighet för skyddade personuppgifter.")
    return doc


def _person(person: Person | None) -> dict[str, str] | None:
    if person is None:
        return None
    return {"name": f"{person.first_name} {person.last_name}", "personnummer": display(person.personnummer)}


def _name(person: Person, user: StaffUser) -> str:
    if person.protected_identity and not user.clearance_protected:
        return PROTECTED_NAME
    return f"{person.first_name} {person.last_name}"

