"""The deviation workflow: a draft, the submission (routed to its recipients as tasks with deadlines), additions,
classification, investigation, actions, the decision on reporting to IVO or IMY, closing. Each step is an entry;
the report's own text never changes once it is submitted."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ifoflow.arende.models import Person, Task
from ifoflow.atkomst.models import StaffUser, Unit
from ifoflow.avvikelse import rules
from ifoflow.avvikelse.models import DeviationAction, DeviationEntry, DeviationReport
from ifoflow.domain import format as fmt
from ifoflow.domain import identity
from ifoflow.domain.enums import StaffRole, TaskStatus
from ifoflow.domain.errors import InputError, NotFoundError
from ifoflow.store import audit, locks
from ifoflow.store.base import utcnow
from ifoflow.store.bulk import insert_new

DRAFT, RECEIVED, CLASSIFIED, INVESTIGATED, CLOSED = "utkast", "mottagen", "klassad", "utredd", "avslutad"
LIMITS = {"what": 20_000, "place": 200, "immediate_actions": 5_000}


@dataclass(frozen=True)
class Deadline:
    key: str  # granskning | imy | informera | lex_sarah | ivo | avslut
    title: str
    due: datetime
    done_at: datetime | None  # when the step it asks for was recorded

    @property
    def done(self) -> bool:
        return self.done_at is not None

    @property
    def met(self) -> bool:
        """Done in time."""
        return self.done_at is not None and self.done_at <= self.due

    @property
    def lower_title(self) -> str:
        """The title inside a sentence ("beslut om anmälan till IMY"): only its first letter lowered."""
        return self.title[:1].lower() + self.title[1:]


def save(session: Session, user: StaffUser, form: dict[str, str], report_id: int | None = None) -> DeviationReport:
    """Create or change the reporter's own draft; InputError naming the field when a value cannot be used."""
    report = _own_draft(session, user, report_id) if report_id else DeviationReport(
        status=DRAFT, reporter_id=user.id, unit_id=user.unit_id)
    kind = form.get("typ", "")
    if kind not in rules.KINDS:
        raise InputError("typ", "Välj vad du rapporterar.")
    unit = session.scalar(select(Unit).where(Unit.code == form.get("enhet", "")))
    if unit is None:
        raise InputError("enhet", "Välj enheten där det hände.")
    for name, limit in LIMITS.items():
        if len(form.get(name, "")) > limit:
            raise InputError(name, f"Texten är för lång (högst {limit} tecken).")
    report.kind, report.unit_id = kind, unit.id
    report.what, report.place = form.get("what", "").strip(), form.get("place", "").strip()
    report.immediate_actions = form.get("immediate_actions", "").strip()
    report.occurred_at = _moment(form.get("occurred_at", ""))
    report.person_id = _client(session, form.get("personnummer", ""))
    session.add(report)
    session.flush()
    return report


def submit(session: Session, user: StaffUser, report_id: int, *, now: datetime | None = None) -> DeviationReport:
    """Send the draft: from now on it is read-only, its deadlines run and each recipient has a task."""
    report = _own_draft(session, user, report_id)
    if len(report.what) < 10:
        raise InputError("what", "Beskriv vad som hände (minst några ord).")
    if report.occurred_at is None:
        raise InputError("occurred_at", "Skriv när det hände.")
    report.status, report.aware_at = RECEIVED, now or utcnow()
    params = rules.load(report.aware_at.date())
    for task in _routing(session, report, params):
        insert_new(session, Task.idempotency_key, [task])
    audit.append(session, actor=user.username, action="deviation.submitted", entity="deviation_report",
                 entity_id=report.id, details={"typ": report.kind})
    return report


def recipients(session: Session, report: DeviationReport) -> list[StaffUser]:
    """The reporting unit's managers and the roles the kind goes to (the dated rules' recipients_*)."""
    roles = rules.load((report.aware_at or utcnow()).date()).recipients(report.kind)
    managers = session.scalars(select(StaffUser).where(StaffUser.unit_id == report.unit_id, StaffUser.active,
                                                       StaffUser.role == StaffRole.enhetschef))
    others: list[StaffUser] = list(session.scalars(select(StaffUser).where(
        StaffUser.role.in_(roles), StaffUser.active))) if roles else []
    return sorted({u.id: u for u in [*managers, *others]}.values(), key=lambda u: u.id)


def _routing(session: Session, report: DeviationReport, params: rules.DeviationParams) -> list[dict[str, Any]]:
    found = []
    first = {d.key: d for d in deadlines(report, params)}
    for user in recipients(session, report) or _quality(session):
        step = "granskning" if user.role == StaffRole.enhetschef else {
            "lex_sarah": "lex_sarah", "personuppgiftsincident": "imy"}.get(report.kind, "granskning")
        due = first.get(step) or first["granskning"]
        found.append({"idempotency_key": f"avvikelse:{report.id}:{user.id}", "unit_id": user.unit_id,
                      "case_id": None, "kind": f"avvikelse_{report.kind}", "status": TaskStatus.oppen,
                      "assigned_to_id": user.id, "deadline": due.due.date(), "created_at": utcnow(),
                      "reason": f"{rules.KINDS[report.kind]}: {due.lower_title} senast {fmt.moment(due.due)}.",
                      "evidence": {"avvikelse": report.id}})
    return found


