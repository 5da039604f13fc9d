"""In Chromium, as the reception's case worker: scanned post uploaded with the day it arrived, read by the robot,
one paper in a personakt and one in the manual queue; the queue's page images and suggestion, the answer, and the
case's cover sheet. axe-core finds no serious or critical violation on the pages."""

import random
from datetime import date
from typing import Any

import pytest
from faker import Faker
from playwright.sync_api import expect
from sqlalchemy import Engine, select
from sqlalchemy.orm import sessionmaker

from ifoflow.drift.operations import run_robot
from ifoflow.skanning import robot, testpaper
from ifoflow.skanning.models import ScanDocument
from ifoflow.skanning.synthetic import Party
from tests.e2e.test_assistance_e2e import axe_problems, site  # noqa: F401  (fixture)
from tests.e2e.test_inventory_e2e import sign_in
from tests.factories import pnr
from tests.skanning.conftest import model, trained_model  # noqa: F401  (fixtures)

pytestmark = pytest.mark.usefixtures("demo_mode", "model")


def test_the_reception_scans_post_and_answers_the_manual_queue(site: tuple[str, Engine], page: Any,  # noqa: F811
                                                                tmp_path: Any) -> None:
    url, engine = site
    factory = sessionmaker(engine, expire_on_commit=False)
    with factory() as s:
        known = testpaper.known_people(s, 1)[0]
    stranger = testpaper.Known(-1, "", Party("Ivar Okänd", pnr(date(1975, 6, 6), 985), "Gatan 2", "761 30 Ort"))
    fake = Faker("sv_SE")
    fake.seed_instance(3)
    made = testpaper.one_file("post", [testpaper.Paper("lakarintyg", known), testpaper.Paper("brev", stranger)],
                              rng=random.Random(3), fake=fake, today=date.today())
    path = tmp_path / made.name
    path.write_bytes(made.content)

    sign_in(page, url, "hl0001")
    page.get_by_role("link", name="Skannade handlingar och manuell kö").click()
    assert axe_problems(page) == []
    page.get_by_label("Filer (PDF, TIFF, JPEG eller PNG").set_input_files(str(path))
    page.get_by_role("button", name="Ladda upp").click()
    expect(page.get_by_text("1 filer mottagna; skanningsroboten tolkar och fördelar dem inom en minut.")
           ).to_be_visible()
    run_robot(factory, robot.robot, run_key="e2e")
    page.reload()
    expect(page.get_by_text("1 av 1 filer tolkade")).to_be_visible()
    page.get_by_role("link", name="Manuell kö").first.click()
    assert axe_problems(page) == []
    page.get_by_role("link", name=f"{date.today().isoformat()}, handling").first.click()
    expect(page.get_by_alt_text("Sida 1 av 1 i den skannade handlingen")).to_be_visible()
    assert page.evaluate("document.querySelector('figure img').naturalWidth") > 500
    assert axe_problems(page) == []
    page.get_by_label("Personnummer (för handlingar till en personakt)").fill(known.party.personnummer)
    page.get_by_role("button", name="Bekräfta och fördela").click()
    expect(page.get_by_text("Handlingen är fördelad: personakten i ärendet.")).to_be_visible()
    with factory() as s:
        docs = list(s.scalars(select(ScanDocument).order_by(ScanDocument.id)))
        assert [(d.route, d.person_id) for d in docs] == [("personakt", known.person_id)] * 2
        case_id = docs[0].case_id
    page.goto(f"{url}/arenden/{case_id}")
    expect(page.get_by_role("button", name="Skriv ut försättsblad")).to_be_visible()
    expect(page.get_by_text("Skannad handling").first).to_be_visible()
    assert axe_problems(page) == []
