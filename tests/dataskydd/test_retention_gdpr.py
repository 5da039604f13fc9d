"""Gallring with a dry run first, and the register extract (art. 15)."""

from datetime import date
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from ifoflow.arende.models import Case, JournalNote, Person
from ifoflow.arende.registration import open_case
from ifoflow.atkomst.models import Unit
from ifoflow.brev.pdf import render_pdf
from ifoflow.dataskydd import gallring as retention
from ifoflow.dataskydd import gdpr
from ifoflow.domain.enums import CaseStatus, CaseType, UnitKind
from ifoflow.main import app
from ifoflow.store.audit import AuditEvent

TODAY = date(2026, 11, 23)


def _close(session: Session, case_id: int, closed: date) -> None:
    case = session.get_one(Case, case_id)
    case.status, case.closed_on = CaseStatus.avslutad, closed
    session.add(JournalNote(case_id=case_id, text="Anteckning om hushållets ekonomi"))


def test_dry_run_reports_and_apply_removes_only_what_has_expired(session: Session, cases: list[int]) -> None:
    _close(session, cases[0], date(2020, 6, 1))  # försörjningsstöd closed > 5 years ago: gallras
    _close(session, cases[1], date(2024, 6, 1))  # < 5 years: kept
    child_unit = Unit(code="BU-01", name="Barn och unga", kind=UnitKind.barn_och_unga)
    session.add(child_unit)
    session.flush()
    person_id = session.get_one(Case, cases[0]).person_id
    report_case = open_case(session, CaseType.orosanmalan, unit=child_unit, today=date(2015, 1, 1), actor="test",
                            person_id=person_id)
    _close(session, report_case.id, date(2016, 1, 1))  # orosanmälan: kept whatever its age
    session.commit()
    dry = retention.run(session, today=TODAY, apply=False, actor="test")
    assert dry.cases == [session.get_one(Case, cases[0]).case_number]
    assert dry.rows["journal_notes"] == 1 and dry.persons_anonymised == 0  # the person still has the orosanmälan
    session.rollback()
    assert session.scalar(select(func.count()).select_from(JournalNote)) == 3
    applied = retention.run(session, today=TODAY, apply=True, actor="test")
    session.commit()
    assert applied.cases == dry.cases
    assert session.scalar(select(func.count()).select_from(JournalNote)) == 2
    assert session.get_one(Case, cases[0]).status == "gallrad" and session.get_one(Case, cases[0]).person_id is None
    assert session.get_one(Person, person_id).first_name != "Gallrad"
    assert session.scalar(select(AuditEvent.action).where(AuditEvent.action == "retention.applied"))


def test_person_without_remaining_cases_is_anonymised(session: Session, cases: list[int]) -> None:
    person_id = session.get_one(Case, cases[2]).person_id
    _close(session, cases[2], date(2019, 1, 1))
    session.commit()
    retention.run(session, today=TODAY, apply=True, actor="test")
    session.commit()
    person = session.get_one(Person, person_id)
    assert (person.first_name, person.street, person.personnummer[0]) == ("Gallrad", "", "G")


def test_register_extract_holds_cases_and_renders_to_pdf(session: Session, cases: list[int]) -> None:
    session.add(JournalNote(case_id=cases[0], text="Besök på kontoret"))
    session.commit()
    person_id = session.get_one(Case, cases[0]).person_id
    assert person_id is not None
    data = gdpr.extract(session, person_id)
    assert data["arenden"][0]["arende"].startswith("FS-") and data["journal"][0]["text"] == "Besök på kontoret"
    assert "Storgatan 1" in data["person"]["adress"]
    pdf = render_pdf("dataskydd/registerutdrag.html", {"x": data, "sections": gdpr.SECTIONS, "created": "2026-11-23",
                                             "municipality": "Exempelkommunen"})
    assert pdf.startswith(b"%PDF") and len(pdf) > 2000


def test_cli_extract_and_retention(settings_env: str, tmp_path: Path) -> None:
    runner = CliRunner()
    assert runner.invoke(app, ["seed", "-n", "30", "--today", "2026-11-01"]).exit_code == 0
    from ifoflow.store.db import make_engine, session_factory

    with session_factory(make_engine(settings_env))() as s:
        pnr = s.scalar(select(Person.personnummer).limit(1))
    out = tmp_path / "utdrag.json"
    done = runner.invoke(app, ["gdpr", "extract", str(pnr), "--out", str(out), "--user", "administrator"])
    assert done.exit_code == 0, done.output
    assert '"personnummer"' in out.read_text(encoding="utf-8")
    refused = runner.invoke(app, ["gdpr", "extract", str(pnr), "--out", str(out), "--user", "hl0001"])
    assert refused.exit_code == 2
    dry = runner.invoke(app, ["retention", "run", "--today", "2040-01-01"])
    assert dry.exit_code == 0 and "provkörning" in dry.output
