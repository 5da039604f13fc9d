"""`ifoflow arenden flytta`: give cases to another case worker, one by one or all of a case worker who leaves."""

import typer

from ifoflow.arende.service import move_cases
from ifoflow.cli import common
from ifoflow.store.db import session_factory, unit_of_work

cases_app = typer.Typer(help="Ärenden: byte av handläggare.", no_args_is_help=True)


@cases_app.command("flytta")
def move(
    arenden: list[str] = typer.Argument(None, help="Ärendenummer, t.ex. IFO-2026-000017 (utelämna med --fran)."),
    fran: str = typer.Option("", "--fran", help="Flytta alla öppna ärenden från den här handläggaren."),
    till: str = typer.Option(..., "--till", help="Användarnamn på den nya handläggaren."),
) -> None:
    """Reassign cases; the clients get an info letter (robot infobrev) unless the unit has chosen not to."""
    with common.user_errors(), unit_of_work(session_factory(common.engine())) as session:
        moved = move_cases(session, case_numbers=list(arenden or []), from_username=fran, to_username=till,
                           actor="cli")
    common.console.print(f"{moved} ärenden har nu {till} som handläggare. Infobrev skrivs vid nästa robotkörning.")
