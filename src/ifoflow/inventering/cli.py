"""`ifoflow kalkyl ...` and `ifoflow processer ...`: benefit and investment calculations, the process inventory."""

import json
from dataclasses import asdict
from pathlib import Path

import typer
from rich.table import Table

from ifoflow import files
from ifoflow.beslut import service as decision_types
from ifoflow.cli import common
from ifoflow.inventering import excel as inventory_excel
from ifoflow.inventering import service as inventory
from ifoflow.inventering.kalkyl import ANNUAL_HOURS, benefit, investment
from ifoflow.inventering.pdf import summary_pdf
from ifoflow.store.db import session_factory, unit_of_work

kalkyl_app = typer.Typer(help="Nytto- och investeringskalkyl.", no_args_is_help=True)
process_app = typer.Typer(help="Processinventering: vad ska automatiseras?", no_args_is_help=True)


def _kr(v: int) -> str:
    return f"{v:,}".replace(",", " ")


@kalkyl_app.command("investering")
def investment_cmd(belopp: int = typer.Option(..., "--belopp"), ranta: float = typer.Option(..., "--ranta"),
                   ar: int = typer.Option(..., "--ar"), as_json: bool = typer.Option(False, "--json")) -> None:
    """Capital cost year by year: straight-line depreciation, interest on the remaining balance."""
    with common.user_errors():
        rows = investment(belopp, ranta, ar)
    total = {"interest": sum(r.interest for r in rows), "depreciation": sum(r.depreciation for r in rows),
             "cost": sum(r.cost for r in rows)}
    if as_json:
        typer.echo(json.dumps({"years": [asdict(r) for r in rows], "total": total}))
        return
    table = Table("År", "Ränta", "Avskrivning", "Kapitalkostnad", title=f"Investering {_kr(belopp)} kr, {ranta} %")
    for r in rows:
        table.add_row(str(r.year), _kr(r.interest), _kr(r.depreciation), _kr(r.cost))
    table.add_row("Summa", _kr(total["interest"]), _kr(total["depreciation"]), _kr(total["cost"]))
    common.console.print(table)


@kalkyl_app.command("nytta")
def benefit_cmd(volym: int = typer.Option(..., "--volym", help="Ärenden per år."),
                minuter: float = typer.Option(..., "--minuter", help="Minuter per ärende."),
                andel: float = typer.Option(0.7, "--andel", help="Andel som automatiseras, 0-1."),
                manadslon: int = typer.Option(38000, "--manadslon"), pa: float = typer.Option(40.0, "--pa",
                                                                                              help="Påslag %."),
                as_json: bool = typer.Option(False, "--json")) -> None:
    """Hours saved per year, share of a full-time post (2 003 h) and their value."""
    with common.user_errors():
        result = benefit(volume_per_year=volym, minutes_per_case=minuter, automated_share=andel,
                         monthly_salary=manadslon, overhead_percent=pa)
    if as_json:
        typer.echo(json.dumps(asdict(result)))
        return
    common.console.print(f"{result.hours_per_year:g} timmar per år = {result.full_time_share:g} årsarbetare "
                         f"({ANNUAL_HOURS} h); timkostnad {_kr(result.hourly_cost)} kr; "
                         f"värde {_kr(result.value_per_year)} kr per år.")


@process_app.command("add")
def add(file: Path = typer.Argument(..., help="YAML med processen (se docs/inventory.md).")) -> None:
    """Register or update a process and show its priority with reasons."""
    with common.user_errors():
        data = inventory.ProcessIn.model_validate(files.load_yaml(file))
        with unit_of_work(session_factory(common.engine())) as session:
            row = inventory.save(session, data, actor="cli")
            text = f"{row.name}: {row.priority}, {row.score} poäng.\n" + "\n".join(f"  – {r}" for r in row.reasons)
    common.console.print(text)


@process_app.command("list")
def list_cmd(prioritet: str = typer.Option("", "--prioritet", help="P1, P2 eller ej_nu.")) -> None:
    """The inventory, highest priority first (or only one priority)."""
    table = Table("Id", "Process", "Enhet", "Volym", "Poäng", "Prioritet")
    with session_factory(common.engine())() as session:
        for p in inventory.listing(session, prioritet):
            table.add_row(str(p.id), p.name, p.unit, str(p.volume_per_year), str(p.score), p.priority)
    common.console.print(table)


@process_app.command("export")
def export(out: Path) -> None:
    """The inventory as an Excel file."""
    with session_factory(common.engine())() as session:
        out.write_bytes(inventory_excel.export(session))
    common.console.print(f"Inventeringen är sparad i {out}.")


@process_app.command("import")
def import_cmd(file: Path) -> None:
    """Read an Excel inventory; every row is checked first and nothing is saved if one is wrong."""
    with common.user_errors(), unit_of_work(session_factory(common.engine())) as session:
        count = inventory_excel.import_workbook(session, files.read_bytes(file), actor="cli")
    common.console.print(f"{count} processer importerade.")


@process_app.command("pdf")
def pdf(process_id: int, out: Path) -> None:
    """A one-page summary for the committee (tjänsteutlåtande attachment)."""
    with common.user_errors(), session_factory(common.engine())() as session:
        out.write_bytes(summary_pdf(session, inventory.get(session, process_id)))
    common.console.print(f"Sammanfattningen är sparad i {out}.")


@process_app.command("register-decision-type")
def register_type(process_id: int, code: str = typer.Option("", "--code")) -> None:
    """Hand a P1 process's legal checklist to the decision-type registry (refused with the reason if excluded)."""
    with common.user_errors(), unit_of_work(session_factory(common.engine())) as session:
        draft = inventory.decision_type_draft(inventory.get(session, process_id), code)
        decision_types.register(session, draft, actor="cli")
    common.console.print(f"Beslutstypen {draft.code} är registrerad för nämnden {draft.namnd}.")
