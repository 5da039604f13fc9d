"""`ifoflow calc run`: a household-month calculation with its explanation."""

import json
from pathlib import Path

import typer
from rich.table import Table

from ifoflow.cli import common
from ifoflow.domain.errors import InputError
from ifoflow.domain.format import parse_month
from ifoflow.forsorjningsstod.calculation import household_from_file, household_from_store
from ifoflow.rules.calculate import Calculation, calculate
from ifoflow.store.db import session_factory, unit_of_work

calc_app = typer.Typer(help="Beräkning av försörjningsstöd (riksnorm, skäliga kostnader, inkomster).",
                       no_args_is_help=True)


def _kr(amount: int) -> str:
    return f"{amount:,}".replace(",", " ") + " kr"


def print_calculation(calc: Calculation) -> None:
    table = Table(title=f"Försörjningsstöd {calc.month} – riktlinjer: {calc.municipality}", show_lines=False)
    table.add_column("Post")
    table.add_column("Belopp", justify="right")
    table.add_column("Lagrum och källa")
    for line in calc.lines:
        source = f"{line.lagrum}\n[dim]{line.parameter + ': ' if line.parameter else ''}{line.source}[/]"
        table.add_row(line.label, _kr(line.amount), source)
    common.console.print(table)
    common.console.print(f"Riksnorm {_kr(calc.norm)} + skäliga kostnader {_kr(calc.costs)} − inkomster "
                         f"{_kr(calc.incomes)}")
    verdict = "bifall" if calc.outcome == "bifall" else "avslag (inkomsterna täcker behovet)"
    common.console.print(f"[bold]Försörjningsstöd: {_kr(calc.entitlement)}[/] – {verdict}. "
                         f"Regelversion {calc.rules_version}.")


@calc_app.command("run")
def run(
    file: Path | None = typer.Argument(None, help="YAML-fil med hushållet (se docs/calculation.md)."),
    month: str = typer.Option(..., "--month", "-m", help="Månad ÅÅÅÅ-MM."),
    household: int | None = typer.Option(None, "--household", help="Hushåll ur databasen i stället för en fil."),
    municipality: str | None = typer.Option(None, "--municipality", help="Riktlinjer (överlägg), t.ex. exempelstad."),
    as_json: bool = typer.Option(False, "--json", help="Skriv ut resultatet som JSON."),
) -> None:
    """Calculate försörjningsstöd for one household and month, explaining every krona."""
    with common.user_errors():
        period = parse_month(month)
        if (file is None) == (household is None):
            raise InputError("fil", "Ange antingen en fil eller --household ID.")
        if file is not None:
            data = household_from_file(file)
            if municipality:
                data = data.model_copy(update={"municipality": municipality})
        else:
            assert household is not None
            with unit_of_work(session_factory(common.engine())) as session:
                data = household_from_store(session, household, municipality)
        result = calculate(data, period)
    if as_json:
        typer.echo(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
    else:
        print_calculation(result)
