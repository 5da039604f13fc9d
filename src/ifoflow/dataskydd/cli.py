"""`ifoflow gdpr extract`, `ifoflow retention run` and `ifoflow access report` (logguppföljning)."""

import csv
import sys
from datetime import date, datetime, timedelta
from pathlib import Path

import typer
from rich.table import Table

from ifoflow.cli import common
from ifoflow.dataskydd import gallring as retention
from ifoflow.dataskydd import gdpr
from ifoflow.dataskydd.logguppfoljning import review
from ifoflow.domain.format import parse_date
from ifoflow.store.base import utcnow
from ifoflow.store.db import session_factory, unit_of_work

gdpr_app = typer.Typer(help="Dataskydd: registerutdrag (art. 15).", no_args_is_help=True)
retention_app = typer.Typer(help="Gallring enligt tidsfrister per handlingstyp.", no_args_is_help=True)


@gdpr_app.command("extract")
def extract(personnummer: str, out: Path = typer.Option(..., "--out", help="Fil att skriva (.json eller .pdf)."),
            user: str = typer.Option(..., "--user", help="Administratören som tar ut utdraget (loggas).")) -> None:
    """Write a person's register extract as JSON or PDF; protected addresses are masked; the read is logged."""
    with common.user_errors(), unit_of_work(session_factory(common.engine())) as session:
        content = gdpr.extract_by_number(session, personnummer, user, "pdf" if out.suffix == ".pdf" else "json",
                                         channel="cli")
    out.write_bytes(content)
    common.console.print(f"Registerutdraget är skrivet till {out}.")


@retention_app.command("run")
def run(apply: bool = typer.Option(False, "--apply", help="Gallra på riktigt (annars bara en rapport)."),
        today: str = typer.Option("", help="Datum ÅÅÅÅ-MM-DD (standard: i dag).")) -> None:
    """Report (dry run) or remove data past its retention period; applying is written to the audit log."""
    with common.user_errors(), unit_of_work(session_factory(common.engine())) as session:
        day = parse_date(today, "today") if today else date.today()
        report = retention.run(session, today=day, apply=apply, actor="cli")
    verb = "Gallrat" if apply else "Skulle gallras (provkörning)"
    common.console.print(f"{verb} per {day}: {len(report.cases)} ärenden, "
                         + ", ".join(f"{k}: {v}" for k, v in report.rows.items())
                         + f"; {report.persons_anonymised} personer avidentifieras; "
                         f"{report.access_log_rows} rader i åtkomstloggen.")
    for number in report.cases[:50]:
        common.console.print(f"  {number}")
    if not apply and report.cases:
        common.console.print("Kör med --apply för att gallra.")


def report(since: str = typer.Option("", help="Från ÅÅÅÅ-MM-DD (standard: 30 dagar bakåt)."),
           user: str = typer.Option("", "--user"), person: str = typer.Option("", "--person", help="Personnummer."),
           without_case: bool = typer.Option(False, "--without-case", help="Bara läsningar utan öppet ärende."),
           as_csv: bool = typer.Option(False, "--csv", help="Skriv CSV till standard ut.")) -> None:
    """Logguppföljning: reads of person data, flagging those without an open case in the reader's unit."""
    with common.user_errors(), session_factory(common.engine())() as session:
        start = parse_date(since, "since") if since else date.today() - timedelta(days=30)
        entries = review(session, since=datetime.combine(start, datetime.min.time()),
                         until=utcnow() + timedelta(seconds=1), username=user, personnummer=person,
                         only_without_case=without_case, limit=100_000)
    if as_csv:
        writer = csv.writer(sys.stdout)
        writer.writerow(["tid", "anvandare", "personnummer", "arende_id", "atgard", "kanal", "skal",
                         "utan_oppet_arende"])
        for e in entries:
            writer.writerow([e.at.isoformat(timespec="seconds"), e.username, e.personnummer, e.case_id or "",
                             e.action, e.channel, e.reason, "ja" if e.without_open_case else "nej"])
        return
    table = Table("Tid", "Användare", "Person", "Åtgärd", "Skäl", "Utan öppet ärende")
    for e in entries[:200]:
        table.add_row(f"{e.at:%Y-%m-%d %H:%M}", e.username, e.personnummer, e.action, e.reason,
                      "JA" if e.without_open_case else "")
    common.console.print(table)
    flagged = sum(e.without_open_case for e in entries)
    common.console.print(f"{len(entries)} läsningar sedan {start}, varav {flagged} utan öppet ärende i användarens "
                         "enhet.")
