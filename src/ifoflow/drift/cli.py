"""`ifoflow robots ...` and `ifoflow worker`: run, schedule, pause and retry robots."""

import time
from datetime import date, datetime, timedelta
from typing import Any

import typer
from rich.table import Table

from ifoflow.cli import common
from ifoflow.domain.format import parse_date
from ifoflow.drift import operations
from ifoflow.drift.registry import PARAMETER_SETS, ROBOTS, get
from ifoflow.robots.core.declaration import Robot
from ifoflow.robots.core.runner import RunReport
from ifoflow.robots.core.schedule import next_runs
from ifoflow.settings import get_settings
from ifoflow.store.db import session_factory

robots_app = typer.Typer(help="Robotar: lista, köra, schemalägga, pausa.", no_args_is_help=True)
parameters_app = typer.Typer(help="Lokala regler: värden med källa per datum, och lagrum att verifiera.",
                             no_args_is_help=True)


def _print_report(robot: str, report: RunReport) -> None:
    counts = ", ".join(f"{common.STATUS_SV.get(k, k)}: {v}" for k, v in sorted(report.counts.items())) or "inga"
    common.console.print(f"{robot}, körning {report.run_id}: {common.STATUS_SV.get(report.status, report.status)} "
                         f"({counts})")


@robots_app.command("list")
def list_robots() -> None:
    """List the robots with trigger, pause state and next scheduled runs."""
    factory = session_factory(common.engine())
    table = Table("Robot", "Beskrivning", "Start", "Pausad", "Nästa körningar")
    with factory() as session:
        for robot in ROBOTS.values():
            upcoming = ", ".join(d.isoformat() for d in next_runs(robot, date.today()))
            paused = "ja" if operations.is_paused(session, robot.name) else "nej"
            table.add_row(robot.name, robot.title, robot.trigger.describe(), paused, upcoming or "–")
    common.console.print(table)


@robots_app.command("run")
def run(
    name: str = typer.Argument(..., help="Robotens namn."),
    key: str = typer.Option("", "--key", help="Körningens nyckel; samma nyckel återupptar i stället för att upprepa."),
    celery: bool = typer.Option(False, "--celery", help="Fördela arbetet på Celery-arbetare (ifoflow worker)."),
) -> None:
    """Run a robot now (or resume the run with the same key)."""
    with common.user_errors():
        robot = get(name)
        _print_report(name, _run(robot, key or f"manuell-{datetime.now():%Y%m%d-%H%M%S}", {}, celery, name))


def _run(robot: Robot, run_key: str, params: dict[str, Any], celery: bool, label: str) -> RunReport:
    """The one way a command runs a robot: start or resume the run by its key, then work it with a progress bar."""
    factory = session_factory(common.engine())
    run_id, pending = operations.begin(factory, robot, run_key=run_key, params=params, actor="cli")
    with common.progress_bar(label, pending) as advance:
        return operations.work(factory, robot, run_id, celery=celery, actor="cli", progress=advance)


def kontroll_run(month: str = typer.Option("", "--month", help="Kontrollmånad ÅÅÅÅ-MM (standard: innevarande)."),
                 celery: bool = typer.Option(False, "--celery", help="Fördela blocken på Celery-arbetare.")) -> None:
    """Check every ongoing case for the month; a rerun continues the same run and writes nothing twice."""
    from ifoflow.kontroll import robot as kontroll
    from ifoflow.kontroll.cli import print_report, the_month
    from ifoflow.kontroll.report import build

    with common.user_errors():
        chosen = the_month(month)
        key = f"{chosen:%Y-%m}"
        report = _run(kontroll.robot, key, {"month": key}, celery, f"Kontroll {key} (block av ärenden)")
        with session_factory(common.engine())() as session:
            print_report(build(session, chosen))
    _print_report("kontroll", report)


