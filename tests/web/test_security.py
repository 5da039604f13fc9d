"""Sign-in, lockout, CSRF, tampered cookies, path traversal, headers, OIDC, and the access log."""

from datetime import datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, func, select, update
from sqlalchemy.orm import sessionmaker
from typer.testing import CliRunner

from ifoflow.app import create_app
from ifoflow.atkomst import service as access
from ifoflow.atkomst.models import AccessGrant, AccessLog, StaffUser, Unit
from ifoflow.main import app
from ifoflow.settings import get_settings
from tests.staff_town import Target
from tests.web.helpers import client_for, post, sign_in, token


def test_posts_without_or_with_a_wrong_csrf_token_are_refused(engine: Engine, town: dict[str, Target]) -> None:
    client = client_for(engine, "it_strateg")
    assert client.post("/drift/robotar/infobrev/paus", data={"paus": "ja"}).status_code == 403
    forged = client.post("/drift/robotar/infobrev/paus", data={"paus": "ja", "csrf_token": "gissning"})
    assert forged.status_code == 403 and "säkerhetskontrollen" in forged.text
    assert post(client, "/drift/robotar/infobrev/paus", {"paus": "ja"}, page="/drift").status_code == 200


def test_tampered_session_cookie_means_signed_out_not_an_error(engine: Engine, town: dict[str, Target]) -> None:
    client = client_for(engine, "hl0001")
    value = client.cookies.get("ifoflow")
    assert value
    client.cookies.clear()
    client.cookies.set("ifoflow", value[:-4] + ("AAAA" if not value.endswith("AAAA") else "BBBB"))
    page = client.get("/enheter/EB-01/arenden")
    assert page.status_code == 200 and "Logga in" in page.text


@pytest.mark.parametrize("url", ["/dokument/..%2F..%2Fetc%2Fpasswd", "/dokument/../../etc/passwd",
                                 "/dokument/%2e%2e%2fsecret.key", "/dokument/99999", "/dokument/-1"])
def test_path_traversal_in_document_downloads_is_refused(engine: Engine, town: dict[str, Target], url: str) -> None:
    response = client_for(engine, "hl0001").get(url)
    assert response.status_code in (403, 404, 422)
    assert "root:" not in response.text


def test_documents_of_the_own_unit_download(engine: Engine, town: dict[str, Target]) -> None:
    response = client_for(engine, "hl0001").get(f"/dokument/{town['EB-01'].document_id}")
    assert response.status_code == 200 and response.text == "Underlag EB-01"


def test_security_headers(engine: Engine, town: dict[str, Target]) -> None:
    headers = client_for(engine).get("/logga-in").headers
    assert "frame-ancestors 'none'" in headers["content-security-policy"]
    assert headers["x-content-type-options"] == "nosniff" and headers["x-frame-options"] == "DENY"
    assert "max-age" in headers["strict-transport-security"]
    cookie = client_for(engine).get("/logga-in").headers["set-cookie"].lower()
    assert "httponly" in cookie and "secure" in cookie and "samesite=lax" in cookie


def test_every_read_is_logged_and_review_flags_reads_without_an_open_case(engine: Engine,
                                                                         town: dict[str, Target]) -> None:
    factory = sessionmaker(engine)
    client = client_for(engine, "hl0001")
    listing = client.get("/enheter/EB-01/arenden")
    client.get(f"/personer/{town['EB-01'].person_id}")
    with factory() as s:
        rows = s.scalar(select(func.count()).select_from(AccessLog))
        assert rows == listing.text.count('href="/personer/') + 1
        user = s.scalar(select(StaffUser).where(StaffUser.username == "hl0001"))
        assert user is not None
        access.grant(s, user=user, unit_id=s.scalar(select(Unit.id).where(Unit.code == "EB-02")) or 0, days=7,
                     reason="Vikarierar för hl0011", granted_by="chef")
        s.commit()
    assert client.get(f"/personer/{town['EB-02'].person_id}").status_code == 200  # covering a colleague
    admin = client_for(engine, "eb01_administrator")
    review = admin.get("/logguppfoljning", params={"utan_arende": "true"})
    assert "varav 1 utan öppet ärende" in review.text and "hl0001" in review.text
    report = CliRunner().invoke(app, ["access", "report", "--without-case", "--csv"])
    assert report.exit_code == 0 and report.output.count("\n") == 2 and "personsida" in report.output
    with factory() as s:  # the exception expires
        s.execute(update(AccessGrant).values(valid_until=datetime.now() - timedelta(minutes=1)))
        s.commit()
    assert client.get(f"/personer/{town['EB-02'].person_id}").status_code == 403


