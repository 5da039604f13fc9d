from datetime import date

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from ifoflow.synthetic.seed import seed
from tests.web.helpers import client_for


@pytest.fixture
def client(engine: Engine) -> TestClient:
    seed(engine, households=130, seed=2, today=date(2026, 11, 1))
    return client_for(engine, "hl0001")


def test_health_reports_the_database_broker_and_registers_without_addresses(
        client: TestClient, engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    from ifoflow.settings import get_settings
    from ifoflow.simulators.app import create_sim_app
    from tests.servers import serving

    monkeypatch.setenv("IFOFLOW_SSBTEK_URL", "http://127.0.0.1:9")  # nothing answers there
    monkeypatch.setenv("IFOFLOW_FOLKBOKFORING_URL", "http://127.0.0.1:9")
    get_settings.cache_clear()
    answer = client.get("/health")
    body = answer.json()
    assert answer.status_code == 200 and body["status"] == "varning"  # pages work; robots wait for the registers
    assert body["delar"]["databas"] == "ok" and body["delar"]["ssbtek"] == "svarar inte"
    assert set(body["delar"]) == {"databas", "meddelandeko", "ssbtek", "folkbokforing"}
    assert "127.0.0.1" not in answer.text and "redis" not in answer.text  # no address in a public answer
    with serving(create_sim_app(engine)) as url:
        monkeypatch.setenv("IFOFLOW_SSBTEK_URL", url)
        monkeypatch.setenv("IFOFLOW_FOLKBOKFORING_URL", url)
        get_settings.cache_clear()
        parts = client.get("/health").json()["delar"]
    get_settings.cache_clear()
    assert parts["ssbtek"] == parts["folkbokforing"] == "ok"


def test_start_page_lists_units_in_swedish(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200
    assert '<html lang="sv">' in page.text
    assert "/enheter/EB-01/arenden" in page.text
    assert "/enheter/EB-02/arenden" not in page.text  # only the user's own unit


def test_case_list_is_paginated_and_searchable(client: TestClient) -> None:
    page = client.get("/enheter/EB-01/arenden")
    assert page.status_code == 200 and "Sida 1 av" in page.text and 'rel="next"' in page.text
    second = client.get("/enheter/EB-01/arenden", params={"sida": 2})
    assert second.status_code == 200 and 'rel="prev"' in second.text
    hit = client.get("/enheter/EB-01/arenden", params={"sok": "zzzz-ingen"})
    assert "Inga ärenden hittades" in hit.text


@pytest.mark.parametrize("params, status, text", [
    ({"sok": "123"}, 422, "minst sex siffror"),
    ({"sok": "1980010199"}, 422, "Ogiltigt personnummer"),
    ({"sida": "abc"}, 422, "sida"),
    ({"sok": "' OR 1=1 --"}, 200, "Inga ärenden hittades"),
])
def test_bad_input_gives_a_swedish_message_not_a_crash(client: TestClient, params: dict[str, str], status: int,
                                                       text: str) -> None:
    page = client.get("/enheter/EB-01/arenden", params=params)
    assert page.status_code == status
    assert text in page.text


def test_unknown_unit_is_404_in_swedish(client: TestClient) -> None:
    page = client.get("/enheter/FINNS-EJ/arenden")
    assert page.status_code == 404 and "finns inte" in page.text
