"""Deviation reports on the web: a draft keeps what the reporter wrote (the client too) and an error names the
field; once sent, the recipients see it with its next deadline, others get 404, and the DPO gets the prefilled
notification to IMY."""

from sqlalchemy import Engine
from sqlalchemy.orm import sessionmaker

from ifoflow.arende.models import Person
from ifoflow.domain.identity import display
from tests.staff_town import Target
from tests.web.helpers import client_for, post


def test_a_draft_then_sent_as_the_recipients_and_others_see_it(engine: Engine, town: dict[str, Target]) -> None:
    with sessionmaker(engine)() as s:
        pnr = display(s.get_one(Person, town["EB-01"].person_id).personnummer)
    reporter = client_for(engine, "hl0001")
    form = {"typ": "personuppgiftsincident", "enhet": "EB-01", "what": "Ett brev till fel mottagare.",
            "occurred_at": "2026-11-20T10:00", "personnummer": "19121212-1212", "atgard": "spara"}
    refused = post(reporter, "/avvikelser/ny", form, "/avvikelser/ny")
    assert refused.status_code == 422 and 'aria-invalid="true"' in refused.text
    assert "Personen finns inte bland kommunens personer." in refused.text
    saved = post(reporter, "/avvikelser/ny", {**form, "personnummer": pnr}, "/avvikelser/ny")
    assert "Utkastet är sparat." in saved.text and pnr in saved.text
    report_url = str(saved.url.path)
    sent = post(reporter, report_url, {**form, "personnummer": pnr, "atgard": "skicka"}, report_url)
    assert "Rapporten är skickad." in sent.text and "Beslut om anmälan till IMY" in sent.text
    dpo = client_for(engine, "dataskyddsombud")
    listed = dpo.get("/avvikelser").text
    assert f'href="{report_url}"' in listed and "Enhetschefens genomgång och klassning: " in listed
    text = dpo.get(f"{report_url}/anmalan.txt").text
    assert text.startswith("Anmälan av personuppgiftsincident till IMY") and "Ett brev till fel mottagare." in text
    assert client_for(engine, "it_strateg").get(report_url).status_code == 404
    assert client_for(engine, "hl0002").get(report_url).status_code == 404
