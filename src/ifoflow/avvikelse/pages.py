"""What the deviation pages show and do, for the web routes."""

from datetime import date
from typing import Any

from markupsafe import Markup
from sqlalchemy import select
from sqlalchemy.orm import Session

from ifoflow.arende.models import Person, Task
from ifoflow.atkomst.models import StaffUser, Unit
from ifoflow.atkomst.service import log_reads, require
from ifoflow.avvikelse import access, report, rules, service
from ifoflow.avvikelse.models import DeviationAction, DeviationEntry, DeviationReport
from ifoflow.brev.chart import bars
from ifoflow.domain import format as fmt
from ifoflow.domain.enums import StaffRole
from ifoflow.domain.errors import InputError
from ifoflow.domain.identity import display
from ifoflow.store.base import utcnow


def overview(session: Session, user: StaffUser) -> dict[str, Any]:
    require(session, user, "deviation.report")
    mine = list(session.scalars(select(DeviationReport).where(DeviationReport.reporter_id == user.id)
                                .order_by(DeviationReport.id.desc()).limit(100)))
    if StaffRole(user.role) in rules.OVERSEERS:
        handled = list(session.scalars(select(DeviationReport).where(DeviationReport.status != service.DRAFT)
                                       .order_by(DeviationReport.id.desc()).limit(200)))
    else:
        ids = {int(str(k).split(":")[1]) for k in session.scalars(select(Task.idempotency_key).where(
            Task.assigned_to_id == user.id, Task.idempotency_key.like("avvikelse:%")))}
        handled = list(session.scalars(select(DeviationReport).where(DeviationReport.id.in_(ids))
                                       .order_by(DeviationReport.id.desc())))
    return {"user": user, "mine": mine, "handled": handled, "kinds": rules.KINDS, "status": service.label_status,
            "next": {r.id: _next_deadline(r) for r in handled}, "now": utcnow()}


def _next_deadline(r: DeviationReport) -> service.Deadline | None:
    """The first deadline not yet met: what the recipients work towards."""
    open_ = [d for d in service.deadlines(r, rules.load((r.aware_at or utcnow()).date())) if not d.done]
    return min(open_, key=lambda d: d.due) if open_ else None


def form(session: Session, user: StaffUser, report_id: int | None = None,
         values: dict[str, str] | None = None) -> dict[str, Any]:
    require(session, user, "deviation.report")
    units = list(session.scalars(select(Unit).order_by(Unit.code)))
    current = values or {}
    if report_id and not values:
        r = service._own_draft(session, user, report_id)
        current = {"typ": r.kind, "enhet": next((u.code for u in units if u.id == r.unit_id), ""), "what": r.what,
                   "place": r.place, "immediate_actions": r.immediate_actions,
                   "occurred_at": fmt.local(r.occurred_at).replace(tzinfo=None).isoformat(timespec="minutes")
                   if r.occurred_at else "",
                   "personnummer": _client_number(session, user, r)}
    if not current.get("enhet"):
        current["enhet"] = next((u.code for u in units if u.id == user.unit_id), "")
    return {"user": user, "units": units, "kinds": rules.KINDS, "v": current, "report_id": report_id,
            "now": fmt.local(utcnow()).replace(tzinfo=None).isoformat(timespec="minutes")}


def _client_number(session: Session, user: StaffUser, r: DeviationReport) -> str:
    """The client the reporter linked to their draft, shown back to them (and logged)."""
    if r.person_id is None:
        return ""
    person = session.get_one(Person, r.person_id)
    log_reads(session, user, [(person.id, None, r.unit_id)], action="avvikelse", reason=f"Utkast {r.id}")
    return display(person.personnummer)


def save(session: Session, user: StaffUser, data: dict[str, str], report_id: int | None) -> tuple[int, str]:
    require(session, user, "deviation.report")
    saved = service.save(session, user, data, report_id)
    if data.get("atgard") == "skicka":
        service.submit(session, user, saved.id)
        return saved.id, "Rapporten är skickad. Mottagarna har fått en uppgift med tidsfristen."
    return saved.id, "Utkastet är sparat. Det syns bara för dig tills du skickar det."


def show(session: Session, user: StaffUser, report_id: int) -> dict[str, Any]:
    r = access.readable(session, user, report_id)
    params = rules.load((r.aware_at or utcnow()).date())
    names = {i: n for i, n in session.execute(select(StaffUser.id, StaffUser.name)).all()}
    now = utcnow()
    clocks = [{"d": d, "late": not d.done and now > d.due} for d in service.deadlines(r, params)]
    return {"user": user, "r": r, "kinds": rules.KINDS, "categories": rules.CATEGORIES,
            "status": service.label_status(r.status), "unit": session.get(Unit, r.unit_id), "names": names,
            "client": access.client_name(session, user, r), "clocks": clocks,
            "entries": session.scalars(select(DeviationEntry).where(DeviationEntry.report_id == r.id)
                                       .order_by(DeviationEntry.id)).all(),
            "actions": session.scalars(select(DeviationAction).where(DeviationAction.report_id == r.id)
                                       .order_by(DeviationAction.id)).all(),
            "can_handle": access.may_handle(session, user, r), "recipients": service.recipients(session, r),
            "authority": {"lex_sarah": "IVO", "personuppgiftsincident": "IMY"}.get(r.kind, "")}


