"""Care invoices on the web, as a finance assistant: upload, the invoice and its deviation task with the evidence,
providers and placements with errors naming the field, the cost follow-up against budget (chart, CSV, PDF); no
client's name anywhere on these pages; case workers may register placements but not open invoices."""

import io
import random
from datetime import date
from decimal import Decimal

from pypdf import PdfReader
from sqlalchemy import Engine, select
from sqlalchemy.orm import sessionmaker

from ifoflow.arende.models import Person, Task
from ifoflow.vardfaktura import synthetic
from ifoflow.vardfaktura.models import CareInvoice, Placement, Provider
from tests.staff_town import Target
from tests.web.helpers import client_for, post, token

FINANCE = "ekonomiassistent"  # the seeded one works in ADM, where deviations go


def _placements(engine: Engine) -> tuple[list[Placement], dict[int, Provider], list[str]]:
    with sessionmaker(engine, expire_on_commit=False)() as s:
        made = synthetic.make_placements(s, random.Random(5), count=6, start=date(2026, 1, 1))
        providers = {p.id: p for p in s.scalars(select(Provider))}
        names = [f"{p.first_name} {p.last_name}" for p in s.scalars(select(Person).where(
            Person.id.in_([m.person_id for m in made])))]
        s.commit()
    return made, providers, names


def test_a_finance_assistant_uploads_invoices_and_follows_a_deviation_to_its_evidence(
        engine: Engine, town: dict[str, Target]) -> None:
    made, providers, names = _placements(engine)
    invoiced = [p for p in made if p.provider_id][:2]
    gen = synthetic.invoices_for(invoiced, providers, [date(2026, 3, 1)], random.Random(1), deviation_rate=0)
    wrong = synthetic.Draft(providers[invoiced[0].provider_id], "F-FEL", "OKAND-1", date(2026, 3, 1),
                            date(2026, 3, 31), 31, Decimal(100_000), providers[invoiced[0].provider_id].bankgiro)
    client = client_for(engine, FINANCE)
    files = [("filer", (n, b, "application/xml")) for n, b in gen.files] + [
        ("filer", ("F-FEL.xml", wrong.xml(), "application/xml"))]
    page = client.post("/vardfakturor", files=files, data={"csrf_token": token(client, "/vardfakturor")}).text
    assert f"{len(gen.files) + 1} nya fakturor. Fakturorna är registrerade; avvikelser i dag: 1." in page
    with sessionmaker(engine)() as s:
        bad = s.scalars(select(CareInvoice).where(CareInvoice.number == "F-FEL")).one()
        task = s.scalars(select(Task).where(Task.kind == "vardfaktura_avvikelse")).one()
        unit = s.scalar(select(Task.unit_id).where(Task.id == task.id))
    assert bad.deviation == "ingen_placering"
    from ifoflow.atkomst.models import Unit

    with sessionmaker(engine)() as s:
        code = s.get_one(Unit, unit).code
    task_page = client.get(f"/enheter/{code}/uppgifter/{task.id}").text
    assert "Vårdfaktura att granska" in task_page and "Ingen placering hos" in task_page
    assert "Referens på fakturan" in task_page and "OKAND-1" in task_page and "Fakturan med alla rader" in task_page
    invoice_page = client.get(f"/vardfakturor/{bad.id}").text
    assert "Ingen placering hittades" in invoice_page and "Attestera inte ännu" in invoice_page
    for url in ("/vardfakturor", f"/vardfakturor/{bad.id}", "/placeringar", "/vardkostnader", "/leverantorer"):
        text = client.get(url).text
        assert not any(name in text for name in names), url


