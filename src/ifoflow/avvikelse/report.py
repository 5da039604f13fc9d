"""The committee's deviation report per quarter: counts by kind, unit and category, the trend over the four
quarters before, time to close, overdue, reported to IVO and IMY, actions. No personal data: counts only, and a
count below `small_count` shows as "färre än N" so no one can be singled out."""

import csv
import io
import statistics
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from ifoflow.atkomst.models import Unit
from ifoflow.avvikelse import rules
from ifoflow.avvikelse.models import DeviationAction, DeviationReport
from ifoflow.avvikelse.service import deadlines
from ifoflow.domain.errors import InputError


@dataclass
class Quarter:
    name: str  # "2026 kv. 3"
    start: date
    end: date  # exclusive
    by_kind: dict[str, int] = field(default_factory=dict)
    by_unit: dict[str, int] = field(default_factory=dict)
    by_category: dict[str, int] = field(default_factory=dict)
    total: int = 0
    closed: int = 0
    median_days_to_close: float | None = None
    overdue: int = 0
    to_ivo: int = 0
    to_imy: int = 0
    actions: int = 0
    actions_done: int = 0


def parse(text: str) -> tuple[int, int]:
    """"2026-Q3" (or "2026-3") as (year, quarter); InputError naming the field otherwise."""
    year, _, q = text.upper().replace("KV", "Q").partition("-")
    q = q.lstrip("Q")
    if not (year.isdigit() and q in ("1", "2", "3", "4")):
        raise InputError("kvartal", "Skriv kvartalet som ÅÅÅÅ-Q1 till ÅÅÅÅ-Q4, t.ex. 2026-Q3.")
    return int(year), int(q)


def bounds(year: int, q: int) -> tuple[date, date]:
    start = date(year, 3 * q - 2, 1)
    return start, date(year + (q == 4), 1 if q == 4 else 3 * q + 1, 1)


def quarters(session: Session, year: int, q: int, *, back: int = 4) -> list[Quarter]:
    """The quarter and the `back` quarters before it, oldest first."""
    found = []
    for n in range(back, -1, -1):
        y, k = divmod((year * 4 + q - 1) - n, 4)
        found.append(_one(session, y, k + 1))
    return found


def _one(session: Session, year: int, q: int) -> Quarter:
    start, end = bounds(year, q)
    out = Quarter(f"{year} kv. {q}", start, end)
    units = {i: n for i, n in session.execute(select(Unit.id, Unit.name)).all()}
    params = rules.load(start)
    rows = session.scalars(select(DeviationReport).where(
        DeviationReport.aware_at >= datetime.combine(start, datetime.min.time()),
        DeviationReport.aware_at < datetime.combine(end, datetime.min.time())))
    days: list[float] = []
    cutoff = datetime.combine(end, datetime.min.time())
    for r in rows:
        out.total += 1
        out.by_kind[r.kind] = out.by_kind.get(r.kind, 0) + 1
        out.by_unit[units.get(r.unit_id, "")] = out.by_unit.get(units.get(r.unit_id, ""), 0) + 1
        key = r.category or "ej_klassad"
        out.by_category[key] = out.by_category.get(key, 0) + 1
        if r.closed_at and r.aware_at:
            out.closed += 1
            days.append((r.closed_at - r.aware_at).total_seconds() / 86400)
        late = [d for d in deadlines(r, params) if d.due < cutoff and not d.met]
        out.overdue += bool(late)
        out.to_ivo += r.kind == "lex_sarah" and bool(r.authority_report)
        out.to_imy += r.kind == "personuppgiftsincident" and bool(r.authority_report)
        for a in session.scalars(select(DeviationAction).where(DeviationAction.report_id == r.id)):
            out.actions += 1
            out.actions_done += a.done_at is not None
    out.median_days_to_close = round(statistics.median(days), 1) if days else None
    return out


def shown(n: int, small: int) -> str:
    """A count as the committee reads it: small non-zero counts suppressed."""
    return f"färre än {small}" if 0 < n < small else str(n)


def to_csv(rows: list[Quarter], small: int) -> bytes:
    out = io.StringIO()
    w = csv.writer(out, delimiter=";")
    w.writerow(["Kvartal", "Rapporter", *rules.KINDS.values(), "Avslutade", "Median dagar till avslut",
                "Försenade", "Anmälda till IVO", "Anmälda till IMY", "Åtgärder", "Åtgärder klara"])
    for q in rows:
        w.writerow([q.name, shown(q.total, small), *(shown(q.by_kind.get(k, 0), small) for k in rules.KINDS),
                    shown(q.closed, small), "" if q.median_days_to_close is None else
                    str(q.median_days_to_close).replace(".", ","), shown(q.overdue, small), shown(q.to_ivo, small),
                    shown(q.to_imy, small), shown(q.actions, small), shown(q.actions_done, small)])
    return ("\ufeff" + out.getvalue()).encode("utf-8")