def act(session: Session, user: StaffUser, report_id: int, step: str, f: dict[str, str]) -> str:
    r = access.readable(session, user, report_id)
    if step == "tillagg":
        service.add_entry(session, user, r, f.get("tillagg", ""))
        return "Tillägget är sparat."
    if not access.may_handle(session, user, r):
        raise InputError("steg", "Bara rapportens mottagare och kvalitetsteamet handlägger rapporten.")
    if step == "klassa":
        service.classify(session, user, r.id, category=f.get("kategori", ""), serious=f.get("allvarligt", ""),
                         high_risk=f.get("hog_risk", ""), note=f.get("anteckning", ""))
        return "Rapporten är klassad."
    if step == "utred":
        service.investigate(session, user, r.id, cause=f.get("orsak", ""), analysis=f.get("analys", ""))
        return "Utredningen är sparad."
    if step == "atgard":
        service.add_action(session, user, r.id, what=f.get("atgard", ""), owner=f.get("ansvarig", ""),
                           due=f.get("klart_senast", ""))
        return "Åtgärden är sparad."
    if step == "atgard_klar":
        service.finish_action(session, user, int(f.get("atgard_id", "0") or 0))
        return "Åtgärden är klar."
    if step == "anmalan":
        service.decide_authority(session, user, r.id, report_it=f.get("anmalan", ""), reason=f.get("skal", ""))
        return "Beslutet om anmälan är sparat."
    if step == "avsluta":
        service.close(session, user, r.id, note=f.get("avslut", ""))
        return "Rapporten är avslutad."
    raise InputError("steg", "Okänt steg.")


def notification(session: Session, user: StaffUser, report_id: int) -> str:
    """The notification to IVO or IMY, prefilled with what their e-services ask, to copy in by hand."""
    r = access.readable(session, user, report_id)
    if not access.may_handle(session, user, r) or r.kind == "avvikelse":
        raise InputError("anmalan", "Det finns ingen anmälan att förbereda för den här rapporten.")
    unit = session.get_one(Unit, r.unit_id)
    if r.kind == "lex_sarah":
        head = ["Anmälan till IVO om allvarligt missförhållande (Lex Sarah)", "",
                f"Verksamhet/enhet: {unit.name}",
                f"När missförhållandet inträffade: {fmt.moment(r.occurred_at)}" if r.occurred_at else "",
                f"När det blev känt: {fmt.moment(r.aware_at)}" if r.aware_at else "",
                f"Vad som hänt: {r.what}", f"Omedelbara åtgärder: {r.immediate_actions or '-'}",
                f"Orsak enligt utredningen: {r.cause or '(utredningen pågår)'}",
                f"Analys: {r.analysis or '(utredningen pågår)'}"]
    else:
        head = ["Anmälan av personuppgiftsincident till IMY (artikel 33)", "",
                "Personuppgiftsansvarig: Socialnämnden", f"Enhet: {unit.name}",
                f"När incidenten inträffade: {fmt.moment(r.occurred_at)}" if r.occurred_at else "",
                f"När den upptäcktes: {fmt.moment(r.aware_at)}" if r.aware_at else "",
                f"Vad som hänt: {r.what}", f"Åtgärder som vidtagits: {r.immediate_actions or '-'}",
                f"Hög risk för de registrerade: {_risk(r.high_risk)}",
                "Kategorier och ungefärligt antal registrerade och poster: (fyll i)",
                "Kontaktuppgifter till dataskyddsombudet: (fyll i)"]
    return "\n".join(line for line in head if line is not None) + "\n"


def _risk(high: bool | None) -> str:
    return "ej bedömt" if high is None else "ja" if high else "nej"


def committee(session: Session, user: StaffUser, quarter: str) -> dict[str, Any]:
    require(session, user, "deviation.committee")
    year, q = report.parse(quarter) if quarter else _this_quarter()
    rows = report.quarters(session, year, q)
    small = rules.load(date(year, 3 * q - 2, 1)).small_count
    chart = Markup(bars([x.name for x in rows], [
        (rules.SHORT[k], colour, [x.by_kind.get(k, 0) for x in rows])
        for k, colour in zip(rules.KINDS, ("#0b5394", "#b45f06", "#38761d"), strict=True)],
        title="Rapporter per kvartal och slag", unit="st"))
    last = rows[-1]
    return {"user": user, "rows": rows, "last": last, "small": small, "shown": report.shown, "kinds": rules.KINDS,
            "categories": {**rules.CATEGORIES, "ej_klassad": "Ej klassad"}, "chart": chart,
            "quarter": f"{year}-Q{q}"}


def _this_quarter() -> tuple[int, int]:
    today = date.today()
    return today.year, (today.month - 1) // 3 + 1