def _quality(session: Session) -> list[StaffUser]:
    """When nobody else would get a report (a unit without a manager): the quality team."""
    return list(session.scalars(select(StaffUser).where(StaffUser.role == StaffRole.kvalitetsutvecklare,
                                                        StaffUser.active)))


def deadlines(report: DeviationReport, params: rules.DeviationParams) -> list[Deadline]:
    """The report's clocks, from the moment it became known; done when the step it asks for is recorded."""
    if report.aware_at is None:
        return []
    at = report.aware_at
    found = [Deadline("granskning", "Enhetschefens genomgång och klassning",
                      at + timedelta(days=params.manager_review_days), report.classified_at)]
    if report.kind == "personuppgiftsincident":
        found.append(Deadline("imy", "Beslut om anmälan till IMY (och anmälan)", at + timedelta(
            hours=params.imy_hours), report.authority_decided_at))
        if report.high_risk:
            found.append(Deadline("informera", "De registrerade informeras", at + timedelta(
                hours=params.inform_affected_hours), report.authority_decided_at if _told(report) else None))
    if report.kind == "lex_sarah":
        found.append(Deadline("lex_sarah", "Utredningen påbörjas", at + timedelta(days=params.lex_sarah_start_days),
                              report.classified_at))
        if report.serious is not False:
            found.append(Deadline("ivo", "Beslut om anmälan till IVO (och anmälan)", at + timedelta(
                days=params.ivo_days), report.authority_decided_at))
    found.append(Deadline("avslut", "Utredd, med åtgärder och avslutad", at + timedelta(days=params.close_days),
                          report.closed_at))
    return found


def _told(report: DeviationReport) -> bool:
    return "registrerade informerade" in report.authority_reason.lower()


def add_entry(session: Session, user: StaffUser, report: DeviationReport, text: str) -> None:
    if report.status == DRAFT:
        raise InputError("tillagg", "Skicka rapporten först; ett utkast ändrar du direkt.")
    if not text.strip():
        raise InputError("tillagg", "Skriv tillägget.")
    session.add(DeviationEntry(report_id=report.id, author_id=user.id, kind="tillagg", text=text.strip()[:10_000]))


def classify(session: Session, user: StaffUser, report_id: int, *, category: str, serious: str, high_risk: str,
             note: str, now: datetime | None = None) -> DeviationReport:
    report = _step(session, report_id, RECEIVED)
    if category not in rules.CATEGORIES:
        raise InputError("kategori", "Välj en kategori.")
    report.category = category
    if report.kind == "lex_sarah":
        report.serious = _yes_no(serious, "allvarligt")
    if report.kind == "personuppgiftsincident":
        report.high_risk = _yes_no(high_risk, "hog_risk")
    report.status, report.classified_at = CLASSIFIED, now or utcnow()
    _entry(session, user, report, "klassad", f"Klassad: {rules.CATEGORIES[category]}. {note}".strip())
    return report


def investigate(session: Session, user: StaffUser, report_id: int, *, cause: str, analysis: str,
                now: datetime | None = None) -> DeviationReport:
    report = _step(session, report_id, CLASSIFIED)
    if not cause.strip() or not analysis.strip():
        raise InputError("orsak" if not cause.strip() else "analys", "Skriv både orsak och analys.")
    report.cause, report.analysis = cause.strip()[:10_000], analysis.strip()[:10_000]
    report.status, report.investigated_at = INVESTIGATED, now or utcnow()
    _entry(session, user, report, "utredd", f"Orsak: {report.cause}\nAnalys: {report.analysis}")
    return report


def add_action(session: Session, user: StaffUser, report_id: int, *, what: str, owner: str, due: str) -> None:
    report = _open(session, report_id)
    found = session.scalar(select(StaffUser).where(StaffUser.username == owner.strip(), StaffUser.active))
    if not what.strip():
        raise InputError("atgard", "Skriv vad som ska göras.")
    if found is None:
        raise InputError("ansvarig", "Den ansvarige finns inte bland användarna.")
    try:
        day = date.fromisoformat(due)
    except ValueError:
        raise InputError("klart_senast", "Skriv när åtgärden ska vara klar som ÅÅÅÅ-MM-DD.") from None
    session.add(DeviationAction(report_id=report.id, what=what.strip()[:2000], owner_id=found.id, due=day))
    _entry(session, user, report, "atgard", f"Åtgärd: {what.strip()} (ansvarig {found.name}, klar senast {day}).")


