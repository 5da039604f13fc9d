"""What the operations page shows: every robot with its pause and next runs, the latest runs with their counts
(and which have stalled), the items that failed with their error, letters that could not be made, print batches."""

from datetime import date, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ifoflow.arende.models import Case
from ifoflow.atkomst.models import StaffUser
from ifoflow.atkomst.service import log_reads
from ifoflow.brev import delivery, printing
from ifoflow.brev.models import Letter, PrintBatch
from ifoflow.domain.enums import label
from ifoflow.domain.errors import NotFoundError
from ifoflow.drift.operations import stalled_runs
from ifoflow.drift.registry import ROBOTS
from ifoflow.larm import service as larm
from ifoflow.robots.core.runner import is_paused
from ifoflow.robots.core.schedule import next_runs
from ifoflow.robots.models import RobotItem, RobotRun, RobotStepRun
from ifoflow.settings import get_settings


def runs(session: Session) -> dict[str, Any]:
    """The latest runs with their counts, and which of them have stalled."""
    latest = session.scalars(select(RobotRun).order_by(RobotRun.id.desc()).limit(20)).all()
    counts: dict[int, dict[str, int]] = {}
    for run_id, status, n in session.execute(
            select(RobotItem.run_id, RobotItem.status, func.count())
            .where(RobotItem.run_id.in_([r.id for r in latest])).group_by(RobotItem.run_id, RobotItem.status)):
        counts.setdefault(run_id, {})[status] = n
    stalled = {r.id for r in stalled_runs(session, timedelta(minutes=get_settings().stalled_after_minutes))}
    return {"runs": latest, "counts": counts, "stalled": stalled, "titles": {n: r.title for n, r in ROBOTS.items()},
            "busy": any(r.status == "running" and r.id not in stalled for r in latest)}


def page(session: Session, today: date) -> dict[str, Any]:
    robots = [{"robot": r, "paused": is_paused(session, r.name), "next": next_runs(r, today)}
              for r in ROBOTS.values()]
    failures = session.execute(
        select(RobotItem, RobotStepRun, RobotRun.robot).join(RobotRun, RobotRun.id == RobotItem.run_id)
        .join(RobotStepRun, (RobotStepRun.item_id == RobotItem.id) & (RobotStepRun.status == "failed"))
        .where(RobotItem.status == "failed").order_by(RobotStepRun.id.desc()).limit(50)).all()
    return {"robots": robots, "failures": failures, "failed_letters": letters_failed(session),
            "batches": printing.batches(session, limit=10), "alerts": alerts(session), **runs(session)}


def alerts(session: Session) -> list[dict[str, Any]]:
    """The newest alerts and how each went (the texts hold no client's data)."""
    return [{"at": a.created_at, "kind": label(a.kind), "channel": larm.CHANNELS.get(a.channel, a.channel),
             "to": a.recipient or "–", "status": larm.STATUS_SV.get(a.status, a.status), "failed": a.status == "fel",
             "attempts": a.attempts, "sent": a.sent_at, "why": a.failure} for a in larm.recent(session)]


def letters_failed(session: Session) -> list[dict[str, Any]]:
    """Letters that could not be made: case number, kind and the reason; never the recipient."""
    found = delivery.failed(session)
    numbers = {case_id: number for case_id, number in session.execute(
        select(Case.id, Case.case_number).where(Case.id.in_({x.case_id for x in found})))}
    return [{"id": x.id, "case": numbers.get(x.case_id, ""), "kind": label(x.kind), "reason": x.failure,
             "at": x.created_at} for x in found]


def print_file(session: Session, user: StaffUser, batch_id: int, kind: str) -> tuple[bytes, str, str]:
    """(content, file name, media type) of a print batch's PDF or manifest; the reads of every recipient in it
    are logged in this transaction (the files carry names and addresses)."""
    batch = session.get(PrintBatch, batch_id)
    if batch is None or kind not in ("pdf", "csv"):
        raise NotFoundError("utskrift", "Utskriften finns inte.")
    reads: list[tuple[int, int | None, int | None]] = []
    for person, case_person, case, unit in session.execute(
            select(Letter.person_id, Case.person_id, Letter.case_id, Case.unit_id).join(Case, Case.id == Letter.case_id)
            .where(Letter.print_batch_id == batch.id)):
        about = person or case_person  # a letter to an organisation: the case's person is what it is about
        if about is not None:
            reads.append((about, case, unit))
    log_reads(session, user, reads, action="utskrift", reason=f"Utskrift {batch.day.isoformat()} till tryckeriet")
    pdf, manifest = printing.files(batch)
    if kind == "pdf":
        return pdf, f"utskrift-{batch.day.isoformat()}.pdf", "application/pdf"
    return manifest, f"utskrift-{batch.day.isoformat()}.csv", "text/csv; charset=utf-8"
