"""Letters on the web: a case worker reassigns a case and sees the info letter waiting on the case page, stops it
with a reason (an empty one is refused naming the field); the client finds a delivered letter in the e-service's
Mina ärenden and nobody else's; the operations page names a letter that could not be made and hands out the print
batch, logging every recipient's read."""

import io

import pytest
from fastapi.testclient import TestClient
from pypdf import PdfReader
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import sessionmaker

from ifoflow.app import create_app
from ifoflow.arende.models import Case, Person
from ifoflow.atkomst.models import AccessLog, StaffUser
from ifoflow.brev import service as letters
from ifoflow.brev.models import Letter
from ifoflow.brevutskick.robot import print_robot
from ifoflow.brevutskick.robot import robot as brevutskick
from ifoflow.drift.operations import run_robot
from ifoflow.infobrev.robot import robot as infobrev
from ifoflow.settings import get_settings
from tests.staff_town import Target
from tests.web.helpers import client_for, post, token

WORKER = "eb01_handlaggare"


@pytest.fixture
def no_hold(monkeypatch: pytest.MonkeyPatch, settings_env: str) -> None:
    monkeypatch.setenv("IFOFLOW_LETTER_HOLD_MINUTES", "0")
    monkeypatch.setenv("IFOFLOW_MAILBOX_URL", "")
    get_settings.cache_clear()


def _other_worker(engine: Engine, case_id: int) -> StaffUser:
    with sessionmaker(engine)() as s:
        case = s.get_one(Case, case_id)
        other = StaffUser(username="eb01_ny", name="Nora Nyström", role="handlaggare", unit_id=case.unit_id)
        s.add(other)
        s.commit()
        s.refresh(other)
        return other


def test_reassign_on_the_case_page_then_see_and_stop_the_waiting_letter(engine: Engine, town: dict[str, Target],
                                                                          no_hold: None) -> None:
    target = town["EB-01"]
    _other_worker(engine, target.case_id)
    client = client_for(engine, WORKER)
    page = client.get(f"/arenden/{target.case_id}").text
    assert "Byt handläggare" in page and "Nora Nyström" in page and "Inga brev." in page
    url = f"/arenden/{target.case_id}"
    assert "Välj en handläggare" in post(client, f"{url}/handlaggare", {"handlaggare": ""}, url).text
    done = post(client, f"{url}/handlaggare", {"handlaggare": "eb01_ny"}, url)
    assert "Ärendet har fått en ny handläggare" in done.text
    run_robot(sessionmaker(engine), infobrev, run_key="web")
    page = client.get(url).text
    assert "Information om ny handläggare" in page and "Väntar på utskick" in page and "Stoppa brevet" in page
    with sessionmaker(engine)() as s:
        letter_id = s.scalar(select(Letter.id).where(Letter.case_id == target.case_id))
    assert "Skriv varför brevet stoppas" in post(client, f"{url}/brev/{letter_id}/stoppa", {"anledning": " "},
                                                  url).text
    stopped = post(client, f"{url}/brev/{letter_id}/stoppa", {"anledning": "Klienten har flyttat."}, url).text
    assert "Brevet är stoppat" in stopped and "Stoppat" in stopped and "Klienten har flyttat." in stopped
    assert "väntar inte längre" in post(client, f"{url}/brev/{letter_id}/stoppa", {"anledning": "Igen."}, url).text


def test_only_case_workers_and_administrators_may_reassign(engine: Engine, town: dict[str, Target]) -> None:
    target = town["EB-01"]
    client = client_for(engine, "eb01_ekonomiassistent")
    assert "Byt handläggare" not in client.get(f"/arenden/{target.case_id}").text
    refused = post(client, f"/arenden/{target.case_id}/handlaggare", {"handlaggare": WORKER})
    assert refused.status_code == 403


