"""What the orosanmälan pages show and do: the public form, the reception's list, one report with its support and
the assessments. Reads of a child's data are logged; a protected child's name is masked for those without
clearance."""

import secrets
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ifoflow.arende.models import Case, Person
from ifoflow.arende.service import shown
from ifoflow.atkomst.models import StaffUser, Unit
from ifoflow.atkomst.service import find_unit, log_reads, require
from ifoflow.domain.errors import InputError, NotFoundError
from ifoflow.oro import service, support
from ifoflow.oro.models import ConcernAssessment, ConcernReport
from ifoflow.settings import get_settings
from ifoflow.store.base import utcnow

FORM_CHILDREN = 3


def form(entered: dict[str, Any] | None = None) -> dict[str, Any]:
    return {"key": secrets.token_urlsafe(16), "categories": service.CATEGORIES, "mandatory": service.MANDATORY,
            "children": range(FORM_CHILDREN), "entered": entered or {},
            "municipality": get_settings().municipality_name}


def submitted(form_data: dict[str, str], *, channel: str, reporter_pnr: str = "") -> dict[str, Any]:
    """The form's fields as the registration takes them; empty child rows are left out."""
    children = []
    for n in range(FORM_CHILDREN):
        pnr, name, born = (form_data.get(f"barn{n}_{k}", "").strip() for k in ("personnummer", "namn", "fodd"))
        if pnr or name or born:
            children.append({"personnummer": pnr, "name": name, "birth_date": born or None})
    if not children:
        raise InputError("barn0_personnummer", "Skriv vilket barn anmälan gäller.")
    return {"key": form_data.get("nyckel", ""), "channel": channel,
            "reporter_category": form_data.get("anmalare", ""), "reporter_name": form_data.get("namn", ""),
            "reporter_contact": form_data.get("kontakt", ""), "reporter_personnummer": reporter_pnr,
            "secrecy_wish": form_data.get("hemlig") == "ja", "text": form_data.get("oro", ""),
            "danger_now": form_data.get("fara") == "ja", "guardians_told": form_data.get("vardnadshavare", "vet_ej"),
            "children": children, "reporter_address": address(form_data)}


def address(form_data: dict[str, str]) -> dict[str, str]:
    """The workplace address as entered (kept as given; checked when the feedback letter is written)."""
    name = ", ".join(x for x in (form_data.get("arbetsplats", "").strip(), form_data.get("namn", "").strip()) if x)
    fields = {"namn": name, "utdelningsadress": form_data.get("utdelningsadress", "").strip()[:200],
              "postnummer": form_data.get("postnummer", "").strip()[:6],
              "postort": form_data.get("postort", "").strip()[:100]}
    return fields if any(fields[k] for k in ("utdelningsadress", "postnummer", "postort")) else {}


def reception(session: Session, user: StaffUser, code: str) -> dict[str, Any]:
    unit = find_unit(session, code)
    require(session, user, "case.read", unit.id)
    rows = list(session.execute(select(ConcernReport, Person).outerjoin(Person, Person.id == ConcernReport.person_id)
                                .join(Case, Case.id == ConcernReport.case_id, isouter=True)
                                .where(ConcernReport.status != "forhandsbedomd",
                                       (Case.unit_id == unit.id) | (ConcernReport.case_id.is_(None)))
                                .order_by(ConcernReport.received_at.desc()).limit(200)))
    today = date.today()
    families: dict[Any, list[int]] = {}
    for report, _ in rows:
        families.setdefault(report.support.get("fakta", {}).get("hushall"), []).append(report.id)
    items = [{"r": report, "child": shown(person, user.clearance_protected)[0] if person else
              f"Ej identifierat ({report.child_given.get('name') or 'okänt namn'})",
              "urgency": report.support.get("bradska", "idag"), "due": service.due_dates(report, today),
              "family": [i for i in families.get(report.support.get("fakta", {}).get("hushall"), [])
                         if i != report.id] if report.support.get("fakta", {}).get("hushall") else []}
             for report, person in rows]
    items.sort(key=lambda x: (x["r"].status != "ny", x["urgency"] != "nu", x["r"].received_at))
    log_reads(session, user, [(r.person_id, r.case_id, unit.id) for r, _ in rows if r.person_id],
              action="orosanmalningar", reason=f"Mottagningens lista, {unit.code}")
    return {"user": user, "unit": unit, "items": items, "today": today, "key": secrets.token_urlsafe(16)}


def report_page(session: Session, user: StaffUser, report_id: int) -> dict[str, Any]:
    report = session.get(ConcernReport, report_id)
    unit_id = session.scalar(select(Case.unit_id).where(Case.id == report.case_id)) if report and report.case_id \
        else None
    if report is None:
        raise NotFoundError("anmalan", "Anmälan finns inte.")
    params = service.rules.load(report.received_at.date())
    unit = session.get_one(Unit, unit_id) if unit_id else find_unit(session, params.child_unit)
    on_call = session.scalar(select(Unit.id).where(Unit.code == params.emergency_unit))
    back, on_call_reads = (f"/enheter/{unit.code}/orosanmalningar", "Orosanmälningar"), False
    if report.acute_route and on_call is not None and user.unit_id == on_call:
        require(session, user, "case.read", on_call)  # the social emergency service assesses what came at night
        back, on_call_reads = (f"/enheter/{params.emergency_unit}/uppgifter", "Jourens uppgifter"), True
    else:
        require(session, user, "case.read", unit.id)
    person = session.get(Person, report.person_id) if report.person_id else None
    if person is not None:
        log_reads(session, user, [(person.id, report.case_id, unit.id)], action="orosanmalan",
                  reason=f"Orosanmälan {report.id}")
    facts = report.support.get("fakta", {})
    earlier = [session.get(ConcernReport, i) for i in facts.get("tidigare_anmalningar", [])]
    return {"user": user, "r": report, "unit": unit, "child": shown(person, user.clearance_protected) if person
            else None, "case": session.get(Case, report.case_id) if report.case_id else None,
            "pieces": support.marked(report.text, report.support.get("signaler", [])), "facts": facts,
            "earlier": [e for e in earlier if e is not None], "protection": service.PROTECTION,
            "preassessment": service.PREASSESSMENT, "due": service.due_dates(report, date.today()),
            "assessments": list(session.scalars(select(ConcernAssessment).where(
                ConcernAssessment.report_id == report.id).order_by(ConcernAssessment.id))),
            "categories": sorted({s["namn"] for s in report.support.get("signaler", [])}), "now": utcnow(),
            "back": back, "case_link": not on_call_reads, "letter": service.feedback_letter(session, report.id),
            "hold": get_settings().letter_hold_minutes,
            "address": report.reporter_address or {"namn": report.reporter_name},
            "document_url": f"/dokument/{report.document_id}" if report.document_id else ""}
