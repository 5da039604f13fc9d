"""Care invoices registered or sent to a person: every outcome of the matching, with its reason and evidence;
credit notes; the same invoice in two files; a PDF; payroll fees; the robot killed and rerun."""

import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from ifoflow.arende.models import Case, Task
from ifoflow.domain.enums import Insats
from ifoflow.drift.operations import run_robot
from ifoflow.intag.models import Quarantined
from ifoflow.robots.core.runner import execute, start_run
from ifoflow.vardfaktura import attest, payroll, placements, price, service
from ifoflow.vardfaktura.models import CareInvoice, Placement, PlacementCost, Provider
from ifoflow.vardfaktura.robot import fees_robot
from ifoflow.vardfaktura.robot import robot as vardfakturor
from ifoflow.vardfaktura.synthetic import Draft

TODAY = date(2026, 4, 2)
ORG, BANKGIRO = "5560160680", "9912346"


@pytest.fixture
def placement(session: Session, cases: list[int], settings_env: str) -> Placement:
    placements.add_provider(session, {"name": "Solgläntans HVB AB", "org_number": "556016-0680",
                                      "peppol_id": f"0007:{ORG}", "bankgiro": "991-2346"}, actor="test")
    number = session.get_one(Case, cases[0]).case_number
    made = placements.add_placement(session, {
        "reference": "BU-01-2026-00001", "case_number": number, "insats": "hvb", "provider": ORG,
        "price_unit": "dygn", "price": 4000, "start": "2026-01-15", "end": "2026-06-30",
        "kontering": "4610-BU-HVB", "extras": {"Skolskjuts": 3100}}, actor="test")
    session.commit()
    return made


def _draft(number: str = "F-1", first: date = date(2026, 3, 1), last: date = date(2026, 3, 31),
           amount: str = "127100.00", **kw: object) -> Draft:
    provider = Provider(name="Solgläntans HVB AB", org_number=ORG, bankgiro=BANKGIRO)
    data = {"reference": "BU-01-2026-00001", "quantity": (last - first).days + 1, "bankgiro": BANKGIRO, **kw}
    return Draft(provider, number, first=first, last=last, amount=Decimal(amount), **data)  # type: ignore[arg-type]


def _run(session: Session, *drafts: Draft) -> list[CareInvoice]:
    service.receive(session, [(f"{d.number}.xml", d.xml()) for d in drafts], today=TODAY)
    session.commit()
    service.register(session, service.pending(session), today=TODAY, actor="test")
    session.commit()
    return list(session.scalars(select(CareInvoice).order_by(CareInvoice.id)))


def test_an_invoice_at_the_agreed_price_is_registered_with_its_cost_and_attest(session: Session,
                                                                             placement: Placement) -> None:
    # 31 days x 4 000 kr + the agreed extra 3 100 kr a month = 127 100 kr
    (inv,) = _run(session, _draft())
    assert (inv.status, inv.placement_id, inv.attest, inv.expected) == ("registrerad", placement.id, "attestera",
                                                                       Decimal("127100.00"))
    costs = session.scalars(select(PlacementCost)).all()
    assert [(c.month, c.amount, c.source) for c in costs] == [(date(2026, 3, 1), Decimal("127100.00"), "faktura")]
    sent = json.loads(attest.file_for(inv.key).read_text(encoding="utf-8"))
    assert sent["rekommendation"] == "attestera" and sent["kontering"] == "4610-BU-HVB"
    assert sent["arende"] == session.get_one(Case, placement.case_id).case_number
    assert session.scalar(select(func.count()).select_from(Task)) == 0


def test_an_invoice_over_two_months_splits_its_cost_by_days(session: Session, placement: Placement) -> None:
    # 20 March - 10 April: 12 + 10 days x 4 000 + extras 3 100 x 12/31 + 3 100 x 10/30
    (inv,) = _run(session, _draft(first=date(2026, 3, 20), last=date(2026, 4, 10), amount="90233.33"))
    assert inv.status == "registrerad"
    months = [(c.month.month, c.amount) for c in session.scalars(select(PlacementCost).order_by(PlacementCost.month))]
    assert [m for m, _ in months] == [3, 4] and sum(a for _, a in months) == Decimal("90233.33")


