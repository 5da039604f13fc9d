"""The cost follow-up for the committee: the chart (forecast against budget per unit) and the PDF report."""

from datetime import date

from ifoflow.brev.chart import bars
from ifoflow.brev.pdf import render_pdf
from ifoflow.domain.enums import label
from ifoflow.settings import get_settings
from ifoflow.vardfaktura.costs import FollowUp


def chart(r: FollowUp) -> str:
    if not r.units:
        return ""
    return bars([u.unit.code for u in r.units],
                [("Kostnad hittills", "#0b5394", [int(u.so_far) for u in r.units]),
                 ("Prognos för året", "#b54708", [int(u.forecast) for u in r.units]),
                 ("Budget", "#38761d", [u.budget or 0 for u in r.units])],
                title=f"Placeringskostnader {r.year}: hittills, prognos och budget per enhet", unit="kr")


def pdf(r: FollowUp) -> bytes:
    return render_pdf("vardfaktura/vardkostnader.html", {
        "r": r, "chart": chart(r), "today": date.today().isoformat(), "insats_label": label,
        "municipality": get_settings().municipality_name})
