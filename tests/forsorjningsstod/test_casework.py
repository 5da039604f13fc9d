"""The case worker's decision, the pain.001 payment file (each payment once) and the metrics."""

import xml.etree.ElementTree as ET
from datetime import date

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker
from typer.testing import CliRunner

from ifoflow.arende.models import Application, Case, Person
from ifoflow.beslut import service as decision_types
from ifoflow.beslut.models import Decision
from ifoflow.brev.models import Letter
from ifoflow.domain.errors import InputError
from ifoflow.drift.operations import run_robot
from ifoflow.forsorjningsstod import casework
from ifoflow.forsorjningsstod import robot as forsorjningsstod
from ifoflow.forsorjningsstod import service as assistance
from ifoflow.forsorjningsstod.metrics import metrics
from ifoflow.main import app
from ifoflow.robots.models import RobotItem, RobotRun, RobotStepRun
from ifoflow.utbetalning import service as payments
from ifoflow.utbetalning.models import Payment
from tests.towns import TYPE, _apply, _single_adult_case

NS = {"p": "urn:iso:std:iso:20022:tech:xsd:pain.001.001.03"}


def _handed_over(factory: sessionmaker[Session]) -> tuple[int, int]:
    with factory() as s:
        decision_types.register(s, TYPE, actor="namnd")
        case, pnr, incomes = _single_adult_case(s, "a_kassa")
        application_id = _apply(s, case, pnr, {k: v for k, v in incomes.items() if k != "a_kassa"})
        case_id = case.id
    run_robot(factory, forsorjningsstod.robot, run_key="r")
    return application_id, case_id


def test_case_worker_adjusts_with_motivering_and_the_payment_file_pays_once(
        registers: sessionmaker[Session]) -> None:
    application_id, case_id = _handed_over(registers)
    with registers() as s:
        with pytest.raises(InputError, match="motivering"):
            casework.decide(s, application_id=application_id, username="hl0001", outcome="delvis_bifall",
                            amount=100, motivering="")
        s.rollback()
        calculated = casework.calculation(s, s.get_one(Application, application_id)).entitlement
        assert calculated > 300  # the registers' a-kassa is counted: the screen, decision and letter agree
        decided = casework.decide(s, application_id=application_id, username="hl0001", outcome="delvis_bifall",
                                  amount=300, motivering="Hemförsäkringen godtas inte; den ingår i riksnormen.")
        s.commit()
        assert decided.run_id is not None  # the run that handed it over continues from the decision
        casework.letter_and_payment(registers, decided)
        decision = decided.decision
        # The robot resumed its own waiting item: no second run, and its letter and payment steps did the rest.
        assert s.scalars(select(RobotRun.run_key).where(RobotRun.robot == "forsorjningsstod")).all() == ["r"]
        steps = s.scalars(select(RobotStepRun.step).where(RobotStepRun.status == "done")
                          .order_by(RobotStepRun.id)).all()
        assert steps[-3:] == ["decide", "send_letter", "pay"]
        assert s.scalar(select(RobotItem.status).where(RobotItem.item_key == str(application_id))) == "done"
        assert not decision.automated and decision.total_amount == 300
        assert "Hemförsäkringen godtas inte" in decision.motivering and "Hushållets behov" in decision.motivering
        assert s.scalar(select(Letter.kind).where(Letter.case_id == case_id)) == "beslut_forsorjningsstod"
        person = s.get_one(Person, s.get_one(Case, case_id).person_id)
        person.protected_identity = True
        street = person.street
        s.commit()
        first = payments.export(s, today=date(2026, 12, 23), actor="ekonomiassistent")
        s.commit()
        second = payments.export(s, today=date(2026, 12, 23), actor="ekonomiassistent")
        s.commit()
    assert (first.count, first.total, first.execution_date) == (1, 300, date(2026, 12, 28))  # past julhelgen
    assert second.count == 0
    doc = ET.fromstring(first.xml.encode())
    assert doc.find(".//p:GrpHdr/p:NbOfTxs", NS).text == "1"  # type: ignore[union-attr]
    assert doc.find(".//p:InstdAmt", NS).text == "300.00"  # type: ignore[union-attr]
    assert doc.find(".//p:Cdtr/p:Nm", NS).text == "Skyddad identitet"  # type: ignore[union-attr]
    assert street not in first.xml


