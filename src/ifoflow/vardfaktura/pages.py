"""What the care-invoice pages show and do; routes in ifoflow.vardfaktura.web stay thin. Lists carry case numbers,
never a client's name (a protected person's name must not reach the finance side)."""

from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from ifoflow.arende import documents
from ifoflow.arende.models import Case, Document
from ifoflow.atkomst.models import StaffUser, Unit
from ifoflow.atkomst.service import allowed, units_of
from ifoflow.domain.enums import Insats, PriceUnit
from ifoflow.domain.errors import NotFoundError
from ifoflow.robots.core.runner import execute, start_run
from ifoflow.vardfaktura import costs, placements, service, tolerance
from ifoflow.vardfaktura.models import CareInvoice, Placement, Provider
from ifoflow.vardfaktura.robot import robot

SHOWN = 50


def overview(session: Session, status: str) -> dict[str, Any]:
    counts = dict(session.execute(select(CareInvoice.status, func.count()).group_by(CareInvoice.status)).all())
    query = select(CareInvoice).order_by(CareInvoice.id.desc()).limit(SHOWN)
    if status:
        query = query.where(CareInvoice.status == status)
    return {"invoices": list(session.scalars(query)), "counts": counts, "status": status,
            "unreadable": service.quarantined(session),
            "finance_unit": tolerance.load(date.today()).finance_unit}


def receive_upload(factory: sessionmaker[Session], files: list[tuple[str, bytes]], actor: str) -> str:
    """Files from the web: stored, then registered at once by the robot (a web upload is a handful)."""
    with factory() as session:
        got = service.receive(session, files, today=date.today())
        session.commit()
    run_id = start_run(factory, robot, run_key=f"webb-{datetime.now():%Y%m%d-%H%M%S-%f}", trigger="manuell",
                       actor=actor, params={"today": date.today().isoformat()})
    report = execute(factory, robot, run_id)
    with factory() as session:
        deviations = session.scalar(select(func.count()).select_from(CareInvoice).where(
            CareInvoice.status == "avvikelse", CareInvoice.received_on == date.today())) or 0
    parts = [f"{got.mottagna} nya fakturor"]
    if got.dubbletter:
        parts.append(f"{got.dubbletter} fanns redan")
    if got.karantan:
        parts.append(f"{got.karantan} kunde inte läsas (se karantänen)")
    if got.manuella:
        parts.append(f"{got.manuella} PDF till manuell hantering")
    done = "Fakturorna är registrerade" if report.counts.get("failed", 0) == 0 else "Roboten kunde inte slutföra allt"
    return f"{', '.join(parts)}. {done}; avvikelser i dag: {deviations}."


def invoice(session: Session, user: StaffUser, invoice_id: int) -> dict[str, Any]:
    found = session.get(CareInvoice, invoice_id)
    if found is None:
        raise NotFoundError("faktura", "Fakturan finns inte.")
    placement = session.get(Placement, found.placement_id) if found.placement_id else None
    case = session.get(Case, placement.case_id) if placement else None
    return {"user": user, "inv": found, "placement": placement, "case": case,
            "provider": session.get(Provider, found.provider_id) if found.provider_id else None,
            "can_read_case": case is not None and allowed(user, "case.read")
            and case.unit_id in units_of(session, user)}


def pdf_invoice(session: Session, document_id: int) -> tuple[Path, str]:
    found = session.get(Document, document_id)
    if found is None or found.kind != "vardfaktura_pdf":
        raise NotFoundError("dokument", "Fakturan finns inte.")
    return documents.path(found.sha256), found.filename


def placement_list(session: Session) -> dict[str, Any]:
    rows = session.execute(select(Placement, Case.case_number, Provider.name, Unit.code)
                           .join(Case, Case.id == Placement.case_id).join(Unit, Unit.id == Placement.unit_id)
                           .outerjoin(Provider, Provider.id == Placement.provider_id)
                           .order_by(Placement.id.desc()).limit(200)).all()
    return {"rows": rows, "insatser": list(Insats), "units": list(PriceUnit),
            "providers": list(session.scalars(select(Provider).order_by(Provider.name))),
            "total": session.scalar(select(func.count()).select_from(Placement))}


def add_placement(session: Session, form: dict[str, str], actor: str) -> str:
    data: dict[str, Any] = {k: v for k, v in form.items() if v}
    if data.get("tillagg_belopp"):
        data["extras"] = {data.pop("tillagg_namn", "Tillägg") or "Tillägg": data.pop("tillagg_belopp")}
    data.pop("tillagg_namn", None)
    made = placements.add_placement(session, data, actor=actor)
    return f"Placeringen {made.reference} är registrerad."


def provider_list(session: Session) -> dict[str, Any]:
    return {"providers": list(session.scalars(select(Provider).order_by(Provider.name)))}


def follow_up(session: Session, year: int) -> dict[str, Any]:
    report = costs.follow_up(session, year, date.today())
    return {"r": report, "units": list(session.scalars(select(Unit).order_by(Unit.code)))}
