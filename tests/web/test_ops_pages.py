"""Robot operations, the unit's task queue and the decision-type switch, through the web."""

from datetime import date

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select
from sqlalchemy.orm import sessionmaker

from ifoflow.domain.enums import TaskStatus
from ifoflow.robots.core.runner import execute, start_run
from ifoflow.services import decision_types
from ifoflow.store.models import Case, DecisionType, RobotState, Task, Unit
from ifoflow.synthetic.seed import seed
from ifoflow.web.app import create_app
from tests.robots.crashbot import fragile


@pytest.fixture
def client(engine: Engine) -> TestClient:
    seed(engine, households=30, seed=5, today=date(2026, 11, 1))
    return TestClient(create_app(engine))


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
    response = client.post("/drift/robotar/infobrev/paus", data={"paus": "ja"})
    assert response.status_code == 200 and "pausad" in response.text
    with sessionmaker(engine)() as s:
        assert s.get_one(RobotState, "infobrev").paused
    assert "är pausad" in client.post("/drift/robotar/infobrev/kor").text
    client.post("/drift/robotar/infobrev/paus", data={"paus": "nej"})
    assert "körning" in client.post("/drift/robotar/infobrev/kor").text
    assert "finns inte" in client.post("/drift/robotar/okand/paus", data={"paus": "ja"}).text


def test_task_page_lists_by_deadline_and_claims(client: TestClient, engine: Engine) -> None:
    with sessionmaker(engine)() as s:
        unit_id = s.scalar(select(Unit.id).where(Unit.code == "EB-01"))
        for day in (20, 5):
            s.add(Task(unit_id=unit_id, kind="kontroll", reason=f"Kontroll {day}", evidence={"lon": day},
                       deadline=date(2026, 12, day), status=TaskStatus.oppen))
        s.commit()
        first = s.scalar(select(Task.id).where(Task.reason == "Kontroll 5"))
    page = client.get("/enheter/EB-01/uppgifter")
    assert page.text.index("Kontroll 5") < page.text.index("Kontroll 20")
    done = client.post(f"/enheter/EB-01/uppgifter/{first}", data={"atgard": "ta", "anvandare": "hl0001"})
    assert "är tagen" in done.text
    wrong = client.post(f"/enheter/EB-01/uppgifter/{first}", data={"atgard": "klar", "anvandare": "hl0002",
                                                                     "anteckning": "x"})
    assert "Fel:" in wrong.text


def test_namnd_switches_a_decision_type_off_with_a_reason(client: TestClient, engine: Engine) -> None:
    with sessionmaker(engine)() as s:
        decision_types.register(s, decision_types.DecisionTypeIn(
            code="forsorjningsstod_norm", title="Försörjningsstöd", namnd="Socialnämnden",
            delegation_ref="DO 4.1", legal_basis="SoL", appealable=True, report_back="Månadsvis",
            allowed_outcomes=["bifall"]), actor="test")
        s.commit()
    assert "Skäl" in client.get("/beslutstyper").text
    refused = client.post("/beslutstyper/forsorjningsstod_norm/status", data={"pa": "nej", "skal": " "})
    assert "Ange skälet" in refused.text
    client.post("/beslutstyper/forsorjningsstod_norm/status", data={"pa": "nej", "skal": "Granskning pågår"})
    with sessionmaker(engine)() as s:
        assert not s.scalar(select(DecisionType.enabled))
