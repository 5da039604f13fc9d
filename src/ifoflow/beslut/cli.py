"""`ifoflow audit`, `ifoflow tasks` and `ifoflow decision-types`."""

from pathlib import Path

import typer
from rich.table import Table

from ifoflow import files
from ifoflow.arende import tasks
from ifoflow.atkomst.service import find_unit
from ifoflow.beslut import service as decision_types
from ifoflow.cli import common
from ifoflow.domain.enums import label
from ifoflow.store import audit
from ifoflow.store.db import session_factory, unit_of_work

audit_app = typer.Typer(help="Granskningsloggen.", no_args_is_help=True)
tasks_app = typer.Typer(help="Uppgifter för handläggare (manuell kö).", no_args_is_help=True)
types_app = typer.Typer(help="Beslutstyper för automatiserat beslutsfattande (KL 6 kap. 37-40 §§).",
                        no_args_is_help=True)


@audit_app.command("verify")
def verify() -> None:
    """Check the hash chain; report any changed, inserted or deleted event. Exit code 1 on problems."""
    with session_factory(common.engine())() as session:
        count, problems = audit.verify(session)
    for p in problems:
        common.err_console.print(f"[red]{p.kind}[/] händelse {p.event_id}: {p.message}")
    if problems:
        common.err_console.print(f"Granskningsloggen är [bold red]inte intakt[/]: {len(problems)} fel i {count} "
                                 "händelser.")
        raise typer.Exit(1)
    common.console.print(f"Granskningsloggen är intakt: {count} händelser kontrollerade.")


@tasks_app.command("list")
def list_tasks(unit: str = typer.Option(..., "--unit", help="Enhetens kod.")) -> None:
    """Open tasks of a unit, earliest deadline first."""
    with common.user_errors(), session_factory(common.engine())() as session:
        rows = tasks.open_tasks(session, find_unit(session, unit).id)
        table = Table("Id", "Sista dag", "Typ", "Orsak", "Status", "Handläggare")
        for t in rows:
            table.add_row(str(t.id), t.deadline.isoformat(), t.kind, t.reason, label(t.status),
                          str(t.assigned_to_id or "–"))
    common.console.print(table)


def _task_action(action: str, task_id: int, user: str, note: str = "") -> None:
    with common.user_errors(), unit_of_work(session_factory(common.engine())) as session:
        if action == "claim":
            tasks.claim(session, task_id, user)
        elif action == "complete":
            tasks.complete(session, task_id, user, note)
        else:
            tasks.reassign(session, task_id, user, actor="cli")
    common.console.print(f"Uppgift {task_id}: klart.")


@tasks_app.command("claim")
def claim(task_id: int, user: str = typer.Option(..., "--user")) -> None:
    """Take a task."""
    _task_action("claim", task_id, user)


@tasks_app.command("complete")
def complete(task_id: int, user: str = typer.Option(..., "--user"), note: str = typer.Option(..., "--note")) -> None:
    """Finish a task you have taken, saying what was done."""
    _task_action("complete", task_id, user, note)


@tasks_app.command("reassign")
def reassign(task_id: int, to: str = typer.Option(..., "--to", help="Användarnamn.")) -> None:
    """Give a task to someone else."""
    _task_action("reassign", task_id, to)


@types_app.command("register")
def register(file: Path = typer.Argument(..., help="YAML med code, title, namnd, delegation_ref, legal_basis, "
                                                   "appealable, report_back, matter_class, allowed_outcomes.")) -> None:
    """Register an automated decision type; refused with the reason when the law excludes it."""
    with common.user_errors():
        data = decision_types.DecisionTypeIn.model_validate(files.load_yaml(file))
        with unit_of_work(session_factory(common.engine())) as session:
            decision_types.register(session, data, actor="cli")
    common.console.print(f"Beslutstypen {data.code} är registrerad och påslagen.")


@types_app.command("list")
def list_types() -> None:
    """All registered decision types."""
    table = Table("Kod", "Benämning", "Nämnd", "Delegation", "Utfall", "Påslagen")
    with session_factory(common.engine())() as session:
        for t in decision_types.all_types(session):
            table.add_row(t.code, t.title, t.namnd, t.delegation_ref, ", ".join(t.allowed_outcomes),
                          "ja" if t.enabled else f"nej ({t.change_reason})")
    common.console.print(table)


def _switch(code: str, enabled: bool, reason: str) -> None:
    with common.user_errors(), unit_of_work(session_factory(common.engine())) as session:
        decision_types.set_enabled(session, code, enabled, actor="cli", reason=reason)
    state = "påslagen" if enabled else "avstängd; robotarna skickar ärendena till handläggare"
    common.console.print(f"Beslutstypen {code} är {state}.")


@types_app.command("disable")
def disable(code: str, reason: str = typer.Option(..., "--reason", help="Nämndens skäl.")) -> None:
    """Switch off automated decisions of this type at once."""
    _switch(code, False, reason)


@types_app.command("enable")
def enable(code: str, reason: str = typer.Option(..., "--reason")) -> None:
    """Switch automated decisions of this type on again."""
    _switch(code, True, reason)
