"""The README's demo, started as the README starts it (`ifoflow demo`, here in a temporary data directory on a free
port): a citizen's application is decided or queued for a case worker within 30 s over plain HTTP, and each role
walks its headline flow in Chromium with axe-core finding no serious or critical violations. Ctrl+C stops it all."""

import os
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.sync_api import expect

from tests.e2e.test_assistance_e2e import axe_problems
from tests.e2e.test_inventory_e2e import sign_in

ROOT = Path(__file__).parents[2]


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    data = tmp_path_factory.mktemp("demo")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {k: v for k, v in os.environ.items() if not k.startswith("IFOFLOW_")}  # a newcomer's machine
    env.update(IFOFLOW_DATA_DIR=str(data), IFOFLOW_PORT=str(port))
    log = data / "demo.log"
    proc = subprocess.Popen([sys.executable, "-m", "ifoflow.main", "demo", "--households", "300"], cwd=ROOT,
                            env=env, stdout=log.open("w"), stderr=subprocess.STDOUT, text=True)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            if httpx.get(f"{url}/health", timeout=2).status_code == 200:
                break
        except httpx.HTTPError:
            time.sleep(0.5)
    assert proc.poll() is None, log.read_text()
    yield url, data / "ifoflow.db"
    proc.send_signal(signal.SIGINT)  # Ctrl+C
    proc.wait(timeout=60)  # raises when the demo does not stop on Ctrl+C
    output = log.read_text()
    assert "Demokommunen" in output and "demo-ifoflow-2026" in output  # it said where to start
    assert "Warning" not in output and "Traceback" not in output, output[-3000:]


def _token(page: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert found
    return found.group(1)


def test_a_citizen_application_is_decided_or_queued_within_30_seconds(demo: tuple[str, Path]) -> None:
    url, database = demo
    with httpx.Client(base_url=url, follow_redirects=True, timeout=30) as http:
        page = http.get("/e-tjanst/logga-in").text
        person = re.findall(r'<option value="(\d{12})"', page)[-1]
        http.post("/e-tjanst/logga-in", data={"personnummer": person, "csrf_token": _token(page)})
        form = http.get("/e-tjanst/ansokan").text
        fields = dict(re.findall(r'<input id="[^"]+" name="([^"]+)"[^>]*value="([^"]*)"', form))
        started = time.monotonic()
        answer = http.post("/e-tjanst/ansokan", data={**fields, "csrf_token": _token(form)})
        assert answer.status_code == 200 and "är inskickad" in answer.text or "är beslutad" in answer.text
        month = fields["manad"]
        status = ""
        while time.monotonic() - started < 30:
            with sqlite3.connect(database) as db:
                status = db.execute("SELECT a.status FROM applications a JOIN cases c ON c.id = a.case_id "
                                    "JOIN persons p ON p.id = c.person_id WHERE p.personnummer = ? AND "
                                    "strftime('%Y-%m', a.month) = ?", (person, month)).fetchone()[0]
            if status in ("beslutad", "under_handlaggning"):
                break
            time.sleep(0.5)
        assert status in ("beslutad", "under_handlaggning"), status
        mine = http.get("/e-tjanst/mina-arenden").text
        assert ("Beslutad" in mine or "Prövas av handläggare" in mine) and "inskickad" not in mine.lower()


def test_each_role_walks_the_demo_in_chromium(demo: tuple[str, Path], page: Any) -> None:
    url, _ = demo
    # Citizen: the e-service's front page, sign in, Mina ärenden with a decision and its letter.
    page.goto(f"{url}/e-tjanst")
    assert axe_problems(page) == []
    page.get_by_role("link", name="Logga in").click()
    page.get_by_role("button", name="Logga in").click()
    expect(page.get_by_role("heading", name="Mina ärenden")).to_be_visible()
    assert axe_problems(page) == []
    letter = page.get_by_role("link", name=re.compile("Öppna beslutet"))
    assert page.request.get(url + letter.first.get_attribute("href")).body().startswith(b"%PDF")
    page.get_by_role("button", name="Logga ut").click()

    # Case worker: the queue, one application with its calculation, a decision.
    sign_in(page, url, "hl0001")
    page.get_by_role("link", name="Ansökningar att pröva").click()
    assert axe_problems(page) == []
    page.locator("tbody a").first.click()
    expect(page.get_by_text("Beräknat försörjningsstöd")).to_be_visible()
    assert axe_problems(page) == []
    page.get_by_role("radio", name="Avslag").check()
    page.get_by_label("Motivering", exact=False).fill("Inkomsterna enligt registren täcker behovet denna månad.")
    page.get_by_role("button", name="Fatta beslut").click()
    expect(page.get_by_text("Ansökan är beslutad: avslag.")).to_be_visible()
    page.goto(f"{url}/enheter/EB-01/uppgifter")
    assert axe_problems(page) == []
    page.get_by_role("link", name="Träff i månadskontrollen").first.click()
    assert axe_problems(page) == []
    page.get_by_label("Vad gjordes", exact=False).fill("Begärt underlag; utbetalningen justeras nästa månad.")
    page.get_by_role("button", name="Markera som klar").click()
    expect(page.get_by_text("Uppgiften är klar.")).to_be_visible()
    page.get_by_role("button", name="Logga ut").click()

    # IT strategist: the operations page, a monthly control started on the web, its progress and report.
    sign_in(page, url, "it_strateg")
    page.get_by_role("link", name="Robotdrift").click()
    assert axe_problems(page) == []
    page.get_by_role("button", name="Kör nu: Månadskontroll av pågående försörjningsstöd").click()
    expect(page.get_by_text("körningen har startat")).to_be_visible()
    report = page.get_by_role("link", name=re.compile("Rapport för")).first
    expect(report).to_be_visible()
    report.click()
    expect(page.get_by_text("ärenden kontrollerade")).to_be_visible()
    assert axe_problems(page) == []
    page.get_by_role("button", name="Logga ut").click()

    # Administrator: the quarantine (a notice fixed), the access log.
    sign_in(page, url, "administrator")
    page.get_by_role("link", name="Skuldaviseringar i karantän").click()
    assert axe_problems(page) == []
    page.get_by_label("Typ av skuld (hyra eller el)").and_(page.locator("[aria-invalid=true]")).first.fill("el")
    page.get_by_role("button", name=re.compile("Rätta och registrera")).nth(1).click()
    expect(page.get_by_text("Aviseringen är rättad och registrerad")).to_be_visible()
    page.goto(f"{url}/logguppfoljning")
    expect(page.get_by_role("cell", name="hl0001").first).to_be_visible()
    assert axe_problems(page) == []
