"""Infobrev: tell a client by letter that their case has a new case worker (Norrtälje 2023, process 6)."""

from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from ifoflow.arende.models import Case, CaseAssignment, Person
from ifoflow.atkomst.models import StaffUser
from ifoflow.brev import service as letters
from ifoflow.domain import format as fmt
from ifoflow.domain.enums import CaseStatus
from ifoflow.robots.core import Robot, Schedule, StepContext
from ifoflow.settings import get_settings


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
            "handlaggare": worker.name, "case_number": case.case_number,
            "name": f"{person.first_name} {person.last_name}",
            "address": "" if person.protected_identity else f"{person.street}, {person.postal_code} {person.city}"}


def send_letter(ctx: StepContext, item: str) -> dict[str, Any]:
    found = ctx.state["find_recipient"]
    data = {"municipality": get_settings().municipality_name, "today": fmt.day(date.today()),
            **{k: found.get(k, "") for k in ("case_number", "handlaggare", "name", "address")}}
    key = f"letter:infobrev:{item}"
    letter_id = ctx.effect("letter", key, lambda: ("letter", letters.write_one(ctx.session, letters.LetterIn(
        key=key, template="infobrev/ny_handlaggare.html", data=data, kind="infobrev_ny_handlaggare",
        case_id=found["case_id"], person_id=found["person_id"], protected_identity=found["protected"],
        filename=f"ny-handlaggare-{found['case_number']}.pdf"))))
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
