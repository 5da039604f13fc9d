"""Application factory."""

from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from sqlalchemy import Engine, text

from ifoflow import __version__
from ifoflow.services.validation import field_path
from ifoflow.store.db import session_factory
from ifoflow.web.deps import templates
from ifoflow.web.ops.routes import router as ops_router
from ifoflow.web.staff.routes import router as staff_router
from ifoflow.web.staff.tasks import router as tasks_router


def create_app(engine: Engine) -> FastAPI:
    app = FastAPI(title="ifoflow", version=__version__, docs_url="/api/docs", redoc_url=None)
    app.state.engine = engine
    app.state.sessions = session_factory(engine)
    app.mount("/static", StaticFiles(directory=str(Path(__file__).parent / "static")), name="static")
    app.include_router(staff_router)
    app.include_router(tasks_router)
    app.include_router(ops_router)

    @app.get("/health")
    def health() -> JSONResponse:
        try:
            with engine.connect() as conn:
                conn.execute(text("SELECT 1"))
        except Exception:  # the point of a health check is to say so, not to crash
            return JSONResponse({"status": "fel", "database": "svarar inte"}, status_code=503)
        return JSONResponse({"status": "ok", "database": engine.dialect.name, "version": __version__})

    @app.exception_handler(RequestValidationError)
    async def bad_request(request: Request, exc: RequestValidationError) -> HTMLResponse:
        err = exc.errors()[0]
        field = field_path(tuple(p for p in err["loc"] if p not in ("query", "path", "body")))
        return templates.TemplateResponse(
            request, "error.html", {"message": f"Ogiltigt värde i fältet {field}."}, status_code=422
        )

    return app
