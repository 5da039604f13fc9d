"""Letters reach people: mailbox, then e-service, then paper; fallback on failure; the print batch; protected
identity of every kind on every letter kind never on paper in the batch and never with an address; stopping."""

import csv
import io
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date

import pytest
from pypdf import PdfReader
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session, sessionmaker

from ifoflow.arende.models import Case, Person, Task
from ifoflow.brev import delivery, printing
from ifoflow.brev import service as letters
from ifoflow.brev.models import Letter, LetterEvent, PrintBatch
from ifoflow.brevutskick.robot import print_robot
from ifoflow.brevutskick.robot import robot as brevutskick
from ifoflow.domain.enums import Protection
from ifoflow.domain.errors import InputError
from ifoflow.drift.operations import run_robot
from ifoflow.robots.core.runner import execute, start_run
from ifoflow.robots.registers import mailbox as mailbox_client
from ifoflow.robots.registers import registers as register_clients
from ifoflow.settings import get_settings
from ifoflow.simulators import mailbox as sim_mailbox
from ifoflow.simulators.app import create_sim_app
from ifoflow.store.base import utcnow
from tests.servers import serving

SECRET = "Hemliggatan 99"
# Each process's letter: its template and the fields its own code adds beside the letterhead.
KINDS = {
    "infobrev_ny_handlaggare": ("infobrev/ny_handlaggare.typ", {"since": "2026-03-02"}),
    "skuld_erbjudande": ("skuld/erbjudande.typ", {"kind": "hyresskuld", "creditor": "Bostäder AB", "amount": 12400,
                                                  "due_date": "2026-02-28", "cutoff_date": ""}),
    "beslut_forsorjningsstod": ("forsorjningsstod/beslut.typ", {
        "namnd": "Socialnämnden", "delegation": "punkt 4.1", "outcome": "bifall", "outcome_text": "Din ansökan "
        "beviljas.", "amount": 9000, "refused": 0, "motivering": "Behovet är styrkt.", "lagrum": "lagrummet",
        "automated": False, "rule_version": "1", "month": "mars 2026", "decided_by": "Per Persson",
        "calc": {"lines": [{"label": "Riksnorm", "amount": 9000}], "entitlement": 9000}}),
}


@contextmanager
def simulated(engine: Engine, monkeypatch: pytest.MonkeyPatch, *, mailbox: bool = True,
              fault_rate: float = 0.0) -> Iterator[sim_mailbox.MailboxState]:
    app = create_sim_app(engine, fault_rate=fault_rate, seed=1)
    with serving(app) as url:
        monkeypatch.setenv("IFOFLOW_FOLKBOKFORING_URL", url)
        monkeypatch.setenv("IFOFLOW_MAILBOX_URL", url if mailbox else "")
        monkeypatch.setenv("IFOFLOW_LETTER_HOLD_MINUTES", "0")
        get_settings.cache_clear()
        register_clients.cache_clear()
        mailbox_client.cache_clear()
        yield app.state.mailbox
    register_clients.cache_clear()
    mailbox_client.cache_clear()


def _write(session: Session, case_id: int, kind: str = "infobrev_ny_handlaggare", key: str = "") -> int:
    case = session.get_one(Case, case_id)
    person = session.get_one(Person, case.person_id)
    template, extra = KINDS[kind]
    letters.write(session, [letters.LetterIn(
        key=key or f"test:{kind}:{case_id}", template=template, kind=kind, case_id=case.id, person_id=person.id,
        filename="brev.pdf", data={**letters.letterhead(session, case, person), **extra})])
    session.commit()
    return int(session.scalar(select(Letter.id).where(Letter.idempotency_key == (key or f"test:{kind}:{case_id}")))
               or 0)


def _pnr(session: Session, case_id: int) -> str:
    return session.get_one(Person, session.get_one(Case, case_id).person_id).personnummer


