"""Every role x (own unit, other unit) x endpoint: allowed only where the role allows and the unit is the user's."""

from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient
from httpx import Response
from sqlalchemy import Engine

from ifoflow.atkomst.service import PERMISSIONS, UNIT_SCOPED
from ifoflow.domain.enums import StaffRole
from tests.staff_town import Target
from tests.web.helpers import client_for, post

Call = Callable[[TestClient, Target], Response]
ENDPOINTS: dict[str, tuple[str, Call]] = {
    "GET ärendelista": ("case.read", lambda c, t: c.get(f"/enheter/{t.unit}/arenden")),
    "GET personsida": ("person.read", lambda c, t: c.get(f"/personer/{t.person_id}")),
    "GET dokument": ("case.read", lambda c, t: c.get(f"/dokument/{t.document_id}")),
    "GET uppgifter": ("task.read", lambda c, t: c.get(f"/enheter/{t.unit}/uppgifter")),
    "POST ta uppgift": ("task.write", lambda c, t: post(c, f"/enheter/{t.unit}/uppgifter/{t.task_id}",
                                                        {"atgard": "ta"})),
    "GET robotdrift": ("robots.operate", lambda c, t: c.get("/drift")),
    "POST pausa robot": ("robots.operate", lambda c, t: post(c, "/drift/robotar/infobrev/paus", {"paus": "nej"})),
    "GET beslutstyper": ("decision_types.read", lambda c, t: c.get("/beslutstyper")),
    "POST beslutstyp": ("decision_types.manage", lambda c, t: post(c, "/beslutstyper/finns_ej/status",
                                                                   {"pa": "ja", "skal": "test"})),
    "GET logguppföljning": ("accesslog.review", lambda c, t: c.get("/logguppfoljning")),
    "GET registerutdrag": ("gdpr.extract", lambda c, t: c.get(f"/personer/{t.person_id}/registerutdrag.json")),
    "GET processer": ("inventory.read", lambda c, t: c.get("/processer")),
    "POST process": ("inventory.manage", lambda c, t: post(c, "/processer", {"name": "x"})),
    "GET nyckeltal": ("metrics.read", lambda c, t: c.get("/bistand/nyckeltal")),
    "GET kontrollrapport": ("metrics.read", lambda c, t: c.get("/kontroll/2026-03")),
    "GET utbetalningsstopp": ("task.read", lambda c, t: c.get(f"/enheter/{t.unit}/stopp")),
    "GET skuldstatistik": ("metrics.read", lambda c, t: c.get("/skuld/statistik")),
    "GET skuldkarantän": ("debts.manage", lambda c, t: c.get("/skuld/karantan")),
    "POST rätta avisering": ("debts.manage", lambda c, t: post(c, "/skuld/karantan/999999", {"typ": "el"})),
    "POST häv stopp": ("task.write", lambda c, t: post(c, f"/enheter/{t.unit}/stopp/999999", {"anteckning": "x"})),
}


@pytest.mark.parametrize("role", list(StaffRole))
def test_access_matrix(engine: Engine, town: dict[str, Target], role: StaffRole) -> None:
    client = client_for(engine, f"eb01_{role.value}")
    checked = 0
    for name, (permission, call) in ENDPOINTS.items():
        for unit, target in town.items():
            response = call(client, target)
            assert response.status_code < 500, (role, name, unit)
            own_unit = unit == "EB-01" or permission not in UNIT_SCOPED
            expected = role in PERMISSIONS[permission] and own_unit
            assert (response.status_code != 403) == expected, (role.value, name, unit, response.status_code)
            checked += 1
    assert checked == len(ENDPOINTS) * 2


def test_signed_out_users_are_sent_to_sign_in(engine: Engine, town: dict[str, Target]) -> None:
    client = client_for(engine)
    for _, call in ENDPOINTS.values():
        response = call(client, town["EB-01"])
        assert response.status_code in (403, 200)  # a POST without a session has no CSRF token: 403
        if response.status_code == 200:
            assert "Logga in" in response.text
