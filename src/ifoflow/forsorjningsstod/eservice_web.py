"""E-tjänst för ekonomiskt bistånd: e-legitimation, ansökan per månad, Mina ärenden, beslutsbrev."""

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.background import BackgroundTask
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from ifoflow.atkomst.web import oidc_start, oidc_userinfo
from ifoflow.domain import format as fmt
from ifoflow.domain import identity
from ifoflow.domain.errors import InputError, NotFoundError
from ifoflow.forsorjningsstod import eservice as citizen
from ifoflow.settings import get_settings
from ifoflow.web.deps import SessionDep, templates
from ifoflow.web.flash import flash, redirect
from ifoflow.web.ids import Id

router = APIRouter(prefix="/e-tjanst")
FORM_COSTS = ["hyra", "hushallsel", "hemforsakring", "arbetsresor", "fackavgift", "a_kassa_avgift",
              "barnomsorgsavgift"]


class CitizenSignedOut(Exception):
    """Handled by the app: to the e-service's sign-in."""


def current_citizen(request: Request) -> str:
    pnr = request.session.get("citizen_pnr")
    if not isinstance(pnr, str):
        raise CitizenSignedOut()
    return pnr


CitizenDep = Annotated[str, Depends(current_citizen)]


def _dev_eid() -> bool:
    """The development e-legitimation (pick a synthetic person) exists only in demo mode."""
    settings = get_settings()
    return settings.eid_provider == "dev" and settings.demo_mode


@router.get("", response_class=HTMLResponse)
@router.get("/", response_class=HTMLResponse, include_in_schema=False)
def start(request: Request) -> HTMLResponse:
    """The e-service's front page: what it is for, and the way in."""
    return templates.TemplateResponse(request, "citizen_start.html", {
        "signed_in": isinstance(request.session.get("citizen_pnr"), str),
        "municipality": get_settings().municipality_name})


@router.get("/logga-in", response_class=HTMLResponse)
def sign_in_page(request: Request, session: SessionDep) -> HTMLResponse:
    """The development e-legitimation lists a few synthetic applicants to pick from; production uses OIDC."""
    settings = get_settings()
    return templates.TemplateResponse(request, "citizen_sign_in.html", {
        "people": citizen.dev_applicants(session) if _dev_eid() else [], "dev": _dev_eid(),
        "eid": settings.eid_provider == "oidc" and bool(settings.eid_client_id)})


@router.post("/logga-in")
async def sign_in(request: Request, session: SessionDep) -> Response:
    if not _dev_eid():
        return redirect(request, "/e-tjanst/logga-in", "Logga in med e-legitimation.", "error")
    form = await request.form()
    try:
        pnr = identity.canonical(str(form.get("annat_personnummer") or form.get("personnummer", "")))
    except InputError as exc:
        return redirect(request, "/e-tjanst/logga-in", exc.message, "error")
    citizen.signed_in(session, pnr)
    request.session.clear()
    request.session["citizen_pnr"] = pnr
    return RedirectResponse("/e-tjanst/mina-arenden", status_code=303)


@router.get("/logga-in/e-legitimation")
async def eid_start(request: Request) -> Response:
    return await oidc_start(request, "eid", "eid_done", "/e-tjanst/logga-in", "E-legitimation är inte påslagen.")


@router.get("/logga-in/e-legitimation/klar", name="eid_done")
async def eid_done(request: Request, session: SessionDep) -> Response:
    """The identity provider's answer: the personnummer claim signs the citizen in; anything else is refused."""
    info = await oidc_userinfo(request, "eid")
    if info is None:
        return redirect(request, "/e-tjanst/logga-in", "Inloggningen avbröts eller misslyckades.", "error")
    try:
        pnr = identity.canonical(str(info.get(get_settings().eid_personnummer_claim) or ""))
    except InputError:
        return redirect(request, "/e-tjanst/logga-in", "E-legitimationen gav inget giltigt personnummer.", "error")
    citizen.signed_in(session, pnr)
    request.session.clear()
    request.session["citizen_pnr"] = pnr
    return RedirectResponse("/e-tjanst/mina-arenden", status_code=303)


@router.post("/logga-ut")
def sign_out(request: Request) -> Response:
    request.session.clear()
    return redirect(request, "/e-tjanst", "Du är utloggad.")


@router.get("/ansokan", response_class=HTMLResponse)
def form_page(request: Request, session: SessionDep, pnr: CitizenDep) -> HTMLResponse:
    try:
        return templates.TemplateResponse(request, "citizen_form.html", {**citizen.form_view(session, pnr),
                                                                         "error": ""})
    except NotFoundError as exc:
        return templates.TemplateResponse(request, "citizen_message.html", {"message": exc.message}, 404)


@router.post("/ansokan", response_class=HTMLResponse)
async def submit(request: Request, pnr: CitizenDep) -> Response:
    form = await request.form()
    limit = get_settings().max_upload_mb * 1024 * 1024 + 1  # one byte more: too large is refused, not cut
    attachments = [(u.filename, await u.read(limit)) for u in form.getlist("bilagor")
                   if isinstance(u, UploadFile) and u.filename]
    typed = {k: v for k, v in form.items() if isinstance(v, str)}
    factory = request.app.state.sessions
    try:  # in the thread pool: the robot waits on the registers and must not block the event loop
        answer = await run_in_threadpool(citizen.apply, factory, pnr, typed, attachments)
    except citizen.Refused as exc:  # nothing was stored; what the applicant typed is shown again
        with factory() as session:
            again = citizen.form_view(session, pnr, exc.entered)
        return templates.TemplateResponse(request, "citizen_form.html", {**again, "error": exc.message,
                                                                         "error_field": exc.field}, 422)
    flash(request, ANSWERS.get(answer.status, ANSWERS["inskickad"]).format(month=fmt.month(answer.month)))
    return RedirectResponse("/e-tjanst/mina-arenden", status_code=303,
                            background=BackgroundTask(request.app.state.follow_up, "forsorjningsstod", answer.run_id))


ANSWERS = {
    "beslutad": "Din ansökan för {month} är beslutad. Beslutsbrevet visas här inom en minut.",
    "under_handlaggning": "Din ansökan för {month} är inskickad. En handläggare prövar den; beslutet visas här.",
    "vantar_register": "Din ansökan för {month} är inskickad. Vi väntar på uppgifter från andra myndigheter och "
                       "försöker igen inom en timme.",
    "inskickad": "Din ansökan för {month} är inskickad.",
}


@router.get("/mina-arenden", response_class=HTMLResponse)
def my_cases(request: Request, session: SessionDep, pnr: CitizenDep) -> HTMLResponse:
    try:
        case = citizen.applicant_case(session, pnr)
    except NotFoundError as exc:
        return templates.TemplateResponse(request, "citizen_message.html", {"message": exc.message}, 404)
    return templates.TemplateResponse(request, "citizen_cases.html", {
        "case": case, "applications": citizen.my_applications(session, case),
        "letters": citizen.my_letters(session, pnr)})


@router.get("/brev/{letter_id}")
def letter(session: SessionDep, pnr: CitizenDep, letter_id: Id) -> Response:
    """Only the person's own letters."""
    content, filename = citizen.my_letter(session, pnr, letter_id)
    return Response(content, media_type="application/pdf",
                    headers={"Content-Disposition": f'inline; filename="{filename}"'})
