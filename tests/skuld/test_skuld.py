"""Skuldhantering: intake in four formats, quarantine and resubmission, duplicates, registration with letters,
protected identity, the three-debt rule with children, never twice for the same debts, statistics."""

import io
import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from openpyxl import Workbook
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session, sessionmaker
from typer.testing import CliRunner

from ifoflow.app import create_app
from ifoflow.arende.models import Case, HouseholdMember, Person, Task
from ifoflow.brev.models import Letter
from ifoflow.brev.pdf import render_pdf
from ifoflow.brev.service import text as letter_text
from ifoflow.domain.errors import InputError
from ifoflow.drift.operations import run_robot
from ifoflow.intag import service as intag
from ifoflow.intag.models import Quarantined
from ifoflow.main import app
from ifoflow.oro.models import ConcernReport
from ifoflow.settings import get_settings
from ifoflow.skuld import intake as debt_intake
from ifoflow.skuld import robot as skuldhantering
from ifoflow.skuld import stats as debt_stats
from ifoflow.skuld.intake import NOTICES
from ifoflow.skuld.models import DebtConcern, DebtNotice
from tests.factories import overlay
from tests.web.helpers import client_for, post

TODAY = date(2026, 3, 10)
HEADER = "personnummer;borgenar;typ;belopp;forfallodatum;avhysnings_eller_avstangningsdatum;referens\n"


@pytest.fixture
def town(debt_town_plain: sessionmaker[Session]) -> sessionmaker[Session]:
    return debt_town_plain


def _parent_with_children(s: Session, protected: bool = False) -> str:
    for hh in s.scalars(select(HouseholdMember.household_id).where(HouseholdMember.role == "barn").distinct()):
        adult = s.scalar(select(Person).join(HouseholdMember, HouseholdMember.person_id == Person.id).where(
            HouseholdMember.household_id == hh, HouseholdMember.role == "sokande"))
        if adult is not None and adult.protected_identity == protected:
            return adult.personnummer
    raise AssertionError("no such household")


def _adult_alone(s: Session) -> str:
    for hh, n in s.execute(select(HouseholdMember.household_id, func.count()).group_by(HouseholdMember.household_id)):
        if n == 1:
            person = s.scalar(select(Person).join(HouseholdMember, HouseholdMember.person_id == Person.id).where(
                HouseholdMember.household_id == hh))
            if person is not None and not person.protected_identity:
                return person.personnummer
    raise AssertionError("no one alone")


def _receive(factory: sessionmaker[Session], content: bytes, name: str) -> dict[str, int]:
    with factory() as s:
        result = intag.receive(s, NOTICES, content, name, today=TODAY).as_dict()
        s.commit()
    return result


def _run(factory: sessionmaker[Session], key: str = "k1") -> None:
    report = run_robot(factory, skuldhantering.robot, run_key=key, params={"today": TODAY.isoformat()})
    assert set(report.counts) <= {"done"}, report.counts


def test_three_debts_in_a_household_with_children_make_one_concern_report(town: sessionmaker[Session]) -> None:
    with town() as s:
        parent, alone = _parent_with_children(s), _adult_alone(s)
    rows = "".join(f"{parent};Bostadsbolaget AB;hyra;{6000 + i};2026-0{i + 1}-28;;R{i}\n" for i in range(3))
    rows += f"{alone};Elbolaget AB;el;2500;2026-02-28;2026-04-15;E1\n" * 3  # the same notice three times
    assert _receive(town, (HEADER + rows).encode(), "hyresvardar.csv") == {"mottagna": 4, "dubbletter": 2,
                                                                          "karantan": 0}
    _run(town)
    with town() as s:
        assert set(s.scalars(select(DebtNotice.status))) == {"registrerad"}
        concerns = s.scalars(select(DebtConcern)).all()
        assert len(concerns) == 1 and len(concerns[0].notice_ids) == 3
        case = s.get_one(Case, concerns[0].case_id)
        assert case.type == "orosanmalan" and case.unit.code == "BU-01"
        # Through the orosanmälan intake: one report per child, the debts as a robot's facts (never risk).
        reports = s.scalars(select(ConcernReport).where(ConcernReport.channel == "intern")).all()
        assert len(reports) == len(concerns[0].children) >= 1 and {r.status for r in reports} == {"ny"}
        assert all(len(r.support["fakta"]["fran_robotar"]) == 3 and r.support["bradska"] == "idag" for r in reports)
        assert all(r.preassessment_due == TODAY + timedelta(days=14) for r in reports)
        task = s.scalar(select(Task).where(Task.kind == "orosanmalan_skyddsbedomning", Task.case_id == case.id))
        assert task is not None and task.unit_id == case.unit_id and task.deadline == TODAY
        letters = s.scalars(select(Letter).where(Letter.kind == "skuld_erbjudande")).all()
        assert len(letters) == 4 and all("budget- och skuldrådgivning" in letter_text(x) for x in letters)
        assert any("2026-04-15" in letter_text(x) for x in letters)
        debt_cases = s.scalars(select(Case).where(Case.type == "skuld")).all()
        assert len(debt_cases) == 2 and all(c.case_number.startswith("SK") or "-" in c.case_number
                                            for c in debt_cases)
    # The same file again, and a fourth debt: no second report for the same debts, no letter twice.
    _receive(town, (HEADER + rows).encode(), "hyresvardar-igen.csv")
    _receive(town, (HEADER + f"{parent};Elbolaget AB;el;900;2026-03-31;;E9\n").encode(), "el.csv")
    _run(town, "k2")
    with town() as s:
        assert s.scalar(select(func.count()).select_from(DebtConcern)) == 1
        assert s.scalar(select(func.count()).select_from(Letter)) == 5
        assert s.scalar(select(func.count()).select_from(Case).where(Case.type == "skuld")) == 2


