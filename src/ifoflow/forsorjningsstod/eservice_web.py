"""E-tjänst för ekonomiskt bistånd: e-legitimation, ansökan per månad, Mina ärenden, beslutsbrev."""

from datetime import date, timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError
from sqlalchemy import select
from starlette.background import BackgroundTask
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from ifoflow.arende.models import Case, Document, Person
from ifoflow.atkomst.web import oidc_start, oidc_userinfo
from ifoflow.brev.models import Letter
from ifoflow.domain import format as fmt
from ifoflow.domain import identity
from ifoflow.domain.errors import InputError, NotFoundError
from ifoflow.domain.validation import to_input_error
from ifoflow.drift.operations import run_robot
from ifoflow.forsorjningsstod import eservice as citizen
from ifoflow.forsorjningsstod import robot as forsorjningsstod
from ifoflow.forsorjningsstod import service as assistance
from ifoflow.forsorjningsstod.models import Application
from ifoflow.robots.core.runner import execute
from ifoflow.rules.kinds import COST_KINDS, INCOME_KINDS
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
    people: list[Any] = []
    if _dev_eid():
        people = list(session.execute(select(Person.personnummer, Person.first_name, Person.last_name)
                                 .join(Case, Case.person_id == Person.id).where(Case.type == "forsorjningsstod",
                                                                              Case.status == "pagaende",
                                                                              Person.protected_identity.is_(False))
                                 .order_by(Person.id).limit(12)).all())
    settings = get_settings()
    return templates.TemplateResponse(request, "citizen_sign_in.html", {
        "people": [(p, f"{f} {ln}", identity.display(p)) for p, f, ln in people], "dev": _dev_eid(),
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
    request.session.clear()
    request.session["citizen_pnr"] = pnr
    return RedirectResponse("/e-tjanst/mina-arenden", status_code=303)


@router.get("/logga-in/e-legitimation")
async def eid_start(request: Request) -> Response:
    if request.app.state.oauth is None or request.app.state.oauth.create_client("eid") is None:
        return redirect(request, "/e-tjanst/logga-in", "E-legitimation är inte påslagen.", "error")
    return await oidc_start(request, "eid", "eid_done", "/e-tjanst/logga-in")


@router.get("/logga-in/e-legitimation/klar", name="eid_done")
async def eid_done(request: Request) -> Response:
    """The identity provider's answer: the personnummer claim signs the citizen in; anything else is refused."""
    info = await oidc_userinfo(request, "eid")
    if info is None:
        return redirect(request, "/e-tjanst/logga-in", "Inloggningen avbröts eller misslyckades.", "error")
    try:
        pnr = identity.canonical(str(info.get(get_settings().eid_personnummer_claim) or ""))
    except InputError:
        return redirect(request, "/e-tjanst/logga-in", "E-legitimationen gav inget giltigt personnummer.", "error")
    request.session.clear()
    request.session["citizen_pnr"] = pnr
    return RedirectResponse("/e-tjanst/mina-arenden", status_code=303)


@router.post("/logga-ut")
def sign_out(request: Request) -> Response:
    request.session.clear()
    return redirect(request, "/e-tjanst", "Du är utloggad.")


def _next_month() -> date:
    return (date.today().replace(day=28) + timedelta(days=4)).replace(day=1)


@router.get("/ansokan", response_class=HTMLResponse)
def form_page(request: Request, session: SessionDep, pnr: CitizenDep) -> HTMLResponse:
    try:
        case = citizen.applicant_case(session, pnr)
    except NotFoundError as exc:
        return templates.TemplateResponse(request, "citizen_message.html", {"message": exc.message}, 404)
    return _form(request, session, case, citizen.last_declared(session, case), "")


def _form(request: Request, session: Any, case: Case, declared: dict[str, Any], error: str,
          status: int = 200) -> HTMLResponse:
    members = _members(session, case)
    return templates.TemplateResponse(request, "citizen_form.html", {
        "month": f"{_next_month():%Y-%m}", "costs": FORM_COSTS, "cost_labels": COST_KINDS, "incomes": INCOME_KINDS,
        "members": members, "declared": declared, "error": error}, status_code=status)


def _amount(value: Any, field: str) -> int:
    text = str(value or "").strip().replace(" ", "")
    if not text:
        return 0
    if not text.isdigit():
        raise InputError(field, "Skriv beloppet i hela kronor, utan bokstäver.")
    return int(text)


@router.post("/ansokan", response_class=HTMLResponse)
async def submit(request: Request, session: SessionDep, pnr: CitizenDep) -> Response:
    case = citizen.applicant_case(session, pnr)
    form = await request.form()
    settings = get_settings()
    adults = _members(session, case)
    entered_costs = {k: form.get(f"kostnad_{k}", "") for k in FORM_COSTS}
    entered_incomes = {p: {k: form.get(f"inkomst_{p}_{k}", "") for k in INCOME_KINDS} for _, p, _ in adults}
    entered = {"costs": entered_costs, "incomes": entered_incomes}
    try:
        month = date.fromisoformat(f"{form.get('manad')}-01")
        costs = {k: _amount(v, k) for k, v in entered_costs.items()}
        incomes = {p: {k: _amount(v, k) for k, v in kinds.items()} for p, kinds in entered_incomes.items()}
        declared = assistance.Declared(costs={k: v for k, v in costs.items() if v},
                                       incomes={m: {k: v for k, v in i.items() if v} for m, i in incomes.items()})
        application = assistance.submit(session, case_id=case.id, month=month, declared=declared, actor="e-tjanst")
        for upload in form.getlist("bilagor"):
            if isinstance(upload, UploadFile) and upload.filename:
                content = await upload.read(settings.max_upload_mb * 1024 * 1024 + 1)
                citizen.store_attachment(session, case=case, filename=upload.filename, content=content,
                                         data_dir=settings.data_dir, max_bytes=settings.max_upload_mb * 1024 * 1024,
                                         scan_command=settings.virus_scan_command)
        session.commit()
    except (InputError, ValidationError, ValueError) as exc:
        session.rollback()  # nothing half-stored; what the applicant typed is shown again
        if isinstance(exc, ValidationError):
            message = to_input_error(exc).message
        elif isinstance(exc, InputError):
            message = exc.message
        else:
            message = "Ogiltig månad; skriv ÅÅÅÅ-MM, t.ex. 2026-12."
        return _form(request, session, case, entered, message, 422)
    # Decide now: clear-cut applications get their decision in seconds; the rest go to a case worker.
    # In the thread pool: the robot waits on the registers and must not block the event loop.
    factory = request.app.state.sessions
    report = await run_in_threadpool(run_robot, factory, forsorjningsstod.robot, run_key=f"e-tjanst-{application.id}",
                                     params={"application_id": application.id}, actor="e-tjanst",
                                     trigger="e-tjanst", until=forsorjningsstod.DECIDED)
    with factory() as fresh:
        status = fresh.get_one(Application, application.id).status
    flash(request, ANSWERS.get(status, ANSWERS["inskickad"]).format(month=fmt.month(application.month)))
    return RedirectResponse("/e-tjanst/mina-arenden", status_code=303, background=_follow_up(factory, report.run_id))


ANSWERS = {
    "beslutad": "Din ansökan för {month} är beslutad. Beslutsbrevet visas här inom en minut.",
    "under_handlaggning": "Din ansökan för {month} är inskickad. En handläggare prövar den; beslutet visas här.",
    "vantar_register": "Din ansökan för {month} är inskickad. Vi väntar på uppgifter från andra myndigheter och "
                       "försöker igen inom en timme.",
    "inskickad": "Din ansökan för {month} är inskickad.",
}


def _follow_up(factory: Any, run_id: int) -> BackgroundTask:
    """Letter and payment after the answer: on Celery workers, or in this process once the answer is sent.
    Should the server stop first, `robots schedule --run-due` finishes them."""
    if get_settings().follow_up == "celery":
        from ifoflow.drift.celery_app import queue_pending

        return BackgroundTask(queue_pending, forsorjningsstod.robot.name, run_id, factory)
    return BackgroundTask(execute, factory, forsorjningsstod.robot, run_id)


def _members(session: Any, case: Case) -> list[tuple[str, str, str]]:
    """(role, personnummer, name) of the adults who apply."""
    return [(m.role, p.personnummer, f"{p.first_name} {p.last_name}")
            for m, p in assistance.members(session, case.household_id or 0) if m.role in ("sokande", "medsokande")]


@router.get("/mina-arenden", response_class=HTMLResponse)
def my_cases(request: Request, session: SessionDep, pnr: CitizenDep) -> HTMLResponse:
    try:
        case = citizen.applicant_case(session, pnr)
    except NotFoundError as exc:
        return templates.TemplateResponse(request, "citizen_message.html", {"message": exc.message}, 404)
    return templates.TemplateResponse(request, "citizen_cases.html", {
        "case": case, "applications": citizen.my_applications(session, case)})


@router.get("/brev/{letter_id}")
def letter(session: SessionDep, pnr: CitizenDep, letter_id: Id) -> Response:
    """Only the applicant's own decision letters."""
    case = citizen.applicant_case(session, pnr)
    found = session.get(Letter, letter_id)
    if found is None or found.case_id != case.id or found.document_id is None:
        return Response("Brevet finns inte.", status_code=404)
    document = session.get_one(Document, found.document_id)
    content = (get_settings().data_dir / "documents" / document.sha256).read_bytes()
    return Response(content, media_type="application/pdf",
                    headers={"Content-Disposition": f'inline; filename="{document.filename}"'})