def test_providers_and_placements_refuse_wrong_input_naming_the_field(engine: Engine,
                                                                     town: dict[str, Target]) -> None:
    client = client_for(engine, FINANCE)
    bad = post(client, "/leverantorer", {"namn": "Nya HVB AB", "organisationsnummer": "556016-0681"}, "/leverantorer")
    assert "inget giltigt organisationsnummer" in bad.text
    good = post(client, "/leverantorer", {"namn": "Nya HVB AB", "organisationsnummer": "556016-0680",
                                          "bankgiro": "991-2346"}, "/leverantorer")
    assert "Nya HVB AB finns nu i leverantörsregistret" in good.text and "991-2346" in good.text
    worker = client_for(engine, "eb01_handlaggare")
    with sessionmaker(engine)() as s:
        from ifoflow.arende.models import Case

        number = s.get_one(Case, town["EB-01"].case_id).case_number
    refused = post(worker, "/placeringar", {"reference": "BU-1", "case_number": number, "insats": "hvb",
                                            "provider": "5560160680", "price": "", "price_unit": "dygn",
                                            "start": "2026-01-01"}, "/placeringar")
    assert "price" in refused.text or "Uppgiften saknas" in refused.text
    done = post(worker, "/placeringar", {"reference": "BU-1", "case_number": number, "insats": "hvb",
                                         "provider": "5560160680", "price": "4200", "price_unit": "dygn",
                                         "start": "2026-01-01", "tillagg_namn": "Skolskjuts",
                                         "tillagg_belopp": "1500"}, "/placeringar")
    assert "Placeringen BU-1 är registrerad" in done.text
    assert worker.get("/vardfakturor").status_code == 403


def test_the_cost_follow_up_compares_the_forecast_with_the_budget(engine: Engine, town: dict[str, Target]) -> None:
    made, providers, _ = _placements(engine)
    gen = synthetic.invoices_for(made, providers, [date(2026, 1, 1), date(2026, 2, 1)], random.Random(2),
                                 deviation_rate=0)
    client = client_for(engine, FINANCE)
    client.post("/vardfakturor", files=[("filer", (n, b, "application/xml")) for n, b in gen.files],
                data={"csrf_token": token(client, "/vardfakturor")})
    unit = made[0].unit_id
    from ifoflow.atkomst.models import Unit

    with sessionmaker(engine)() as s:
        code = s.get_one(Unit, unit).code
    assert "Skriv budgeten i hela kronor" in post(client, "/vardkostnader/budget", {
        "enhet": code, "ar": "2026", "belopp": "mycket"}, "/vardkostnader?ar=2026").text
    page = post(client, "/vardkostnader/budget", {"enhet": code, "ar": "2026", "belopp": "1 000"},
                "/vardkostnader?ar=2026").text
    assert "Budgeten för" in page and "Över budget med" in page and "<svg" in page
    csv_text = client.get("/vardkostnader?ar=2026&format=csv").text
    assert csv_text.startswith("enhet;ar;2026-01") and f"\n{code};2026;" in csv_text
    pdf = client.get("/vardkostnader?ar=2026&format=pdf").content
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "Placeringskostnader 2026" in text and "Per insats" in text
    assert client_for(engine, "eb01_handlaggare").get("/vardkostnader").status_code == 403


def test_an_unreadable_file_is_kept_shown_with_its_reason_and_dismissed_with_a_note(
        engine: Engine, town: dict[str, Target]) -> None:
    client = client_for(engine, FINANCE)
    broken = b"<Invoice xmlns='urn:oasis:names:specification:ubl:schema:xsd:Invoice-2'><trasig"
    page = client.post("/vardfakturor", files=[("filer", ("trasig.xml", broken, "application/xml"))],
                       data={"csrf_token": token(client, "/vardfakturor")}).text
    assert "1 kunde inte läsas" in page and "Filer som inte kunde läsas" in page and "inte läsbar XML" in page
    with sessionmaker(engine)() as s:
        from ifoflow.intag.models import Quarantined

        entry = s.scalars(select(Quarantined).where(Quarantined.intake == "vardfakturor")).one()
    assert client.get(f"/vardfakturor/olasbara/{entry.id}").content == broken
    assert "Skriv vad som gjordes" in post(client, f"/vardfakturor/olasbara/{entry.id}", {"anteckning": " "},
                                           "/vardfakturor").text
    done = post(client, f"/vardfakturor/olasbara/{entry.id}", {"anteckning": "Bett leverantören skicka om"},
                "/vardfakturor").text
    assert "Filen trasig.xml är hanterad" in done and "Filer som inte kunde läsas" not in done
