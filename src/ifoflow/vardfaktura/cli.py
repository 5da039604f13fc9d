"""`ifoflow vardfaktura ...`: the export folder, providers, placements (one or a CSV file), the cost follow-up."""

from datetime import date
from pathlib import Path

import typer

from ifoflow.cli import common
from ifoflow.store.db import session_factory, unit_of_work
from ifoflow.vardfaktura import costs, placements, report, service

care_app = typer.Typer(help="Vårdfakturor: inkorg, leverantörer, placeringar, kostnadsuppföljning.",
                       no_args_is_help=True)


@care_app.command("inkorg")
def inbox(folder: Path = typer.Argument(None, help="Mapp (standard: IFOFLOW_VARDFAKTURA_INBOX).")) -> None:
    """Read the e-invoices (XML) and PDFs in the export folder; register them with `robots run vardfakturor`."""
    with common.user_errors(), unit_of_work(session_factory(common.engine())) as session:
        got = service.receive_folder(session, folder or service.inbox(), today=date.today())
    common.console.print(f"{got.mottagna} nya fakturor, {got.dubbletter} fanns redan, {got.karantan} i karantän, "
                         f"{got.manuella} PDF till manuell hantering. Kör: ifoflow robots run vardfakturor")


@care_app.command("leverantor")
def provider(namn: str = typer.Option(..., "--namn"), orgnr: str = typer.Option(..., "--orgnr"),
             peppol: str = typer.Option("", "--peppol"), bankgiro: str = typer.Option("", "--bankgiro")) -> None:
    """Add a provider to the register (organisation number and bank giro checked)."""
    with common.user_errors(), unit_of_work(session_factory(common.engine())) as session:
        made = placements.add_provider(session, {"name": namn, "org_number": orgnr, "peppol_id": peppol,
                                                 "bankgiro": bankgiro}, actor="cli")
        name = made.name
    common.console.print(f"{name} finns nu i leverantörsregistret.")


@care_app.command("placering")
def placement(referens: str = typer.Option(..., "--referens"), arende: str = typer.Option(..., "--arende"),
              insats: str = typer.Option(..., "--insats"), leverantor: str = typer.Option("", "--leverantor"),
              pris: int = typer.Option(..., "--pris"), per: str = typer.Option("dygn", "--per"),
              fran: str = typer.Option(..., "--fran"), till: str = typer.Option("", "--till"),
              kontering: str = typer.Option("", "--kontering")) -> None:
    """Register a placement (beslut om insats) with its provider, price, period and beställarreferens."""
    data = {"reference": referens, "case_number": arende, "insats": insats, "provider": leverantor, "price": pris,
            "price_unit": per, "start": fran, "end": till or None, "kontering": kontering}
    with common.user_errors(), unit_of_work(session_factory(common.engine())) as session:
        made = placements.add_placement(session, data, actor="cli")
        ref = made.reference
    common.console.print(f"Placeringen {ref} är registrerad.")


@care_app.command("importera")
def import_placements(fil: Path = typer.Argument(..., help="CSV med placeringar (docs/vardfakturor.md).")) -> None:
    """Register placements from a CSV file: all or nothing."""
    with common.user_errors(), unit_of_work(session_factory(common.engine())) as session:
        count = placements.import_csv(session, fil.read_bytes(), actor="cli")
    common.console.print(f"{count} placeringar registrerades.")


@care_app.command("kostnader")
def follow_up(ar: int = typer.Option(0, "--ar", help="År (standard: i år)."),
              csv: Path = typer.Option(None, "--csv"), pdf: Path = typer.Option(None, "--pdf")) -> None:
    """Costs per unit and month, forecast against budget; as CSV or the committee's PDF."""
    year = ar or date.today().year
    with common.user_errors(), session_factory(common.engine())() as session:
        r = costs.follow_up(session, year, date.today())
        if csv:
            csv.write_text(costs.to_csv(r), encoding="utf-8")
        if pdf:
            pdf.write_bytes(report.pdf(r))
        for u in r.units:
            budget = f"{u.budget:,} kr".replace(",", " ") if u.budget is not None else "ingen budget"
            common.console.print(f"{u.unit.code}: hittills {u.so_far:,.0f} kr, prognos {u.forecast:,.0f} kr, "
                                 f"budget {budget}".replace(",", " "))