def test_oidc_sign_in(engine: Engine, town: dict[str, Target], monkeypatch: pytest.MonkeyPatch) -> None:
    for key, value in {"OIDC_CLIENT_ID": "ifoflow", "OIDC_CLIENT_SECRET": "s",
                       "OIDC_AUTHORIZE_URL": "https://idp.kommun.example/authorize",
                       "OIDC_TOKEN_URL": "https://idp.kommun.example/token",
                       "OIDC_USERINFO_URL": "https://idp.kommun.example/userinfo"}.items():
        monkeypatch.setenv(f"IFOFLOW_{key}", value)
    get_settings.cache_clear()
    with sessionmaker(engine)() as s:
        s.execute(update(StaffUser).where(StaffUser.username == "hl0001").values(oidc_subject="abc-123"))
        s.commit()
    client = client_for(engine)
    start = client.get("/logga-in/sso", follow_redirects=False)
    assert start.status_code == 302 and start.headers["location"].startswith("https://idp.kommun.example/authorize")
    assert "state=" in start.headers["location"]

    async def fake_token(self: object, request: object, **kwargs: object) -> dict[str, object]:
        return {"access_token": "t", "userinfo": {"sub": "abc-123"}}

    from authlib.integrations.starlette_client import StarletteOAuth2App

    monkeypatch.setattr(StarletteOAuth2App, "authorize_access_token", fake_token)
    done = client.get("/logga-in/sso/klar?code=x&state=y")
    assert done.status_code == 200 and "Logga ut" in done.text
    assert token(client, "/")


@pytest.mark.parametrize("username, url", [
    ("hl0001", "/enheter/FINNS-EJ/ansokningar"),
    ("hl0001", "/enheter/FINNS-EJ/uppgifter"),
    ("hl0001", "/enheter/FINNS-EJ/arenden"),
    ("eb01_administrator", "/personer/999999/registerutdrag.json"),
    ("eb01_processagare", "/processer/999999"),
    ("eb01_processagare", "/processer/999999/sammanfattning.pdf"),
])
def test_unknown_things_are_404_in_swedish_never_500(engine: Engine, town: dict[str, Target], username: str,
                                                     url: str) -> None:
    response = client_for(engine, username).get(url)
    assert response.status_code == 404 and "finns inte" in response.text


def test_a_read_is_logged_before_the_answer_leaves(engine: Engine, town: dict[str, Target]) -> None:
    """The access-log row is committed when the response starts: checked from another connection at that very
    moment, not after the request has finished."""
    seen: list[int] = []

    def count() -> int:
        with engine.connect() as conn:
            return conn.scalar(select(func.count()).select_from(AccessLog).where(
                AccessLog.person_id == town["EB-01"].person_id, AccessLog.action == "personsida")) or 0

    inner = create_app(engine)

    async def watching(scope: dict, receive: object, send: object) -> None:  # type: ignore[type-arg]
        async def send_and_look(message: dict) -> None:  # type: ignore[type-arg]
            if message["type"] == "http.response.start" and scope["path"].startswith("/personer/"):
                seen.append(count())
            await send(message)  # type: ignore[operator]

        await inner(scope, receive, send_and_look)  # type: ignore[operator]

    client = TestClient(watching, base_url="https://testserver")
    assert sign_in(client, "hl0001").status_code == 200 and count() == 0
    assert client.get(f"/personer/{town['EB-01'].person_id}").status_code == 200
    assert seen == [1]
