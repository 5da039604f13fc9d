"""Messages for the next page ("Ansökan är beslutad."), kept in the signed session, never in the address."""

from typing import Any

from fastapi import Request
from fastapi.responses import RedirectResponse
from starlette.background import BackgroundTask


def flash(request: Request, text: str, kind: str = "notice") -> None:
    """Show `text` once on the next page; kind "notice" (role=status) or "error" (role=alert)."""
    request.session.setdefault("flash", []).append({"kind": kind, "text": text})


def redirect(request: Request, url: str, text: str = "", kind: str = "notice",
             background: BackgroundTask | None = None) -> RedirectResponse:
    """Post/redirect/get with a message for the page it leads to (and work to do once it is sent)."""
    if text:
        flash(request, text, kind)
    return RedirectResponse(url, status_code=303, background=background)


def take(request: Request) -> list[dict[str, Any]]:
    """The waiting messages, removed from the session as they are shown."""
    found = request.session.pop("flash", None)
    return found if isinstance(found, list) else []
