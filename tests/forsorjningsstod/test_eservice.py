"""The e-service: sign in, apply, get a decision in seconds, open the letter; bad input keeps what was typed."""

import re
from datetime import date

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from ifoflow.app import create_app
from ifoflow.arende.models import Application, Document
from ifoflow.beslut import service as decision_types
from ifoflow.beslut.models import DecisionType
from ifoflow.settings import get_settings
from tests.towns import TYPE, _single_adult_case
from tests.web.helpers import client_for, token

pytestmark = pytest.mark.usefixtures("demo_mode")


def _citizen(factory: sessionmaker[Session], kind: str = "aktivitetsstod") -> tuple[TestClient, str, dict[str, int]]:
    with factory() as s:
        if not s.scalar(select(DecisionType.id)):
            decision_types.register(s, TYPE, actor="namnd")
            s.commit()
        _, pnr, incomes = _single_adult_case(s, kind)
    client = TestClient(create_app(factory.kw["bind"]), base_url="https://testserver")
    response = client.post("/e-tjanst/logga-in", data={"personnummer": pnr,
                                                       "csrf_token": token(client, "/e-tjanst/logga-in")})
    assert "Mina ärenden" in response.text
    return client, pnr, incomes


def _form(client: TestClient, pnr: str, incomes: dict[str, int], **extra: str) -> dict[str, str]:
    data = {"csrf_token": token(client, "/e-tjanst/ansokan"), "manad": "2026-03", "kostnad_hyra": "6500",
            **{f"inkomst_{pnr}_{k}": str(v) for k, v in incomes.items()}}
    data.update(extra)
    return data


def test_citizen_applies_and_gets_an_automated_decision_with_a_letter(registers: sessionmaker[Session]) -> None:
    client, pnr, incomes = _citizen(registers)
    page = client.post("/e-tjanst/ansokan", data=_form(client, pnr, incomes))
    assert page.status_code == 200 and "mars 2026" in page.text and "(automatiskt)" in page.text
    assert "Nästa bankdag" in page.text and "är beslutad" in page.text  # paid with the next payment file
    link = re.search(r'href="(/e-tjanst/brev/\d+)"', page.text)
    assert link
    letter = client.get(link.group(1))
    assert letter.status_code == 200 and letter.content.startswith(b"%PDF")
    assert client.get("/e-tjanst/brev/99999").status_code == 404


def test_next_month_is_prefilled_from_the_last_application(registers: sessionmaker[Session]) -> None:
    client, pnr, incomes = _citizen(registers)
    client.post("/e-tjanst/ansokan", data=_form(client, pnr, incomes))
    again = client.get("/e-tjanst/ansokan")
    assert 'value="6500"' in again.text


@pytest.mark.parametrize("extra, message", [
    ({"kostnad_hyra": "sjutusen"}, "hela kronor"),
    ({"kostnad_hyra": "2000000"}, "1 000 000"),
    ({"manad": "mars"}, "ÅÅÅÅ-MM"),
])
def test_bad_input_is_refused_keeps_what_was_typed_and_stores_nothing(registers: sessionmaker[Session],
                                                                    extra: dict[str, str], message: str) -> None:
    client, pnr, incomes = _citizen(registers)
    page = client.post("/e-tjanst/ansokan", data=_form(client, pnr, incomes, **extra))
    assert page.status_code == 422 and message in page.text
    typed = next(iter(extra.values()))
    assert typed in page.text or extra.get("manad")
    with registers() as s:
        assert s.scalar(select(func.count()).select_from(Application)) == 0


@pytest.mark.parametrize("name, content, scanner, message", [
    ("x.exe", b"MZ\x90\x00", "", "Bara PDF, JPEG och PNG"),
    ("stor.pdf", b"%PDF" + b"0" * (1024 * 1024 + 10), "", "större än 1 MB"),
    ("ok.pdf", b"%PDF-1.4 test", "false", "viruskontrollen"),
])
def test_attachments_are_checked(registers: sessionmaker[Session], monkeypatch: pytest.MonkeyPatch, name: str,
                                 content: bytes, scanner: str, message: str) -> None:
    monkeypatch.setenv("IFOFLOW_MAX_UPLOAD_MB", "1")
    monkeypatch.setenv("IFOFLOW_VIRUS_SCAN_COMMAND", scanner)
    get_settings.cache_clear()
    client, pnr, incomes = _citizen(registers)
    page = client.post("/e-tjanst/ansokan", data=_form(client, pnr, incomes), files={"bilagor": (name, content)})
    assert page.status_code == 422 and message in page.text
    with registers() as s:
        assert s.scalar(select(func.count()).select_from(Application)) == 0


