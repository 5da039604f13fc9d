"""In Chromium: the monthly control's report and a unit's payment stops, debt statistics and the quarantine.
A case worker clears a stop and fixes a quarantined notice; axe-core finds no serious or critical violations."""

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from playwright.sync_api import expect
from sqlalchemy import Engine
from sqlalchemy.orm import sessionmaker

from ifoflow.app import create_app
from ifoflow.drift.operations import run_robot
from ifoflow.intag import service as intag
from ifoflow.kontroll import robot as kontroll
from ifoflow.robots.registers import registers as register_clients
from ifoflow.settings import get_settings
from ifoflow.simulators.app import create_sim_app
from ifoflow.skuld.intake import NOTICES
from ifoflow.synthetic.payments import plan_month
from ifoflow.synthetic.seed import seed
from ifoflow.utbetalning import stopp as payment_holds
from tests.e2e.test_assistance_e2e import axe_problems
from tests.e2e.test_inventory_e2e import sign_in
from tests.servers import serving

MARCH = date(2026, 3, 1)


@pytest.fixture
def controlled(engine: Engine, settings_env: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[str, str]]:
    seed(engine, households=120, seed=7, today=date(2026, 2, 1))
    factory = sessionmaker(engine)
    with factory() as s:
        plan_month(s, MARCH)
        intag.receive(s, NOTICES, b"personnummer;borgenar;typ;belopp;forfallodatum\n19900101-9810;X AB;vatten;5;x\n",
                            "fel.csv", today=MARCH)
        s.commit()
    with serving(create_sim_app(engine, changes=0.3)) as registers:
        monkeypatch.setenv("IFOFLOW_SSBTEK_URL", registers)
        monkeypatch.setenv("IFOFLOW_FOLKBOKFORING_URL", registers)
        get_settings.cache_clear()
        register_clients.cache_clear()
        run_robot(factory, kontroll.robot, run_key="2026-03", params={"month": "2026-03"})
        with factory() as s:
            unit = payment_holds.active(s)[0].case.unit.code
        with serving(create_app(engine, cookie_secure=False)) as url:
            yield url, unit
    register_clients.cache_clear()


def test_control_report_stops_statistics_and_quarantine_in_the_browser(controlled: tuple[str, str],
                                                                       page: Any) -> None:
    url, unit = controlled
    sign_in(page, url, "hl0001" if unit == "EB-01" else f"hl{(int(unit[3:]) - 1) * 10 + 1:04d}")
    page.goto(f"{url}/kontroll/2026-03")
    expect(page.get_by_text("kontrollerade ärenden").first).to_be_visible()
    assert axe_problems(page) == []
    page.goto(f"{url}/enheter/{unit}/stopp")
    assert axe_problems(page) == []
    page.get_by_label("Varför stoppet kan hävas").first.fill("Utrett: personen bor kvar i kommunen.")
    page.get_by_role("button", name="Häv stoppet").first.click()
    expect(page.get_by_text("är hävt")).to_be_visible()
    page.goto(f"{url}/skuld/karantan")
    expect(page.get_by_text("Typen ”vatten” finns inte")).to_be_visible()
    assert axe_problems(page) == []
    page.get_by_label("Typ av skuld (hyra eller el)").fill("el")
    page.get_by_label("Belopp i kronor").fill("500")
    page.get_by_label("Förfallodatum (ÅÅÅÅ-MM-DD)").fill("2026-02-28")
    page.get_by_role("button", name="Rätta och registrera").click()
    expect(page.get_by_text("Aviseringen är rättad och registrerad")).to_be_visible()
    page.goto(f"{url}/skuld/statistik")
    expect(page.get_by_role("button", name="Jämför")).to_be_visible()
    assert axe_problems(page) == []
    page.goto(f"{url}/bistand/nyckeltal")
    assert axe_problems(page) == []
