"""Sign in and post forms the way a browser does: with the session cookie and the page's CSRF token."""

import re

from fastapi.testclient import TestClient
from httpx import Response
from sqlalchemy import Engine

from ifoflow.app import create_app
from ifoflow.synthetic.seed import DEMO_PASSWORD


def token(client: TestClient, page: str = "/logga-in") -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', client.get(page).text)
    assert match, f"no CSRF token on {page}"
    return match.group(1)


def sign_in(client: TestClient, username: str, password: str = DEMO_PASSWORD) -> Response:
    return client.post("/logga-in", data={"anvandarnamn": username, "losenord": password, "nasta": "/",
                                          "csrf_token": token(client)})


def post(client: TestClient, url: str, data: dict[str, str], page: str = "/") -> Response:
    return client.post(url, data={**data, "csrf_token": token(client, page)})


def client_for(engine: Engine, username: str | None = None) -> TestClient:
    client = TestClient(create_app(engine), base_url="https://testserver")
    if username:
        assert sign_in(client, username).status_code == 200
    return client