@robots_app.command("schedule")
def schedule(
    run_due: bool = typer.Option(False, "--run-due", help="Kör de robotar som ska köras nu och återuppta "
                                                           "körningar som har stannat."),
    every: int = typer.Option(0, "--every", min=0, help="Upprepa var N:e sekund (schemaläggare i drift)."),
    today: str = typer.Option("", help="Datum ÅÅÅÅ-MM-DD (standard: i dag)."),
) -> None:
    """Show what is due by the schedules; with --run-due, run it (safe to repeat); with --every, keep doing so."""
    with common.user_errors():
        day = _day(today)
    factory = session_factory(common.engine())
    quiet = timedelta(minutes=get_settings().stalled_after_minutes)
    if not run_due:
        due = operations.due_runs(factory, day, quiet)
        if not due:
            common.console.print(f"Inga robotar ska köras {day.isoformat()}.")
        for robot, key, trigger in due:
            common.console.print(f"{robot.name}: ska köras ({TRIGGER_SV.get(trigger, trigger)}, nyckel {key})")
        return
    if every:
        from ifoflow import logs
        from ifoflow.drift import metrics

        logs.setup()
        if get_settings().metrics_port:
            metrics.serve_own(get_settings().metrics_port)
    while True:
        for name, report in operations.tick(factory, _day(today), quiet):
            _print_report(name, report)
        if not every:
            return
        time.sleep(every)


def _day(today: str) -> date:
    """The given day, or today's date each time it is asked (a scheduler runs across midnight)."""
    return parse_date(today, "today") if today else date.today()


TRIGGER_SV = {"schema": "enligt schema", "handelse": "vid en händelse", "aterupptagen": "återupptas"}


@robots_app.command("pause")
def pause(name: str) -> None:
    """Pause a robot: running and scheduled runs stop taking new items."""
    _set_paused(name, True)


@robots_app.command("resume")
def resume(name: str) -> None:
    """Resume a paused robot (run `robots run NAME --key KEY` to continue a paused run)."""
    _set_paused(name, False)


def _set_paused(name: str, paused: bool) -> None:
    with common.user_errors():
        get(name)
        operations.set_paused(session_factory(common.engine()), name, paused, actor="cli")
    common.console.print(f"{name} är {'pausad' if paused else 'återupptagen'}.")


@robots_app.command("retry")
def retry(item_id: int = typer.Argument(..., help="Id för det misslyckade ärendet (robot_items).")) -> None:
    """Run a failed item again from the step that failed."""
    with common.user_errors():
        ok = operations.retry(session_factory(common.engine()), item_id, actor="cli")
    common.console.print("Nytt försök: ärendet gick igenom." if ok else
                         "Nytt försök: ärendet misslyckades igen. Se felet i Robotdrift.")


def worker(concurrency: int = typer.Option(2, help="Antal parallella processer.")) -> None:
    """Run robots as a Celery worker (broker: IFOFLOW_BROKER_URL, default Redis on 127.0.0.1)."""
    from ifoflow import logs
    from ifoflow.drift.celery_app import app as celery_app

    logs.setup()
    common.console.print(f"Robotarbetare startar mot {celery_app.conf.broker_url} (avsluta med Ctrl+C)")
    celery_app.worker_main(["worker", "--loglevel=INFO", f"--concurrency={concurrency}", "-Q", "ifoflow-robots"])


@parameters_app.command("visa")
def show_parameters(namn: str = typer.Argument(..., help="kontroll, skuld eller gallring."),
                    datum: str = typer.Option("", "--datum", help="ÅÅÅÅ-MM-DD (standard: i dag).")) -> None:
    """Every value of a parameter set on a day, with its source and status (the municipality's overlay applied)."""
    from ifoflow import params

    with common.user_errors():
        if namn not in PARAMETER_SETS:
            common.fail("namn", f"Okänd parameteruppsättning ”{namn}”. Finns: {', '.join(PARAMETER_SETS)}.")
        day = _day(datum)
        rows = params.sources(PARAMETER_SETS[namn], day)
    table = Table("Parameter", "Värde", "Källa", "Status", title=f"{namn} per {day} ({params.municipality()})")
    for name, description, value, title, status in rows:
        shown = "bevaras" if value is None else ", ".join(map(str, value)) if isinstance(value, list) else str(value)
        table.add_row(f"{description or name}\n[dim]{name}[/]", shown, title, status)
    common.console.print(table)


@parameters_app.command("att-verifiera")
def to_verify() -> None:
    """Legal references not yet checked against the law text; the municipality's lawyer fills them in through
    the overlay's `lagrum` section or the process's section (docs/parameters.md)."""
    from ifoflow import params

    with common.user_errors():
        found = params.to_verify(list(PARAMETER_SETS.values()))
    table = Table("Parameter", "Från", "Källa")
    for name, since, title in found:
        table.add_row(name, since, title)
    common.console.print(table)
    common.console.print(f"{len(found)} hänvisningar att verifiera (riktlinjer: {params.municipality()}).")
