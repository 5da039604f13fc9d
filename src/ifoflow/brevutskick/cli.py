"""`ifoflow brev ...`: stop a letter that has not gone out, and fetch a day's print batch for the print house."""

from datetime import date
from pathlib import Path

import typer

from ifoflow.brev import delivery, printing
from ifoflow.cli import common
from ifoflow.domain.errors import NotFoundError
from ifoflow.domain.format import parse_date
from ifoflow.store.db import session_factory, unit_of_work

letters_app = typer.Typer(help="Brev: stoppa, utskrift.", no_args_is_help=True)


@letters_app.command("stoppa")
def stop(brev: int = typer.Argument(..., help="Brevets nummer (syns på ärendesidan)."),
         anledning: str = typer.Option(..., "--anledning", help="Varför brevet stoppas.")) -> None:
    """Stop a letter that still waits to be sent."""
    with common.user_errors(), unit_of_work(session_factory(common.engine())) as session:
        delivery.stop(session, brev, actor="cli", reason=anledning)
    common.console.print(f"Brev {brev} är stoppat och skickas inte.")


@letters_app.command("utskrift")
def print_files(dag: str = typer.Option("", "--dag", help="ÅÅÅÅ-MM-DD (standard: i dag)."),
                till: Path = typer.Option(Path("."), "--till", help="Mapp att spara PDF och manifest i.")) -> None:
    """Save a day's print batch (one PDF) and its manifest CSV for the print house."""
    with common.user_errors(), unit_of_work(session_factory(common.engine())) as session:
        day = parse_date(dag, "dag") if dag else date.today()
        batch = next((b for b in printing.batches(session, limit=400) if b.day == day), None)
        if batch is None:
            raise NotFoundError("dag", f"Det finns ingen utskrift för {day.isoformat()}.")
        pdf, manifest = printing.files(batch)
    till.mkdir(parents=True, exist_ok=True)
    (till / f"utskrift-{day.isoformat()}.pdf").write_bytes(pdf)
    (till / f"utskrift-{day.isoformat()}.csv").write_bytes(manifest)
    common.console.print(f"{batch.letters} brev, {batch.pages} sidor: {till / f'utskrift-{day.isoformat()}.pdf'} "
                         "och manifestet bredvid.")
