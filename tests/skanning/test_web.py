"""Scanning on the web as the reception's case worker: upload with the day the paper arrived, the progress, the
manual queue with page images and the suggestion, an answer with an error naming the field, the access log, other
units and protected identities kept out, and the cover sheet printed from a case whose QR code the robot reads."""

import io
import re
from datetime import date

import pypdfium2 as pdfium
from sqlalchemy import Engine, select
from sqlalchemy.orm import sessionmaker

from ifoflow.arende.models import Case, Person, Task
from ifoflow.atkomst.models import AccessLog, StaffUser, Unit
from ifoflow.drift.operations import run_robot
from ifoflow.skanning import coversheet, imaging, robot, rules
from ifoflow.skanning.models import ScanDocument
from ifoflow.skanning.synthetic import Party
from ifoflow.skanning.testpaper import Known, Paper
from tests.factories import pnr
from tests.skanning.conftest import scan
from tests.staff_town import Target
from tests.web.helpers import client_for, post, token

WORKER = "eb01_handlaggare"


def _upload(client: object, made: object, arrived: str = "2026-11-20") -> str:
    page = "/skanning"
    return client.post(page, files=[("filer", (made.name, made.content, "application/pdf"))],  # type: ignore
                       data={"csrf_token": token(client, page), "inkom": arrived}).text  # type: ignore


def test_the_reception_uploads_works_the_manual_queue_and_is_logged(engine: Engine, town: dict[str, Target],
                                                                    model: None) -> None:
    factory = sessionmaker(engine, expire_on_commit=False)
    with factory() as s:
        person = s.get_one(Person, town["EB-01"].person_id)
    stranger = Known(-1, "", Party("Ivar Okänd", pnr(date(1975, 6, 6), 985), "Gatan 2", "761 30 Norrtälje"))
    client = client_for(engine, WORKER)
    assert 'href="/skanning"' in client.get("/").text
    assert "kan inte ligga i framtiden" in _upload(client, scan("u1", [Paper("brev", stranger)]), "2099-01-01")
    made = scan("u1", [Paper("brev", stranger)])
    page = _upload(client, made)
    assert "1 filer mottagna; skanningsroboten tolkar och fördelar dem inom en minut." in page
    assert "0 av 1 filer tolkade" in page
    assert "1 fanns redan och tas inte emot igen" in _upload(client, made)
    run_robot(factory, robot.robot, run_key="webb")
    assert "1 av 1 filer tolkade" in client.get("/skanning").text
    queue = client.get("/skanning/manuell").text
    doc_id = int(re.search(r'href="/skanning/handlingar/(\d+)"', queue).group(1))  # type: ignore[union-attr]
    assert "Brev från klient" in queue and "Ingen av handlingens personnummer" in queue
    shown = client.get(f"/skanning/handlingar/{doc_id}").text
    assert f'/skanning/handlingar/{doc_id}/sidor/1.png' in shown and "Bekräfta och fördela" in shown
    image = client.get(f"/skanning/handlingar/{doc_id}/sidor/1.png")
    assert image.headers["content-type"] == "image/png" and image.content.startswith(b"\x89PNG")
    refused = post(client, f"/skanning/handlingar/{doc_id}", {"typ": "brev"}, f"/skanning/handlingar/{doc_id}")
    assert "Skriv personnumret för den som handlingen gäller." in refused.text
    done = post(client, f"/skanning/handlingar/{doc_id}", {"typ": "brev", "personnummer": person.personnummer},
                f"/skanning/handlingar/{doc_id}")
    assert "Handlingen är fördelad: personakten i ärendet." in done.text
    with factory() as s:
        doc = s.get_one(ScanDocument, doc_id)
        assert (doc.route, doc.person_id, doc.confirmed_by) == ("personakt", person.id, WORKER)
    client.get(f"/skanning/handlingar/{doc_id}")
    with factory() as s:
        logged = s.scalars(select(AccessLog).where(AccessLog.action == "skannad_handling")).all()
        assert [x.person_id for x in logged] == [person.id]
    with factory() as s:
        notice = s.scalars(select(Task).where(Task.kind == "ny_handling")).one()
        assert notice.reason == "Ny handling inkommen: brev från klient, 1 sida."
    task_page = client.get(f"/enheter/EB-01/uppgifter/{notice.id}").text
    assert f'href="/skanning/handlingar/{doc_id}"' in task_page and "Kom in" in task_page
    case_page = client.get(f"/arenden/{doc.case_id}").text
    assert "Skannad handling" in case_page and "Skriv ut försättsblad" in case_page


def test_other_units_and_protected_identities_stay_out(engine: Engine, town: dict[str, Target],
                                                       model: None) -> None:
    factory = sessionmaker(engine, expire_on_commit=False)
    client = client_for(engine, WORKER)
    _upload(client, scan("u2", [Paper("ovrigt")]), date.today().isoformat())
    run_robot(factory, robot.robot, run_key="webb")
    keep = client.get("/skanning").text.split('id="bevara"')[1].split("</table>")[0]
    assert "u2.pdf" in keep and "Övrigt" in keep  # its paper must be kept: sorted out by the reception
    with factory() as s:
        doc = s.scalars(select(ScanDocument)).one()
        other = s.scalar(select(Unit.id).where(Unit.code == "EB-02"))
        user = s.scalars(select(StaffUser).where(StaffUser.username == WORKER)).one()
        s.add(StaffUser(username="eb02_hl", name="Eva Annan", role="handlaggare", unit_id=other,
                        password_hash=user.password_hash))
        s.commit()
    outsider = client_for(engine, "eb02_hl")
    assert outsider.get(f"/skanning/handlingar/{doc.id}").status_code == 403
    assert outsider.get(f"/skanning/handlingar/{doc.id}/sidor/1.png").status_code == 403
    assert "Inga handlingar väntar." in outsider.get("/skanning/manuell").text
    with factory() as s:
        person = s.get_one(Person, town["EB-01"].person_id)
        person.protected_identity = True
        s.get_one(ScanDocument, doc.id).person_id = person.id
        s.commit()
    refused = client.get(f"/skanning/handlingar/{doc.id}")
    assert refused.status_code == 403 and "skyddad identitet" in refused.text
    assert client_for(engine, "eb01_namndsekreterare").get("/skanning").status_code == 403


def test_a_cover_sheet_from_the_case_page_names_the_case_in_its_qr_code(engine: Engine, town: dict[str, Target],
                                                                      model: None) -> None:
    client = client_for(engine, WORKER)
    case_id = town["EB-01"].case_id
    sheet = client.get(f"/arenden/{case_id}/forsattsblad.pdf?typ=lakarintyg&inkom=2026-11-19")
    assert sheet.headers["content-type"] == "application/pdf"
    doc = pdfium.PdfDocument(io.BytesIO(sheet.content))
    image = doc[0].render(scale=150 / 72, grayscale=True).to_pil().convert("L")
    read = coversheet.parse(imaging.qr_text(image), set(rules.types()))
    with sessionmaker(engine)() as s:
        case = s.get_one(Case, case_id)
        assert read is not None and (read.case_number, read.doc_type, read.arrived_on) == (
            case.case_number, "lakarintyg", date(2026, 11, 19))
    assert client.get(f"/arenden/{case_id}/forsattsblad.pdf?typ=faktura").status_code == 422
    assert client.get(f"/arenden/{town['EB-02'].case_id}/forsattsblad.pdf?typ=brev").status_code == 403
