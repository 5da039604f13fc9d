"""Kontrollroboten against simulators whose registers have changed: every kind of hit, tasks with evidence,
payment stops, no duplicates on rerun, resumption after a crash, thresholds as parameters."""

from collections import Counter
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session, sessionmaker

from ifoflow.adapters.clients import parse_batch
from ifoflow.arende.models import Task
from ifoflow.domain.errors import InputError
from ifoflow.drift.operations import run_robot
from ifoflow.kontroll import report as control_report
from ifoflow.kontroll import robot as kontroll
from ifoflow.kontroll import thresholds as control_params
from ifoflow.robots.core.runner import execute, start_run
from ifoflow.robots.models import RobotItem
from ifoflow.settings import get_settings
from ifoflow.synthetic.seed import seed
from ifoflow.utbetalning import service as payments
from ifoflow.utbetalning import stopp as payment_holds
from ifoflow.utbetalning.models import Payment, PaymentHold
from tests.factories import overlay
from tests.web.helpers import client_for, post

MARCH = MARCH_2026 = date(2026, 3, 1)
PARAMS = {"month": "2026-03"}


@pytest.fixture
def town(control_town: sessionmaker[Session]) -> sessionmaker[Session]:
    return control_town


def _codes(s: Session) -> Counter[str]:
    return Counter(e["kod"] for e in s.scalars(select(Task.evidence).where(Task.kind == "kontroll")))


def test_every_kind_of_change_becomes_a_task_with_evidence_and_serious_ones_stop_payment(
        town: sessionmaker[Session]) -> None:
    report = run_robot(town, kontroll.robot, run_key="2026-03", params=PARAMS)
    assert report.status == "done" and set(report.counts) == {"done"}
    with town() as s:
        codes = _codes(s)
        for kind in ("avliden", "utflyttad", "utvandrad", "hushall_andrat", "bistand_annan_kommun",
                     "belopp_avviker", "inkomst_andrad", "kontroll_ej_genomford"):
            assert codes[kind] > 0, kind
        assert sum(n for c, n in codes.items() if c.startswith("ej_redovisad_")) > 0
        income = s.scalars(select(Task).where(Task.kind == "kontroll")).all()
        undeclared = next(t for t in income if t.evidence["kod"].startswith("ej_redovisad_"))
        assert undeclared.evidence["register"] > undeclared.evidence["i_arendet"]
        assert undeclared.evidence["atgard"] and undeclared.assigned_to_id is not None
        holds = s.scalars(select(PaymentHold)).all()
        serious = {t.case_id for t in income if t.evidence["allvarlig"]}
        assert {h.case_id for h in holds} == serious
        stopped = s.scalars(select(Payment).where(Payment.status == "stoppad")).all()
        assert stopped and {p.household_id for p in stopped} <= {h.household_id for h in holds}
        assert payments.export(s, today=date(2026, 3, 20), actor="test").count > 0
        exported = set(s.scalars(select(Payment.household_id).where(Payment.status == "exporterad")))
        assert exported and not exported & {h.household_id for h in holds}
        s.rollback()


def test_a_rerun_of_the_month_writes_no_new_tasks_or_stops(town: sessionmaker[Session]) -> None:
    run_robot(town, kontroll.robot, run_key="2026-03", params=PARAMS)
    with town() as s:
        tasks, holds = s.scalar(select(func.count()).select_from(Task)), s.scalar(
            select(func.count()).select_from(PaymentHold))
    again = run_robot(town, kontroll.robot, run_key="2026-03-igen", params=PARAMS)
    assert set(again.counts) == {"done"}
    with town() as s:
        assert s.scalar(select(func.count()).select_from(Task)) == tasks
        assert s.scalar(select(func.count()).select_from(PaymentHold)) == holds


def test_a_run_killed_halfway_resumes_at_the_next_chunk(town: sessionmaker[Session]) -> None:
    run_id = start_run(town, kontroll.robot, run_key="2026-03", params=PARAMS)
    seen: list[str] = []

    def crash(moment: str, item: str, step: str) -> None:
        if moment == "after_commit":
            seen.append(item)
            if len(seen) == 2:
                raise KeyboardInterrupt  # the process dies after the second chunk was committed

    with pytest.raises(KeyboardInterrupt):
        execute(town, kontroll.robot, run_id, hook=crash)
    with town() as s:
        states = Counter(s.scalars(select(RobotItem.status).where(RobotItem.run_id == run_id)))
        assert states["done"] == 2 and states["pending"] >= 2
    report = execute(town, kontroll.robot, run_id)
    assert set(report.counts) == {"done"}
    with town() as s:
        made = sum(state["check"]["new_tasks"] for state in s.scalars(
            select(RobotItem.state).where(RobotItem.run_id == run_id)))
        assert s.scalar(select(func.count()).select_from(Task)) == made


def test_clearing_a_stop_plans_the_payment_again(town: sessionmaker[Session]) -> None:
    run_robot(town, kontroll.robot, run_key="2026-03", params=PARAMS)
    with town() as s:
        hold = next(h for h in payment_holds.active(s)
                    if s.scalar(select(Payment.id).where(Payment.household_id == h.household_id)))
        with pytest.raises(InputError, match="minst fem tecken"):
            payment_holds.clear(s, hold.id, actor="hl0001", note="")
        payment_holds.clear(s, hold.id, actor="hl0001", note="Flyttningen gäller först i maj.")
        s.commit()
        statuses = set(s.scalars(select(Payment.status).where(Payment.household_id == hold.household_id)))
        assert statuses == {"planerad"}
        with pytest.raises(InputError, match="redan"):
            payment_holds.clear(s, hold.id, actor="hl0001", note="En gång till.")


