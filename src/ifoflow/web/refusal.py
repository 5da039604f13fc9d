"""When a service refuses a form (InputError), nothing of it is kept and the person is sent back: to a page with
the message, or to the same form with what they typed. Routes never roll back themselves.

The exception passes through the session dependency (which rolls back, or for a re-shown form commits the
reading that followed the rollback) to the handlers installed by `install`, which answer.
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from ifoflow.domain.errors import InputError, NotFoundError
from ifoflow.web.deps import Reshown, templates
from ifoflow.web.flash import redirect


class SentBack(Exception):
    def __init__(self, url: str, message: str) -> None:
        super().__init__(message)
        self.url, self.message = url, message


Build = Callable[[Session], dict[str, Any]]


class ShownAgain(Reshown):
    def __init__(self, page: str, context: dict[str, Any], error: InputError) -> None:
        super().__init__(error.message)
        self.page, self.context, self.error = page, context, error


@contextmanager
def back_to(url: str) -> Iterator[None]:
    """A refusal inside (a wrong value, or something typed that does not exist) sends the person to `url` with
    the message; nothing is saved."""
    try:
        yield
    except (InputError, NotFoundError) as exc:
        raise SentBack(url, exc.message) from exc


@contextmanager
def form_again(session: Session, page: str, build: Build) -> Iterator[None]:
    """A refusal inside shows `page` again (422) with the message as `error` and its field as `error_field`.

    The refused change is rolled back first; `build(session)` then makes the page's context (what was typed,
    what the page shows), and the reads it logs are committed with it.
    """
    try:
        yield
    except InputError as exc:
        session.rollback()
        for loaded in list(session.identity_map.values()):  # the route's objects (the user ...) as stored
            session.refresh(loaded)
        raise ShownAgain(page, build(session), exc) from exc


def install(app: FastAPI) -> None:
    @app.exception_handler(SentBack)
    async def sent_back(request: Request, exc: SentBack) -> Response:
        return redirect(request, exc.url, exc.message, "error")

    @app.exception_handler(ShownAgain)
    async def shown_again(request: Request, exc: ShownAgain) -> Response:
        return templates.TemplateResponse(request, exc.page, {**exc.context, "error": exc.error.message,
                                                               "error_field": exc.error.field}, status_code=422)