def test_the_client_finds_a_delivered_letter_in_mina_arenden_and_nobody_elses(engine: Engine,
                                                                              town: dict[str, Target],
                                                                              no_hold: None,
                                                                              demo_mode: None) -> None:
    target = town["EB-01"]
    with sessionmaker(engine)() as s:
        pnr = s.get_one(Person, target.person_id).personnummer
        other_case = s.get_one(Case, town["EB-02"].case_id)
        other = s.get_one(Person, other_case.person_id)
        letters.write(s, [letters.LetterIn(key="annans", template="infobrev/ny_handlaggare.typ",
                                           kind="infobrev_ny_handlaggare", case_id=other_case.id,
                                           person_id=other.id, filename="x.pdf",
                                           data={**letters.letterhead(s, other_case, other), "since": "2026-11-02"})])
        s.commit()
    citizen = TestClient(create_app(engine), base_url="https://testserver")
    citizen.post("/e-tjanst/logga-in", data={"annat_personnummer": pnr,
                                             "csrf_token": token(citizen, "/e-tjanst/logga-in")})
    _other_worker(engine, target.case_id)
    staff = client_for(engine, WORKER)
    post(staff, f"/arenden/{target.case_id}/handlaggare", {"handlaggare": "eb01_ny"}, f"/arenden/{target.case_id}")
    run_robot(sessionmaker(engine), infobrev, run_key="web")
    run_robot(sessionmaker(engine), brevutskick, run_key="web")
    with sessionmaker(engine)() as s:
        mine = s.scalars(select(Letter).where(Letter.person_id == target.person_id)).one()
        theirs = s.scalar(select(Letter.id).where(Letter.idempotency_key == "annans"))
        assert (mine.status, mine.channel) == ("skickad", "e_tjanst")
    page = citizen.get("/e-tjanst/mina-arenden").text
    assert "Dina brev" in page and f"/e-tjanst/brev/{mine.id}" in page
    pdf = citizen.get(f"/e-tjanst/brev/{mine.id}")
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Nora Nyström" in text and "Du har fått en ny handläggare" in text
    assert citizen.get(f"/e-tjanst/brev/{theirs}").status_code == 404
    assert "Brevet finns inte" in citizen.get(f"/e-tjanst/brev/{theirs}").text


def test_the_operations_page_names_a_failed_letter_and_hands_out_the_print_batch(
        engine: Engine, town: dict[str, Target], no_hold: None, monkeypatch: pytest.MonkeyPatch) -> None:
    target = town["EB-01"]
    from tests.brev.test_delivery import simulated

    with sessionmaker(engine)() as s:
        case = s.get_one(Case, target.case_id)
        person = s.get_one(Person, target.person_id)
        head = letters.letterhead(s, case, person)
        last_name = person.last_name
        letters.write(s, [
            letters.LetterIn(key="trasig", template="infobrev/ny_handlaggare.typ", kind="infobrev_ny_handlaggare",
                             case_id=case.id, person_id=person.id, filename="x.pdf", data=head),
            letters.LetterIn(key="hel", template="infobrev/ny_handlaggare.typ", kind="infobrev_ny_handlaggare",
                             case_id=case.id, person_id=person.id, filename="y.pdf",
                             data={**head, "since": "2026-11-02"})])
        s.commit()
    with simulated(engine, monkeypatch, mailbox=False):
        run_robot(sessionmaker(engine), brevutskick, run_key="ops")
        run_robot(sessionmaker(engine), print_robot, run_key="ops", params={"day": "2026-11-27"})
    client = client_for(engine, "eb01_it_strateg")
    page = client.get("/drift").text
    assert "Brev som inte kunde skapas" in page and "Uppgiften ”since” saknas i brevets data" in page
    assert last_name not in page.split("Brev som inte kunde skapas")[1]
    assert "PDF för 2026-11-27" in page
    with sessionmaker(engine)() as s:
        before = s.scalar(select(func.count()).select_from(AccessLog).where(AccessLog.action == "utskrift"))
        batch_id = s.scalar(select(Letter.print_batch_id).where(Letter.idempotency_key == "hel"))
    manifest = client.get(f"/drift/utskrift/{batch_id}.csv")
    assert manifest.status_code == 200 and "utdelningsadress" in manifest.text
    assert client.get(f"/drift/utskrift/{batch_id}.pdf").content.startswith(b"%PDF")
    with sessionmaker(engine)() as s:
        after = s.scalar(select(func.count()).select_from(AccessLog).where(AccessLog.action == "utskrift"))
    assert (before, after) == (0, 2)
    assert client_for(engine, WORKER).get(f"/drift/utskrift/{batch_id}.csv").status_code == 403


def test_an_administrator_reads_the_templates_and_sets_a_units_info_letters(engine: Engine,
                                                                           town: dict[str, Target]) -> None:
    from ifoflow.atkomst.models import Unit
    from ifoflow.brev.templates import KINDS
    from ifoflow.domain.enums import label

    client = client_for(engine, "eb01_administrator")
    page = client.get("/brevmallar").text
    for kind, name in KINDS.items():
        assert label(kind) in page and name in page and letters.template_version(name) in page
    assert "Hur du överklagar" in page and "Brevhuvudet (i alla brev)" in page
    with sessionmaker(engine)() as s:
        unit_id = s.scalar(select(Unit.id).where(Unit.code == "EB-01"))
    done = post(client, f"/brevmallar/enheter/{unit_id}", {"infobrev": "nej"}, "/brevmallar").text
    assert "skickar inte infobrev" in done
    with sessionmaker(engine)() as s:
        assert s.get_one(Unit, unit_id).info_letters is False
    assert client_for(engine, WORKER).get("/brevmallar").status_code == 403