def test_mailbox_then_e_service_then_paper_once_each(engine: Engine, session: Session, cases: list[int],
                                                     settings_env: str, monkeypatch: pytest.MonkeyPatch) -> None:
    factory = sessionmaker(engine)
    with_box = _pnr(session, cases[0])
    monkeypatch.setattr(sim_mailbox, "has_mailbox", lambda pnr: pnr == with_box)
    session.get_one(Person, session.get_one(Case, cases[1]).person_id).eservice_seen_at = utcnow()
    ids = [_write(session, c) for c in cases]
    with simulated(engine, monkeypatch) as box:
        assert run_robot(factory, brevutskick, run_key="t1").counts == {"done": 1}
        run_robot(factory, brevutskick, run_key="t2")  # nothing left: nothing sent again
        run_robot(factory, print_robot, run_key="2026-03-02", params={"day": "2026-03-02"})
        run_robot(factory, print_robot, run_key="2026-03-02b", params={"day": "2026-03-02"})
        assert len(box.messages) == 1
        delivered = next(iter(box.messages.values()))
    session.expire_all()
    got = {i: (x.status, x.channel) for i, x in ((i, session.get_one(Letter, i)) for i in ids)}
    assert got == {ids[0]: ("skickad", "brevlada"), ids[1]: ("skickad", "e_tjanst"),
                   ids[2]: ("utskriven", "utskrift")}
    assert delivered["mottagare"] == with_box and delivered["pdf"].startswith(b"%PDF")
    batch = session.scalars(select(PrintBatch)).one()
    assert (batch.letters, batch.pages) == (1, 1)
    pdf, manifest = printing.files(batch)
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "Storgatan 1" in text and "Du har fått en ny handläggare" in text
    rows = list(csv.DictReader(io.StringIO(manifest.decode("utf-8-sig")), delimiter=";"))
    assert [(r["brev"], r["utdelningsadress"], r["forsta_sida"]) for r in rows] == [(str(ids[2]), "Storgatan 1", "1")]
    outcomes = [e.outcome for e in delivery.history(session, [ids[2]])[ids[2]]]
    assert outcomes == ["ingen_brevlada", "till_utskrift", "utskrivet"]


def test_a_failing_mailbox_falls_back_to_the_next_channel(engine: Engine, session: Session, cases: list[int],
                                                          settings_env: str,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sim_mailbox, "has_mailbox", lambda pnr: True)
    letter_id = _write(session, cases[0])
    with simulated(engine, monkeypatch, fault_rate=1.0):
        run_robot(sessionmaker(engine), brevutskick, run_key="t")
    session.expire_all()
    assert session.get_one(Letter, letter_id).status == "utskrift"
    (failed, paper) = delivery.history(session, [letter_id])[letter_id]
    assert (failed.channel, failed.outcome, paper.outcome) == ("brevlada", "fel", "till_utskrift")
    assert "Mina meddelanden svarar inte" in failed.detail


def test_a_crash_after_the_mailbox_took_the_letter_sends_it_once(engine: Engine, session: Session,
                                                                 cases: list[int], settings_env: str,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sim_mailbox, "has_mailbox", lambda pnr: True)
    ids = [_write(session, c) for c in cases]
    factory = sessionmaker(engine)
    with simulated(engine, monkeypatch) as box:
        run_id = start_run(factory, brevutskick, run_key="krasch")

        def crash(moment: str, item: str, step: str) -> None:
            if moment == "before_commit" and step == "send":
                raise KeyboardInterrupt  # delivered to the mailbox, our record of it never committed

        with pytest.raises(KeyboardInterrupt):
            execute(factory, brevutskick, run_id, hook=crash)
        assert len(box.messages) == 3
        execute(factory, brevutskick, run_id)
        run_robot(factory, brevutskick, run_key="igen")
        assert len(box.messages) == 3  # the same message ids: the mailbox kept each once
    session.expire_all()
    assert {session.get_one(Letter, i).status for i in ids} == {"skickad"}
    assert session.scalar(select(func.count()).select_from(LetterEvent).where(LetterEvent.outcome == "levererad")) == 3


