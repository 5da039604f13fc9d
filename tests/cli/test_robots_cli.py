from pathlib import Path

import yaml
from sqlalchemy import text
from typer.testing import CliRunner

from ifoflow.main import app
from ifoflow.store.db import make_engine

runner = CliRunner()
TYPE = {"code": "forsorjningsstod_norm", "title": "Försörjningsstöd enligt norm", "namnd": "Socialnämnden",
        "delegation_ref": "DO 4.1", "legal_basis": "12 kap. 7 § SoL (2025:400)", "appealable": True,
        "report_back": "Månadsrapport", "allowed_outcomes": ["bifall"]}


def test_robots_list_run_pause_and_audit_verify(settings_env: str) -> None:
    assert runner.invoke(app, ["seed", "-n", "20"]).exit_code == 0
    listed = runner.invoke(app, ["robots", "list"], env={"COLUMNS": "200"})
    assert listed.exit_code == 0 and "infobrev" in listed.output and "varje bankdag" in listed.output
    ran = runner.invoke(app, ["robots", "run", "infobrev", "--key", "k1"])
    assert ran.exit_code == 0 and "klar" in ran.output
    assert runner.invoke(app, ["robots", "pause", "infobrev"]).exit_code == 0
    paused = runner.invoke(app, ["robots", "run", "infobrev"])
    assert paused.exit_code == 2 and "pausad" in paused.output
    assert runner.invoke(app, ["robots", "resume", "infobrev"]).exit_code == 0
    assert runner.invoke(app, ["robots", "run", "okand"]).exit_code == 2
    christmas_eve = runner.invoke(app, ["robots", "schedule", "--today", "2026-12-24"]).output
    assert "infobrev" not in christmas_eve and "forsorjningsstod" in christmas_eve  # only the hourly robot
    verified = runner.invoke(app, ["audit", "verify"])
    assert verified.exit_code == 0 and "intakt" in verified.output
    with make_engine(settings_env).begin() as conn:
        conn.execute(text("UPDATE audit_events SET actor = 'x' WHERE id = 1"))
    broken = runner.invoke(app, ["audit", "verify"])
    assert broken.exit_code == 1 and "inte intakt" in broken.output


def test_decision_type_register_refuse_and_disable(settings_env: str, tmp_path: Path) -> None:
    runner.invoke(app, ["db", "upgrade"])
    ok, bad = tmp_path / "ok.yaml", tmp_path / "bad.yaml"
    ok.write_text(yaml.safe_dump(TYPE), encoding="utf-8")
    bad.write_text(yaml.safe_dump({**TYPE, "code": "upphandling_x", "matter_class": "upphandling"}), encoding="utf-8")
    assert runner.invoke(app, ["decision-types", "register", str(ok)]).exit_code == 0
    refused = runner.invoke(app, ["decision-types", "register", str(bad)], env={"COLUMNS": "200"})
    assert refused.exit_code == 2 and "upphandling" in refused.output and "6 kap. 38 §" in refused.output
    off = runner.invoke(app, ["decision-types", "disable", "forsorjningsstod_norm", "--reason", "Granskning"])
    assert off.exit_code == 0 and "avstängd" in off.output
    listed = runner.invoke(app, ["decision-types", "list"], env={"COLUMNS": "200"})
    assert "Granskning" in listed.output
