"""The monthly control's run report per unit: cases checked, hits by kind, amounts at stake, stops."""

import csv
import io
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ifoflow.domain import format as fmt
from ifoflow.domain.enums import label as status_label
from ifoflow.domain.errors import NotFoundError
from ifoflow.robots.models import RobotItem, RobotRun
from ifoflow.rules.kinds import INCOME_KINDS

ROBOT = "kontroll"
LABELS = {"avliden": "Avliden", "utflyttad": "Utflyttad ur kommunen", "utvandrad": "Utvandrad",
          "hushall_andrat": "Hushållet har ändrats", "bistand_annan_kommun": "Bistånd från annan kommun",
          "belopp_avviker": "Utbetalning avviker från omräkning", "inkomst_andrad": "Inkomst ändrad över gränsen",
          "kontroll_ej_genomford": "Kontrollen kunde inte genomföras"}


def label(code: str) -> str:
    if code.startswith("ej_redovisad_"):
        return "Ej redovisad inkomst: " + INCOME_KINDS.get(code.removeprefix("ej_redovisad_"), "annan").lower()
    return LABELS.get(code, code)


@dataclass
class UnitReport:
    unit: str
    checked: int = 0
    hits: Counter[str] = field(default_factory=Counter)
    at_stake: int = 0
    holds: int = 0


@dataclass
class Report:
    month: date
    run_id: int
    status: str
    chunks_done: int
    chunks_total: int
    chunks_not_checked: int
    units: list[UnitReport]

    @property
    def checked(self) -> int:
        return sum(u.checked for u in self.units)

    @property
    def hits(self) -> Counter[str]:
        return sum((u.hits for u in self.units), Counter())


def latest_run(session: Session, month: date) -> RobotRun:
    runs = [r for r in session.scalars(select(RobotRun).where(RobotRun.robot == ROBOT).order_by(RobotRun.id.desc()))
            if (r.params or {}).get("month") == f"{month:%Y-%m}"]
    if not runs:
        raise NotFoundError("manad", f"Ingen kontroll har körts för {month:%Y-%m}. "
                                     f"Kör: ifoflow kontroll run --month {month:%Y-%m}")
    return runs[0]


def build(session: Session, month: date, unit: str | None = None) -> Report:
    run = latest_run(session, month)
    units: dict[str, UnitReport] = {}
    done = not_checked = 0
    items = session.execute(select(RobotItem.status, RobotItem.state).where(RobotItem.run_id == run.id)).all()
    for status, state in items:
        figures = (state or {}).get("check")
        if status == "done" and figures:
            done += 1
            for code, u in figures["units"].items():
                report = units.setdefault(code, UnitReport(code))
                report.checked += u["checked"]
                report.hits.update(u["hits"])
                report.at_stake += u["at_stake"]
                report.holds += u["holds"]
        elif status in ("human", "failed"):
            not_checked += 1
    chosen = [u for code, u in sorted(units.items()) if unit is None or code == unit]
    return Report(month, run.id, run.status, done, len(items), not_checked, chosen)


def to_csv(report: Report) -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(["manad", "enhet", "kontrollerade", "traff", "antal", "belopp_i_fara_kr", "stopp"])
    for u in report.units:
        writer.writerow([f"{report.month:%Y-%m}", u.unit, u.checked, "", "", u.at_stake, u.holds])
        for code, n in sorted(u.hits.items()):
            writer.writerow([f"{report.month:%Y-%m}", u.unit, "", label(code), n, "", ""])
    return out.getvalue()


def to_pdf(report: Report) -> bytes:
    from ifoflow.brev.pdf import render_pdf
    from ifoflow.settings import get_settings

    return render_pdf("kontroll/kontroll_rapport.html", {"r": report, "label": label, "today": date.today().isoformat(),
                                                "municipality": get_settings().municipality_name,
                                                "kr": fmt.kr, "number": fmt.number, "month": fmt.month(report.month),
                                                "status": status_label(report.status)})


def page(session: Session, month: date, unit: str, own_units: set[str]) -> dict[str, Any]:
    """The report page: the month's report (filtered to a unit), or `none` when no control has run for it.
    `own_units` are the reader's units, whose hits the page links to."""
    try:
        report = build(session, month, unit or None)
    except NotFoundError:
        return {"none": True, "month": month}
    return {"none": False, "r": report, "label": label, "unit": unit, "open_units": own_units,
            "running": report.status == "running"}
