"""`ifoflow serve` refuses what is only safe in a demo, and says which setting to change."""

from datetime import date

import pytest
from sqlalchemy import Engine, update
from sqlalchemy.orm import sessionmaker
from typer.testing import CliRunner

from ifoflow.atkomst.auth import hash_password
from ifoflow.atkomst.models import StaffUser
from ifoflow.atkomst.production import unsafe_settings
from ifoflow.main import app
from ifoflow.settings import get_settings
from ifoflow.synthetic.seed import seed

SECRET = "x" * 48


@pytest.fixture
def demo_store(engine: Engine, settings_env: str) -> Engine:
    seed(engine, households=5, seed=1, today=date(2026, 11, 1))
    return engine


def _serve(monkeypatch: pytest.MonkeyPatch, **env: str) -> str:
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    get_settings.cache_clear()
    result = CliRunner().invoke(app, ["serve"])
    assert result.exit_code == 2, result.output
    return result.output


def test_serve_refuses_the_development_e_legitimation(demo_store: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    output = _serve(monkeypatch, IFOFLOW_EID_PROVIDER="dev", IFOFLOW_SECRET_KEY=SECRET)
    assert "IFOFLOW_EID_PROVIDER=dev" in output and "ifoflow demo" in output


def test_serve_refuses_a_missing_secret_and_demo_passwords(demo_store: Engine,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    output = _serve(monkeypatch)
    assert "IFOFLOW_SECRET_KEY" in output and "demolösenordet" in output and "users set-password" in output
    assert "IFOFLOW_EID_PROVIDER" not in output  # the default is the real e-legitimation (OIDC)


EID = {f"IFOFLOW_EID_{k}": f"https://idp.kommun.example/{k.lower()}" for k in
       ("CLIENT_ID", "CLIENT_SECRET", "AUTHORIZE_URL", "TOKEN_URL", "USERINFO_URL")}


def test_alert_channels_and_e_legitimation_that_reach_no_one_are_refused(
        demo_store: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    output = _serve(monkeypatch, IFOFLOW_SECRET_KEY=SECRET, IFOFLOW_ORO_ALERT_CHANNEL="epost",
                    IFOFLOW_OPS_ALERT_CHANNEL="sms", IFOFLOW_OPS_ALERT_TO="0701234567", IFOFLOW_COOKIE_SECURE="false")
    assert "IFOFLOW_EID_CLIENT_ID" in output and "IFOFLOW_ORO_ALERT_TO saknas" in output
    assert "IFOFLOW_SMTP_HOST saknas" in output and "IFOFLOW_SMS_GATEWAY_URL saknas" in output
    assert "IFOFLOW_COOKIE_SECURE=false" in output


def test_a_changed_password_and_a_secret_are_enough(demo_store: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("IFOFLOW_SECRET_KEY", SECRET)
    for name, value in EID.items():
        monkeypatch.setenv(name, value)
    get_settings.cache_clear()
    with sessionmaker(demo_store)() as s:
        s.execute(update(StaffUser).values(password_hash=hash_password("ett-eget-langt-losenord")))
        assert unsafe_settings(get_settings(), s) == []
        monkeypatch.setenv("IFOFLOW_DEMO_MODE", "true")  # and in demo mode nothing is refused
        monkeypatch.setenv("IFOFLOW_EID_PROVIDER", "dev")
        get_settings.cache_clear()
        assert unsafe_settings(get_settings(), s) == []


def test_the_development_sign_in_is_off_outside_demo_mode(demo_store: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    from fastapi.testclient import TestClient

    from ifoflow.app import create_app
    from tests.web.helpers import token

    monkeypatch.setenv("IFOFLOW_EID_PROVIDER", "dev")  # forgotten in production, without demo mode
    get_settings.cache_clear()
    client = TestClient(create_app(demo_store), base_url="https://testserver")
    page = client.get("/e-tjanst/logga-in").text
    assert "Testperson" not in page and "inte påslagen" in page
    answer = client.post("/e-tjanst/logga-in", data={"annat_personnummer": "198001019814",
                                                      "csrf_token": token(client, "/logga-in")})
    assert "Mina ärenden" not in answer.text and "e-legitimation" in answer.text
