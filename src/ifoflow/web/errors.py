"""Error answers in Swedish: an HTML page for people, JSON under /api. Never a stack trace, never English."""

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from sqlalchemy.exc import DataError
from starlette.exceptions import HTTPException

from ifoflow.domain.errors import AccessDenied, InputError, NotFoundError
from ifoflow.domain.validation import field_path
from ifoflow.web.deps import templates

log = logging.getLogger("ifoflow.web")
TITLES = {403: "Du har inte behörighet", 404: "Sidan finns inte", 405: "Det går inte att göra så här",
          413: "Filen är för stor", 422: "Uppgifterna kunde inte tas emot", 500: "Något gick fel hos oss"}
NOT_FOUND = "Sidan eller uppgiften du söker finns inte. Kontrollera adressen eller gå tillbaka till startsidan."
SERVER_ERROR = ("Ett oväntat fel inträffade och ingenting sparades. Försök igen om en stund. Kvarstår felet, "
                "kontakta kommunens IT-stöd och berätta vad du gjorde.")


def answer(request: Request, status: int, message: str) -> Response:
    if request.url.path.startswith("/api/"):
        return JSONResponse({"fel": message}, status_code=status)
    page = "citizen_error.html" if request.url.path.startswith("/e-tjanst") else "error.html"
    return templates.TemplateResponse(request, page, {"title": TITLES.get(status, TITLES[500]), "message": message},
                                      status_code=status)


def install(app: FastAPI) -> None:
    """Register the handlers on the app."""

    @app.exception_handler(NotFoundError)
    async def not_found(request: Request, exc: NotFoundError) -> Response:
        return answer(request, 404, exc.message)

    @app.exception_handler(InputError)
    async def bad_input(request: Request, exc: InputError) -> Response:
        """A wrong value a route did not catch itself (e.g. a month in the address): a message, not a 500."""
        return answer(request, 422, exc.message)

    @app.exception_handler(DataError)
    async def unstorable(request: Request, exc: DataError) -> Response:
        """A value the database cannot hold (a NUL character, too long for its column): nothing was saved."""
        log.warning("Värde som databasen inte kan lagra vid %s %s: %s", request.method, _route(request),
                    type(exc.orig).__name__)  # the database's own text may quote the value
        return answer(request, 422, "Uppgifterna innehåller tecken eller längder som inte kan tas emot. Inget "
                                    "sparades; kontrollera det du skrev och försök igen.")

    @app.exception_handler(AccessDenied)
    async def denied(request: Request, exc: AccessDenied) -> Response:
        return answer(request, 403, exc.message)

    @app.exception_handler(RequestValidationError)
    async def bad_request(request: Request, exc: RequestValidationError) -> Response:
        err = exc.errors()[0]
        if err["loc"] and err["loc"][0] == "path":  # /personer/abc or an id no row can have: nothing is there
            return answer(request, 404, NOT_FOUND)
        field = field_path(tuple(p for p in err["loc"] if p not in ("query", "path", "body")))
        return answer(request, 422, f"Ogiltigt värde i fältet {field}.")

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        if exc.status_code == 404:
            return answer(request, 404, NOT_FOUND)
        if exc.status_code == 405:
            return answer(request, 405, "Adressen finns, men inte för den här sortens anrop.")
        return answer(request, exc.status_code, TITLES.get(exc.status_code, "Begäran kunde inte tas emot."))

    @app.exception_handler(Exception)
    async def server_error(request: Request, exc: Exception) -> Response:
        log.exception("Oväntat fel vid %s %s", request.method, _route(request))
        return answer(request, 500, SERVER_ERROR)


def _route(request: Request) -> str:
    """The route's template (`/arenden/{case_id}`), never the path with its ids and query."""
    return str(getattr(request.scope.get("route"), "path", "okänd sida"))