def test_run_report_per_unit_as_csv_and_pdf(town: sessionmaker[Session]) -> None:
    run_robot(town, kontroll.robot, run_key="2026-03", params=PARAMS)
    with town() as s:
        report = control_report.build(s, MARCH)
        checked = s.scalar(select(func.count()).select_from(Payment))
        assert report.chunks_done == report.chunks_total and report.checked >= (checked or 0)
        assert sum(report.hits.values()) == s.scalar(select(func.count()).select_from(Task))
        assert "Ej redovisad inkomst" in control_report.to_csv(report)
        assert control_report.to_pdf(report).startswith(b"%PDF")
        one = control_report.build(s, MARCH, report.units[0].unit)
        assert [u.unit for u in one.units] == [report.units[0].unit]
        with pytest.raises(Exception, match="Ingen kontroll har körts för 2026-04"):
            control_report.build(s, date(2026, 4, 1))


def test_thresholds_are_parameters(town: sessionmaker[Session], tmp_path: Path,
                                   monkeypatch: pytest.MonkeyPatch) -> None:
    lax = tmp_path / "lax.yaml"  # the municipality's own overlay: exempelstad, with its own control thresholds
    lax.write_text(overlay("kontroll", change_warning_percent=10000, payment_difference_minimum_kr=1000000),
                   encoding="utf-8")
    monkeypatch.setenv("IFOFLOW_RIKTLINJER", str(lax))
    monkeypatch.setenv("IFOFLOW_KONTROLL_CHUNK_SIZE", "500")
    get_settings.cache_clear()
    run_robot(town, kontroll.robot, run_key="2026-03", params=PARAMS)
    with town() as s:
        codes = _codes(s)
        assert codes["inkomst_andrad"] == 0 and codes["belopp_avviker"] == 0 and codes["avliden"] > 0
    bad = tmp_path / "bad.yaml"
    bad.write_text(overlay("kontroll", change_warning_percent=-5), encoding="utf-8")
    with pytest.raises(InputError, match="Felaktiga kontrollparametrar"):
        control_params.load(MARCH_2026, str(bad))
    unsourced = tmp_path / "utan-kalla.yaml"
    unsourced.write_text("bas: exempelstad\nkontroll:\n  task_days: {values: {'2026-01-01': {value: 3}}}\n",
                         encoding="utf-8")
    with pytest.raises(InputError, match="källa saknas"):
        control_params.load(MARCH_2026, str(unsourced))


def test_a_malformed_batch_answer_marks_only_that_person() -> None:
    body = {"personer": [{"personnummer": "199001019802", "manader": {"2026-02": {"lon": "x"}}},
                         {"personnummer": "199001019810", "manader": {"2026-02": {"lon": 4000}}}, "skräp"]}
    batch = parse_batch(body, ["199001019802", "199001019810", "198001019806"])
    assert batch.incomes == {"199001019810": {"2026-02": {"lon": 4000}}}
    assert batch.missing == {"199001019802": "svaret kunde inte läsas", "198001019806": "inget svar från SSBTEK"}


def test_report_page_and_clearing_a_stop_in_the_browser_flow(town: sessionmaker[Session]) -> None:
    run_robot(town, kontroll.robot, run_key="2026-03", params=PARAMS)
    with town() as s:
        hold = payment_holds.active(s)[0]
        unit = hold.case.unit.code
    worker = "hl0001" if unit == "EB-01" else f"hl{(int(unit[3:]) - 1) * 10 + 1:04d}"
    client = client_for(town.kw["bind"], worker)
    page = client.get("/kontroll/2026-03")
    assert page.status_code == 200 and "kontrollerade ärenden" in page.text and "<progress" in page.text
    assert client.get("/kontroll/2026-03/rapport.csv").text.startswith("manad;enhet")
    assert client.get("/kontroll/2026-03/rapport.pdf").content.startswith(b"%PDF")
    assert client.get("/kontroll/2026-04").status_code == 404
    stops = client.get(f"/enheter/{unit}/stopp")
    assert f'aria-label="Häv stoppet för ärende {hold.case.case_number}"' in stops.text
    refused = post(client, f"/enheter/{unit}/stopp/{hold.id}", {"anteckning": "x"})
    assert "minst fem tecken" in refused.text
    done = post(client, f"/enheter/{unit}/stopp/{hold.id}", {"anteckning": "Utrett: bor kvar i kommunen."})
    assert f"Stoppet för ärende {hold.case.case_number} är hävt" in done.text
    operations_page = client_for(town.kw["bind"], "it_strateg").get("/drift")
    assert 'href="/kontroll/2026-03"' in operations_page.text
    assert '<progress value="' in operations_page.text and 'aria-label="Månadskontroll av' in operations_page.text


def test_a_wrong_month_in_the_address_is_a_message_not_an_error(engine: Engine, settings_env: str) -> None:
    seed(engine, households=5, seed=1, today=date(2026, 2, 1))
    client = client_for(engine, "hl0001")
    for path in ("/kontroll/mars", "/kontroll/2026-13/rapport.csv", "/kontroll/x/rapport.pdf"):
        page = client.get(path)
        assert page.status_code == 422 and "ÅÅÅÅ-MM" in page.text, path
