"""Orosanmälan: each intake path registers with its deadlines; children and siblings are matched (never a guess);
an ongoing investigation needs no förhandsbedömning; acute reports outside office hours go to the emergency
service; the support only raises urgency; history follows the dated searchability rule; no assessment without a
case worker; a mandatory reporter cannot be anonymous, a private one's wish for secrecy is kept."""

import ast
import re
from datetime import date, datetime
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from ifoflow.arende.models import Case, HouseholdMember, Person, Task
from ifoflow.atkomst.models import StaffUser, Unit
from ifoflow.domain.enums import CaseStatus, CaseType
from ifoflow.domain.errors import InputError
from ifoflow.oro import service, support
from ifoflow.oro.models import ConcernAssessment, ConcernReport

TUESDAY_10 = datetime(2026, 11, 24, 10, 0)
SATURDAY_NIGHT = datetime(2026, 11, 28, 23, 30)


def _report(key: str = "formular-0001", **kw: object) -> dict[str, object]:
    return {"key": key, "channel": "webb", "reporter_category": "skola", "reporter_name": "Lärare Lind",
            "reporter_contact": "lind@skolan.example", "text": "Kim verkar trött och har svårt att koncentrera sig.",
            "children": [{"personnummer": kw.pop("pnr", "")}], **kw}


def _reg(session: Session, kim: Person, at: datetime = TUESDAY_10, **kw: object) -> ConcernReport:
    got = service.register(session, _report(pnr=kim.personnummer, **kw), received_at=at, actor="test")
    session.commit()
    return got.reports[0]


def test_a_report_registers_with_its_deadlines_in_the_child_units_reception(session: Session,
                                                                            family: dict) -> None:
    report = _reg(session, family["kim"])
    assert (report.protection_due, report.preassessment_due) == (TUESDAY_10, date(2026, 12, 8))
    case = session.get_one(Case, report.case_id)
    assert (case.type, case.status, case.unit_id) == ("orosanmalan", "aktualiserad", family["unit"].id)
    task = session.scalars(select(Task).where(Task.kind == "orosanmalan_skyddsbedomning")).one()
    assert task.deadline == TUESDAY_10.date() and task.unit_id == family["unit"].id
    facts = report.support["fakta"]
    assert facts["alder"] == 12 and facts["syskon"] == [family["alva"].id]
    assert len(facts["vardnadshavare_i_hushallet"]) == 1
    again = service.register(session, _report(pnr=family["kim"].personnummer), received_at=TUESDAY_10, actor="t")
    assert [r.id for r in again.reports] == [report.id]  # a double submit is one report
    second = _reg(session, family["kim"], key="formular-0002", at=datetime(2026, 11, 24, 11, 0))
    assert second.case_id == report.case_id and report.id in second.support["fakta"]["tidigare_anmalningar"]


def test_a_child_is_found_by_name_and_birth_date_but_never_guessed(session: Session, family: dict) -> None:
    by_name = service.register(session, {**_report(), "children": [
        {"name": "Alva Andersson", "birth_date": "2017-07-07"}, {"name": "Okänd", "birth_date": "2017-07-07"}]},
        received_at=TUESDAY_10, actor="t")
    found, unknown = by_name.reports
    assert found.person_id == family["alva"].id and unknown.person_id is None and unknown.case_id is None
    assert session.scalar(select(Task.reason).where(Task.kind == "orosanmalan_identifiera")).startswith(
        "Barnet kunde inte identifieras")


def test_an_ongoing_investigation_needs_no_new_preassessment(session: Session, family: dict) -> None:
    session.add(Case(case_number="UT-1", type=CaseType.utredning, status=CaseStatus.pagaende,
                     person_id=family["kim"].id, unit_id=family["unit"].id, opened_on=date(2026, 10, 1)))
    session.commit()
    report = _reg(session, family["kim"])
    assert report.ongoing_investigation and report.preassessment_due is None
    bu = session.scalar(select(StaffUser).where(StaffUser.username == "bu01"))
    service.assess(session, report.id, bu, kind="skyddsbedomning", outcome="inget_omedelbart_skydd",
                   reasons="Inga tecken på akut fara.")
    with pytest.raises(InputError, match="pågår redan"):
        service.assess(session, report.id, bu, kind="forhandsbedomning", outcome="inled_inte", reasons="x")


def test_acute_reports_outside_office_hours_go_to_the_emergency_service(session: Session, family: dict) -> None:
    text = "Kim säger att pappa slår och att hen är rädd att gå hem i kväll."
    night = _reg(session, family["kim"], at=SATURDAY_NIGHT, text=text)
    day = _reg(session, family["kim"], key="formular-0002", at=TUESDAY_10, text=text)
    calm = _reg(session, family["kim"], key="formular-0003", at=SATURDAY_NIGHT)
    assert (night.acute_route, day.acute_route, calm.acute_route) == (True, False, False)
    jour = session.scalar(select(Unit.id).where(Unit.code == "JOUR"))
    acute = session.scalars(select(Task).where(Task.kind == "orosanmalan_akut")).one()
    assert acute.unit_id == jour and acute.evidence == {"anmalan": night.id}
    danger = _reg(session, family["kim"], key="formular-0004", at=datetime(2026, 12, 24, 9, 0), danger_now=True)
    assert danger.acute_route  # julafton is no bank day: the reception is closed


