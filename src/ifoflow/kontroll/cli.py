"""`ifoflow kontroll ...`: the monthly control's report and payment stops (`kontroll run` is in drift.cli)."""

from datetime import date
from pathlib import Path

import typer
from rich.table import Table

from ifoflow.cli import common
from ifoflow.domain.format import parse_month
from ifoflow.kontroll import report as control_report
from ifoflow.store.db import session_factory, unit_of_work
from ifoflow.utbetalning import stopp as payment_holds

kontroll_app = typer.Typer(help="Månadskontroll av pågående försörjningsstöd mot registren.", no_args_is_help=True)


def the_month(value: str) -> date:
    return parse_month(value) if value else date.today().replace(day=1)


@kontroll_app.command("rapport")
def rapport(month: str = typer.Option("", "--month"), unit: str = typer.Option("", "--unit", help="Enhetskod."),
            csv_out: Path | None = typer.Option(None, "--csv"), pdf_out: Path | None = typer.Option(None, "--pdf")
            ) -> None:
    """The run report per unit; --csv and --pdf write it to files."""
    with common.user_errors(), session_factory(common.engine())() as session:
        report = control_report.build(session, the_month(month), unit or None)
        print_report(report)
        if csv_out:
            csv_out.write_text(control_report.to_csv(report), encoding="utf-8")
            common.console.print(f"CSV: {csv_out}")
        if pdf_out:
            pdf_out.write_bytes(control_report.to_pdf(report))
            common.console.print(f"PDF: {pdf_out}")


@kontroll_app.command("stopp")
def stops() -> None:
    """Payment stops that no case worker has cleared yet."""
    with session_factory(common.engine())() as session:
        holds = payment_holds.active(session)
        table = Table("Stopp", "Ärende (id)", "Månad", "Skäl")
        for h in holds:
            table.add_row(str(h.id), str(h.case_id), f"{h.month:%Y-%m}", h.reason)
        common.console.print(table if holds else "Inga aktiva utbetalningsstopp.")


@kontroll_app.command("hav")
def clear(hold: int, user: str = typer.Option(..., "--user"), note: str = typer.Option(..., "--note")) -> None:
    """Clear a payment stop after looking at the case (a note is required)."""
    with common.user_errors(), unit_of_work(session_factory(common.engine())) as session:
        payment_holds.clear(session, hold, actor=user, note=note)
    common.console.print(f"Stopp {hold} är hävt; stoppade utbetalningar är planerade igen.")


def print_report(report: control_report.Report) -> None:
    table = Table("Enhet", "Kontrollerade", "Träffar", "Belopp i fara (kr)", "Stopp",
                  title=f"Kontroll {report.month:%Y-%m}: {report.chunks_done} av {report.chunks_total} block")
    for u in report.units:
        table.add_row(u.unit, str(u.checked), ", ".join(f"{control_report.label(c)} {n}"
                                                         for c, n in sorted(u.hits.items())),
                      str(u.at_stake), str(u.holds))
    common.console.print(table)