def test_metrics_count_automated_and_routed(registers: sessionmaker[Session]) -> None:
    _handed_over(registers)
    with registers() as s:
        m = metrics(s, since=date(2026, 1, 1))
    assert (m.applications, m.decided, m.automated) == (1, 0, 0)
    assert m.routed == {"Ej redovisad inkomst: ersättning från a-kassa": 1}


def test_cli_submit_decide_export_and_metrics(registers: sessionmaker[Session], tmp_path) -> None:  # type: ignore[no-untyped-def]
    runner = CliRunner()
    with registers() as s:
        decision_types.register(s, TYPE, actor="namnd")
        s.commit()
        case, pnr, incomes = _single_adult_case(s, "aktivitetsstod")
        case_id = case.id
    file = tmp_path / "ansokan.yaml"
    file.write_text(f"costs: {{hyra: 6000}}\nincomes: {{'{pnr}': {dict(incomes)}}}\n", encoding="utf-8")
    done = runner.invoke(app, ["bistand", "submit", "--case", str(case_id), "--month", "2026-03", str(file)])
    assert done.exit_code == 0, done.output
    assert runner.invoke(app, ["bistand", "submit", "--case", str(case_id), "--month", "2026-03",
                               str(file)]).exit_code == 2
    assert runner.invoke(app, ["robots", "run", "forsorjningsstod", "--key", "cli"]).exit_code == 0
    out = tmp_path / "pain.xml"
    exported = runner.invoke(app, ["bistand", "payments-export", "--out", str(out), "--today", "2026-03-20"])
    assert exported.exit_code == 0 and out.read_text(encoding="utf-8").startswith("<?xml")
    shown = runner.invoke(app, ["bistand", "metrics", "--days", "400"])
    assert "automatiskt: 1" in shown.output
    with registers() as s:
        assert s.scalar(select(func.count()).select_from(Decision)) == 1
        assert s.scalar(select(func.count()).where(Payment.status == "exporterad")) <= 1
        assert assistance.payment_key(1, date(2026, 3, 1)).endswith(":1:2026-03")


def _letter_text(s: Session, decision_id: int) -> str:
    from pypdf import PdfReader

    from ifoflow.arende.models import Document
    from ifoflow.beslut.models import Decision
    from ifoflow.settings import get_settings

    letter = s.scalar(select(Letter).where(Letter.decision_id == decision_id))
    assert letter is not None and letter.document_id and s.get(Decision, decision_id)
    path = get_settings().data_dir / "documents" / s.get_one(Document, letter.document_id).sha256
    text = " ".join(page.extract_text() for page in PdfReader(str(path)).pages).replace("\u00a0", " ")
    return " ".join(text.split())


def test_the_letter_agrees_with_the_decision_to_the_krona(registers: sessionmaker[Session]) -> None:
    """A partly granted decision: the letter shows every income line (the registers' a-kassa included), the
    calculated amount, the refused part, the granted amount and the case worker's reasons."""
    application_id, _ = _handed_over(registers)
    with registers() as s:
        calc = casework.calculation(s, s.get_one(Application, application_id))
        decided = casework.decide(s, application_id=application_id, username="hl0001", outcome="delvis_bifall",
                                  amount=calc.entitlement - 200, motivering="Hemförsäkringen ingår i riksnormen.")
        s.commit()
        casework.letter_and_payment(registers, decided)
        text = _letter_text(s, decided.decision.id)
    def kr(v: int) -> str:
        return f"{v:,}".replace(",", " ") + " kr"

    assert "Ersättning från a-kassa" in text  # the income the applicant left out, from the registers
    assert f"Försörjningsstöd enligt beräkningen {kr(calc.entitlement)}" in text
    assert f"Avslås efter prövning (se motiveringen) −{kr(200)}" in text
    assert f"Beviljat {kr(calc.entitlement - 200)}" in text
    assert f"Du får {kr(calc.entitlement - 200)}. Resten av det du har sökt, {kr(200)}, får du inte." in text
    assert "Hemförsäkringen ingår i riksnormen." in text and "12 kap." in text
