"""Self-assessment, priorities, legal checklist into the registry, Excel, follow-up."""

import json
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
import yaml
from openpyxl import load_workbook
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker
from typer.testing import CliRunner

from ifoflow.beslut import service as decision_types
from ifoflow.domain.errors import InputError
from ifoflow.inventering import excel as inventory_excel
from ifoflow.inventering import service as inventory
from ifoflow.inventering.models import Process
from ifoflow.inventering.pdf import summary_html
from ifoflow.main import app

EXAMPLE = Path(__file__).parents[2] / "docs" / "examples" / "process-forsorjningsstod.yaml"


def example(**changes: Any) -> inventory.ProcessIn:
    data = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    data.update(changes)
    return inventory.ProcessIn.model_validate(data)


def test_clear_digital_decision_with_legal_checklist_is_p1() -> None:
    result = inventory.assess(example())
    # 12 500 h -> 25; clarity 4 -> 15; digital 15; 3 systems 3; 4 yes 12: 70 of 80 = 88
    assert (result.score, result.priority, result.legal_ok) == (88, "P1", True)


def test_excluded_or_unclear_decisions_fall_to_p2_with_the_reasons() -> None:
    legal = dict(example().legal, upphandling=True)
    result = inventory.assess(example(legal=legal))
    assert result.priority == "P2" and any("upphandling" in r for r in result.reasons)
    paper = inventory.assess(example(data_form="papper"))
    assert paper.priority == "P2"


def test_small_judgement_heavy_process_is_not_now() -> None:
    result = inventory.assess(example(volume_per_year=40, minutes_per_case=10, rule_clarity=1, data_form="papper",
                                      answers={}, systems=["a", "b", "c", "d", "e"]))
    assert result.priority == "ej_nu" and result.score < 40


def test_legal_checklist_feeds_the_decision_type_registry(session: Session) -> None:
    row = inventory.save(session, example(), actor="test")
    draft = inventory.decision_type_draft(row, "forsorjningsstod_norm")
    decision_types.register(session, draft, actor="test")
    assert decision_types.find(session, "forsorjningsstod_norm").allowed_outcomes == ["bifall", "avslag"]
    excluded = inventory.save(session, example(name="Upphandling av HVB", legal=dict(row.legal, upphandling=True)),
                              actor="test")
    with pytest.raises(InputError, match="upphandling"):
        decision_types.register(session, inventory.decision_type_draft(excluded, "hvb"), actor="test")


def test_excel_round_trip_and_bad_rows_import_nothing(session: Session) -> None:
    inventory.save(session, example(), actor="test")
    inventory.save(session, example(name="Skuldhantering", volume_per_year=1200, ends_in_decision=False),
                   actor="test")
    session.commit()
    content = inventory_excel.export(session)
    sheet = load_workbook(BytesIO(content)).active
    assert sheet is not None
    assert sheet.max_row == 3 and sheet["A1"].value == "Namn"
    session.execute(Process.__table__.delete())
    session.commit()
    assert inventory_excel.import_workbook(session, content, actor="test") == 2
    session.commit()
    sheet["D3"] = "många"  # volume not a number on row 3
    broken = BytesIO()
    sheet.parent.save(broken)
    session.execute(Process.__table__.delete())
    session.commit()
    with pytest.raises(InputError, match="rad 3, volume_per_year"):
        inventory_excel.import_workbook(session, broken.getvalue(), actor="test")
    session.rollback()
    assert session.scalar(select(func.count()).select_from(Process)) == 0
    with pytest.raises(InputError, match="Excel"):
        inventory_excel.import_workbook(session, b"not a workbook", actor="test")


def test_follow_up_counts_the_robots_finished_items(session: Session, cases: list[int]) -> None:
    from ifoflow.drift.operations import run_robot
    from ifoflow.robots.core import Manual, Robot
    from tests.robots.crashbot import items, register

    bot = Robot(name="crashbot", title="t", trigger=Manual(), items=items, steps=[register])
    run_robot(sessionmaker(session.get_bind()), bot, run_key="f", params={"tag": "f", "cases": cases})
    row = inventory.save(session, example(robot_name="crashbot"), actor="test")
    follow = inventory.follow_up(session, row)
    assert len(follow) == 1 and follow[0]["items"] == 3 and follow[0]["hours_saved"] == round(3 * 25 / 60, 1)


def test_summary_has_the_chart_and_the_table(session: Session) -> None:
    html = summary_html(inventory.save(session, example(), actor="test"))
    assert "<svg" in html and "220\u00a0000" in html and "Uppfylld" in html


def test_cli_calculations_and_inventory(settings_env: str, tmp_path: Path) -> None:
    runner = CliRunner()
    out = runner.invoke(app, ["kalkyl", "investering", "--belopp", "1000000", "--ranta", "2.0", "--ar", "5", "--json"])
    body = json.loads(out.output)
    assert [y["cost"] for y in body["years"]] == [220000, 216000, 212000, 208000, 204000]
    assert body["total"] == {"interest": 60000, "depreciation": 1000000, "cost": 1060000}
    bad = runner.invoke(app, ["kalkyl", "investering", "--belopp", "0", "--ranta", "2", "--ar", "5"])
    assert bad.exit_code == 2 and "belopp" in bad.output
    nytta = runner.invoke(app, ["kalkyl", "nytta", "--volym", "1200", "--minuter", "20", "--andel", "0.7",
                                "--manadslon", "35000", "--pa", "40", "--json"])
    assert json.loads(nytta.output)["value_per_year"] == 82197
    runner.invoke(app, ["db", "upgrade"])
    added = runner.invoke(app, ["processer", "add", str(EXAMPLE)], env={"COLUMNS": "200"})
    assert added.exit_code == 0 and "P1, 88 poäng" in added.output
    assert runner.invoke(app, ["processer", "export", str(tmp_path / "inv.xlsx")]).exit_code == 0
    assert runner.invoke(app, ["processer", "import", str(tmp_path / "inv.xlsx")]).exit_code == 0  # keeps the rest
    assert runner.invoke(app, ["processer", "pdf", "1", str(tmp_path / "p.pdf")]).exit_code == 0
    assert (tmp_path / "p.pdf").read_bytes().startswith(b"%PDF")
    registered = runner.invoke(app, ["processer", "register-decision-type", "1", "--code", "fs_norm"])
    assert registered.exit_code == 0, registered.output
