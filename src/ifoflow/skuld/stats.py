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


def to_csv(rows: list[Row]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\n")
    writer.writerow(["period", "el", "hyra", "totalt"])
    for r in rows:
        writer.writerow([r.period, r.counts.get("el", 0), r.counts.get("hyra", 0), r.total])
    return out.getvalue()