def test_a_clean_attachment_is_stored_with_the_application(registers: sessionmaker[Session],
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("IFOFLOW_VIRUS_SCAN_COMMAND", "true")
    get_settings.cache_clear()
    client, pnr, incomes = _citizen(registers)
    png = b"\x89PNG\r\n\x1a\n" + b"0" * 100
    client.post("/e-tjanst/ansokan", data=_form(client, pnr, incomes), files={"bilagor": ("kvitto.png", png)})
    with registers() as s:
        assert s.scalar(select(Document.content_type).where(Document.kind == "bilaga")) == "image/png"


def test_signed_out_citizens_are_sent_to_sign_in(registers: sessionmaker[Session]) -> None:
    client = TestClient(create_app(registers.kw["bind"]), base_url="https://testserver")
    assert "e-legitimation" in client.get("/e-tjanst/mina-arenden").text
    assert date.today()


def test_metrics_page_counts_automated_and_routed_applications(registers: sessionmaker[Session]) -> None:
    client, pnr, incomes = _citizen(registers)
    client.post("/e-tjanst/ansokan", data=_form(client, pnr, incomes))
    other, other_pnr, _ = _citizen(registers, "sjukpenning")
    other.post("/e-tjanst/ansokan", data=_form(other, other_pnr, {}))  # leaves out the sickness benefit
    staff = client_for(registers.kw["bind"], "namndsekreterare")
    page = staff.get("/bistand/nyckeltal?dagar=3660")
    assert page.status_code == 200
    facts = dict(re.findall(r"<dt>([^<]+)</dt><dd>([^<]+)</dd>", page.text))
    assert facts["Ansökningar"] == "2" and facts["Automatiskt beslutade"].startswith("1 (50 %")
    assert "Ej redovisad inkomst: sjukpenning" in page.text
    assert staff.get("/bistand/nyckeltal?dagar=0").status_code == 422


@pytest.mark.parametrize("claim, expected", [
    ("19880402-9802", "Mina ärenden"),  # a synthetic test number
    ("not-a-number", "inget giltigt personnummer"),
    ("", "inget giltigt personnummer"),
])
def test_citizen_signs_in_with_oidc_e_legitimation(registers: sessionmaker[Session], monkeypatch: pytest.MonkeyPatch,
                                                   claim: str, expected: str) -> None:
    for key, value in {"PROVIDER": "oidc", "CLIENT_ID": "ifoflow", "CLIENT_SECRET": "s",
                       "AUTHORIZE_URL": "https://eid.example/authorize", "TOKEN_URL": "https://eid.example/token",
                       "USERINFO_URL": "https://eid.example/userinfo"}.items():
        monkeypatch.setenv(f"IFOFLOW_EID_{key}", value)
    get_settings.cache_clear()
    with registers() as s:
        _, pnr, _ = _single_adult_case(s, "aktivitetsstod")
    client = TestClient(create_app(registers.kw["bind"]), base_url="https://testserver")
    assert "Logga in med BankID" in client.get("/e-tjanst/logga-in").text
    picked = client.post("/e-tjanst/logga-in", data={"personnummer": pnr, "csrf_token": token(client)})
    assert "Mina ärenden" not in picked.text  # no picking a person in production
    start = client.get("/e-tjanst/logga-in/e-legitimation", follow_redirects=False)
    assert start.status_code == 302 and start.headers["location"].startswith("https://eid.example/authorize")
    assert "naturalPersonNumber" in start.headers["location"]

    async def fake_token(self: object, request: object, **kwargs: object) -> dict[str, object]:
        number = pnr if claim.startswith("1988") else claim
        return {"access_token": "t", "userinfo": {"https://id.oidc.se/claim/personalIdentityNumber": number}}

    from authlib.integrations.starlette_client import StarletteOAuth2App

    monkeypatch.setattr(StarletteOAuth2App, "authorize_access_token", fake_token)
    done = client.get("/e-tjanst/logga-in/e-legitimation/klar?code=x&state=y")
    assert done.status_code == 200 and expected in done.text


def test_a_failed_e_legitimation_callback_is_a_message_not_an_error(registers: sessionmaker[Session],
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("IFOFLOW_EID_PROVIDER", "oidc")
    monkeypatch.setenv("IFOFLOW_EID_AUTHORIZE_URL", "https://eid.example/authorize")
    get_settings.cache_clear()
    client = TestClient(create_app(registers.kw["bind"]), base_url="https://testserver")
    done = client.get("/e-tjanst/logga-in/e-legitimation/klar?code=forged&state=forged")
    assert done.status_code == 200 and "misslyckades" in done.text
