"""Debt notices by period and type (the seed's comparison: Jan–Jul 2022 against Jan–Jul 2023)."""

import csv
import io
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ifoflow.skuld.models import DebtNotice

KINDS = ("el", "hyra")


@dataclass(frozen=True)
class Row:
    period: str
    counts: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def compare(session: Session, periods: list[tuple[date, date]]) -> list[Row]:
    """Notices received in each period (first and last day included), by type."""
    rows = []
    for start, end in periods:
        counts = dict(session.execute(select(DebtNotice.kind, func.count()).where(
            DebtNotice.received_on >= start, DebtNotice.received_on <= end).group_by(DebtNotice.kind)).all())
        rows.append(Row(f"{start}–{end}", {k: int(counts[k]) for k in KINDS if counts.get(k)}))
    return rows


@dataclass(frozen=True)
class Comparison:
    """Two periods side by side as the statistics page shows them; `error` names what was wrong in the dates."""

    rows: list[Row]
    periods: dict[str, str]  # fran1, till1, fran2, till2 as typed (or the defaults)
    error: str


def default_periods(today: date) -> tuple[str, str, str, str]:
    """This year so far against the same days last year (as the seed compared January–July of two years)."""
    same_day_last_year = date(today.year - 1, today.month, min(today.day, 28 if today.month == 2 else today.day))
    return (date(today.year - 1, 1, 1).isoformat(), same_day_last_year.isoformat(),
            date(today.year, 1, 1).isoformat(), today.isoformat())


def two_periods(session: Session, typed: tuple[str, str, str, str], today: date) -> Comparison:
    """The typed periods (empty fields take the defaults) compared; a wrong date gives no rows and the error."""
    values = tuple(v or d for v, d in zip(typed, default_periods(today), strict=True))
    periods = dict(zip(("fran1", "till1", "fran2", "till2"), values, strict=True))
    try:
        days = [date.fromisoformat(v) for v in values]
    except ValueError:
        return Comparison([], periods, "Skriv datum som ÅÅÅÅ-MM-DD.")
    return Comparison(compare(session, [(days[0], days[1]), (days[2], days[3])]), periods, "")


def to_csv(rows: list[Row]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\n")
    writer.writerow(["period", "el", "hyra", "totalt"])
    for r in rows:
        writer.writerow([r.period, r.counts.get("el", 0), r.counts.get("hyra", 0), r.total])
    return out.getvalue()