@pytest.mark.parametrize(("change", "deviation", "words"), [
    ({"org": "5566778899"}, "okand_leverantor", "finns inte i leverantörsregistret"),
    ({"bankgiro": "56781236"}, "bankgiro_avviker", "Bankgirot på fakturan är inte leverantörens"),
    ({"reference": "BU-01-2026-99999"}, "ingen_placering", "Ingen placering hos Solgläntans HVB AB"),
    ({"first": date(2026, 6, 20), "last": date(2026, 7, 10), "amount": "88000.00"}, "utanfor_perioden",
     "men beslutet gäller 2026-01-15 – 2026-06-30"),
    ({"amount": "140000.00"}, "over_avtalat_pris", "högre än det avtalade priset"),
    ({"credit_of": "F-0", "number": "K-1"}, "kredit_utan_original", "hänvisar inte till en registrerad faktura"),
])
def test_every_deviation_goes_to_a_finance_assistant_with_reason_and_evidence(
        session: Session, placement: Placement, change: dict[str, object], deviation: str, words: str) -> None:
    if change.get("org") == "5566778899":
        change["org"] = "5560001874"  # valid check digit, not in the register
    (inv,) = _run(session, _draft(**change))  # type: ignore[arg-type]
    assert (inv.status, inv.deviation, inv.attest) == ("avvikelse", deviation, "avvakta")
    assert words in inv.reason
    task = session.scalars(select(Task).where(Task.kind == "vardfaktura_avvikelse")).one()
    assert task.reason == inv.reason and task.evidence["Fakturanummer"] == inv.number
    assert task.evidence["Belopp utan moms"].endswith("kr")
    assert session.scalar(select(func.count()).select_from(PlacementCost)) == 0
    assert json.loads(attest.file_for(inv.key).read_text(encoding="utf-8"))["rekommendation"] == "avvakta"


def test_days_already_invoiced_are_caught_and_a_credit_note_reduces_the_cost(session: Session,
                                                                           placement: Placement) -> None:
    first, again = _run(session, _draft("F-1"), _draft("F-2", first=date(2026, 3, 20), last=date(2026, 3, 31),
                                                       amount="49200.00"))
    assert (first.status, again.deviation) == ("registrerad", "overlappande_dagar")
    assert "2026-03-20 – 2026-03-31" in again.reason
    credit = _run(session, _draft("K-1", credit_of="F-1", amount="4000.00", quantity=1))[-1]
    assert (credit.kind, credit.status, credit.placement_id) == ("kredit", "registrerad", placement.id)
    total = session.scalar(select(func.sum(PlacementCost.amount)))
    assert Decimal(total) == Decimal("123100.00")


def test_the_same_invoice_in_two_files_is_one_invoice_and_a_pdf_asks_for_an_e_invoice(
        session: Session, placement: Placement) -> None:
    draft = _draft()
    got = service.receive(session, [("a.xml", draft.xml()), ("b.xml", draft.xml()), ("c.pdf", b"%PDF-1.4 x"),
                                    ("d.xml", b"<trasig")], today=TODAY)
    again = service.receive(session, [("a-igen.xml", draft.xml())], today=TODAY)
    session.commit()
    assert got.as_dict() == {"mottagna": 1, "dubbletter": 1, "karantan": 1, "manuella": 1}
    assert again.as_dict() == {"mottagna": 0, "dubbletter": 1, "karantan": 0, "manuella": 0}
    pdf_task = session.scalars(select(Task).where(Task.kind == "vardfaktura_pdf")).one()
    assert "be leverantören skicka e-faktura" in pdf_task.reason
    assert "inte läsbar XML" in session.scalars(select(Quarantined.reason)).one()


