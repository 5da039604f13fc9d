"""Filing scanned paper: every route, the notice to the case worker with its deadline from the day the paper
arrived, nothing in the wrong person's file, low confidence and unknown people to the manual queue, a person's
answer (and its errors naming the field) kept as training data, the scanner folder, and nothing filed twice or
lost when runs overlap, are rerun or are killed."""

import os
import signal
import subprocess
import sys
import threading
import time
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from ifoflow.arende.models import Case, Document, Task
from ifoflow.atkomst.models import Unit
from ifoflow.domain.errors import InputError
from ifoflow.drift.operations import run_robot
from ifoflow.oro.models import ConcernReport
from ifoflow.robots.core.runner import execute, start_run
from ifoflow.skanning import classify, queue, robot, service
from ifoflow.skanning.classify import Guess
from ifoflow.skanning.models import ScanDocument, ScanFile
from ifoflow.skanning.testpaper import Known, Paper
from ifoflow.skuld.models import DebtNotice
from tests.factories import pnr
from tests.skanning.conftest import ARRIVED, scan


def _receive(session: Session, *files: object) -> list[int]:
    ids = [service.receive(session, f.content, f.name, source="uppladdning", arrived_on=ARRIVED,  # type: ignore
                           actor="test")[0].id for f in files]
    session.commit()
    return ids


def _run(session: Session, key: str = "k1") -> None:
    run_robot(sessionmaker(session.get_bind()), robot.robot, run_key=key)
    session.expire_all()


def _docs(session: Session) -> list[ScanDocument]:
    return list(session.scalars(select(ScanDocument).order_by(ScanDocument.id)))


def test_every_route_from_one_batch(session: Session, known: list[Known]) -> None:
    kim, ola, _ = known
    # a paper about someone the municipality does not know
    stranger = Known(-1, "FS-2026-9999999", replace(ola.party, personnummer=pnr(date(1975, 6, 6), 985),
                                                    name="Ivar Okänd"))
    made = scan("batch", [Paper("ansokan", kim, cover=True), Paper("lonespecifikation", ola), Paper("faktura"),
                          Paper("skuldavisering", kim), Paper("orosanmalan"), Paper("brev", stranger)])
    _receive(session, made)
    _run(session)
    docs = _docs(session)
    assert [(d.doc_type, d.route) for d in docs] == [
        ("ansokan", "personakt"), ("lonespecifikation", "personakt"), ("faktura", "arkiv"),
        ("skuldavisering", "skuld"), ("orosanmalan", "oro"), ("brev", "manuell")]
    cover, slip = docs[0], docs[1]
    assert cover.person_id == kim.person_id and cover.why == "Försättsblad med QR-kod."
    assert slip.person_id == ola.person_id and "namn" in slip.why
    for d in (cover, slip):  # in the case's personakt, with a notice to its case worker
        case = session.get_one(Case, d.case_id)
        stored = session.get_one(Document, d.document_id)
        assert (stored.case_id, stored.person_id, stored.content_type) == (case.id, d.person_id, "application/pdf")
        notice = session.scalars(select(Task).where(Task.idempotency_key == f"skanning:{d.key}")).one()
        assert (notice.kind, notice.case_id, notice.assigned_to_id) == ("ny_handling", case.id, case.assigned_to_id)
        assert notice.deadline == ARRIVED + timedelta(days=5)
    assert docs[2].unit_id == session.scalar(select(Unit.id).where(Unit.code == "ADM"))
    assert "sju år" in docs[2].retention
    debt = session.scalars(select(DebtNotice)).one()  # the debt intake read the OCR layer's labelled lines
    assert debt.personnummer == kim.party.personnummer and debt.received_on == ARRIVED
    concern = session.scalars(select(Task).where(Task.kind == "orosanmalan_papper")).one()
    assert concern.deadline == ARRIVED and concern.unit_id == session.scalar(
        select(Unit.id).where(Unit.code == "BU-01"))
    # The child's number was read: registered through the orosanmälan intake from the day the paper arrived,
    # the reporter unknown until the reception reads the paper (a child the register does not know: identify).
    report = session.scalars(select(ConcernReport)).one()
    assert (report.channel, report.reporter_category, report.document_id) == ("papper", "okand", docs[4].document_id)
    assert report.received_at.date() == ARRIVED and report.preassessment_due == ARRIVED + timedelta(days=14)
    assert concern.evidence["anmalningar"] == [report.id] and "registrerad" in concern.reason
    assert docs[5].person_id is None and docs[5].why == \
        "Ingen av handlingens personnummer finns bland kommunens personer."
    assert session.scalar(select(ScanFile.status)) == "klar"


