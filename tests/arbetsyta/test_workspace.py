"""The case worker's workspace: the case page's timeline holds one item of every kind, journal notes are drafted,
signed and corrected (never changed once signed), a case outside the reader's units is not found, Mina ärenden
finds what it should and nothing it should not."""

from datetime import date, timedelta

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session, sessionmaker

from ifoflow.arbetsyta.timeline import KINDS, timeline
from ifoflow.arende import journal
from ifoflow.arende.models import Application, Case, JournalNote, Person, Task
from ifoflow.atkomst.models import StaffUser
from ifoflow.beslut.models import Decision, DecisionLine
from ifoflow.brev.models import Letter
from ifoflow.domain.errors import InputError, NotFoundError
from ifoflow.skuld.models import DebtNotice
from ifoflow.store.audit import AuditEvent
from ifoflow.utbetalning.models import Payment, PaymentHold
from tests.staff_town import Target
from tests.web.helpers import client_for, post

WORKER = "eb01_handlaggare"


def _everything_on(s: Session, case: Case) -> None:
    """One row of every kind the timeline shows (the town already gave the case a kontroll task and a document)."""
    person = s.get_one(Person, case.person_id)
    month = date(2026, 11, 1)
    application = Application(case_id=case.id, household_id=case.household_id, month=month, status="beslutad",
                              declared={})
    decision = Decision(case_id=case.id, type="forsorjningsstod_norm", outcome="bifall", total_amount=4321,
                        motivering="Enligt norm.", lagrum="4 kap. 1 § socialtjänstlagen", rule_version="r1",
                        automated=True, explanation={"lines": [{"label": "Riksnorm", "amount": 4321, "lagrum": "x"}]})
    s.add(application)
    s.flush()
    decision.application_id = application.id
    s.add(decision)
    s.flush()
    s.add_all([
        DecisionLine(decision_id=decision.id, kind="norm", label="Riksnorm", amount=4321),
        Letter(case_id=case.id, person_id=person.id, kind="beslut_forsorjningsstod", status="skickad",
               decision_id=decision.id, template="forsorjningsstod/beslut.html", template_version="t", data={}),
        Payment(idempotency_key=f"t:{case.id}", case_id=case.id, household_id=case.household_id, month=month,
                amount=4321, status="planerad"),
        PaymentHold(key=f"stopp:t:{case.id}", case_id=case.id, household_id=case.household_id, month=month,
                    reason="Kontrollen: avliden."),
        Task(unit_id=case.unit_id, case_id=case.id, kind="ansokan_forsorjningsstod", reason="Pröva ansökan",
             evidence={}, deadline=date(2026, 12, 5), status="oppen"),
        DebtNotice(key=f"skuld:{case.id}", personnummer=person.personnummer, creditor="Hyresvärden AB",
                   kind="hyra", amount=9000, due_date=date(2026, 12, 1), source="test", received_on=month,
                   status="registrerad", case_id=case.id),
    ])
    journal.robot_notes(s, [journal.RobotNote(case.id, f"journal:test:{case.id}", "Roboten", "Beslut fattat",
                                              "Automatiskt.")])
    s.commit()


