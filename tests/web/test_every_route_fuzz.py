"""Hypothesis over every route of the app, signed in as each role and as a citizen: whatever arrives in the
path, the query or the form, the answer is never a server error; malformed or impossible ids are 404."""

import re
import string
from typing import Any
from urllib.parse import quote

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine

from ifoflow.app import create_app
from ifoflow.domain.enums import StaffRole
from tests.staff_town import Target
from tests.web.helpers import sign_in, token

pytestmark = pytest.mark.usefixtures("demo_mode")

FIELDS = ["annat_personnummer", "anteckning", "anvandare", "atgard", "belopp", "dagar", "fil", "fran", "manad",
          "motivering", "nasta", "pa", "paus", "personnummer", "prioritet", "skal", "sok", "task_id", "till",
          "utfall", "typ", "name", "kostnad_hyra", "sida", "period", "fel", "meddelande"]
TEXT = st.text(alphabet=string.printable + "åäöÅÄÖ€\u0000\u202e", max_size=40)
NUMBER = st.one_of(st.integers(-10**25, 10**25).map(str), st.sampled_from(["0", "1", "2", "-1", "2147483648",
                                                                            "9" * 30, "1e3", "0x1f", "١٢"]))
SEGMENT = st.one_of(NUMBER, TEXT.filter(lambda t: t not in ("", ".", "..")), st.sampled_from(
    ["EB-01", "EB-02", "ADM", "BU-01", "2026-03", "mars", "json", "pdf", "csv", "infobrev", "kontroll",
     "forsorjningsstod", "..%2F..%2Fetc%2Fpasswd", "%00"]))


def _routes(routes: list[Any], prefix: str = "") -> list[tuple[str, set[str]]]:
    """(path, methods) of every API route, also those of included routers."""
    found = []
    for r in routes:
        if isinstance(r, APIRoute):
            found.append((prefix + r.path, set(r.methods or {"GET"})))
        elif hasattr(r, "original_router"):
            found += _routes(r.original_router.routes, prefix + r.include_context.prefix)
    return found


def _clients(engine: Engine) -> list[TestClient]:
    clients = []
    for role in StaffRole:
        client = TestClient(create_app(engine), base_url="https://testserver", raise_server_exceptions=False)
        sign_in(client, f"eb01_{role.value}")
        clients.append(client)
    citizen = TestClient(create_app(engine), base_url="https://testserver", raise_server_exceptions=False)
    page = citizen.get("/e-tjanst/logga-in").text
    number = re.search(r'<option value="(\d{12})"', page)
    if number:
        citizen.post("/e-tjanst/logga-in", data={"personnummer": number.group(1),
                                                  "csrf_token": token(citizen, "/e-tjanst/logga-in")})
    clients.append(citizen)
    clients.append(TestClient(create_app(engine), base_url="https://testserver", raise_server_exceptions=False))
    return clients


def _fuzz(template: str, methods: set[str], clients: list[TestClient], tokens: list[str],
          failures: list[str]) -> None:
    """A dozen examples for one route: any client, any path values, query and form, with or without a token."""
    names = re.findall(r"{(\w+)(?::\w+)?}", template)

    @settings(max_examples=12, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(who=st.integers(0, len(clients) - 1), values=st.fixed_dictionaries({n: SEGMENT for n in names}),
           query=st.dictionaries(st.sampled_from(FIELDS), TEXT, max_size=3),
           form=st.dictionaries(st.sampled_from(FIELDS), st.one_of(TEXT, NUMBER), max_size=5),
           with_token=st.booleans())
    def call(who: int, values: dict[str, str], query: dict[str, str], form: dict[str, str], with_token: bool) -> None:
        path = template
        for name, value in values.items():
            path = re.sub(r"{" + name + r"(?::\w+)?}", quote(value, safe=""), path)
        for method in sorted(methods):
            data = {**form, "csrf_token": tokens[who]} if with_token else form
            response = clients[who].request(method, path, params=query, data=data if method == "POST" else None,
                                            follow_redirects=False)
            if response.status_code >= 500:
                failures.append(f"{method} {path} {query} {form}: {response.status_code}")

    call()


def test_no_route_answers_with_a_server_error(engine: Engine, town: dict[str, Target]) -> None:
    clients = _clients(engine)
    tokens = [token(c, "/e-tjanst/logga-in") for c in clients]
    routes = _routes(clients[0].app.routes)
    assert len(routes) > 40
    failures: list[str] = []

    for template, methods in routes:
        _fuzz(template, methods, clients, tokens, failures)
    assert failures == []


@pytest.mark.parametrize("path", ["/personer/99999999999999999999", "/personer/-5", "/personer/abc",
                                  "/dokument/99999999999999999999", "/dokument/1.5", "/processer/99999999999999999999",
                                  "/e-tjanst/brev/99999999999999999999", "/finns-inte", "/e-tjanst/finns-inte"])
def test_impossible_ids_and_unknown_addresses_are_swedish_404_pages(engine: Engine, town: dict[str, Target],
                                                                     path: str) -> None:
    clients = _clients(engine)
    tried = [clients[-2]] if path.startswith("/e-tjanst") else clients[:len(StaffRole)]  # citizen, or each role
    answers = [client.get(path) for client in tried]
    assert {r.status_code for r in answers} <= {403, 404}, (path, [r.status_code for r in answers])
    found = [r for r in answers if r.status_code == 404]
    assert found, path  # a role that may open such pages is told that this one does not exist
    assert all("text/html" in r.headers["content-type"] and "finns inte" in r.text and "Not Found" not in r.text
               for r in found)


def test_api_errors_are_json(engine: Engine, town: dict[str, Target]) -> None:
    response = TestClient(create_app(engine)).get("/api/finns-inte")
    assert response.status_code == 404 and response.json() == {"fel": response.json()["fel"]}
