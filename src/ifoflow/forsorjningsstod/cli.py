"""`ifoflow bistand ...` and `ifoflow calc run`: applications, the case worker's decision, payment files,
metrics, and a household-month calculation with its explanation."""

import json
from datetime import date, timedelta
from pathlib import Path

import typer
from rich.table import Table

from ifoflow import files
from ifoflow.cli import common
from ifoflow.domain.errors import InputError
from ifoflow.domain.format import kr, parse_date, parse_month
from ifoflow.forsorjningsstod import casework
from ifoflow.forsorjningsstod import service as assistance
from ifoflow.forsorjningsstod.calculation import household_from_file, household_from_store
from ifoflow.forsorjningsstod.metrics import metrics
from ifoflow.rules.calculate import Calculation, calculate
from ifoflow.settings import get_settings
from ifoflow.store.db import session_factory, unit_of_work
from ifoflow.utbetalning import service as payments

bistand_app = typer.Typer(help="Ekonomiskt bistånd: ansökningar, beslut, utbetalningsfil, nyckeltal.",
                          no_args_is_help=True)


@bistand_app.command("submit")
def submit(case: int = typer.Option(..., "--case"), month: str = typer.Option(..., "--month"),
           file: Path = typer.Argument(..., help="YAML: costs och incomes per personnummer.")) -> None:
    """Submit an application for a month (what the e-service does); the robot `forsorjningsstod` decides it."""
    with common.user_errors():
        declared = assistance.Declared.model_validate(files.load_yaml(file) or {})
        with unit_of_work(session_factory(common.engine())) as session:
            application = assistance.submit(session, case_id=case, month=parse_month(month), declared=declared,
                                            actor="cli")
            number = application.id
    common.console.print(f"Ansökan {number} är inskickad. Kör: ifoflow robots run forsorjningsstod")


@bistand_app.command("decide")
def decide(application_id: int, user: str = typer.Option(..., "--user"),
           outcome: str = typer.Option(..., "--outcome", help="bifall, delvis_bifall eller avslag"),
           amount: int = typer.Option(-1, "--amount", help="Belopp; standard: det beräknade."),
           motivering: str = typer.Option("", "--motivering"),
           municipality: str = typer.Option("", "--municipality", help="Riktlinjer (standard: IFOFLOW_RIKTLINJER).")
           ) -> None:
    """A case worker decides an application the robot handed over (approve, adjust or refuse)."""
    factory = session_factory(common.engine())
    with common.user_errors():
        with unit_of_work(factory) as session:
            decided = casework.decide(session, application_id=application_id, username=user, outcome=outcome,
                                      amount=None if amount < 0 else amount, motivering=motivering,
                                      municipality=municipality or None)
        casework.letter_and_payment(factory, decided)
        total = decided.decision.total_amount
    common.console.print(f"Beslut: {outcome}, {total} kr. Brev och utbetalning är skapade.")


@bistand_app.command("payments-export")
def payments_export(out: Path = typer.Option(..., "--out"), today: str = typer.Option("", "--today")) -> None:
    """Write planned payments as a pain.001 file for the next bank day (each payment only once)."""
    with common.user_errors(), unit_of_work(session_factory(common.engine())) as session:
        result = payments.export(session, today=parse_date(today, "today") if today else date.today(), actor="cli")
        out.write_text(result.xml, encoding="utf-8")
    common.console.print(f"{result.count} utbetalningar, {result.total} kr, bankdag {result.execution_date}: {out}")


@bistand_app.command("metrics")
def metrics_cmd(days: int = typer.Option(90, "--days")) -> None:
    """Share decided automatically, reasons for routing, time from submission to decision."""
    with session_factory(common.engine())() as session:
        m = metrics(session, since=date.today() - timedelta(days=days))
    common.console.print(f"Ansökningar: {m.applications}, beslutade: {m.decided}, automatiskt: {m.automated} "
                         f"({m.share_automated:.0%}).")
    if m.median_seconds is not None:
        common.console.print(f"Tid till beslut: median {m.median_seconds:.1f} s, p95 {m.p95_seconds:.1f} s.")
    for reason, count in m.routed.most_common(10):
        common.console.print(f"  till handläggare: {reason} ({count})")


calc_app = typer.Typer(help="Beräkning av försörjningsstöd (riksnorm, skäliga kostnader, inkomster).",
                       no_args_is_help=True)


def print_calculation(calc: Calculation) -> None:
    table = Table(title=f"Försörjningsstöd {calc.month} – riktlinjer: {calc.municipality}", show_lines=False)
    table.add_column("Post")
    table.add_column("Belopp", justify="right")
    table.add_column("Lagrum och källa")
    for line in calc.lines:
        source = f"{line.lagrum}\n[dim]{line.parameter + ': ' if line.parameter else ''}{line.source}[/]"
        table.add_row(line.label, kr(line.amount), source)
    common.console.print(table)
    common.console.print(f"Riksnorm {kr(calc.norm)} + skäliga kostnader {kr(calc.costs)} − inkomster "
                         f"{kr(calc.incomes)}")
    verdict = "bifall" if calc.outcome == "bifall" else "avslag (inkomsterna täcker behovet)"
    common.console.print(f"[bold]Försörjningsstöd: {kr(calc.entitlement)}[/] – {verdict}. "
                         f"Regelversion {calc.rules_version}.")


@calc_app.command("run")
def run(
    file: Path | None = typer.Argument(None, help="YAML-fil med hushållet (se docs/calculation.md)."),
    month: str = typer.Option(..., "--month", "-m", help="Månad ÅÅÅÅ-MM."),
    household: int | None = typer.Option(None, "--household", help="Hushåll ur databasen i stället för en fil."),
    municipality: str | None = typer.Option(None, "--municipality",
                                            help="Riktlinjer (överlägg); standard: IFOFLOW_RIKTLINJER."),
    as_json: bool = typer.Option(False, "--json", help="Skriv ut resultatet som JSON."),
) -> None:
    """Calculate försörjningsstöd for one household and month, explaining every krona."""
    with common.user_errors():
        period = parse_month(month)
        if (file is None) == (household is None):
            raise InputError("fil", "Ange antingen en fil eller --household ID.")
        if file is not None:
            data = household_from_file(file)
            if municipality or "municipality" not in data.model_fields_set:
                data = data.model_copy(update={"municipality": municipality or get_settings().riktlinjer})
        else:
            assert household is not None
            with unit_of_work(session_factory(common.engine())) as session:
                data = household_from_store(session, household, municipality or get_settings().riktlinjer)
        result = calculate(data, period)
    if as_json:
        typer.echo(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
    else:
        print_calculation(result)
