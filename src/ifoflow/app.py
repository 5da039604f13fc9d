"""Application factory."""

import os
from functools import partial
from pathlib import Path
from urllib.parse import quote

from authlib.integrations.starlette_client import OAuth
from fastapi import Depends, FastAPI, Request
from fastapi.responses import JSONResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles
from sqlalchemy import Engine
from starlette.middleware.sessions import SessionMiddleware

from ifoflow import __version__
from ifoflow.arbetsyta.web import router as workspace_router
from ifoflow.arende.web import router as staff_router
from ifoflow.atkomst import web as auth
from ifoflow.avvikelse.web import router as deviations_router
from ifoflow.beslut.web import router as decision_types_router
from ifoflow.brevutskick.web import router as letters_router
from ifoflow.dataskydd.web import router as review_router
from ifoflow.drift import metrics, operations
from ifoflow.drift.health import report as check_health
from ifoflow.drift.registry import ROBOTS
from ifoflow.drift.web import router as ops_router
from ifoflow.forsorjningsstod.eservice_web import CitizenSignedOut
from ifoflow.forsorjningsstod.eservice_web import router as citizen_router
from ifoflow.forsorjningsstod.web import router as applications_router
from ifoflow.inventering.web import router as inventory_router
from ifoflow.kontroll.web import router as kontroll_router
from ifoflow.oro.web import router as concerns_router
from ifoflow.settings import Settings, get_settings
from ifoflow.skanning.web import router as scan_router
from ifoflow.skuld.api import router as api_router
from ifoflow.skuld.web import router as debts_router
from ifoflow.start import router as start_router
from ifoflow.store.db import make_engine, session_factory
from ifoflow.vardfaktura.web import router as care_invoices_router
from ifoflow.web import errors, processes, refusal
from ifoflow.web.security import add_security_headers


def _oauth(settings: Settings) -> OAuth | None:
    """Staff single sign-on ("kommun") and the citizens' e-legitimation ("eid"), each when configured."""
    if not settings.oidc_client_id and settings.eid_provider != "oidc":
        return None
    oauth = OAuth()
    if settings.oidc_client_id:
        oauth.register("kommun", client_id=settings.oidc_client_id, client_secret=settings.oidc_client_secret,
                       authorize_url=settings.oidc_authorize_url, access_token_url=settings.oidc_token_url,
                       userinfo_endpoint=settings.oidc_userinfo_url, client_kwargs={"scope": "openid profile"})
    if settings.eid_provider == "oidc":
        oauth.register("eid", client_id=settings.eid_client_id, client_secret=settings.eid_client_secret,
                       authorize_url=settings.eid_authorize_url, access_token_url=settings.eid_token_url,
                       userinfo_endpoint=settings.eid_userinfo_url, client_kwargs={"scope": settings.eid_scope})
    return oauth


def app_from_settings() -> FastAPI:
    """The app for each process of `ifoflow serve --workers N`."""
    return create_app(make_engine(get_settings().resolved_database_url()))


def create_app(engine: Engine, *, cookie_secure: bool | None = None) -> FastAPI:
    """The web app; cookie_secure overrides the setting (the local demo serves plain HTTP)."""
    settings = get_settings()
    app = FastAPI(title="ifoflow", version=__version__, docs_url=None, redoc_url=None, openapi_url=None,
                  dependencies=[Depends(auth.verify_csrf)])
    app.state.engine = engine
    app.state.sessions = session_factory(engine)
    app.state.oauth = _oauth(settings)
    # What a page starts and a person's answer continues: the rest of a robot run, here or on Celery workers.
    app.state.follow_up = partial(operations.follow_up, app.state.sessions)
    app.state.robot_titles = {name: robot.title for name, robot in ROBOTS.items()}  # pages name robots
    app.middleware("http")(add_security_headers)
    app.middleware("http")(metrics.time_pages)
    app.add_middleware(SessionMiddleware, secret_key=settings.resolved_secret_key(), session_cookie="ifoflow",
                       max_age=settings.session_hours * 3600, same_site="lax",
                       https_only=settings.cookie_secure if cookie_secure is None else cookie_secure)
    app.mount("/static", StaticFiles(directory=str(Path(__file__).parent / "web" / "static")), name="static")
    for router in (auth.router, start_router, staff_router, workspace_router, review_router, ops_router,
                   decision_types_router,
                   inventory_router, citizen_router, applications_router,
                   kontroll_router, api_router, debts_router, letters_router, care_invoices_router,
                   concerns_router, scan_router, deviations_router):
        app.include_router(router)

    @app.get("/health")
    def health() -> JSONResponse:
        status, body = check_health(engine)
        return JSONResponse(body, status_code=status)

    @app.exception_handler(auth.NotSignedIn)
    async def not_signed_in(request: Request, exc: auth.NotSignedIn) -> RedirectResponse:
        return RedirectResponse(f"/logga-in?nasta={quote(request.url.path)}", status_code=303)

    @app.exception_handler(CitizenSignedOut)
    async def citizen_signed_out(request: Request, exc: CitizenSignedOut) -> RedirectResponse:
        return RedirectResponse("/e-tjanst/logga-in", status_code=303)

    errors.install(app)
    refusal.install(app)
    return app


def run_server(host: str, port: int, *, cookie_secure: bool, workers: int = 1) -> None:
    """Serve the web UI with uvicorn: one process, or N worker processes."""
    import uvicorn

    from ifoflow.cli import common

    engine = common.engine()  # fails with a message when the schema is missing
    common.console.print(f"ifoflow körs på [bold]http://{host}:{port}[/] (avsluta med Ctrl+C)")
    if workers == 1:
        uvicorn.run(create_app(engine, cookie_secure=cookie_secure), host=host, port=port, log_level="warning")
        return
    get_settings().resolved_secret_key()  # created once here, not raced by the worker processes
    os.environ["IFOFLOW_COOKIE_SECURE"] = "true" if cookie_secure else "false"
    processes.serve(host, port, workers)