def test_protected_identity_gets_a_letter_without_an_address_that_waits_for_delivery(
        town: sessionmaker[Session]) -> None:
    """The way out (mailbox, or by hand, never the print batch) is chosen when it is sent: tests/brev."""
    with town() as s:
        protected = _adult_alone(s)
        s.execute(update(Person).where(Person.personnummer == protected).values(protection="skyddad_folkbokforing"))
        street = s.scalar(select(Person.street).where(Person.personnummer == protected))
        s.commit()
    _receive(town, (HEADER + f"{protected};Bostadsbolaget AB;hyra;7000;2026-02-28;;S1\n").encode(), "s.csv")
    _run(town)
    with town() as s:
        letter = s.scalar(select(Letter).where(Letter.kind == "skuld_erbjudande"))
        assert letter is not None and letter.status == "vantar" and "address" not in letter.data
        assert street and street not in str(letter.data) and letter.template == "skuld/erbjudande.typ"


def test_malformed_notices_wait_in_quarantine_and_can_be_fixed(town: sessionmaker[Session]) -> None:
    with town() as s:
        alone = _adult_alone(s)
    bad = (HEADER + "19800101-0000;X AB;hyra;100;2026-01-01;;\n"
           f"{alone};Y AB;vatten;100;2026-01-01;;\n"
           f"{alone};Z AB;el;-5;2026-01-01;;\n"
           f"{alone};Z AB;el;500;31/12;;\n")
    assert _receive(town, bad.encode(), "fel.csv") == {"mottagna": 0, "dubbletter": 0, "karantan": 4}
    assert _receive(town, b"\x00\x01binary", "okand.doc")["karantan"] == 1
    with town() as s:
        entries = s.scalars(select(Quarantined).order_by(Quarantined.id)).all()
        reasons = [e.reason for e in entries]
        assert "personnummer" in reasons[0] and "hyra eller el" in reasons[1] and "belopp" in reasons[2]
        assert "Förfallodatum" in reasons[3] and "Okänd filtyp" in reasons[4]
        with pytest.raises(InputError):
            intag.resubmit(s, NOTICES, entries[1].id, {"typ": "gas"}, actor="ekonom", today=TODAY)
        assert intag.resubmit(s, NOTICES, entries[1].id, {"typ": "el"}, actor="ekonom", today=TODAY)
        s.commit()
        fixed = s.get_one(Quarantined, entries[1].id)
        assert fixed.status == "atgardad"
        assert s.scalars(select(DebtNotice.kind).where(DebtNotice.key == fixed.item_key)).one() == "el"