def test_a_known_number_without_the_name_or_with_two_people_goes_to_a_person(session: Session,
                                                                              known: list[Known]) -> None:
    kim, ola, _ = known
    wrong_name = Known(kim.person_id, kim.case_number, replace(kim.party, name="Lisa Larsson"))
    made = scan("namn", [Paper("lakarintyg", wrong_name), Paper("domstol", ola)])
    _receive(session, made)
    _run(session)
    docs = _docs(session)
    assert [d.route for d in docs] == ["manuell", "personakt"]
    assert docs[0].why == "Personnumret är känt, men personens namn står inte i handlingen."
    assert docs[0].person_id is None


def test_a_document_the_model_is_unsure_of_waits_for_a_person(session: Session, known: list[Known],
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    made = scan("osaker", [Paper("lonespecifikation", known[0])])
    monkeypatch.setattr(classify, "guess", lambda texts: [Guess("lonespecifikation", 0.55) for _ in texts])
    _receive(session, made)
    _run(session)
    doc = _docs(session)[0]
    assert (doc.route, doc.why) == ("manuell", "Osäker dokumenttyp (55 %).")
    assert session.scalar(select(func.count()).select_from(Task).where(Task.kind == "ny_handling")) == 0


def test_a_persons_answer_files_the_document_and_becomes_training_data(session: Session, known: list[Known],
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    kim = known[0]
    made = scan("svar", [Paper("kontoutdrag", kim)])  # bank statements carry a name but no personnummer
    monkeypatch.setattr(classify, "guess", lambda texts: [Guess("faktura", 0.5) for _ in texts])
    _receive(session, made)
    _run(session)
    doc = _docs(session)[0]
    assert doc.route == "manuell"
    with pytest.raises(InputError) as missing:
        queue.answer(session, doc.id, queue.Answer("kontoutdrag"), actor="hl0001", today=ARRIVED)
    assert missing.value.field == "personnummer"
    with pytest.raises(InputError) as unknown:
        queue.answer(session, doc.id, queue.Answer("kontoutdrag", "19121212-1212"), actor="hl0001", today=ARRIVED)
    assert unknown.value.field == "personnummer" and "finns inte" in unknown.value.message
    session.rollback()
    queue.answer(session, doc.id, queue.Answer("kontoutdrag", kim.party.personnummer), actor="hl0001",
                 today=ARRIVED)
    session.commit()
    doc = _docs(session)[0]
    assert (doc.route, doc.person_id, doc.confirmed_type, doc.confirmed_by) == (
        "personakt", kim.person_id, "kontoutdrag", "hl0001")
    with pytest.raises(InputError):  # answered once; the queue no longer holds it
        queue.answer(session, doc.id, queue.Answer("kontoutdrag", kim.party.personnummer), actor="x", today=ARRIVED)
    data = queue.training_data(session)
    assert data == [(doc.text, "kontoutdrag")]
    assert classify.train(data)["rattelser"] == 1


def test_the_scanner_folder_is_emptied_only_of_what_is_stored(session: Session, known: list[Known],
                                                              tmp_path: Path) -> None:
    folder = tmp_path / "skanner"
    folder.mkdir()
    made = scan("mapp", [Paper("faktura")])
    (folder / made.name).write_bytes(made.content)
    (folder / "tom.pdf").write_bytes(b"")
    factory = sessionmaker(session.get_bind())
    assert service.take_folder(factory, folder, arrived_on=ARRIVED, actor="test") == (1, 1)
    assert list(folder.iterdir()) == []
    (folder / "igen.pdf").write_bytes(made.content)  # a crash after the commit, before the delete: read again
    assert service.take_folder(factory, folder, arrived_on=ARRIVED, actor="test") == (0, 1)
    assert session.scalar(select(func.count()).select_from(ScanFile)) == 1


def test_a_crash_before_the_commit_and_a_rerun_file_each_document_once(session: Session, known: list[Known]) -> None:
    files = [scan(f"k{i}", [Paper("faktura"), Paper("lakarintyg", known[i])], seed=i) for i in range(2)]
    _receive(session, *files)
    factory = sessionmaker(session.get_bind())
    run_id = start_run(factory, robot.robot, run_key="krasch")

    def crash(moment: str, item: str, step: str) -> None:
        if moment == "before_commit":
            raise KeyboardInterrupt  # dies with the first file read and filed, before its commit

    with pytest.raises(KeyboardInterrupt):
        execute(factory, robot.robot, run_id, hook=crash)
    assert session.scalar(select(func.count()).select_from(ScanDocument)) == 0
    execute(factory, robot.robot, run_id)
    run_robot(factory, robot.robot, run_key="igen")
    session.expire_all()
    assert [d.route for d in _docs(session)] == ["arkiv", "personakt", "arkiv", "personakt"]
    assert session.scalar(select(func.count()).select_from(Task).where(Task.kind == "ny_handling")) == 2


def test_overlapping_runs_file_each_document_once(session: Session, known: list[Known]) -> None:
    files = [scan(f"o{i}", [Paper("lakarintyg", known[i % 3])], seed=10 + i) for i in range(4)]
    _receive(session, *files)
    factory = sessionmaker(session.get_bind())
    runs = [threading.Thread(target=run_robot, args=(factory, r), kwargs={"run_key": "samtidigt"})
            for r in (robot.robot, robot.folder_robot)]
    for t in runs:
        t.start()
    for t in runs:
        t.join()
    session.expire_all()
    assert session.scalar(select(func.count()).select_from(ScanDocument)) == 4
    assert session.scalar(select(func.count()).select_from(Document).where(Document.kind == "skannad_handling")) == 4
    assert session.scalar(select(func.count()).select_from(Task).where(Task.kind == "ny_handling")) == 4


def test_sigkill_mid_run_then_rerun_loses_and_duplicates_nothing(session: Session, known: list[Known],
                                                                settings_env: str) -> None:
    files = [scan(f"d{i}", [Paper("lakarintyg", known[i % 3]), Paper("faktura")], seed=20 + i) for i in range(5)]
    _receive(session, *files)
    env = {**os.environ}
    command = [sys.executable, "-m", "ifoflow.main", "robots", "run", "skanning"]
    worker = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 120
    while time.time() < deadline and worker.poll() is None:
        done = session.scalar(select(func.count()).select_from(ScanFile).where(ScanFile.status == "klar"))
        session.rollback()
        if done and done >= 1:
            break
        time.sleep(0.2)
    os.kill(worker.pid, signal.SIGKILL)  # in the middle of the second file (or the next)
    worker.wait()
    assert subprocess.run([*command], env=env, capture_output=True).returncode == 0
    session.expire_all()
    assert session.scalar(select(func.count()).select_from(ScanFile).where(ScanFile.status == "klar")) == 5
    keys = session.scalars(select(ScanDocument.key)).all()
    assert len(keys) == len(set(keys)) == 10
    assert session.scalar(select(func.count()).select_from(Task).where(Task.kind == "ny_handling")) == 5
    assert session.scalar(select(func.count()).select_from(Document).where(
        Document.kind == "skannad_handling")) == 10
    assert all(d.route in ("personakt", "arkiv") for d in _docs(session))
    first = min(d.arrived_on for d in _docs(session))
    assert first == ARRIVED and date.today() >= first