def test_the_support_only_raises_urgency_and_shows_where_the_signals_are() -> None:
    calm = support.suggest("Kim är ofta hungrig och har smutsiga kläder.", danger_now=False)
    assert calm["bradska"] == "idag" and {s["namn"] for s in calm["signaler"]} == {"Försummelse"}
    danger = support.suggest("Kim är ofta hungrig.", danger_now=True)
    assert danger["bradska"] == "nu"  # the reporter's word stands; neglect alone never lowers it
    assert support.raise_only("nu", "idag") == "nu" and support.raise_only("idag", "nu") == "nu"
    text = "Hon har blåmärken. Hon vill inte gå hem."
    pieces = support.marked(text, support.suggest(text, danger_now=False)["signaler"])
    assert ("blåmärken", "Våld") in pieces and ("vill inte gå hem", "Barnet är rädd att gå hem") in pieces
    assert "".join(p for p, _ in pieces) == text


def test_unopened_reports_are_searchable_only_where_the_dated_rule_allows(session: Session, family: dict) -> None:
    bu = session.scalar(select(StaffUser).where(StaffUser.username == "bu01"))
    old = _reg(session, family["kim"], key="formular-2024", at=datetime(2024, 3, 5, 10, 0))
    new = _reg(session, family["kim"], key="formular-2025", at=datetime(2025, 9, 1, 10, 0))
    for r in (old, new):
        service.assess(session, r.id, bu, kind="skyddsbedomning", outcome="inget_omedelbart_skydd", reasons="Ok.")
        service.assess(session, r.id, bu, kind="forhandsbedomning", outcome="inled_inte", reasons="Ej behov.")
    session.commit()
    latest = _reg(session, family["kim"], key="formular-2026")
    assert latest.support["fakta"]["tidigare_anmalningar"] == [new.id]


def test_only_a_case_worker_records_an_assessment_and_no_code_path_decides_alone(session: Session,
                                                                                 family: dict) -> None:
    report = _reg(session, family["kim"], text="Kim har blåmärken på armarna.")
    eko = session.scalar(select(StaffUser).where(StaffUser.username == "eko"))
    with pytest.raises(InputError, match="Bara en handläggare"):
        service.assess(session, report.id, eko, kind="skyddsbedomning", outcome="omedelbart_skydd", reasons="x")
    bu = session.scalar(select(StaffUser).where(StaffUser.username == "bu01"))
    with pytest.raises(InputError, match="skyddsbedömningen först"):
        service.assess(session, report.id, bu, kind="forhandsbedomning", outcome="inled_utredning", reasons="x")
    with pytest.raises(InputError, match="skälen"):
        service.assess(session, report.id, bu, kind="skyddsbedomning", outcome="omedelbart_skydd", reasons=" ")
    service.assess(session, report.id, bu, kind="skyddsbedomning", outcome="inget_omedelbart_skydd",
                   reasons="Skolsköterskan har sett skadorna; barnet bor tillfälligt hos mormor.")
    session.commit()
    made = session.scalars(select(ConcernAssessment)).one()
    assert (made.suggested, made.followed, made.decided_by_id) == ("nu", False, bu.id)  # support said nu
    assert session.scalars(select(Task.status).where(Task.kind == "orosanmalan_skyddsbedomning")).one() == "klar"
    # Every place that creates an assessment takes the person: only service.assess does, and it needs a StaffUser.
    every = Path(service.__file__).parents[1]
    creators = [str(p.relative_to(every)) for p in every.rglob("*.py")
                if re.search(r"(?<!class )ConcernAssessment\(", p.read_text(encoding="utf-8"))]
    assert creators == ["oro/service.py"]
    tree = ast.parse(Path(service.__file__).read_text(encoding="utf-8"))
    owner = [f.name for f in ast.walk(tree) if isinstance(f, ast.FunctionDef)
             and "ConcernAssessment(" in ast.get_source_segment(Path(service.__file__).read_text(encoding="utf-8"),
                                                                 f)]
    assert owner == ["assess"]


def test_reporters_mandatory_cannot_be_anonymous_private_secrecy_is_kept(session: Session, family: dict) -> None:
    with pytest.raises(InputError, match="kan inte vara anonym"):
        service.register(session, _report(pnr=family["kim"].personnummer, reporter_name=""), actor="t")
    private = service.register(session, {**_report(key="formular-9", pnr=family["kim"].personnummer),
                                          "reporter_category": "privatperson", "reporter_name": "",
                                          "reporter_contact": "", "secrecy_wish": True}, actor="t").reports[0]
    assert (private.mandatory, private.secrecy_wish, private.reporter_name) == (False, True, "")
    school = service.register(session, {**_report(key="formular-10", pnr=family["kim"].personnummer),
                                        "secrecy_wish": True}, actor="t").reports[0]
    assert school.mandatory and not school.secrecy_wish  # a mandatory reporter is known to the case
    with pytest.raises(InputError):
        service.register(session, {**_report(key="formular-11"), "children": [{"name": "Kim"}]}, actor="t")
    assert session.scalar(select(HouseholdMember.id)) is not None
