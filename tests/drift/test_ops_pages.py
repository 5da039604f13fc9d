"""Robot operations, the unit's task queue and the decision-type switch, through the web."""

from datetime import date

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select
from sqlalchemy.orm import sessionmaker

from ifoflow.arende.models import Case, Task
from ifoflow.atkomst.models import Unit
from ifoflow.beslut import service as decision_types
from ifoflow.beslut.models import DecisionType
from ifoflow.domain.enums import TaskStatus
from ifoflow.robots.core.runner import execute, start_run
from ifoflow.robots.models import RobotState
from ifoflow.synthetic.seed import seed
from tests.robots.crashbot import fragile
from tests.web.helpers import client_for, post


@pytest.fixture
def client(engine: Engine) -> TestClient:
    seed(engine, households=30, seed=5, today=date(2026, 11, 1))
    return client_for(engine, "it_strateg")


def test_operations_page_shows_failures_and_retry_works(client: TestClient, engine: Engine) -> None:
    factory = sessionmaker(engine)
    with factory() as s:
        cases = [str(c) for c in s.scalars(select(Case.id).limit(2))]
    run_id = start_run(factory, fragile, run_key="w1", params={"tag": "w", "cases": cases, "bad": cases[0]})
    execute(factory, fragile, run_id)
    page = client.get("/drift")
    assert page.status_code == 200 and "ZeroDivisionError" in page.text and "Visa felspårning" in page.text
    assert "infobrev" in page.text


def test_pause_and_resume_from_the_operations_page(client: TestClient, engine: Engine) -> None:
    response = post(client, "/drift/robotar/infobrev/paus", {"paus": "ja"}, page="/drift")
    assert response.status_code == 200 and "pausad" in response.text
    with sessionmaker(engine)() as s:
        assert s.get_one(RobotState, "infobrev").paused
    assert "är pausad" in post(client, "/drift/robotar/infobrev/kor", {}, page="/drift").text
    post(client, "/drift/robotar/infobrev/paus", {"paus": "nej"}, page="/drift")
    assert "körning" in post(client, "/drift/robotar/infobrev/kor", {}, page="/drift").text
    assert "finns inte" in post(client, "/drift/robotar/okand/paus", {"paus": "ja"}, page="/drift").text


def test_task_page_lists_by_deadline_and_claims(engine: Engine) -> None:
    seed(engine, households=30, seed=5, today=date(2026, 11, 1))
    client = client_for(engine, "hl0001")
    with sessionmaker(engine)() as s:
        unit_id = s.scalar(select(Unit.id).where(Unit.code == "EB-01"))
        for day in (20, 5):
            s.add(Task(unit_id=unit_id, kind="kontroll", reason=f"Kontroll {day}", evidence={"lon": day},
                       deadline=date(2026, 12, day), status=TaskStatus.oppen))
        s.commit()
        first = s.scalar(select(Task.id).where(Task.reason == "Kontroll 5"))
    page = client.get("/enheter/EB-01/uppgifter")
    assert page.text.index("Kontroll 5") < page.text.index("Kontroll 20")
    page_url = "/enheter/EB-01/uppgifter"
    done = post(client, f"{page_url}/{first}", {"atgard": "ta"}, page=page_url)
    assert "Du har tagit uppgiften" in done.text
    empty_note = post(client, f"{page_url}/{first}", {"atgard": "klar", "anteckning": " "}, page=page_url)
    assert 'class="error" role="alert">Skriv vad som gjordes' in empty_note.text
    finished = post(client, f"{page_url}/{first}", {"atgard": "klar", "anteckning": "Kontrollerat"}, page=page_url)
    assert "Uppgiften är klar" in finished.text


def test_namnd_switches_a_decision_type_off_with_a_reason(engine: Engine) -> None:
    seed(engine, households=30, seed=5, today=date(2026, 11, 1))
    client = client_for(engine, "namndsekreterare")
    with sessionmaker(engine)() as s:
        decision_types.register(s, decision_types.DecisionTypeIn(
            code="forsorjningsstod_norm", title="Försörjningsstöd", namnd="Socialnämnden",
            delegation_ref="DO 4.1", legal_basis="SoL", appealable=True, report_back="Månadsvis",
            allowed_outcomes=["bifall"]), actor="test")
        s.commit()
    assert "Skäl" in client.get("/beslutstyper").text
    url = "/beslutstyper/forsorjningsstod_norm/status"
    refused = post(client, url, {"pa": "nej", "skal": " "}, page="/beslutstyper")
    assert "Ange skälet" in refused.text
    post(client, url, {"pa": "nej", "skal": "Granskning pågår"}, page="/beslutstyper")
    with sessionmaker(engine)() as s:
        assert not s.scalar(select(DecisionType.enabled))
