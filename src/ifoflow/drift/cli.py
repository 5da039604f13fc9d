"""`ifoflow robots ...` and `ifoflow worker`: run, schedule, pause and retry robots."""

import time
from datetime import date, datetime, timedelta

import typer
from rich.table import Table
from sqlalchemy import func, select

from ifoflow.cli import common
from ifoflow.drift import operations
from ifoflow.drift.registry import ROBOTS, get
from ifoflow.robots.core.runner import RunReport, execute, retry_item, start_run
from ifoflow.robots.core.schedule import next_runs
from ifoflow.robots.models import RobotItem, RobotRun
from ifoflow.settings import get_settings
from ifoflow.store.db import session_factory

robots_app = typer.Typer(help="Robotar: lista, köra, schemalägga, pausa.", no_args_is_help=True)


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
        run_key = key or f"manuell-{datetime.now():%Y%m%d-%H%M%S}"
        factory = session_factory(common.engine())
        with factory() as session:
            if operations.is_paused(session, name):
                common.fail("robot", f"Roboten {name} är pausad. Återuppta med: ifoflow robots resume {name}")
        if celery:
            from ifoflow.drift.celery_app import dispatch

            with common.progress_bar(f"{name} (Celery)", _items(factory, name, run_key)) as advance:
                report = dispatch(name, run_key=run_key, actor="cli", progress=advance)
        else:
            run_id = start_run(factory, robot, run_key=run_key, actor="cli")
            with common.progress_bar(name, _items(factory, name, run_key)) as advance:
                report = execute(factory, robot, run_id, progress=advance)
    _print_report(name, report)


def _items(factory: object, name: str, run_key: str) -> int:
    """Pending items of an existing run with this key (for the progress bar); 0 when the run is new."""
    with factory() as session:  # type: ignore[operator]
        run_id = session.scalar(select(RobotRun.id).where(RobotRun.robot == name, RobotRun.run_key == run_key))
        if run_id is None:
            return 0
        return int(session.scalar(select(func.count()).where(RobotItem.run_id == run_id,
                                                             RobotItem.status == "pending")) or 0)


@robots_app.command("schedule")
def schedule(
    run_due: bool = typer.Option(False, "--run-due", help="Kör de robotar som ska köras nu och återuppta "
                                                           "körningar som har stannat."),
    every: int = typer.Option(0, "--every", min=0, help="Upprepa var N:e sekund (schemaläggare i drift)."),
    today: str = typer.Option("", help="Datum ÅÅÅÅ-MM-DD (standard: i dag)."),
) -> None:
    """Show what is due by the schedules; with --run-due, run it (safe to repeat); with --every, keep doing so."""
    with common.user_errors():
        day = _parse_day(today)
    factory = session_factory(common.engine())
    quiet = timedelta(minutes=get_settings().stalled_after_minutes)
    if not run_due:
        due = operations.due_runs(factory, day, quiet)
        if not due:
            common.console.print(f"Inga robotar ska köras {day.isoformat()}.")
        for robot, key, trigger in due:
            common.console.print(f"{robot.name}: ska köras ({TRIGGER_SV.get(trigger, trigger)}, nyckel {key})")
        return
    while True:
        for name, report in operations.tick(factory, _parse_day(today), quiet):
            _print_report(name, report)
        if not every:
            return
        time.sleep(every)


TRIGGER_SV = {"schema": "enligt schema", "handelse": "vid en händelse", "aterupptagen": "återupptas"}


def _parse_day(value: str) -> date:
    from ifoflow.domain.errors import InputError

    try:
        return date.fromisoformat(value) if value else date.today()
    except ValueError:
        raise InputError("today", f"Ogiltigt datum {value!r}; skriv ÅÅÅÅ-MM-DD.") from None


@robots_app.command("pause")
def pause(name: str) -> None:
    """Pause a robot: running and scheduled runs stop taking new items."""
    with common.user_errors():
        get(name)
        operations.set_paused(session_factory(common.engine()), name, True, actor="cli")
    common.console.print(f"{name} är pausad.")


@robots_app.command("resume")
def resume(name: str) -> None:
    """Resume a paused robot (run `robots run NAME --key KEY` to continue a paused run)."""
    with common.user_errors():
        get(name)
        operations.set_paused(session_factory(common.engine()), name, False, actor="cli")
    common.console.print(f"{name} är återupptagen.")


@robots_app.command("retry")
def retry(item_id: int = typer.Argument(..., help="Id för det misslyckade ärendet (robot_items).")) -> None:
    """Run a failed item again from the step that failed."""
    factory = session_factory(common.engine())
    with common.user_errors():
        with factory() as session:
            item = session.get(RobotItem, item_id)
            if item is None:
                common.fail("item", f"Robotärende {item_id} finns inte.")
            robot = get(session.get_one(RobotRun, item.run_id).robot)
        try:
            report = retry_item(factory, robot, item_id, actor="cli")
        except ValueError as exc:
            common.fail("item", str(exc))
    _print_report(robot.name, report)


def worker(concurrency: int = typer.Option(2, help="Antal parallella processer.")) -> None:
    """Run robots as a Celery worker (broker: IFOFLOW_BROKER_URL, default Redis on 127.0.0.1)."""
    from ifoflow.drift.celery_app import app as celery_app

    common.console.print(f"Robotarbetare startar mot {celery_app.conf.broker_url} (avsluta med Ctrl+C)")
    celery_app.worker_main(["worker", "--loglevel=INFO", f"--concurrency={concurrency}", "-Q", "ifoflow-robots"])
