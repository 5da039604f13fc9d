"""In Chromium: a school files an orosanmälan on the public form and a case worker in the child unit finds it in
the reception queue, reads it with the signal words marked, and records the skyddsbedömning. axe-core finds no
serious or critical violation on the pages."""

from typing import Any

import pytest
from playwright.sync_api import expect
from sqlalchemy import Engine, select
from sqlalchemy.orm import sessionmaker

from ifoflow.arende.models import HouseholdMember, Person
from ifoflow.atkomst.models import StaffUser, Unit
from ifoflow.atkomst.service import hash_password
from ifoflow.synthetic.seed import DEMO_PASSWORD
from tests.e2e.test_assistance_e2e import axe_problems, site  # noqa: F401  (fixture)
from tests.e2e.test_inventory_e2e import sign_in

pytestmark = pytest.mark.usefixtures("demo_mode")


def test_a_school_reports_and_the_reception_finds_it(site: tuple[str, Engine], page: Any) -> None:  # noqa: F811
    url, engine = site
    with sessionmaker(engine)() as s:
        unit = s.scalars(select(Unit).where(Unit.code == "BU-01")).one()
        s.add(StaffUser(username="bu_e2e", name="Berit Barn", role="handlaggare", unit_id=unit.id,
                        password_hash=hash_password(DEMO_PASSWORD)))
        child = s.scalars(select(Person).join(HouseholdMember, HouseholdMember.person_id == Person.id)
                          .where(HouseholdMember.role == "barn", Person.protection == "ingen")
                          .order_by(Person.id)).first()
        assert child is not None
        pnr, name = child.personnummer, f"{child.first_name} {child.last_name}"
        s.commit()
    page.goto(f"{url}/orosanmalan")
    expect(page.get_by_text("Är barnet i fara just nu? Ring 112.")).to_be_visible()
    assert axe_problems(page) == []
    page.get_by_label("Personnummer (ÅÅÅÅMMDD-NNNN)").first.fill(pnr)
    page.get_by_label("Vad är du orolig för?").fill("Eleven har blåmärken och säger att hen är rädd att gå hem.")
    page.get_by_label("Jag anmäler som").select_option(label="Skola (anmälningsskyldig)")
    page.get_by_role("button", name="Skicka anmälan").click()
    expect(page.get_by_role("alert")).to_contain_text("kan inte vara anonym")  # a mandatory reporter is named
    assert page.get_by_label("Vad är du orolig för?").input_value().startswith("Eleven har blåmärken")
    page.get_by_label("Namn (privatperson: frivilligt)").fill("Mentor Malm")
    page.get_by_label("Telefon eller e-post (så att vi kan nå dig)").fill("mentor@skolan.example")
    page.get_by_role("button", name="Skicka anmälan").click()
    expect(page.get_by_role("heading", name="Tack, anmälan har kommit in")).to_be_visible()
    assert axe_problems(page) == []

    sign_in(page, url, "bu_e2e")
    page.get_by_role("link", name="Orosanmälningar", exact=True).click()
    queue = page.get_by_role("table", name="Anmälningar som väntar på skyddsbedömning eller förhandsbedömning, "
                                           "de brådskande först")
    expect(queue.get_by_text(name)).to_be_visible()
    expect(queue.get_by_text("Nu", exact=True)).to_be_visible()
    assert axe_problems(page) == []
    queue.get_by_role("link").first.click()
    expect(page.locator("mark", has_text="blåmärken")).to_be_visible()
    assert axe_problems(page) == []
    page.get_by_label("Barnet behöver omedelbart skydd").check()
    page.get_by_label("Skäl").fill("Kontakt med skolsköterskan; barnet stannar hos mormor i kväll.")
    page.get_by_role("button", name="Spara skyddsbedömningen").click()
    expect(page.get_by_text("Skyddsbedömningen är sparad")).to_be_visible()
    expect(page.get_by_role("button", name="Spara förhandsbedömningen")).to_be_visible()
