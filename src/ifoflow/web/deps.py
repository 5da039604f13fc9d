"""Request dependencies as type aliases (FastAPI style)."""

import secrets
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated

from fastapi import Depends, Request
from fastapi.templating import Jinja2Templates
from sqlalchemy.orm import Session

from ifoflow.domain.enums import label
from ifoflow.store.db import unit_of_work

templates = Jinja2Templates(directory=str(Path(__file__).parent / "templates"))
templates.env.filters["label"] = label
templates.env.filters["kr"] = lambda v: f"{int(v):,}".replace(",", "\u00a0") + "\u00a0kr"


def csrf_token(request: Request) -> str:
    """The session's CSRF token, made on first use; every form carries it as a hidden field."""
    token = request.session.get("csrf")
    if not token:
        token = request.session["csrf"] = secrets.token_urlsafe(32)
    return str(token)


templates.env.globals["csrf_token"] = csrf_token


def get_session(request: Request) -> Iterator[Session]:
    with unit_of_work(request.app.state.sessions) as session:
        yield session


SessionDep = Annotated[Session, Depends(get_session)]
