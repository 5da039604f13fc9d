"""Skuldaviseringar: statistik per period och typ, karantänen med rättning."""

from datetime import date

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from markupsafe import Markup

from ifoflow.atkomst.web import CurrentUser, permission
from ifoflow.brev.chart import bars
from ifoflow.intag import service as intag
from ifoflow.skuld import stats as debt_stats
from ifoflow.skuld.intake import NOTICES
from ifoflow.web.deps import SessionDep, templates
from ifoflow.web.flash import redirect
from ifoflow.web.ids import Id
from ifoflow.web.refusal import back_to

router = APIRouter(prefix="/skuld")


@router.get("/statistik", response_class=HTMLResponse, dependencies=[permission("metrics.read")])
def statistics(request: Request, session: SessionDep, user: CurrentUser, fran1: str = "", till1: str = "",
               fran2: str = "", till2: str = "", format: str = "") -> Response:
    found = debt_stats.two_periods(session, (fran1, till1, fran2, till2), date.today())
    rows, error = found.rows, found.error
    if format == "csv" and not error:
        return Response(debt_stats.to_csv(rows), media_type="text/csv; charset=utf-8",
                        headers={"Content-Disposition": 'attachment; filename="skuldaviseringar.csv"'})
    chart = bars([r.period for r in rows], [("Elskulder", "#0b5394", [r.counts.get("el", 0) for r in rows]),
                                            ("Hyresskulder", "#b54708", [r.counts.get("hyra", 0) for r in rows])],
                 title="Mottagna aviseringar per period och typ", unit="st") if rows else ""
    return templates.TemplateResponse(request, "debt_stats.html", {
        "rows": rows, "error": error, "f": found.periods,
        "chart": Markup(chart), "user": user}, status_code=422 if error else 200)


@router.get("/karantan", response_class=HTMLResponse, dependencies=[permission("debts.manage")])
def quarantine(request: Request, session: SessionDep, user: CurrentUser) -> HTMLResponse:
    return templates.TemplateResponse(request, "debt_quarantine.html", {
        "entries": intag.waiting(session, NOTICES, limit=200), "fields": NOTICES.columns, "user": user})


@router.post("/karantan/{entry_id}", dependencies=[permission("debts.manage")])
async def fix(request: Request, session: SessionDep, user: CurrentUser, entry_id: Id) -> RedirectResponse:
    form = await request.form()
    fixed = {k: str(form.get(k, "")) for k in NOTICES.columns if form.get(k) is not None}
    with back_to("/skuld/karantan"):
        new = intag.resubmit(session, NOTICES, entry_id, fixed, actor=user.username, today=date.today())
    done = ("Aviseringen är rättad och registrerad. Skuldhanteringsroboten tar hand om den vid nästa körning."
            if new else "Aviseringen fanns redan; inget sparades två gånger.")
    return redirect(request, "/skuld/karantan", done)
