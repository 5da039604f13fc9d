"""In Chromium: a citizen applies and the automated path decides; a flagged application is decided by a case
worker in the queue. axe-core finds no serious or critical violations on the e-service and case-worker pages."""

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect
from sqlalchemy import Engine
from sqlalchemy.orm import sessionmaker

from ifoflow.app import create_app
from ifoflow.beslut import service as decision_types
from ifoflow.robots.registers import registers as register_clients
from ifoflow.settings import get_settings
from ifoflow.simulators.app import create_sim_app
from ifoflow.synthetic.seed import seed
from tests.e2e.test_inventory_e2e import sign_in
from tests.servers import serving
from tests.towns import TYPE, _single_adult_case

AXE = Path(__file__).parent / "js" / "node_modules" / "axe-core" / "axe.min.js"
pytestmark = pytest.mark.usefixtures("demo_mode")


@pytest.fixture
def site(engine: Engine, settings_env: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[str, Engine]]:
    seed(engine, households=80, seed=21, today=date(2026, 2, 1))
    with serving(create_sim_app(engine)) as registers:
        monkeypatch.setenv("IFOFLOW_SSBTEK_URL", registers)
        monkeypatch.setenv("IFOFLOW_FOLKBOKFORING_URL", registers)
        get_settings.cache_clear()
        register_clients.cache_clear()
        with sessionmaker(engine)() as s:
            decision_types.register(s, TYPE, actor="namnd")
            s.commit()
        with serving(create_app(engine, cookie_secure=False)) as url:
            yield url, engine
    register_clients.cache_clear()


def axe_problems(page: Any) -> list[str]:
    """Serious and critical axe-core violations on the current page."""
    if not AXE.exists():
        pytest.fail("axe-core saknas: kör npm install i tests/e2e/js (.ci/run gör det)")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [f"{v['id']}: {v['help']}" for v in result["violations"] if v["impact"] in ("serious", "critical")]


def _apply(page: Any, url: str, pnr: str, incomes: dict[str, int]) -> None:
    page.goto(f"{url}/e-tjanst/logga-in")
    assert axe_problems(page) == []
    page.get_by_label("Eller skriv en testpersons personnummer").fill(pnr)
    page.get_by_role("button", name="Logga in").click()
    page.get_by_role("link", name="Ansök för nästa månad").click()
    assert axe_problems(page) == []
    page.get_by_label("Månad").fill("2026-03")
    page.get_by_label("Boendekostnad (hyra)").fill("6500")
    for kind, amount in incomes.items():
        page.locator(f"#inkomst_{pnr}_{kind}").fill(str(amount))
    page.get_by_role("button", name="Skicka ansökan").click()


def test_citizen_gets_an_automated_decision_and_opens_the_letter(site: tuple[str, Engine], page: Any) -> None:
    url, engine = site
    with sessionmaker(engine)() as s:
        _, pnr, incomes = _single_adult_case(s, "aktivitetsstod")
    _apply(page, url, pnr, incomes)
    expect(page.get_by_text("(automatiskt)")).to_be_visible()
    assert axe_problems(page) == []
    letter = page.get_by_role("link", name="Öppna beslutet för mars 2026")
    for _ in range(50):  # the letter is written just after the answer
        if letter.count():
            break
        page.wait_for_timeout(200)
        page.get_by_role("link", name="Uppdatera sidan").click()
    response = page.request.get(url + letter.get_attribute("href"))
    assert response.ok and response.body().startswith(b"%PDF")


def test_flagged_application_is_decided_by_a_case_worker(site: tuple[str, Engine], page: Any) -> None:
    url, engine = site
    with sessionmaker(engine)() as s:
        case, pnr, incomes = _single_adult_case(s, "a_kassa")
        unit = case.unit.code
    _apply(page, url, pnr, {k: v for k, v in incomes.items() if k != "a_kassa"})
    expect(page.get_by_text("Prövas av handläggare")).to_be_visible()
    page.get_by_role("button", name="Logga ut").click()
    sign_in(page, url, "hl0001" if unit == "EB-01" else f"hl{(int(unit[3:]) - 1) * 10 + 1:04d}")
    page.goto(f"{url}/enheter/{unit}/ansokningar")
    assert axe_problems(page) == []
    page.locator("tbody a").first.click()  # the applicant's name opens the application
    assert page.get_by_role("cell", name="Ersättning från a-kassa").first.is_visible()  # declared against registers
    assert axe_problems(page) == []
    assert not page.get_by_role("radio", name="Bifall", exact=True).is_checked()  # a difference: nothing chosen
    page.get_by_role("radio", name="Avslag").check()
    page.get_by_label("Motivering", exact=False).fill("kort")
    page.get_by_role("button", name="Fatta beslut").click()
    expect(page.get_by_text("Skriv en motivering")).to_be_visible()  # refused; what was typed is still there
    assert page.get_by_role("radio", name="Avslag").is_checked()
    assert page.get_by_label("Motivering", exact=False).input_value() == "kort"
    page.get_by_label("Motivering", exact=False).fill("Ersättningen från a-kassan i mars räcker till hushållets "
                                                      "behov enligt registren.")
    page.get_by_role("button", name="Fatta beslut").click()
    expect(page.get_by_text("Ansökan är beslutad: avslag.")).to_be_visible()
    page.goto(f"{url}/bistand/nyckeltal?dagar=3660")
    assert axe_problems(page) == []
