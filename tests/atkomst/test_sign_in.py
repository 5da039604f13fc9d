"""Sign-in answers the same whatever the cause, and throttles per account and address without letting anyone lock
a colleague out from elsewhere."""

import re

import pytest
from argon2 import PasswordHasher
from fastapi.testclient import TestClient
from sqlalchemy import Engine, update
from sqlalchemy.orm import sessionmaker

from ifoflow.app import create_app
from ifoflow.atkomst import auth
from ifoflow.atkomst.models import StaffUser
from ifoflow.settings import get_settings
from tests.staff_town import Target
from tests.web.helpers import sign_in


def _client(engine: Engine, address: str) -> TestClient:
    return TestClient(create_app(engine), base_url="https://testserver", client=(address, 50000))


def _message(page: str) -> str:
    found = re.search(r'<p class="error" role="alert">([^<]*)</p>', page)
    return found.group(1) if found else ""


def test_every_refusal_reads_the_same_and_checks_a_password_hash(engine: Engine, town: dict[str, Target],
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    with sessionmaker(engine)() as s:
        s.execute(update(StaffUser).where(StaffUser.username == "eb01_ekonomiassistent").values(active=False))
        s.commit()
    checks: list[str] = []

    class Counting(PasswordHasher):
        def verify(self, hash: str | bytes, password: str | bytes) -> bool:
            checks.append(str(hash))
            return super().verify(hash, password)

    monkeypatch.setattr(auth, "HASHER", Counting())
    client = _client(engine, "10.0.0.1")
    answers = {"fel lösenord": _message(sign_in(client, "hl0001", "fel-losenord-123").text),
               "okänt namn": _message(sign_in(client, "finns-inte-alls", "fel-losenord-123").text),
               "avstängt konto": _message(sign_in(client, "eb01_ekonomiassistent").text)}
    assert set(answers.values()) == {auth.REFUSED}, answers
    assert len(checks) == 3  # a hash is checked every time: an unknown name costs the same work as a known one


def test_failures_lock_the_account_from_that_address_only(engine: Engine, town: dict[str, Target]) -> None:
    attacker, colleague = _client(engine, "10.0.0.66"), _client(engine, "10.0.0.7")
    for _ in range(get_settings().lockout_after):
        sign_in(attacker, "hl0001", "fel-losenord-123")
    refused = sign_in(attacker, "hl0001")  # the right password, from the address that guessed
    assert _message(refused.text) == auth.REFUSED and "Logga ut" not in refused.text
    assert "Logga ut" in sign_in(colleague, "hl0001").text  # the real user elsewhere is not locked out


def test_many_names_from_one_address_are_throttled(engine: Engine, town: dict[str, Target],
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("IFOFLOW_SIGNIN_ADDRESS_LIMIT", "4")
    get_settings.cache_clear()
    sprayer = _client(engine, "10.0.0.99")
    for n in range(4):
        sign_in(sprayer, f"gissning{n}", "Sommar2026!!")
    assert _message(sign_in(sprayer, "hl0001").text) == auth.REFUSED
    assert "Logga ut" in sign_in(_client(engine, "10.0.0.8"), "hl0001").text