def test_the_timeline_holds_one_item_of_every_kind_newest_first(engine: Engine, town: dict[str, Target]) -> None:
    target = town["EB-01"]
    with sessionmaker(engine)() as s:
        case = s.get_one(Case, target.case_id)
        _everything_on(s, case)
        items = timeline(s, case, reader_id=0)
        assert {i.kind for i in items} == set(KINDS)
        assert [i.at for i in items] == sorted((i.at for i in items), reverse=True)
        assert {i.kind for i in timeline(s, case, reader_id=0, kinds={"beslut", "brev"})} == {"beslut", "brev"}
    client = client_for(engine, WORKER)
    page = client.get(f"/arenden/{target.case_id}")
    assert page.status_code == 200
    for title in KINDS.values():
        assert f'<span class="kind">{title}</span>' in page.text, title
    only = client.get(f"/arenden/{target.case_id}?visa=skuld").text
    assert "Hyresvärden AB" in only and "Riksnorm" not in only and 'class="kind">Brev' not in only
    with sessionmaker(engine)() as s:
        decision_id = s.scalar(select(Decision.id).where(Decision.case_id == target.case_id))
    shown = client.get(f"/arenden/{target.case_id}/beslut/{decision_id}").text
    assert "Riksnorm" in shown and "regelversion r1" in shown and "4 kap. 1 § socialtjänstlagen" in shown
    with sessionmaker(engine)() as s:
        letter = s.scalars(select(Letter).where(Letter.case_id == target.case_id)).one()
        s.get_one(Person, letter.person_id).protected_identity = True
        letter_id = letter.id
        s.commit()
    refused = client.get(f"/arenden/{target.case_id}/brev/{letter_id}.pdf")
    assert refused.status_code == 403 and "skyddad identitet" in refused.text
    household = client.get(f"/arenden/{target.case_id}/hushall")
    assert household.status_code == 200 and "november 2026" in household.text and "4\u00a0321" in household.text
    assert 'role="img"' in household.text


def test_another_units_case_is_not_found_and_roles_without_cases_are_refused(
        engine: Engine, town: dict[str, Target]) -> None:
    client = client_for(engine, WORKER)
    assert client.get(f"/arenden/{town['EB-02'].case_id}").status_code == 404
    assert client.get("/arenden/99999999").status_code == 404
    assert client.get(f"/arenden/{town['EB-02'].case_id}/journal.pdf").status_code == 404
    assert client_for(engine, "eb01_it_strateg").get(f"/arenden/{town['EB-01'].case_id}").status_code == 403
    reader = client_for(engine, "eb01_ekonomiassistent")
    assert reader.get(f"/arenden/{town['EB-01'].case_id}").status_code == 200
    assert reader.get(f"/arenden/{town['EB-01'].case_id}/journal/ny").status_code == 403


def test_a_note_is_drafted_signed_and_then_only_corrected(engine: Engine, town: dict[str, Target]) -> None:
    case_id = town["EB-01"].case_id
    client = client_for(engine, WORKER)
    today = date.today().isoformat()
    refused = post(client, f"/arenden/{case_id}/journal/ny", {"datum": today, "rubrik": "", "text": "Hembesök"},
                   page=f"/arenden/{case_id}/journal/ny")
    assert refused.status_code == 422 and "Skriv en rubrik." in refused.text and "Hembesök" in refused.text
    saved = post(client, f"/arenden/{case_id}/journal/ny", {"datum": today, "rubrik": "Hembesök",
                                                            "text": "Vi träffade Eva.", "atgard": "spara"},
                 page=f"/arenden/{case_id}/journal/ny")
    assert saved.status_code == 200 and "Utkastet är sparat" in saved.text
    with sessionmaker(engine)() as s:
        note = s.scalars(select(JournalNote).where(JournalNote.case_id == case_id,
                                                   JournalNote.author_name != "")).one()
        other = s.scalars(select(StaffUser).where(StaffUser.username == "eb01_ekonomiassistent")).one()
        assert note.status == "utkast" and journal.notes(s, case_id, reader_id=other.id) == []
    url = f"/arenden/{case_id}/journal/{note.id}"
    signed = post(client, url, {"datum": today, "rubrik": "Hembesök", "text": "Vi träffade Eva i hemmet.",
                                "beslut": "Nytt möte om två veckor.", "atgard": "signera"}, page=url)
    assert "Anteckningen är signerad" in signed.text and "Skriv en rättelse" in signed.text
    assert 'name="text"' not in signed.text  # read-only: no form
    again = post(client, url, {"datum": today, "rubrik": "Ändrad", "text": "Något annat", "atgard": "spara"},
                 page=f"/arenden/{case_id}/journal/ny")
    assert again.status_code == 422 and "signerad och kan inte ändras" in again.text
    correction = post(client, f"/arenden/{case_id}/journal/ny",
                      {"datum": today, "rubrik": "Rättelse", "text": "Mötet var i hemmet, inte på kontoret.",
                       "rattar": str(note.id), "atgard": "signera"}, page=f"/arenden/{case_id}/journal/ny")
    assert f"/arenden/{case_id}/journal/{note.id}" in correction.text
    with sessionmaker(engine)() as s:
        stored = s.get_one(JournalNote, note.id)
        assert (stored.text, stored.status) == ("Vi träffade Eva i hemmet.", "signerad")
        fix = s.scalars(select(JournalNote).where(JournalNote.corrects_id == note.id)).one()
        assert fix.status == "signerad" and fix.author_name == "Test handlaggare"
        assert s.scalar(select(func.count()).select_from(AuditEvent).where(AuditEvent.action == "journal.signed")) == 2
    assert "Rättad av" in client.get(url).text
    printed = client.get(f"/arenden/{case_id}/journal.pdf")
    assert printed.headers["content-type"] == "application/pdf" and printed.content.startswith(b"%PDF")


