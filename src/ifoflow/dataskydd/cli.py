"""`ifoflow gdpr extract` and `ifoflow retention run`."""

import json
from datetime import date
from pathlib import Path

import typer
from sqlalchemy import select

from ifoflow.arende.models import Person
from ifoflow.atkomst.models import StaffUser
from ifoflow.atkomst.service import log_reads
from ifoflow.brev.pdf import render_pdf
from ifoflow.cli import common
from ifoflow.dataskydd import gallring as retention
from ifoflow.dataskydd import gdpr
from ifoflow.domain import identity
from ifoflow.domain.errors import NotFoundError
from ifoflow.settings import get_settings
from ifoflow.store.db import session_factory, unit_of_work

gdpr_app = typer.Typer(help="Dataskydd: registerutdrag (art. 15).", no_args_is_help=True)
retention_app = typer.Typer(help="Gallring enligt tidsfrister per handlingstyp.", no_args_is_help=True)


@gdpr_app.command("extract")
def extract(personnummer: str, out: Path = typer.Option(..., "--out", help="Fil att skriva (.json eller .pdf)."),
            user: str = typer.Option(..., "--user", help="Administratören som tar ut utdraget (loggas).")) -> None:
    """Write a person's register extract as JSON or PDF; protected addresses are masked; the read is logged."""
    with common.user_errors(), unit_of_work(session_factory(common.engine())) as session:
        pnr = identity.canonical(personnummer)
        person = session.scalar(select(Person).where(Person.personnummer == pnr))
        admin = session.scalar(select(StaffUser).where(StaffUser.username == user))
        if person is None:
            raise NotFoundError("personnummer", "Personen finns inte i registret.")
        if admin is None or admin.role != "administrator":
            raise NotFoundError("user", "Ange en administratör (registrator) som tar ut utdraget.")
        data = gdpr.extract(session, person.id)
        log_reads(session, admin, [(person.id, None, None)], action="registerutdrag", reason="Registerutdrag art. 15",
                  channel="cli")
    if out.suffix == ".pdf":
        out.write_bytes(render_pdf("dataskydd/registerutdrag.html", {"x": data, "sections": gdpr.SECTIONS,
                                                           "created": data["skapat"],
                                                           "municipality": get_settings().municipality_name}))
    else:
        out.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    common.console.print(f"Registerutdraget är skrivet till {out}.")


@retention_app.command("run")
def run(apply: bool = typer.Option(False, "--apply", help="Gallra på riktigt (annars bara en rapport)."),
        today: str = typer.Option("", help="Datum ÅÅÅÅ-MM-DD (standard: i dag).")) -> None:
    """Report (dry run) or remove data past its retention period; applying is written to the audit log."""
    day = date.fromisoformat(today) if today else date.today()
    with unit_of_work(session_factory(common.engine())) as session:
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