def test_excel_xml_and_text_pdf_are_read_like_csv(town: sessionmaker[Session]) -> None:
    with town() as s:
        alone = _adult_alone(s)
    book = Workbook()
    sheet = book.active
    sheet.append(["Personnummer", "Borgenär", "Typ", "Belopp", "Förfallodatum", "Referens"])
    sheet.append([alone, "Hyresvärden AB", "hyra", 5400, date(2026, 2, 28), "X1"])
    sheet.append([None, None, None, None, None, None])
    xlsx = io.BytesIO()
    book.save(xlsx)
    xml = (f"<aviseringar><avisering><personnummer>{alone}</personnummer><borgenar>Kraft AB</borgenar><typ>el</typ>"
           "<belopp>1 250 kr</belopp><forfallodatum>2026-02-20</forfallodatum>"
           "<avhysnings_eller_avstangningsdatum>2026-04-01</avhysnings_eller_avstangningsdatum>"
           "<referens>K7</referens></avisering></aviseringar>").encode()
    pdf = render_pdf("skuld/skuld_avisering_exempel.html", {"pnr": alone})
    assert _receive(town, xlsx.getvalue(), "lista.xlsx")["mottagna"] == 1
    assert _receive(town, xml, "kraft.xml")["mottagna"] == 1
    assert _receive(town, pdf, "brev.pdf")["mottagna"] == 1
    with town() as s:
        found = {(n.creditor, n.kind, n.amount, n.cutoff_date) for n in s.scalars(select(DebtNotice))}
        assert found == {("Hyresvärden AB", "hyra", 5400, None), ("Kraft AB", "el", 1250, date(2026, 4, 1)),
                         ("Fastighets AB Exempel", "hyra", 8200, date(2026, 5, 4))}
    assert _receive(town, b"<aviseringar><avisering>", "trasig.xml")["karantan"] == 1
    bomb = b'<!DOCTYPE x [<!ENTITY a "aaaa">]><aviseringar>&a;</aviseringar>'
    assert _receive(town, bomb, "bomb.xml")["karantan"] == 1  # entities refused (defusedxml)


def test_statistics_compare_two_periods_by_type(town: sessionmaker[Session]) -> None:
    with town() as s:
        alone = _adult_alone(s)
        dates = [(date(2022, 3, 1), "el"), (date(2022, 5, 1), "hyra"), (date(2023, 2, 1), "el"),
                 (date(2023, 6, 1), "el"), (date(2023, 7, 1), "hyra")]
        for n, (day, kind) in enumerate(dates):
            notice = debt_intake.NoticeIn(personnummer=alone, creditor="A", kind=kind, amount=100 + n,
                                          due_date=day)
            debt_intake.store(s, {notice.key(): notice}, "test", today=day)
        s.commit()
        table = debt_stats.compare(s, [(date(2022, 1, 1), date(2022, 7, 31)), (date(2023, 1, 1), date(2023, 7, 31))])
        assert [(r.period, r.counts) for r in table] == [("2022-01-01–2022-07-31", {"el": 1, "hyra": 1}),
                                                         ("2023-01-01–2023-07-31", {"el": 2, "hyra": 1})]
        assert "2023-01-01–2023-07-31;2;1;3" in debt_stats.to_csv(table)