def test_municipal_family_homes_fees_are_registered_once_a_month(session: Session, cases: list[int],
                                                                 settings_env: str) -> None:
    number = session.get_one(Case, cases[1]).case_number
    placements.add_placement(session, {"reference": "BU-01-FH-1", "case_number": number,
                                       "insats": Insats.familjehem_kommunalt, "price_unit": "manad", "price": 12000,
                                       "start": "2026-03-16", "extras": {"Omkostnadsersättning": 6200}},
                             actor="test")
    session.commit()
    factory = sessionmaker(session.get_bind())
    run_robot(factory, fees_robot, run_key="2026-03", params={"month": "2026-03"})
    run_robot(factory, fees_robot, run_key="2026-03-igen", params={"month": "2026-03"})
    assert payroll.register_month(session, date(2026, 4, 1)) == 1
    session.commit()
    rows = [(c.month.month, c.amount) for c in session.scalars(select(PlacementCost).order_by(PlacementCost.month))]
    assert rows == [(3, Decimal("9393.55")), (4, Decimal("18200.00"))]  # 16 of 31 days in March, then whole


def test_placements_and_providers_are_checked_field_by_field(session: Session, placement: Placement) -> None:
    from ifoflow.domain.errors import InputError

    with pytest.raises(InputError) as org:
        placements.add_provider(session, {"name": "X AB", "org_number": "556016-0681"}, actor="t")
    assert org.value.field == "Organisationsnummer" and "kontrollsiffra" in org.value.message
    with pytest.raises(InputError) as bg:
        placements.add_provider(session, {"name": "X AB", "org_number": "202100-5489", "bankgiro": "123"},
                                actor="t")
    assert bg.value.field == "Bankgiro"
    base = {"case_number": session.get_one(Case, placement.case_id).case_number, "insats": "hvb", "provider": ORG,
            "price_unit": "dygn", "price": 4000, "start": "2026-01-01"}
    with pytest.raises(InputError) as pnr:
        placements.add_placement(session, {**base, "reference": "19800101-1234"}, actor="t")
    assert "personnummer" in pnr.value.message
    with pytest.raises(InputError) as csv_row:
        placements.import_csv(session, "referens;ärende;insats;leverantör;prisenhet;pris;från\n"
                                       "R-1;IFO-X;hvb;5560160680;dygn;100;2026-01-01\n".encode(), actor="t")
    assert csv_row.value.message.startswith("Rad 2: Ärendet IFO-X finns inte")
    number = session.get_one(Case, placement.case_id).case_number
    assert placements.import_csv(session, f"referens;arende;insats;leverantor;prisenhet;pris;fran;tillagg\n"
                                          f"R-2;{number};hvb;{ORG};dygn;3000;2026-02-01;Skolskjuts=900\n".encode(),
                                 actor="t") == 1
    with pytest.raises(InputError) as missing:
        placements.add_placement(session, {**base, "reference": "R-3", "price": ""}, actor="t")
    assert placements.said(missing.value) == "Pris: Måste vara ett heltal."


