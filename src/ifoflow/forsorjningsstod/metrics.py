"""How the flow performs: share decided automatically, why the rest were routed, time from submission to decision."""

import statistics
from collections import Counter
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from ifoflow.arende.models import Application, Task
from ifoflow.beslut.models import Decision
from ifoflow.rules.kinds import INCOME_KINDS


@dataclass(frozen=True)
class Metrics:
    applications: int
    decided: int
    automated: int
    share_automated: float
    routed: Counter[str]
    median_seconds: float | None
    p95_seconds: float | None


FLAG_WORDS = {"register_saknas": "Ett register svarade inte", "ej_folkbokford": "Inte folkbokförd",
              "avliden": "Avliden enligt folkbokföringen", "utvandrad": "Utvandrad", "flyttat": "Utflyttad"}


def flag_label(code: str) -> str:
    """A register difference in words: "Ej redovisad inkomst: barnbidrag"."""
    for prefix, words in (("ej_redovisad_", "Ej redovisad inkomst"), ("avviker_", "Redovisad inkomst avviker")):
        if code.startswith(prefix):
            return f"{words}: {INCOME_KINDS.get(code.removeprefix(prefix), 'annan').lower()}"
    return FLAG_WORDS.get(code, "Annan skillnad mot registren")


def _reason(task: Task) -> str:
    flags = (task.evidence or {}).get("avvikelser") or []
    if flags:
        return ", ".join(sorted({flag_label(f["code"]) for f in flags}))
    return task.reason.split(":")[0].split("(")[0].strip()[:80]


def metrics(session: Session, *, since: date) -> Metrics:
    applications = session.scalars(select(Application).where(Application.month >= since.replace(day=1))).all()
    ids = [a.id for a in applications]
    decisions = session.scalars(select(Decision).where(Decision.application_id.in_(ids))).all()
    submitted = {a.id: a.submitted_at for a in applications}
    waits = sorted((d.decided_at - submitted[d.application_id]).total_seconds() for d in decisions
                   if d.application_id in submitted)
    automated = sum(d.automated for d in decisions)
    case_ids = {a.case_id for a in applications}
    routed = Counter(_reason(t) for t in session.scalars(select(Task).where(
        Task.kind == "ansokan_forsorjningsstod", Task.case_id.in_(case_ids))))
    p95 = statistics.quantiles(waits, n=20)[-1] if len(waits) >= 2 else (waits[0] if waits else None)
    return Metrics(len(applications), len(decisions), automated,
                   round(automated / len(applications), 3) if applications else 0.0, routed,
                   statistics.median(waits) if waits else None, p95)
