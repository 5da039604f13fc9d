"""A person's page, their register extract (GDPR art. 15) and document downloads. Every read is logged."""

import re

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, HTMLResponse, Response
from sqlalchemy import select

from ifoflow.arende.models import Case, Document, HouseholdMember, Person
from ifoflow.arende.service import PROTECTED_NAME, person_units
from ifoflow.atkomst.service import AccessDenied, log_reads, require, units_of
from ifoflow.atkomst.web import CurrentUser
from ifoflow.domain import identity
from ifoflow.settings import get_settings
from ifoflow.web.deps import SessionDep, templates
from ifoflow.web.ids import Id

router = APIRouter()


@router.get("/personer/{person_id}", response_class=HTMLResponse)
def person_page(request: Request, session: SessionDep, user: CurrentUser, person_id: Id) -> HTMLResponse:
    require(session, user, "person.read")
    person = session.get(Person, person_id)
    mine = units_of(session, user)
    shared = person_units(session, person_id) & mine if person else set()
    if person is None or not shared:  # same answer whether the person exists or not
        raise AccessDenied("Personen finns inte i någon av dina enheters ärenden.")
    cases = session.scalars(select(Case).where(Case.person_id == person_id, Case.unit_id.in_(mine))).all()
    masked = person.protected_identity and not user.clearance_protected
    members = session.execute(select(HouseholdMember.role, HouseholdMember.household_id).where(
        HouseholdMember.person_id == person_id, HouseholdMember.left_on.is_(None))).all()
    log_reads(session, user, [(person.id, c.id, c.unit_id) for c in cases] or [(person.id, None, min(shared))],
              action="personsida", reason="Personsida, " + ", ".join(c.case_number for c in cases))
    return templates.TemplateResponse(request, "person.html", {
        "user": user, "person": person, "cases": cases, "members": members, "masked": masked,
        "name": PROTECTED_NAME if masked else f"{person.first_name} {person.last_name}",
        "pnr": identity.display(person.personnummer),
        "can_extract": user.role == "administrator"})


@router.get("/dokument/{document_id}")
def download(session: SessionDep, user: CurrentUser, document_id: Id) -> Response:
    """Files are found by the document's hash in the data directory, never by a name from the request."""
    document = session.get(Document, document_id)
    unit_id = session.scalar(select(Case.unit_id).where(Case.id == document.case_id)) if document else None
    if document is None or unit_id is None:
        raise AccessDenied("Dokumentet finns inte eller tillhör inte dina ärenden.")
    require(session, user, "case.read", unit_id)
    if not re.fullmatch(r"[0-9a-f]{64}", document.sha256):
        raise AccessDenied("Dokumentet kan inte visas.")
    path = get_settings().data_dir / "documents" / document.sha256
    if not path.is_file():
        raise AccessDenied("Dokumentets fil saknas.")
    if document.person_id:
        log_reads(session, user, [(document.person_id, document.case_id, unit_id)], action="dokument",
                  reason=f"Dokument {document.id}")
    safe_name = re.sub(r"[^\w.\- ]", "_", document.filename)[:100] or "dokument"
    return FileResponse(path, media_type=document.content_type, filename=safe_name)