@pytest.mark.parametrize("kind", list(Protection)[1:])
def test_protected_identity_never_on_paper_in_the_batch_nor_with_an_address(
        engine: Engine, session: Session, cases: list[int], settings_env: str, monkeypatch: pytest.MonkeyPatch,
        kind: Protection) -> None:
    factory = sessionmaker(engine)
    person = session.get_one(Person, session.get_one(Case, cases[0]).person_id)
    person.protection, person.street = kind, SECRET
    session.commit()
    ids = [_write(session, cases[0], k) for k in KINDS] + [_write(session, cases[1])]
    monkeypatch.setattr(sim_mailbox, "has_mailbox", lambda pnr: False)
    with simulated(engine, monkeypatch):
        run_robot(factory, brevutskick, run_key="t")
        run_robot(factory, print_robot, run_key="p", params={"day": "2026-03-02"})
    session.expire_all()
    assert [session.get_one(Letter, i).status for i in ids] == ["manuell"] * 3 + ["utskriven"]
    pdf, manifest = printing.files(session.scalars(select(PrintBatch)).one())
    tasks = session.scalars(select(Task).where(Task.kind == "skyddad_identitet_brev")).all()
    assert len(tasks) == 3 and all(delivery.BY_HAND[kind] in t.reason for t in tasks)
    seen = [manifest.decode("utf-8-sig"), " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)]
    seen += [letters.text(session.get_one(Letter, i)) for i in ids[:3]]
    seen += [str(session.get_one(Letter, i).data) for i in ids[:3]]
    seen += [e.detail for e in session.scalars(select(LetterEvent))] + [t.reason for t in tasks]
    assert all(SECRET not in s for s in seen)
    rows = list(csv.DictReader(io.StringIO(seen[0]), delimiter=";"))
    assert [r["brev"] for r in rows] == [str(ids[3])]  # the print house never hears of the protected person


def test_protected_identity_with_a_mailbox_gets_the_letter_there(engine: Engine, session: Session,
                                                                 cases: list[int], settings_env: str,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    person = session.get_one(Person, session.get_one(Case, cases[0]).person_id)
    person.protection, person.street = Protection.skyddad_folkbokforing, SECRET
    session.commit()
    letter_id = _write(session, cases[0])
    monkeypatch.setattr(sim_mailbox, "has_mailbox", lambda pnr: True)
    with simulated(engine, monkeypatch) as box:
        run_robot(sessionmaker(engine), brevutskick, run_key="t")
        pdf = next(iter(box.messages.values()))["pdf"]
    session.expire_all()
    assert session.get_one(Letter, letter_id).channel == "brevlada"
    assert SECRET not in " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)


def test_a_template_error_fails_that_letter_with_a_reason_never_the_batch(
        engine: Engine, session: Session, cases: list[int], settings_env: str,
        monkeypatch: pytest.MonkeyPatch) -> None:
    good = _write(session, cases[0])
    case = session.get_one(Case, cases[1])
    letters.write(session, [letters.LetterIn(key="trasig", template="infobrev/ny_handlaggare.typ",
                                             kind="infobrev_ny_handlaggare", case_id=case.id,
                                             person_id=case.person_id, filename="x.pdf", data={"name": "X"})])
    session.commit()
    bad = int(session.scalar(select(Letter.id).where(Letter.idempotency_key == "trasig")) or 0)
    with simulated(engine, monkeypatch, mailbox=False):
        report = run_robot(sessionmaker(engine), brevutskick, run_key="t")
    assert report.counts == {"done": 1}
    session.expire_all()
    failed = session.get_one(Letter, bad)
    assert failed.status == "misslyckad" and failed.document_id is None
    assert failed.failure.startswith("Uppgiften ”") and "saknas i brevets data" in failed.failure
    assert session.get_one(Letter, good).status == "utskrift"
    assert [x.id for x in delivery.failed(session)] == [bad]
    assert session.scalar(select(Task.reason).where(Task.kind == "brev_misslyckat")).endswith(failed.failure)


def test_a_case_worker_stops_a_waiting_letter(engine: Engine, session: Session, cases: list[int],
                                              settings_env: str, monkeypatch: pytest.MonkeyPatch) -> None:
    letter_id = _write(session, cases[0])
    with pytest.raises(InputError):
        delivery.stop(session, letter_id, actor="hl0001", reason=" ")
    delivery.stop(session, letter_id, actor="hl0001", reason="Klienten har flyttat.")
    session.commit()
    with simulated(engine, monkeypatch, mailbox=False):
        run_robot(sessionmaker(engine), brevutskick, run_key="t")
    session.expire_all()
    assert session.get_one(Letter, letter_id).status == "stoppad"
    with pytest.raises(InputError, match="väntar inte längre"):
        delivery.stop(session, letter_id, actor="hl0001", reason="Igen.")


def test_the_letterhead_writes_amounts_as_every_screen_does(session: Session, cases: list[int],
                                                           settings_env: str) -> None:
    from ifoflow.domain.format import kr

    case = session.get_one(Case, cases[0])
    letter_id = _write(session, cases[0], "skuld_erbjudande")
    for amount in (0, 7, 1234, -1200, 1234567):
        row = session.get_one(Letter, letter_id)
        row.data = {**row.data, "amount": amount}
        assert kr(amount) in letters.text(row).replace(" ", "\u00a0"), amount
    assert case.case_number in letters.text(session.get_one(Letter, letter_id))
    assert date.today().isoformat() in letters.text(session.get_one(Letter, letter_id))
