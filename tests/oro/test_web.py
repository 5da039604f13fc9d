"""Orosanmälan on the web: a school files a report on the public form (errors name the field, nothing entered is
lost), the reception lists it by urgency, the case worker reads it with the signals marked and records the
skyddsbedömning and förhandsbedömning; a case worker outside the child unit cannot open it."""

import re

from sqlalchemy import Engine, select
from sqlalchemy.orm import sessionmaker

from ifoflow.arende.models import Case, Person
from ifoflow.atkomst.models import StaffUser, Unit
from ifoflow.atkomst.service import hash_password
from ifoflow.oro.models import ConcernReport
from ifoflow.synthetic.seed import DEMO_PASSWORD
from tests.staff_town import Target
from tests.web.helpers import client_for, post, token


def _child(engine: Engine) -> tuple[str, str]:
    with sessionmaker(engine)() as s:
        unit = s.scalar(select(Unit).where(Unit.code == "BU-01"))
        assert unit is not None
        s.add(StaffUser(username="bu_test", name="Berit Barn", role="handlaggare", unit_id=unit.id,
                        password_hash=hash_password(DEMO_PASSWORD)))
        s.commit()
        from ifoflow.arende.models import HouseholdMember

        child = s.scalars(select(Person).join(HouseholdMember, HouseholdMember.person_id == Person.id)
                          .where(HouseholdMember.role == "barn", Person.protection == "ingen")
                          .order_by(Person.id)).first()
        assert child is not None
        return child.personnummer, f"{child.first_name} {child.last_name}"


def test_a_school_reports_and_the_reception_assesses(engine: Engine, town: dict[str, Target]) -> None:
    pnr, name = _child(engine)
    public = client_for(engine)
    page = public.get("/orosanmalan").text
    assert "Ring 112" in page
    key = re.search(r'name="nyckel" value="([^"]+)"', page).group(1)
    form = {"csrf_token": token(public, "/orosanmalan"), "nyckel": key, "barn0_personnummer": pnr,
            "oro": "Eleven har blåmärken på armarna och säger att pappa slår.", "fara": "nej",
            "vardnadshavare": "nej", "anmalare": "skola", "namn": "", "kontakt": "mentor@skolan.example"}
    refused = public.post("/orosanmalan", data=form)
    assert refused.status_code == 422 and "kan inte vara anonym" in refused.text
    assert "mentor@skolan.example" in refused.text and "pappa slår" in refused.text  # nothing entered is lost
    thanks = public.post("/orosanmalan", data={**form, "namn": "Mentor Malm"})
    assert "Tack, anmälan har kommit in" in thanks.text and name not in thanks.text
    again = public.post("/orosanmalan", data={**form, "namn": "Mentor Malm"})  # pressed twice
    assert "Tack" in again.text
    with sessionmaker(engine)() as s:
        reports = s.scalars(select(ConcernReport)).all()
        assert len(reports) == 1 and reports[0].reporter_category == "skola"
        report_id, case_id = reports[0].id, reports[0].case_id
        assert s.get_one(Case, case_id).type == "orosanmalan"
    worker = client_for(engine, "bu_test")
    listing = worker.get("/enheter/BU-01/orosanmalningar").text
    assert name in listing and "Nu" in listing and f"/orosanmalningar/{report_id}" in listing
    detail = worker.get(f"/orosanmalningar/{report_id}").text
    assert '<mark title="Våld">blåmärken</mark>' in detail and "Ingen bedömning görs av ifoflow" in detail
    url = f"/orosanmalningar/{report_id}"
    assert "Skriv skälen" in post(worker, url, {"slag": "skyddsbedomning", "utfall": "omedelbart_skydd",
                                               "skal": ""}, url).text
    done = post(worker, url, {"slag": "skyddsbedomning", "utfall": "omedelbart_skydd",
                              "skal": "Placeras tillfälligt hos mormor i väntan på samtal."}, url).text
    assert "Skyddsbedömningen är sparad" in done and "Förhandsbedömning: ska en utredning inledas?" in done
    done = post(worker, url, {"slag": "forhandsbedomning", "utfall": "inled_utredning",
                              "skal": "Uppgifter om våld i hemmet."}, url).text
    assert "Förhandsbedömningen är sparad: utredning inleds" in done
    assert f"/orosanmalningar/{report_id}" not in worker.get("/enheter/BU-01/orosanmalningar").text
    outsider = client_for(engine, "eb01_handlaggare")
    assert outsider.get(f"/orosanmalningar/{report_id}").status_code in (403, 404)


