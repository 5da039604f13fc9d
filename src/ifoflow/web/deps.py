"""Request dependencies as type aliases (FastAPI style)."""

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


def get_session(request: Request) -> Iterator[Session]:
    with unit_of_work(request.app.state.sessions) as session:
        yield session


SessionDep = Annotated[Session, Depends(get_session)]
