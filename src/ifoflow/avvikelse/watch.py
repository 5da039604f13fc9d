"""The clock on each open report: a reminder to its recipients before a deadline, an escalation to the quality
team after it - each once per report and deadline (keyed), whenever the robot runs and however often."""

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from ifoflow.arende.models import Task
from ifoflow.atkomst.models import StaffUser, Unit
from ifoflow.avvikelse import rules
from ifoflow.avvikelse.models import DeviationReport
from ifoflow.avvikelse.service import CLOSED, DRAFT, deadlines, recipients
from ifoflow.domain import format as fmt
from ifoflow.domain.enums import StaffRole, TaskStatus
from ifoflow.store.base import utcnow
from ifoflow.store.bulk import insert_new


def open_reports(session: Session) -> list[int]:
    return list(session.scalars(select(DeviationReport.id).where(DeviationReport.status.not_in((DRAFT, CLOSED)))
                                .order_by(DeviationReport.id)))


def check(session: Session, report_id: int, now: datetime | None = None) -> dict[str, int]:
    """Reminders and escalations due now for one report; returns how many were new."""
    now = now or utcnow()
    report = session.get_one(DeviationReport, report_id)
    params = rules.load(now.date())
    quality = session.scalar(select(Unit.id).where(Unit.code == params.quality_unit))
    to = recipients(session, report)
    rows = []
    for d in deadlines(report, params):
        if d.done:
            continue
        if now >= d.due and quality is not None:
            rows.append(_task(report, d.key, "forsenad", quality, None, d.due,
                              f"Tidsfristen har gått ut: {d.lower_title} skulle vara klart {fmt.moment(d.due)}."))
        elif now >= d.due - timedelta(hours=params.warn_hours):
            rows += [_task(report, d.key, f"paminnelse:{u.id}", u.unit_id, u, d.due,
                           f"Påminnelse: {d.lower_title} senast {fmt.moment(d.due)}.") for u in _owners(d.key, to)]
    new = insert_new(session, Task.idempotency_key, rows)
    return {"nya": new}


def _owners(deadline: str, recipients: list[StaffUser]) -> list[StaffUser]:
    """Who a reminder goes to: the manager reviews, the DPO and the controller's contact decide on IMY, the
    quality team runs Lex Sarah; everyone on the report closes it."""
    roles = {"granskning": {StaffRole.enhetschef}, "imy": {StaffRole.dataskyddsombud, StaffRole.administrator},
             "informera": {StaffRole.dataskyddsombud, StaffRole.administrator},
             "lex_sarah": {StaffRole.kvalitetsutvecklare}, "ivo": {StaffRole.kvalitetsutvecklare}}.get(deadline)
    chosen = [u for u in recipients if roles is None or StaffRole(u.role) in roles]
    return chosen or recipients


def _task(report: DeviationReport, deadline: str, what: str, unit_id: int, user: StaffUser | None,
          due: datetime, reason: str) -> dict[str, object]:
    return {"idempotency_key": f"avvikelse:{report.id}:{deadline}:{what}", "unit_id": unit_id, "case_id": None,
            "kind": "avvikelse_forsenad" if what == "forsenad" else "avvikelse_paminnelse",
            "status": TaskStatus.oppen, "assigned_to_id": user.id if user else None, "deadline": due.date(),
            "reason": f"{rules.KINDS[report.kind]} nr {report.id}. {reason}", "evidence": {"avvikelse": report.id},
            "created_at": utcnow()}