def test_journal_rules_in_the_service(session: Session, cases: list[int]) -> None:
    case = session.get_one(Case, cases[0])
    author = session.scalars(select(StaffUser)).first()
    assert author is not None
    with pytest.raises(InputError) as future:
        journal.write(session, case, author, journal.NoteIn(date.today() + timedelta(days=1), "R", "T"))
    assert future.value.field == "datum"
    note = journal.write(session, case, author, journal.NoteIn(date.today(), "R", "T"))
    journal.sign(session, note.id, author)
    with pytest.raises(InputError):
        journal.sign(session, note.id, author)
    with pytest.raises(InputError):
        journal.write(session, case, author, journal.NoteIn(date.today(), "R", "T"), corrects=note.id + 999)
    with pytest.raises(NotFoundError):
        journal.one(session, case.id + 1, note.id, author.id)
    twice = [journal.RobotNote(case.id, "journal:x", "Roboten", "R", "T")] * 2
    assert journal.robot_notes(session, twice) == 1
    assert journal.robot_notes(session, twice) == 0


def test_my_cases_search_and_protected_identities(engine: Engine, town: dict[str, Target]) -> None:
    with sessionmaker(engine)() as s:
        me = s.scalars(select(StaffUser).where(StaffUser.username == WORKER)).one()
        mine = s.get_one(Case, town["EB-01"].case_id)
        mine.assigned_to_id = me.id
        s.add(Task(unit_id=mine.unit_id, case_id=mine.id, kind="kontroll", reason="Försenad kontroll", evidence={},
                   deadline=date.today() - timedelta(days=3), status="oppen", assigned_to_id=me.id))
        hidden = s.scalars(select(Person).join(Case, Case.person_id == Person.id).where(
            Case.unit_id == mine.unit_id, Person.id != mine.person_id)).first()
        assert hidden is not None
        hidden.protected_identity = True
        person = s.get_one(Person, mine.person_id)
        name, number, hidden_number = person.last_name, person.personnummer, hidden.personnummer
        mine_id, mine_number = mine.id, mine.case_number
        hidden_name = hidden.last_name
        hidden_case = s.scalars(select(Case.case_number).where(Case.person_id == hidden.id)).first()
        s.commit()
    client = client_for(engine, WORKER)
    page = client.get("/mina-arenden").text
    assert mine_number in page and "Försenad kontroll" in page and "(försenad)" in page
    assert f'/arenden/{mine_id}"' in client.get("/mina-arenden?forsenade=true").text
    assert mine_number in client.get(f"/mina-arenden?sok={name}").text
    assert mine_number in client.get(f"/mina-arenden?sok={number}").text
    assert hidden_case not in client.get(f"/mina-arenden?sok={hidden_name}").text  # never found by name
    by_number = client.get(f"/mina-arenden?sok={hidden_number}").text
    assert "Inga ärenden med det urvalet" in by_number  # no clearance: not even by number
    assert client.get("/mina-arenden?sok=12").status_code == 422
    many = client.get("/mina-arenden?sok=a")  # a name search across the unit: more than one page
    assert "sida 1 av" in many.text and 'rel="next"' in many.text
    assert "sida 2 av" in client.get("/mina-arenden?sok=a&sida=2").text
    assert client.get("/mina-arenden?status=hittepa").status_code == 422
