"""In Chromium, as a case worker: from Mina ärenden to a case, through its timeline to an automated decision's
calculation and its letter PDF; then a journal note written, signed and found read-only. axe-core finds no serious
or critical violation on any of the pages."""

import time
from typing import Any

import pytest
from playwright.sync_api import expect
from sqlalchemy import Engine, select
from sqlalchemy.orm import sessionmaker

from ifoflow.atkomst.models import StaffUser
from ifoflow.brev.models import Letter
from tests.e2e.test_assistance_e2e import _apply, axe_problems, site  # noqa: F401  (fixture)
from tests.e2e.test_inventory_e2e import sign_in
from tests.towns import _single_adult_case

pytestmark = pytest.mark.usefixtures("demo_mode")


def _letter_written(engine: Engine, case_id: int) -> None:
    deadline = time.monotonic() + 30  # the letter follows the answer
    while time.monotonic() < deadline:
        with sessionmaker(engine)() as s:
            if s.scalar(select(Letter.id).where(Letter.case_id == case_id)):
                return
        time.sleep(0.2)
    raise AssertionError("no letter")


def _tab_to(page: Any, name: str, presses: int = 60) -> None:
    """Press Tab until the focused element is the link, button or field called `name`."""
    for _ in range(presses):
        page.keyboard.press("Tab")
        focused = page.evaluate("""() => { const e = document.activeElement;
            return (e.labels && e.labels.length ? e.labels[0].textContent : e.textContent || "").trim(); }""")
        if focused == name:
            return
    raise AssertionError(f"Tab never reached {name}")


def test_case_worker_follows_a_case_from_my_cases_to_the_letter_and_signs_a_note(
        site: tuple[str, Engine], page: Any) -> None:  # noqa: F811
    url, engine = site
    with sessionmaker(engine)() as s:
        case, pnr, incomes = _single_adult_case(s, "aktivitetsstod")
        worker = s.scalars(select(StaffUser).where(StaffUser.username == "hl0001")).one()
        case.unit_id, case.assigned_to_id = worker.unit_id, worker.id  # hl0001's own case
        case_id, number = case.id, case.case_number
        s.commit()
    _apply(page, url, pnr, incomes)
    expect(page.get_by_text("(automatiskt)")).to_be_visible()
    _letter_written(engine, case_id)
    page.get_by_role("button", name="Logga ut").click()

    sign_in(page, url, "hl0001")
    page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Mina ärenden").click()
    assert axe_problems(page) == []
    page.get_by_label("Sök bland alla ärenden i dina enheter", exact=False).fill(pnr)
    page.get_by_role("button", name="Visa").click()
    page.get_by_role("link", name=number).click()
    expect(page.get_by_role("heading", name=f"Ärende {number}")).to_be_visible()
    assert axe_problems(page) == []
    page.get_by_label("Beslut", exact=True).check()  # the timeline, filtered to decisions
    page.get_by_role("button", name="Filtrera").click()
    page.get_by_role("link", name="Beslut: bifall").first.click()
    expect(page.get_by_role("table", name="Beräkningen rad för rad")).to_be_visible()
    assert axe_problems(page) == []
    pdf = page.get_by_role("link", name="Öppna brevet (PDF)")
    response = page.request.get(url + pdf.get_attribute("href"))
    assert response.ok and response.body().startswith(b"%PDF")

    page.get_by_role("link", name=number).click()
    _tab_to(page, "Ny journalanteckning")  # keyboard only from here: Tab, type, Enter
    page.keyboard.press("Enter")
    page.wait_for_url("**/journal/ny")
    assert axe_problems(page) == []
    _tab_to(page, "Rubrik")
    page.keyboard.type("Telefonsamtal")
    page.keyboard.press("Tab")
    page.keyboard.type("Den sökande ringde och frågade när pengarna kommer.")
    _tab_to(page, "Signera")
    page.keyboard.press("Enter")
    expect(page.get_by_text("Anteckningen är signerad och kan inte längre ändras.")).to_be_visible()
    assert page.get_by_label("Vad som hände").count() == 0  # read-only: no form
    assert axe_problems(page) == []
    page.get_by_role("link", name=number).click()
    expect(page.get_by_role("link", name="Journal: Telefonsamtal")).to_be_visible()
    expect(page.get_by_role("link", name="Journal: Beslut fattat automatiskt: bifall")).to_be_visible()
    page.get_by_role("link", name="Hushållet över tid").click()
    chart = "Hushållets inkomster, kostnader och beviljat bistånd per månad"
    expect(page.get_by_role("img", name=chart)).to_be_visible()
    assert axe_problems(page) == []
    page.goto(f"{url}/oversikt")
    expect(page.get_by_role("img", name="Ansökningar och automatiska beslut per månad")).to_be_visible()
    assert axe_problems(page) == []
