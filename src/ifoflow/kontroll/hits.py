"""Writing the monthly control's hits: one task per case and kind, one stop per case and month, never twice."""

from collections import Counter
from datetime import date, timedelta
from typing import Any

from sqlalchemy.orm import Session

from ifoflow.arende import journal
from ifoflow.arende.models import Task
from ifoflow.domain.enums import TaskStatus
from ifoflow.kontroll.chunk import CaseFile
from ifoflow.kontroll.service import Hit, month_sv
from ifoflow.kontroll.thresholds import ControlParams
from ifoflow.store.base import utcnow
from ifoflow.store.bulk import insert_new
from ifoflow.utbetalning import stopp as payment_holds
from ifoflow.utbetalning.models import PaymentHold

TASK_KIND = "kontroll"
ROBOT_NAME = "Kontrollroboten"  # the journal's author


def task_key(month: date, hit: Hit) -> str:
    person = hit.evidence.get("person", "")  # sökande and medsökande may both have the same kind of hit
    return f"kontroll:{month:%Y-%m}:{hit.case.case_id}:{hit.code}" + (f":{person}" if person else "")


def write(session: Session, files: list[CaseFile], hits: list[Hit], month: date,
          params: ControlParams) -> dict[str, Any]:
    """Tasks and stops for the hits (skipping those already made); returns the chunk's figures per unit."""
    keyed = {task_key(month, h): h for h in hits}
    now, deadline = utcnow(), date.today() + timedelta(days=params.task_days)
    rows = [{"idempotency_key": k, "unit_id": h.case.unit_id, "case_id": h.case.case_id, "kind": TASK_KIND,
             "reason": h.reason, "evidence": {**h.evidence, "kod": h.code, "atgard": h.action,
                                              "allvarlig": h.serious, "manad": f"{month:%Y-%m}"},
             "deadline": deadline, "status": TaskStatus.oppen, "assigned_to_id": h.case.assigned_to_id,
             "created_at": now} for k, h in keyed.items()]
    new_tasks = insert_new(session, Task.idempotency_key, rows)
    serious = {h.case.case_id: h for h in hits if h.serious}
    holds = [{"key": f"stopp:{month:%Y-%m}:{cid}", "case_id": cid, "household_id": h.case.household_id,
              "month": month, "reason": f"Kontrollen {month_sv(month)}: {h.reason}", "created_at": now,
              "cleared_by": "", "clear_note": ""} for cid, h in serious.items()]
    new_holds = insert_new(session, PaymentHold.key, holds)
    journal.robot_notes(session, notes(hits, month))
    if new_holds:
        payment_holds.stop_planned(session, [h.case.household_id for h in serious.values()], month)
    return figures(files, hits, new_tasks=new_tasks, new_holds=new_holds)


def notes(hits: list[Hit], month: date) -> list[journal.RobotNote]:
    """One journal note per case and month: what the control found, so that the journal tells the story."""
    found: dict[int, list[Hit]] = {}
    for h in hits:
        found.setdefault(h.case.case_id, []).append(h)
    return [journal.RobotNote(case_id, f"journal:kontroll:{month:%Y-%m}:{case_id}", ROBOT_NAME,
                              f"Kontroll {month_sv(month)}: {len(case_hits)} "
                              + ("avvikelse" if len(case_hits) == 1 else "avvikelser"),
                              "\n".join(f"{h.reason} {h.action}" for h in case_hits),
                              "Utbetalningen stoppas i väntan på utredning." if any(h.serious for h in case_hits)
                              else "") for case_id, case_hits in found.items()]


def figures(files: list[CaseFile], hits: list[Hit], *, new_tasks: int, new_holds: int) -> dict[str, Any]:
    units: dict[str, dict[str, Any]] = {}
    for f in files:
        unit = units.setdefault(f.unit_code, {"checked": 0, "hits": Counter(), "at_stake": 0, "holds": 0})
        unit["checked"] += 1
    held_cases: set[int] = set()
    for h in hits:
        unit = units[h.case.unit_code]
        unit["hits"][h.code] += 1
        unit["at_stake"] += max(h.at_stake, 0)
        if h.serious and h.case.case_id not in held_cases:
            held_cases.add(h.case.case_id)
            unit["holds"] += 1
    return {"checked": len(files), "new_tasks": new_tasks, "new_holds": new_holds,
            "units": {code: {**u, "hits": dict(u["hits"])} for code, u in units.items()}}
