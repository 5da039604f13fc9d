"""A real installation's units and staff accounts from the command line: a wrong value names its field, an account
signs in by SSO subject or by the password set for it, and every change is in the audit log."""

from sqlalchemy import Engine, select
from sqlalchemy.orm import sessionmaker
from typer.testing import CliRunner

from ifoflow.atkomst.models import StaffUser, Unit
from ifoflow.main import app
from ifoflow.store.audit import AuditEvent


def test_units_and_accounts_are_added_with_errors_that_name_the_field(engine: Engine, settings_env: str) -> None:
    cli = CliRunner()
    assert cli.invoke(app, ["units", "add", "eb-03", "--namn", "Ekonomiskt bistånd 3", "--slag", "ekonomiskt_bistand"]
                      ).exit_code == 0
    again = cli.invoke(app, ["units", "add", "EB-03", "--namn", "Igen", "--slag", "vuxen"])
    assert again.exit_code != 0 and "kod" in again.output and "finns redan" in again.output
    wrong = cli.invoke(app, ["users", "add", "anna.a", "--namn", "Anna A", "--roll", "chef", "--enhet", "EB-03"])
    assert wrong.exit_code != 0 and "roll" in wrong.output and "handlaggare" in wrong.output
    assert cli.invoke(app, ["users", "add", "Anna.A", "--namn", "Anna Andersson", "--roll", "handlaggare",
                            "--enhet", "EB-03", "--sso", "entra-123"]).exit_code == 0
    local = cli.invoke(app, ["users", "add", "it.strateg", "--namn", "Ivar IT", "--roll", "it_strateg",
                             "--enhet", "EB-03"])
    assert local.exit_code == 0 and "set-password it.strateg" in local.output
    assert cli.invoke(app, ["users", "set-password", "it.strateg"], input="ett-langt-losenord\nett-langt-losenord\n"
                      ).exit_code == 0
    with sessionmaker(engine)() as s:
        anna = s.scalar(select(StaffUser).where(StaffUser.username == "anna.a"))
        unit = s.scalar(select(Unit).where(Unit.code == "EB-03"))
        assert anna is not None and unit is not None and anna.unit_id == unit.id and anna.oidc_subject == "entra-123"
        assert s.scalar(select(StaffUser.password_hash).where(StaffUser.username == "it.strateg")).startswith("$argon2")
        actions = set(s.scalars(select(AuditEvent.action)))
    assert {"unit.added", "user.added", "auth.password_set"} <= actions
