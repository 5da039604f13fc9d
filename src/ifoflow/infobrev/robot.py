"""Infobrev: tell a client by letter that their case has a new case worker (Norrtälje 2023, process 6)."""

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from ifoflow.arende.models import Case, CaseAssignment, Person
from ifoflow.atkomst.models import StaffUser
from ifoflow.brev.models import Letter
from ifoflow.domain.enums import CaseStatus, LetterStatus
from ifoflow.robots.core import Robot, Schedule, StepContext


def new_assignments(session: Session, params: dict[str, Any]) -> list[str]:
    """Open assignments that replaced an earlier one, on cases still open: 'case_id:assignment_id'."""
    earlier = aliased(CaseAssignment)
    rows = session.execute(
        select(CaseAssignment.case_id, CaseAssignment.id).join(Case, Case.id == CaseAssignment.case_id)
        .where(CaseAssignment.ended_at.is_(None), Case.status != CaseStatus.avslutad,
               select(earlier.id).where(earlier.case_id == CaseAssignment.case_id,
                                        earlier.id < CaseAssignment.id).exists())
        .order_by(CaseAssignment.id))
    return [f"{case_id}:{assignment_id}" for case_id, assignment_id in rows]


def find_recipient(ctx: StepContext, item: str) -> dict[str, Any]:
    case_id, assignment_id = (int(part) for part in item.split(":"))
    case = ctx.session.get_one(Case, case_id)
    person = ctx.session.get_one(Person, case.person_id)
    worker = ctx.session.get_one(StaffUser, ctx.session.get_one(CaseAssignment, assignment_id).user_id)
    return {"case_id": case_id, "person_id": person.id, "protected": person.protected_identity,
            "handlaggare": worker.name, "case_number": case.case_number}


def send_letter(ctx: StepContext, item: str) -> dict[str, Any]:
    found = ctx.state["find_recipient"]
    body = (f"Hej!\n\nDitt ärende {found['case_number']} har fått en ny handläggare: {found['handlaggare']}. "
            "Du når din handläggare via kommunens växel.\n\nMed vänliga hälsningar\nSocialtjänsten")
    status = LetterStatus.manuell if found["protected"] else LetterStatus.skapad

    def create() -> tuple[str, int]:
        letter = Letter(idempotency_key=f"infobrev:{item}", case_id=found["case_id"], person_id=found["person_id"],
                        kind="infobrev_ny_handlaggare", status=status, body=body)
        ctx.session.add(letter)
        ctx.session.flush()
        return "letter", letter.id

    letter_id = ctx.effect("letter", f"letter:infobrev:{item}", create)
    if found["protected"]:  # skyddad identitet: never printed to an address by a robot
        ctx.hand_to_human("Skyddad identitet: infobrevet ska skickas manuellt via Skatteverkets förmedling.",
                          case_id=found["case_id"], evidence={"brev": letter_id}, kind="skyddad_identitet_brev")
    return {"letter_id": letter_id}


robot = Robot(
    name="infobrev",
    title="Infobrev vid byte av handläggare",
    trigger=Schedule("every_bank_day"),
    items=new_assignments,
    steps=[find_recipient, send_letter],
)