def finish_action(session: Session, user: StaffUser, action_id: int, *, now: datetime | None = None) -> None:
    action = session.get(DeviationAction, action_id)
    if action is None or action.done_at is not None:
        raise InputError("atgard", "Åtgärden finns inte eller är redan klar.")
    action.done_at = now or utcnow()
    _entry(session, user, _open(session, action.report_id), "atgard", f"Klar: {action.what}")


def decide_authority(session: Session, user: StaffUser, report_id: int, *, report_it: str, reason: str,
                     now: datetime | None = None) -> DeviationReport:
    """Whether the report goes to IVO (Lex Sarah) or IMY (incident), and why: recorded, never sent from here."""
    report = _open(session, report_id)
    if report.kind == "avvikelse":
        raise InputError("anmalan", "En avvikelse anmäls inte till IVO eller IMY; gör en Lex Sarah-rapport eller "
                                    "en incidentrapport om det behövs.")
    if not reason.strip():
        raise InputError("skal", "Skriv skälet för beslutet.")
    report.authority_report = _yes_no(report_it, "anmalan")
    report.authority_reason, report.authority_decided_at = reason.strip()[:5000], now or utcnow()
    who = "IVO" if report.kind == "lex_sarah" else "IMY"
    _entry(session, user, report, "beslut", f"{'Anmäls' if report.authority_report else 'Anmäls inte'} till {who}: "
                                            f"{report.authority_reason}")
    return report


def close(session: Session, user: StaffUser, report_id: int, *, note: str, now: datetime | None = None) -> None:
    report = _step(session, report_id, INVESTIGATED)
    if report.kind != "avvikelse" and report.authority_decided_at is None:
        raise InputError("anmalan", "Besluta först om anmälan till " +
                         ("IVO." if report.kind == "lex_sarah" else "IMY."))
    open_actions = session.scalars(select(DeviationAction).where(DeviationAction.report_id == report.id,
                                                                 DeviationAction.done_at.is_(None))).all()
    if open_actions:
        raise InputError("atgard", f"{len(open_actions)} åtgärder är inte klara.")
    if not note.strip():
        raise InputError("avslut", "Skriv vad som blev resultatet.")
    report.status, report.closed_at = CLOSED, now or utcnow()
    _entry(session, user, report, "avslutad", note.strip()[:5000])
    for task in session.scalars(select(Task).where(Task.idempotency_key.like(f"avvikelse:{report.id}:%"),
                                                   Task.status != TaskStatus.klar)):
        task.status, task.closed_at, task.closed_by = TaskStatus.klar, utcnow(), user.username
        task.closed_note = "Rapporten är avslutad."


def _entry(session: Session, user: StaffUser, report: DeviationReport, kind: str, text: str) -> None:
    session.add(DeviationEntry(report_id=report.id, author_id=user.id, kind=kind, text=text))
    audit.append(session, actor=user.username, action=f"deviation.{kind}", entity="deviation_report",
                 entity_id=report.id)


def _own_draft(session: Session, user: StaffUser, report_id: int | None) -> DeviationReport:
    report = session.get(DeviationReport, report_id) if report_id else None
    if report is None or report.reporter_id != user.id:
        raise NotFoundError("avvikelse", "Rapporten finns inte.")
    if report.status != DRAFT:
        raise InputError("status", "Rapporten är skickad och kan inte ändras; skriv ett tillägg.")
    return report


def _step(session: Session, report_id: int, expected: str) -> DeviationReport:
    report = _open(session, report_id)
    if report.status != expected:
        raise InputError("status", f"Rapporten är {label_status(report.status).lower()}; det steget är redan gjort "
                                   "eller kommer senare.")
    return report


def _open(session: Session, report_id: int) -> DeviationReport:
    report = locks.lock(session, DeviationReport, report_id)
    if report is None or report.status in (DRAFT, CLOSED):
        raise InputError("status", "Rapporten är inte öppen för handläggning.")
    return report


def label_status(status: str) -> str:
    return {DRAFT: "Utkast", RECEIVED: "Mottagen", CLASSIFIED: "Klassad", INVESTIGATED: "Utredd",
            CLOSED: "Avslutad"}[status]


def _yes_no(value: str, field: str) -> bool:
    if value not in ("ja", "nej"):
        raise InputError(field, "Svara ja eller nej.")
    return value == "ja"


def _moment(value: str) -> datetime | None:
    if not value.strip():
        return None
    try:
        return fmt.from_local(datetime.fromisoformat(value.strip()))  # the form's time is Swedish
    except ValueError:
        raise InputError("occurred_at", "Skriv när det hände som datum och tid.") from None


def _client(session: Session, value: str) -> int | None:
    if not value.strip():
        return None
    number = identity.canonical(value, "personnummer")
    person = session.scalar(select(Person.id).where(Person.personnummer == number))
    if person is None:
        raise InputError("personnummer", "Personen finns inte bland kommunens personer.")
    return person
