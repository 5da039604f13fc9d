"""Fuzzing the application form (hypothesis): never a 5xx, a Swedish message on refusal, nothing half-stored."""

import string

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from ifoflow.arende.models import Application, Document
from ifoflow.forsorjningsstod.eservice_web import FORM_COSTS
from ifoflow.rules.kinds import INCOME_KINDS
from tests.forsorjningsstod.test_eservice import _citizen
from tests.web.helpers import token

AMOUNT = st.one_of(st.integers(-10**7, 10**7).map(str), st.text(max_size=12),
                   st.sampled_from(["", " 12 ", "1e5", "0x10", "١٢٣", "12,5", "99999999999999999999"]))
MONTH = st.one_of(st.sampled_from(["2026-03", "2026-04", "2024-01", "2031-12", "", "2026-13", "2026-3"]),
                  st.text(alphabet=string.printable, max_size=10))
UPLOAD = st.tuples(st.text(min_size=1, max_size=30), st.binary(max_size=2048).map(lambda b: b"%PDF" + b)
                   | st.binary(max_size=64))

pytestmark = pytest.mark.usefixtures("demo_mode")


def _counts(factory: sessionmaker[Session]) -> tuple[int, int]:
    with factory() as s:
        return (s.scalar(select(func.count()).select_from(Application)) or 0,
                s.scalar(select(func.count()).select_from(Document).where(Document.kind == "bilaga")) or 0)


def test_fuzzed_applications_never_fail_the_server_or_store_half(registers: sessionmaker[Session]) -> None:
    client, pnr, _ = _citizen(registers)
    csrf = token(client, "/e-tjanst/ansokan")

    @settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
    @given(month=MONTH, costs=st.dictionaries(st.sampled_from(FORM_COSTS), AMOUNT),
           incomes=st.dictionaries(st.sampled_from(sorted(INCOME_KINDS)), AMOUNT),
           extra=st.dictionaries(st.text(min_size=1, max_size=20), st.text(max_size=20), max_size=3),
           upload=st.none() | UPLOAD)
    def submit(month: str, costs: dict[str, str], incomes: dict[str, str], extra: dict[str, str],
               upload: tuple[str, bytes] | None) -> None:
        before = _counts(registers)
        form = {**extra, "csrf_token": csrf, "manad": month, **{f"kostnad_{k}": v for k, v in costs.items()},
                **{f"inkomst_{pnr}_{k}": v for k, v in incomes.items()}}
        files = {"bilagor": upload} if upload else None
        response = client.post("/e-tjanst/ansokan", data=form, files=files, follow_redirects=False)
        after = _counts(registers)
        assert response.status_code < 500, response.text[-500:]
        if response.status_code == 303:
            assert after[0] == before[0] + 1 and after[1] in (before[1], before[1] + 1)
        else:
            assert response.status_code == 422 and after == before
            assert 'role="alert"' in response.text or "class=\"error\"" in response.text

    submit()


def test_a_second_session_cannot_post_without_its_own_token(registers: sessionmaker[Session]) -> None:
    client, pnr, _ = _citizen(registers)
    stranger = TestClient(client.app, base_url="https://testserver")
    response = stranger.post("/e-tjanst/ansokan", data={"manad": "2026-03", "csrf_token": "x"})
    assert response.status_code in (303, 403) and _counts(registers) == (0, 0)
