"""In Chromium: a case worker gives a case to a colleague on the case page, sees the info letter waiting (and that
it can be stopped); once sent, the client finds it in the e-service's Mina ärenden and its PDF names the new case
worker. axe-core finds no serious or critical violation on the pages."""

import io
from typing import Any

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader
from sqlalchemy import Engine, select
from sqlalchemy.orm import sessionmaker

from ifoflow.arende.models import Case, Person
from ifoflow.atkomst.models import StaffUser
from ifoflow.brevutskick.robot import robot as brevutskick
from ifoflow.drift.operations import run_robot
from ifoflow.infobrev.robot import robot as infobrev
from ifoflow.settings import get_settings
from tests.e2e.test_assistance_e2e import axe_problems, site  # noqa: F401  (fixture)
from tests.e2e.test_inventory_e2e import sign_in

pytestmark = pytest.mark.usefixtures("demo_mode")


@pytest.fixture
def no_hold(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("IFOFLOW_LETTER_HOLD_MINUTES", "0")  # send at once: the test does not wait 15 minutes
    get_settings.cache_clear()


def _citizen_signs_in(page: Any, url: str, pnr: str) -> None:
    page.goto(f"{url}/e-tjanst/logga-in")
    page.get_by_label("Eller skriv en testpersons personnummer").fill(pnr)
    page.get_by_role("button", name="Logga in").click()
    expect(page.get_by_role("heading", name="Mina ärenden")).to_be_visible()


def test_reassign_on_the_web_and_the_client_finds_the_letter_in_mina_arenden(
        site: tuple[str, Engine], page: Any, no_hold: None) -> None:  # noqa: F811
    url, engine = site
    with sessionmaker(engine)() as s:
        worker = s.scalars(select(StaffUser).where(StaffUser.username == "hl0001")).one()
        colleague = StaffUser(username="hl0999", name="Nora Nyström", role="handlaggare", unit_id=worker.unit_id)
        s.add(colleague)
        case = s.scalars(select(Case).where(Case.status == "pagaende", Case.type == "forsorjningsstod")
                         .join(Person, Person.id == Case.person_id).where(Person.protection == "ingen")
                         .order_by(Case.id)).first()
        assert colleague is not None and case is not None
        case.unit_id, case.assigned_to_id = worker.unit_id, worker.id
        pnr, case_id, number, new_name = s.get_one(Person, case.person_id).personnummer, case.id, case.case_number, \
            colleague.name
        s.commit()
    _citizen_signs_in(page, url, pnr)  # the client has used the e-service: letters may go there
    expect(page.get_by_text("Du har inga brev från oss här ännu.")).to_be_visible()
    page.get_by_role("button", name="Logga ut").click()

    sign_in(page, url, "hl0001")
    page.goto(f"{url}/arenden/{case_id}")
    page.get_by_label("Byt handläggare").select_option(label=new_name)
    page.get_by_role("button", name="Byt handläggare").click()
    expect(page.get_by_text("Ärendet har fått en ny handläggare.")).to_be_visible()
    run_robot(sessionmaker(engine), infobrev, run_key="e2e")  # started by the event case.reassigned
    page.reload()
    letters = page.get_by_role("table", name="Brev i ärendet och hur de har skickats")
    expect(letters.get_by_text("Väntar på utskick")).to_be_visible()
    expect(letters.get_by_role("button", name="Stoppa brevet")).to_be_visible()
    assert axe_problems(page) == []
    run_robot(sessionmaker(engine), brevutskick, run_key="e2e")
    page.reload()
    expect(letters.get_by_text("E-tjänsten (Mina ärenden)", exact=True)).to_be_visible()
    page.get_by_role("button", name="Logga ut").click()

    _citizen_signs_in(page, url, pnr)
    assert axe_problems(page) == []
    link = page.get_by_role("link", name="Information om ny handläggare")
    response = page.request.get(url + link.get_attribute("href"))
    assert response.ok
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(response.body())).pages)
    assert new_name in text and number in text and "Du har fått en ny handläggare" in text
