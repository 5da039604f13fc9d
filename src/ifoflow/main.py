"""Entry point: `ifoflow --help`."""

from datetime import date
from pathlib import Path

import typer

from ifoflow import files, logs
from ifoflow.app import run_server
from ifoflow.arende.cli import cases_app
from ifoflow.atkomst.cli import access_app, units_app, users_app
from ifoflow.beslut.cli import audit_app, tasks_app, types_app
from ifoflow.brevutskick.cli import letters_app
from ifoflow.cli import click_sv, common, help_sv
from ifoflow.dataskydd.cli import gdpr_app, report, retention_app
from ifoflow.demo.cli import demo
from ifoflow.demo.sim_cli import sim_app
from ifoflow.domain.format import parse_date
from ifoflow.drift.backup_cli import backup, restore
from ifoflow.drift.cli import kontroll_run, parameters_app, robots_app, worker
from ifoflow.forsorjningsstod.cli import bistand_app, calc_app
from ifoflow.inventering.cli import kalkyl_app, process_app
from ifoflow.kontroll.cli import kontroll_app
from ifoflow.settings import get_settings
from ifoflow.skanning.cli import scan_app
from ifoflow.skuld.cli import skuld_app
from ifoflow.store.db import recreate, session_factory, unit_of_work, upgrade
from ifoflow.vardfaktura.cli import care_app

app = typer.Typer(help="ifoflow: regler som kod och robotar för socialtjänstens IFO.", no_args_is_help=True,
                  add_completion=False)
db_app = typer.Typer(help="Databasen: migreringar.", no_args_is_help=True)
household_app = typer.Typer(help="Hushåll: registrering.", no_args_is_help=True)
access_app.command("report")(report)  # logguppföljning lives with dataskydd
kontroll_app.command("run")(kontroll_run)  # every robot runs through drift, the control too
GROUPS = {"db": db_app, "household": household_app, "calc": calc_app, "robots": robots_app,
          "parametrar": parameters_app, "audit": audit_app, "tasks": tasks_app, "decision-types": types_app,
          "users": users_app, "access": access_app, "gdpr": gdpr_app, "retention": retention_app,
          "kalkyl": kalkyl_app, "processer": process_app, "sim": sim_app, "bistand": bistand_app,
          "kontroll": kontroll_app, "skuld": skuld_app, "arenden": cases_app, "brev": letters_app,
          "vardfaktura": care_app, "skanning": scan_app, "units": units_app}
for group_name, group in GROUPS.items():
    app.add_typer(group, name=group_name)
app.command("worker")(worker)
app.command("backup")(backup)
app.command("restore")(restore)
app.command("demo")(demo)


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Create or migrate the tables to the newest version."""
    eng = common.engine(require_schema=False)
    upgrade(eng)
    common.console.print(f"Databasen är uppdaterad: {eng.url.render_as_string(hide_password=True)}")


@app.command("seed")
def seed_cmd(
    households: int = typer.Option(1000, "--households", "-n", help="Antal hushåll."),
    seed: int = typer.Option(1, "--seed", "-s", help="Slumpfrö; samma frö ger samma kommun."),
    today: str = typer.Option("", help="Referensdatum ÅÅÅÅ-MM-DD (standard: i dag)."),
    reset: bool = typer.Option(False, "--reset", help="Töm databasen först."),
) -> None:
    """Create a synthetic municipality (fake people with test personnummer only)."""
    from ifoflow.synthetic.seed import seed as run_seed

    with common.user_errors():
        ref = parse_date(today, "today") if today else date.today()
        eng = common.engine(require_schema=False)
        if reset:
            recreate(eng)
        else:
            upgrade(eng)
        with common.progress_bar("Skapar hushåll", households) as advance:
            result = run_seed(eng, households=households, seed=seed, today=ref, progress=advance)
    common.console.print(
        f"Klart: {result.households} hushåll, {result.persons} personer ({result.protected_persons} med skyddad "
        f"identitet), {result.staff} medarbetare i {result.units} enheter, {result.cases} ärenden."
    )


@household_app.command("import")
def household_import(file: Path = typer.Argument(..., help="YAML-fil med hushållet (se docs/households.md).")) -> None:
    """Register a household and open its försörjningsstöd case; all or nothing."""
    from ifoflow.arende.registration import HouseholdIn, register_household

    with common.user_errors():
        data = HouseholdIn.model_validate(files.load_yaml(file))
        with unit_of_work(session_factory(common.engine())) as session:
            case = register_household(session, data, today=date.today(), actor="cli")
            number = case.case_number
    common.console.print(f"Hushållet är registrerat. Ärende {number} har öppnats.")


@app.command("serve")
def serve(host: str = typer.Option("", help="Adress."), port: int = typer.Option(0, help="Port."),
          workers: int = typer.Option(1, min=1, help="Antal serverprocesser (en per processorkärna).")) -> None:
    """Serve the web UI (put it behind HTTPS in production). Refuses unsafe settings outside demo mode."""
    from ifoflow.atkomst.production import unsafe_settings

    settings = get_settings()
    with session_factory(common.engine())() as session:
        problems = unsafe_settings(settings, session)
    if problems:
        common.err_console.print("[bold red]ifoflow startar inte[/]: inställningarna är inte säkra för verklig "
                                 "användning. Ändra detta, eller kör demon med `ifoflow demo`:")
        for problem in problems:
            common.err_console.print(f"  • {problem}")
        raise typer.Exit(2)
    logs.setup()
    run_server(host or settings.host, port or settings.port, cookie_secure=settings.cookie_secure, workers=workers)


click_sv.install()
MISSING_HELP = help_sv.apply(app)  # Swedish help on every command (a test checks that none is missing)


if __name__ == "__main__":
    app()
