"""Sign-in (local argon2 accounts or OIDC single sign-on), sign-out, the current user, and CSRF checks."""

import secrets
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from ifoflow.atkomst import service as access
from ifoflow.atkomst.auth import SignInRefused, sign_in
from ifoflow.atkomst.models import StaffUser
from ifoflow.atkomst.service import AccessDenied, require
from ifoflow.settings import get_settings
from ifoflow.web.deps import SessionDep, templates
from ifoflow.web.flash import redirect

router = APIRouter()
UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}


class NotSignedIn(Exception):
    """Handled by the app: a redirect to the sign-in page."""


async def verify_csrf(request: Request) -> None:
    """Every form post must carry the session's token (a hidden field `csrf_token`)."""
    if request.method not in UNSAFE or request.url.path.startswith("/api/"):
        return  # /api/ takes no cookies: each call carries its bearer token (web/api.py)
    form = await request.form()
    sent, expected = form.get("csrf_token"), request.session.get("csrf")
    if not expected or not isinstance(sent, str) or not secrets.compare_digest(sent, str(expected)):
        raise AccessDenied("Formuläret kunde inte tas emot (säkerhetskontrollen misslyckades). Ladda om sidan "
                           "och försök igen.")


def current_user(request: Request, session: SessionDep) -> StaffUser:
    user_id = request.session.get("user_id")
    user = session.get(StaffUser, user_id) if isinstance(user_id, int) else None
    if user is None or not user.active:
        raise NotSignedIn()
    return user


CurrentUser = Annotated[StaffUser, Depends(current_user)]


def permission(name: str) -> Any:
    """Dependency: the signed-in user must have this permission (role check only; units are checked per item)."""

    def check(user: CurrentUser, session: SessionDep) -> StaffUser:
        require(session, user, name)
        return user

    return Depends(check)


def _safe_next(target: str) -> str:
    return target if target.startswith("/") and not target.startswith("//") else "/"


@router.get("/logga-in", response_class=HTMLResponse)
def sign_in_page(request: Request, nasta: str = "/") -> HTMLResponse:
    settings = get_settings()
    return templates.TemplateResponse(request, "sign_in.html", {
        "next": _safe_next(nasta), "sso": bool(settings.oidc_client_id)})


@router.post("/logga-in")
def sign_in_post(request: Request, session: SessionDep, anvandarnamn: str = Form(""), losenord: str = Form(""),
                 nasta: str = Form("/")) -> Response:
    settings = get_settings()
    try:
        user = sign_in(session, anvandarnamn, losenord, address=request.client.host if request.client else "",
                       lockout_after=settings.lockout_after, lockout_minutes=settings.lockout_minutes,
                       address_limit=settings.signin_address_limit)
    except SignInRefused as exc:
        return redirect(request, f"/logga-in?nasta={quote(_safe_next(nasta))}", exc.message, "error")
    request.session.clear()  # a fresh session (and CSRF token) after sign-in
    request.session["user_id"] = user.id
    return RedirectResponse(_safe_next(nasta), status_code=303)


@router.post("/logga-ut")
def sign_out(request: Request) -> Response:
    request.session.clear()
    return redirect(request, "/logga-in", "Du är utloggad.")


async def oidc_start(request: Request, provider: str, done_route: str, off: str, off_message: str) -> Response:
    """Send the browser to the identity provider `provider`; back to `off` saying `off_message` when the
    installation has not turned it on."""
    client = request.app.state.oauth.create_client(provider) if request.app.state.oauth else None
    if client is None:
        return redirect(request, off, off_message, "error")
    return await client.authorize_redirect(request, str(request.url_for(done_route)))  # type: ignore[no-any-return]


async def oidc_userinfo(request: Request, provider: str) -> dict[str, Any] | None:
    """The provider's claims after its callback; None for an IdP error, a forged callback or no such provider."""
    client = request.app.state.oauth.create_client(provider) if request.app.state.oauth else None
    if client is None:
        return None
    try:
        token = await client.authorize_access_token(request)
        return dict(token.get("userinfo") or await client.userinfo(token=token))
    except Exception:  # never a 5xx
        return None


@router.get("/logga-in/sso")
async def sso_start(request: Request) -> Response:
    return await oidc_start(request, "kommun", "sso_done", "/logga-in",
                            "Inloggning med kommunens konto är inte påslagen.")


@router.get("/logga-in/sso/klar", name="sso_done")
async def sso_done(request: Request, session: SessionDep) -> Response:
    info = await oidc_userinfo(request, "kommun")
    if info is None:
        return redirect(request, "/logga-in", "Inloggningen avbröts eller misslyckades.", "error")
    user = access.by_sso_subject(session, str(info.get("sub") or ""))
    if user is None:
        return redirect(request, "/logga-in", "Kontot finns inte i ifoflow. Kontakta din administratör.", "error")
    request.session.clear()
    request.session["user_id"] = user.id
    return RedirectResponse("/", status_code=303)