def test_the_committees_statistics_count_categories_and_deadlines(engine: Engine, town: dict[str, Target]) -> None:
    from datetime import date, datetime

    from ifoflow.oro import service

    pnr, _ = _child(engine)
    with sessionmaker(engine)() as s:
        report = service.register(s, {"key": "stat-000001", "channel": "webb", "reporter_category": "polis",
                                      "reporter_name": "Polis P", "reporter_contact": "114 14",
                                      "text": "Bråk i lägenheten, barnet var rädd.",
                                      "children": [{"personnummer": pnr}]},
                                  received_at=datetime(date.today().year, 3, 3, 9, 0), actor="t").reports[0]
        worker = s.scalar(select(StaffUser).where(StaffUser.username == "bu_test"))
        service.assess(s, report.id, worker, kind="skyddsbedomning", outcome="inget_omedelbart_skydd", reasons="Ok")
        s.commit()
    client = client_for(engine, "eb01_namndsekreterare")
    page = client.get("/orosanmalningar/statistik").text
    assert "Orosanmälningar" in page and "<svg" in page and "Polis" in page
    csv_text = client.get("/orosanmalningar/statistik?format=csv").text
    assert f"{date.today().year}-03;1;" in csv_text
    assert client.get("/orosanmalningar/statistik?format=pdf").content.startswith(b"%PDF")


def test_a_mandatory_reporter_gets_feedback_by_letter_once_the_preassessment_is_made(
        engine: Engine, town: dict[str, Target]) -> None:
    """The feedback goes through the letters service: written once, held, then on paper to the workplace."""
    import io

    from pypdf import PdfReader

    from ifoflow.brev import printing
    from ifoflow.brev.models import Letter, PrintBatch
    from ifoflow.brevutskick.robot import print_robot
    from ifoflow.brevutskick.robot import robot as brevutskick
    from ifoflow.drift.operations import run_robot
    from ifoflow.oro import service

    pnr, name = _child(engine)
    with sessionmaker(engine)() as s:
        report = service.register(s, {"key": "feedback-0001", "channel": "webb", "reporter_category": "skola",
                                      "reporter_name": "Mentor Malm", "reporter_contact": "mentor@skolan.example",
                                      "reporter_address": {"namn": "Ekbyskolan, Mentor Malm",
                                                           "utdelningsadress": "Skolvägen 1"},
                                      "text": "Eleven är ofta ensam hemma på kvällarna.",
                                      "children": [{"personnummer": pnr}]}, actor="t").reports[0]
        s.commit()
        report_id = report.id
    worker = client_for(engine, "bu_test")
    url = f"/orosanmalningar/{report_id}"
    address = {"namn": "Ekbyskolan, Mentor Malm", "utdelningsadress": "Skolvägen 1", "postnummer": "761 30",
               "postort": "Ekby"}
    early = post(worker, f"{url}/aterkoppling", address, url)
    assert "Förhandsbedömningen är inte gjord" in early.text
    post(worker, url, {"slag": "skyddsbedomning", "utfall": "inget_omedelbart_skydd", "skal": "Ingen akut fara."}, url)
    post(worker, url, {"slag": "forhandsbedomning", "utfall": "inled_utredning", "skal": "Behov av utredning."}, url)
    page = worker.get(url).text
    assert "Skriv återkopplingsbrevet" in page and 'value="Skolvägen 1"' in page  # the form keeps what was given
    wrong = post(worker, f"{url}/aterkoppling", {**address, "postnummer": "7613"}, url)
    assert "Postnummer: skriv fem siffror" in wrong.text
    for _ in range(2):  # twice: one letter
        post(worker, f"{url}/aterkoppling", address, url)
    factory = sessionmaker(engine)
    with factory() as s:
        letter = s.scalars(select(Letter).where(Letter.kind == "oro_aterkoppling")).one()
        assert letter.person_id is None and letter.recipient == address and letter.status == "vantar"
    assert "Återkopplingsbrevet skrevs" in worker.get(url).text
    run_robot(factory, brevutskick, run_key="aterkoppling-1", params={"hold_minutes": 0})
    run_robot(factory, print_robot, run_key="aterkoppling-2", params={"day": "2026-11-30"})
    with factory() as s:
        letter = s.get_one(Letter, letter.id)
        assert (letter.status, letter.channel) == ("utskriven", "utskrift")
        pdf, manifest = printing.files(s.scalars(select(PrintBatch)).one())
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "En utredning har inletts." in text and "Mentor Malm" in text and "Skolvägen 1" in text
    assert name not in text and pnr not in text  # the reporter learns the outcome, nothing about the child
    assert "Ekbyskolan, Mentor Malm;Skolvägen 1;761 30;Ekby" in manifest.decode("utf-8-sig")