def test_inbox_folder_reads_each_file_once_and_moves_it(town: sessionmaker[Session], tmp_path: Path) -> None:
    with town() as s:
        alone = _adult_alone(s)
    inbox = tmp_path / "inkorg"
    inbox.mkdir()
    (inbox / "a.csv").write_text(HEADER + f"{alone};Bostadsbolaget AB;hyra;4100;2026-02-28;;A1\n", encoding="utf-8")
    (inbox / "b.csv").write_text(HEADER + "fel;X;hyra;1;2026-02-28;;\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["skuld", "inkorg", str(inbox)])
    assert result.exit_code == 0, result.output
    assert "1 nya aviseringar" in result.output and "1 i karantän" in result.output
    assert sorted(p.name for p in inbox.iterdir()) == ["behandlade"]
    assert len(list((inbox / "behandlade").iterdir())) == 2
    listed = CliRunner().invoke(app, ["skuld", "karantan"])
    assert "personnummer" in listed.output
    stats = CliRunner().invoke(app, ["skuld", "statistik", "--period", f"{date.today()}:{date.today()}"])
    assert stats.exit_code == 0 and "1" in stats.output
    assert CliRunner().invoke(app, ["skuld", "statistik", "--period", "igår"]).exit_code == 2


def test_api_takes_files_with_a_token_only(town: sessionmaker[Session], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("IFOFLOW_NOTICE_API_TOKEN", "hemlig-nyckel-123")
    get_settings.cache_clear()
    with town() as s:
        alone = _adult_alone(s)
    client = TestClient(create_app(town.kw["bind"]), base_url="https://testserver")
    body = (HEADER + f"{alone};Elbolaget AB;el;800;2026-02-28;;API1\n").encode()
    files = {"fil": ("el.csv", body, "text/csv")}
    assert client.post("/api/skuldaviseringar", files=files).status_code == 401
    wrong = client.post("/api/skuldaviseringar", files=files, headers={"Authorization": "Bearer fel"})
    assert wrong.status_code == 401
    ok = client.post("/api/skuldaviseringar", files=files, headers={"Authorization": "Bearer hemlig-nyckel-123"})
    assert ok.status_code == 202 and ok.json() == {"mottagna": 1, "dubbletter": 0, "karantan": 0}
    again = client.post("/api/skuldaviseringar", files=files, headers={"Authorization": "Bearer hemlig-nyckel-123"})
    assert again.json()["dubbletter"] == 1


def test_web_statistics_and_fixing_the_quarantine(town: sessionmaker[Session]) -> None:
    with town() as s:
        alone = _adult_alone(s)
    _receive(town, (HEADER + f"{alone};Z AB;vatten;500;2026-01-01;;Q1\n").encode(), "fel.csv")
    client = client_for(town.kw["bind"], "hl0001")
    page = client.get("/skuld/karantan")
    assert "hyra eller el" in page.text and "Rätta och registrera" in page.text
    entry = re.search(r'action="/skuld/karantan/(\d+)"', page.text)
    assert entry
    refused = post(client, f"/skuld/karantan/{entry.group(1)}", {"typ": "gas"}, page="/skuld/karantan")
    assert "hyra eller el" in refused.text
    fixed = post(client, f"/skuld/karantan/{entry.group(1)}", {"typ": "el"}, page="/skuld/karantan")
    assert "Aviseringen är rättad och registrerad" in fixed.text and "Karantänen är tom" in fixed.text
    today = date.today().isoformat()
    stats = client.get(f"/skuld/statistik?fran1=2022-01-01&till1=2022-07-31&fran2={today}&till2={today}")
    assert stats.status_code == 200 and re.search(r"<td>" + today + r"–" + today + r'</td><td class="num">1</td>',
                                                  stats.text)
    csv = client.get(f"/skuld/statistik?fran1=2022-01-01&till1=2022-07-31&fran2={today}&till2={today}&format=csv")
    assert csv.text.splitlines()[-1] == f"{today}–{today};1;0;1"
    assert client.get("/skuld/statistik?fran1=igår").status_code == 422


def test_unknown_person_goes_to_a_person_and_old_debts_fall_outside_the_window(town: sessionmaker[Session],
                                                                              tmp_path: Path,
                                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    rules = tmp_path / "skuld.yaml"
    rules.write_text(overlay("skuld", window_days=30), encoding="utf-8")
    monkeypatch.setenv("IFOFLOW_RIKTLINJER", str(rules))
    get_settings.cache_clear()
    with town() as s:
        parent = _parent_with_children(s)
        for n, received in enumerate([date(2025, 12, 1), date(2026, 1, 2), date(2026, 3, 1)]):
            notice = debt_intake.NoticeIn(personnummer=parent, creditor="Bostadsbolaget AB", kind="hyra",
                                          amount=5000 + n, due_date=received)
            debt_intake.store(s, {notice.key(): notice}, "test", today=received)
        stranger = debt_intake.NoticeIn(personnummer="199001019810", creditor="Elbolaget AB", kind="el",
                                        amount=700, due_date=date(2026, 3, 1))
        debt_intake.store(s, {stranger.key(): stranger}, "test", today=TODAY)
        s.commit()
    _run(town)
    with town() as s:
        assert s.scalar(select(func.count()).select_from(DebtConcern)) == 0  # only one debt within 30 days
        unknown = s.scalar(select(DebtNotice).where(DebtNotice.personnummer == "199001019810"))
        assert unknown is not None and unknown.status == "manuell" and "folkbokföringen" in unknown.note
        task = s.scalar(select(Task).where(Task.kind == "skuld_okand_person"))
        assert task is not None and task.evidence["belopp"] == 700


def test_two_adults_in_one_household_share_one_debt_case(town: sessionmaker[Session]) -> None:
    with town() as s:
        household = s.scalar(select(HouseholdMember.household_id).where(HouseholdMember.role == "medsokande"))
        adults = s.scalars(select(Person.personnummer).join(HouseholdMember, HouseholdMember.person_id == Person.id)
                           .where(HouseholdMember.household_id == household,
                                  HouseholdMember.role.in_(["sokande", "medsokande"]))).all()
    assert len(adults) == 2
    _receive(town, (HEADER + f"{adults[0]};Elbolaget AB;el;900;2026-02-28;;D1\n").encode(), "a.csv")
    _run(town, "first")
    _receive(town, (HEADER + f"{adults[1]};Bostadsbolaget AB;hyra;6100;2026-02-28;;D2\n").encode(), "b.csv")
    _run(town, "second")
    with town() as s:
        cases = set(s.scalars(select(DebtNotice.case_id)))
        assert len(cases) == 1
        case = s.get_one(Case, cases.pop())
        assert case.type == "skuld" and case.household_id == household