def test_the_robot_killed_mid_run_registers_each_invoice_once(session: Session, placement: Placement,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("IFOFLOW_VARDFAKTURA_CHUNK_SIZE", "2")
    from ifoflow.settings import get_settings

    get_settings.cache_clear()
    def agreed(m: int) -> str:
        return str(sum(s.amount for s in price.expected(date(2026, m, 1), date(2026, m, 28), "dygn", 4000,
                                                        {"Skolskjuts": 3100})))

    drafts = [_draft(f"F-{m}", first=date(2026, m, 1), last=date(2026, m, 28), amount=agreed(m)) for m in (2, 3, 4, 5)]
    service.receive(session, [(f"{d.number}.xml", d.xml()) for d in drafts], today=TODAY)
    session.commit()
    factory = sessionmaker(session.get_bind())
    run_id = start_run(factory, vardfakturor, run_key="krasch", params={"today": TODAY.isoformat()})

    def crash(moment: str, item: str, step: str) -> None:
        if moment == "after_commit":
            raise KeyboardInterrupt  # dies after the first chunk

    with pytest.raises(KeyboardInterrupt):
        execute(factory, vardfakturor, run_id, hook=crash)
    execute(factory, vardfakturor, run_id)
    run_robot(factory, vardfakturor, run_key="igen", params={"today": TODAY.isoformat()})
    session.expire_all()
    statuses = session.scalars(select(CareInvoice.status)).all()
    assert len(statuses) == 4 and set(statuses) == {"registrerad"}
    assert session.scalar(select(func.count()).select_from(PlacementCost)) == 4


def test_the_export_folder_is_read_by_the_robot_and_the_commands(session: Session, placement: Placement,
                                                                 tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                 settings_env: str) -> None:
    from typer.testing import CliRunner

    from ifoflow.main import app
    from ifoflow.settings import get_settings

    folder = tmp_path / "export"
    folder.mkdir()
    (folder / "F-1.xml").write_bytes(_draft().xml())
    (folder / "F-2.xml").write_bytes(_draft("F-2", first=date(2026, 4, 1), last=date(2026, 4, 30),
                                             amount="123100.00").xml())
    monkeypatch.setenv("IFOFLOW_VARDFAKTURA_INBOX", str(folder))
    get_settings.cache_clear()
    read = CliRunner().invoke(app, ["vardfaktura", "inkorg"])
    assert read.exit_code == 0 and "2 nya fakturor" in read.output
    assert sorted(p.name for p in (folder / "behandlade").iterdir()) == ["F-1.xml", "F-2.xml"]
    (folder / "F-3.xml").write_bytes(_draft("F-3", first=date(2026, 5, 1), last=date(2026, 5, 31),
                                             amount="127100.00").xml())
    report = run_robot(sessionmaker(session.get_bind()), vardfakturor, run_key="schema",
                       params={"today": TODAY.isoformat()})  # the scheduled run reads the folder first
    assert report.counts == {"done": 1}
    session.expire_all()
    assert session.scalars(select(CareInvoice.status)).all() == ["registrerad"] * 3
    costs_out = CliRunner().invoke(app, ["vardfaktura", "kostnader", "--ar", "2026", "--csv",
                                         str(tmp_path / "k.csv")])
    assert costs_out.exit_code == 0 and "BU-01" in (tmp_path / "k.csv").read_text(encoding="utf-8") or \
        "EB-01" in (tmp_path / "k.csv").read_text(encoding="utf-8")
    bad = CliRunner().invoke(app, ["vardfaktura", "leverantor", "--namn", "X", "--orgnr", "123"])
    assert bad.exit_code != 0 and "Fel i fältet Namn" in bad.output


def test_a_deviation_fixed_at_its_cause_is_registered_when_tried_again(session: Session,
                                                                      placement: Placement) -> None:
    from ifoflow.domain.errors import InputError

    (inv,) = _run(session, _draft(reference="BU-01-2026-00002"))
    assert inv.deviation == "ingen_placering"
    with pytest.raises(InputError):
        service.approve(session, inv.id, actor="eko", note="Ser rätt ut")  # no placement to register it on
    number = session.get_one(Case, placement.case_id).case_number
    placements.add_placement(session, {"reference": "BU-01-2026-00002", "case_number": number, "insats": "hvb",
                                       "provider": ORG, "price_unit": "dygn", "price": 4100,
                                       "start": "2026-03-01"}, actor="eko")
    assert "avviker fortfarande" not in service.retry(session, inv.id, actor="eko")
    session.commit()
    task = session.scalars(select(Task).where(Task.kind == "vardfaktura_avvikelse")).one()
    assert (session.get_one(CareInvoice, inv.id).status, task.status) == ("registrerad", "klar")
    with pytest.raises(InputError, match="inte en avvikelse"):
        service.retry(session, inv.id, actor="eko")


def test_a_new_bank_giro_checked_with_the_provider_lets_the_invoice_through(session: Session,
                                                                           placement: Placement) -> None:
    (inv,) = _run(session, _draft(bankgiro="56781230"))
    assert (inv.deviation, inv.placement_id) == ("bankgiro_avviker", placement.id)  # the placement is found too
    provider = session.get_one(Provider, inv.provider_id)
    placements.change_provider(session, provider.id, bankgiro_number="5678-1230", peppol_id="", actor="eko")
    assert provider.peppol_id == f"0007:{ORG}"  # kept when not given
    service.retry(session, inv.id, actor="eko")
    session.commit()
    assert session.get_one(CareInvoice, inv.id).status == "registrerad"
