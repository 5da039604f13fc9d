"""One-page summary of a process for a committee decision."""

from datetime import date

from sqlalchemy.orm import Session

from ifoflow.brev.chart import bars
from ifoflow.brev.pdf import render_html, render_pdf
from ifoflow.domain import format as fmt
from ifoflow.inventering.models import Process
from ifoflow.inventering.service import economics, legal_check


def _context(row: Process) -> dict[str, object]:
    gain, years = economics(row)
    labels = [f"År {y.year}" for y in years] or ["Per år"]
    costs = [y.cost for y in years] or [0]
    chart = bars(labels, [("Kapitalkostnad", "#b54708", costs),
                          ("Värde av frigjord tid", "#0b5394", [gain.value_per_year] * len(labels))])
    ok, reasons = legal_check(row.legal)
    return {"p": row, "gain": gain, "years": years, "chart": chart, "legal_ok": ok, "legal_reasons": reasons,
            "today": date.today().isoformat(), "kr": fmt.number}


def summary_html(row: Process) -> str:
    return render_html("inventering/process_summary.html", _context(row))


def summary_pdf(session: Session, row: Process) -> bytes:
    return render_pdf("inventering/process_summary.html", _context(row))
