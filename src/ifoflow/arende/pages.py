"""What the case worker's pages show: each function checks the reader's access and logs the read of a person's
data in the reader's own transaction, so that a route only names the page."""

import re
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ifoflow.arende import documents, tasks
from ifoflow.arende.models import Case, Document, HouseholdMember, Person, Task
from ifoflow.arende.service import PROTECTED_NAME, CasePage, person_units, search_cases
from ifoflow.atkomst.models import StaffUser
from ifoflow.atkomst.service import allowed, find_unit, log_reads, require, units_of
from ifoflow.domain import identity
from ifoflow.domain.enums import StaffRole
from ifoflow.domain.errors import AccessDenied, InputError, NotFoundError
from ifoflow.settings import get_settings


def case_list(session: Session, user: StaffUser, code: str, query: str, page: int) -> dict[str, Any]:
    """One page of the unit's cases (a search by name or personnummer); a wrong search gives `error`."""
    unit = find_unit(session, code)
    require(session, user, "case.read", unit.id)
    error = ""
    try:
        found = search_cases(session, unit_id=unit.id, query=query, page=page, page_size=get_settings().page_size,
                             reveal_protected=user.clearance_protected)
    except InputError as exc:
        error, found = exc.message, CasePage(rows=[], total=0, page=1, pages=1)
    log_reads(session, user, [(r.person_id, r.case_id, unit.id) for r in found.rows], action="arendelista",
              reason=f"Ärendelista {unit.code}" + (" (sökning)" if query else ""))
    return {"unit": unit, "page": found, "sok": query, "error": error, "user": user}


def person(session: Session, user: StaffUser, person_id: int) -> dict[str, Any]:
    """A person as the reader may see them: only through a case in one of the reader's units."""
    require(session, user, "person.read")
    found = session.get(Person, person_id)
    mine = units_of(session, user)
    shared = person_units(session, person_id) & mine if found else set()
    if found is None or not shared:  # the same answer whether the person exists or not
        raise AccessDenied("Personen finns inte i någon av dina enheters ärenden.")
    cases = session.scalars(select(Case).where(Case.person_id == person_id, Case.unit_id.in_(mine))).all()
    masked = found.protected_identity and not user.clearance_protected
    members = session.execute(select(HouseholdMember.role, HouseholdMember.household_id).where(
        HouseholdMember.person_id == person_id, HouseholdMember.left_on.is_(None))).all()
    log_reads(session, user, [(found.id, c.id, c.unit_id) for c in cases] or [(found.id, None, min(shared))],
              action="personsida", reason="Personsida, " + ", ".join(c.case_number for c in cases))
    return {"user": user, "person": found, "cases": cases, "members": members, "masked": masked,
            "name": PROTECTED_NAME if masked else f"{found.first_name} {found.last_name}",
            "pnr": identity.display(found.personnummer), "can_extract": user.role == StaffRole.administrator}


def document(session: Session, user: StaffUser, document_id: int) -> tuple[Path, str, str]:
    """(file, media type, safe file name) of a document on a case in the reader's units. Files are found by the
    document's hash in the data directory, never by a name from the request."""
    found = session.get(Document, document_id)
    unit_id = session.scalar(select(Case.unit_id).where(Case.id == found.case_id)) if found else None
    if found is None or unit_id is None:
        raise AccessDenied("Dokumentet finns inte eller tillhör inte dina ärenden.")
    require(session, user, "case.read", unit_id)
    path = documents.path(found.sha256)
    if not re.fullmatch(r"[0-9a-f]{64}", found.sha256) or not path.is_file():
        raise AccessDenied("Dokumentet kan inte visas; dess fil saknas.")
    if found.person_id:
        log_reads(session, user, [(found.person_id, found.case_id, unit_id)], action="dokument",
                  reason=f"Dokument {found.id}")
    return path, found.content_type, re.sub(r"[^\w.\- ]", "_", found.filename)[:100] or "dokument"


def task_list(session: Session, user: StaffUser, code: str, show: str, page: int) -> dict[str, Any]:
    unit = find_unit(session, code)
    require(session, user, "task.read", unit.id)
    size = get_settings().page_size
    shown, total, page = tasks.page_of(session, unit.id, show=show, user_id=user.id, page=page, size=size)
    names = dict(session.execute(select(StaffUser.id, StaffUser.name).where(StaffUser.unit_id == unit.id)).all())
    mine = units_of(session, user) if allowed(user, "case.read") else set()
    found = session.execute(select(Case.id, Case.case_number, Case.unit_id).where(
        Case.id.in_({t.case_id for t in shown if t.case_id}))).all()
    cases = {case_id: number for case_id, number, _ in found}
    readable = {case_id for case_id, _, unit_id in found if unit_id in mine}  # others: the number, not a link
    return {"unit": unit, "tasks": shown, "total": total, "page": page, "pages": max(1, -(-total // size)),
            "visa": show, "names": names, "cases": cases, "readable": readable, "user": user}


def task(session: Session, user: StaffUser, code: str, task_id: int) -> dict[str, Any]:
    unit = find_unit(session, code)
    require(session, user, "task.read", unit.id)
    found = session.get(Task, task_id)
    if found is None or found.unit_id != unit.id:
        raise NotFoundError("uppgift", "Uppgiften finns inte i enhetens kö.")
    staff = session.scalars(select(StaffUser).where(StaffUser.unit_id == unit.id, StaffUser.active)
                            .order_by(StaffUser.name)).all()
    case = session.get(Case, found.case_id) if found.case_id else None
    readable = case is not None and allowed(user, "case.read") and case.unit_id in units_of(session, user)
    return {"unit": unit, "t": found, "case": case, "staff": staff, "names": {u.id: u.name for u in staff},
            "can_try": allowed(user, "case.read"), "case_readable": readable, "user": user}


DONE = {"ta": "Du har tagit uppgiften.", "klar": "Uppgiften är klar.", "omfordela": "Uppgiften är omfördelad."}


def act_on_task(session: Session, user: StaffUser, task_id: int, action: str, to_username: str, note: str) -> str:
    """Claim, complete (with a note) or reassign a task in the user's unit; the message to show afterwards."""
    found = session.get(Task, task_id)
    require(session, user, "task.write", found.unit_id if found else -1)
    if action == "ta":
        tasks.claim(session, task_id, user.username)
    elif action == "klar":
        tasks.complete(session, task_id, user.username, note)
    elif action == "omfordela":
        tasks.reassign(session, task_id, to_username, actor=user.username)
    else:
        raise InputError("atgard", "Välj Ta uppgiften, Klar eller Omfördela.")
    return DONE[action]
