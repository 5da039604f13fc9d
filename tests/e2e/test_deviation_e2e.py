"""In Chromium: a case worker files a personal-data incident (first a draft, an error naming the field, then sent);
the data protection officer classifies it, decides on IMY with the prefilled notification, the quality team
investigates, adds and finishes an action and closes it; the reporter sees it closed. axe-core on every page."""

from typing import Any

import pytest
from playwright.sync_api import expect
from sqlalchemy import Engine, select
from sqlalchemy.orm import sessionmaker

from ifoflow.avvikelse.models import DeviationReport
from tests.e2e.test_assistance_e2e import axe_problems, site  # noqa: F401  (fixture)
from tests.e2e.test_inventory_e2e import sign_in

pytestmark = pytest.mark.usefixtures("demo_mode")


def _sign_out_in(page: Any, url: str, username: str) -> None:
    page.context.clear_cookies()
    sign_in(page, url, username)


def test_a_personal_data_incident_from_report_to_closed(site: tuple[str, Engine], page: Any) -> None:  # noqa: F811
    url, engine = site
    sign_in(page, url, "hl0001")
    page.get_by_role("link", name="Avvikelser, Lex Sarah och personuppgiftsincidenter").click()
    assert axe_problems(page) == []
    page.get_by_role("link", name="Rapportera en avvikelse, ett missförhållande eller en incident").click()
    page.get_by_label("Personuppgiftsincident").check()
    page.get_by_label("Vad hände?").fill("Kort")
    page.get_by_role("button", name="Spara utkast").click()
    expect(page.get_by_text("Utkastet är sparat.")).to_be_visible()
    assert axe_problems(page) == []
    page.get_by_role("button", name="Skicka rapporten").click()
    expect(page.get_by_role("alert")).to_have_text("Beskriv vad som hände (minst några ord).")
    page.get_by_label("Vad hände?").fill("Ett beslutsbrev med personuppgifter skickades till fel mottagare.")
    page.get_by_label("När hände det?").fill("2026-01-28T10:15")
    page.get_by_label("Vad gjordes direkt?").fill("Mottagaren ombads förstöra brevet.")
    page.get_by_role("button", name="Skicka rapporten").click()
    expect(page.get_by_text("Rapporten är skickad.")).to_be_visible()
    expect(page.get_by_text("Beslut om anmälan till IMY (och anmälan)")).to_be_visible()
    assert axe_problems(page) == []
    report_url = page.url

    _sign_out_in(page, url, "dataskyddsombud")
    page.goto(report_url)
    page.get_by_label("Kategori").select_option("sekretess")
    page.get_by_label("Nej").first.check()
    page.get_by_role("button", name="Klassa rapporten").click()
    expect(page.get_by_text("Rapporten är klassad.")).to_be_visible()
    with page.expect_download() as got:
        page.get_by_role("link", name="Förifylld anmälan att kopiera in i IMYs e-tjänst").click()
    assert "Anmälan av personuppgiftsincident till IMY" in open(got.value.path(), encoding="utf-8").read()
    page.locator("#anmalan ~ form").get_by_label("Ja").check()
    page.get_by_label("Skäl för beslutet").fill("Uppgifter om ekonomiskt bistånd röjdes för en obehörig.")
    page.get_by_role("button", name="Spara beslutet").click()
    expect(page.get_by_text("Beslutet om anmälan är sparat.")).to_be_visible()
    assert axe_problems(page) == []

    _sign_out_in(page, url, "kvalitetsutvecklare")
    page.goto(report_url)
    page.get_by_label("Orsak").fill("Fel adress i mallen.")
    page.get_by_label("Analys").fill("Adressen hämtades inte från folkbokföringen.")
    page.get_by_role("button", name="Spara utredningen").click()
    page.get_by_label("Åtgärd", exact=True).fill("Hämta adressen från folkbokföringen")
    page.get_by_label("Ansvarig (användarnamn)").fill("kvalitetsutvecklare")
    page.get_by_label("Klar senast").fill("2026-03-01")
    page.get_by_role("button", name="Lägg till åtgärden").click()
    page.get_by_role("button", name="Markera åtgärd 1 som klar").click()
    page.get_by_label("Resultat").fill("Rutinen är ändrad och IMY har fått anmälan.")
    page.get_by_role("button", name="Avsluta rapporten").click()
    expect(page.get_by_text("Rapporten är avslutad.")).to_be_visible()
    assert axe_problems(page) == []

    _sign_out_in(page, url, "hl0001")
    page.goto(f"{url}/avvikelser")
    expect(page.get_by_role("cell", name="Avslutad")).to_be_visible()
    with sessionmaker(engine)() as s:
        r = s.scalars(select(DeviationReport)).one()
        assert (r.status, r.authority_report, r.high_risk) == ("avslutad", True, False)
    _sign_out_in(page, url, "it_strateg")
    assert page.goto(report_url).status == 404
