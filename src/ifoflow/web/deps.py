"""Request dependencies as type aliases (FastAPI style)."""

import secrets
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated

from fastapi import Depends, Request
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader, select_autoescape
from sqlalchemy.orm import Session

from ifoflow.domain import format as fmt
from ifoflow.domain.enums import label, trigger_label
from ifoflow.web import evidence, flash

PACKAGES = Path(__file__).parents[1]
# The shared frame (base.html, error pages) and every package's own pages (ifoflow/<package>/templates/); page names
# are unique across packages (a test checks), so a route names its page without its package.
TEMPLATE_DIRS = [Path(__file__).parent / "templates", *sorted(PACKAGES.glob("*/templates"))]
templates = Jinja2Templates(env=Environment(loader=FileSystemLoader([str(d) for d in TEMPLATE_DIRS]),
                                            autoescape=select_autoescape()))
templates.env.filters["label"] = label
templates.env.filters["trigger"] = trigger_label
templates.env.filters["kr"] = fmt.kr
templates.env.filters["day"] = fmt.day
templates.env.filters["moment"] = fmt.moment
templates.env.filters["month"] = fmt.month
templates.env.filters["number"] = fmt.number
templates.env.filters["decimal"] = fmt.decimal


def csrf_token(request: Request) -> str:
    """The session's CSRF token, made on first use; every form carries it as a hidden field."""
    token = request.session.get("csrf")
    if not token:
        token = request.session["csrf"] = secrets.token_urlsafe(32)
    return str(token)


templates.env.globals["csrf_token"] = csrf_token
templates.env.globals["flashes"] = flash.take
templates.env.globals["evidence_rows"] = evidence.rows


class Reshown(Exception):
    """Raised after a refused change was rolled back and the form's page read again (ifoflow.web.refusal): the
    unit of work commits what came after the rollback, the access-log rows of that reading."""


def get_session(request: Request) -> Iterator[Session]:
    """The request's unit of work: commit when the route returns, roll back everything on an error."""
    session = request.app.state.sessions()
    try:
        yield session
        session.commit()
    except Reshown:
        session.commit()
        raise
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


# scope="function": the unit of work commits when the route returns, before the response is sent, so a read's
# access-log rows are stored in the read's own transaction before anyone sees the data.
SessionDep = Annotated[Session, Depends(get_session, scope="function")]
