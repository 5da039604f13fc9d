"""`ifoflow backup` and `ifoflow restore`: the whole installation to one file and back (ifoflow.drift.backup)."""

from pathlib import Path

import typer

from ifoflow.cli import common
from ifoflow.drift import backup as backups
from ifoflow.store.base import utcnow


def backup(till: Path = typer.Option(None, "--till", help="Filen att skriva (standard: "
                                     "ifoflow-ÅÅÅÅMMDD-TTMM.zip i den aktuella mappen)."),
           kontrollera: Path = typer.Option(None, "--kontrollera", help="Kontrollera en befintlig säkerhetskopia "
                                            "mot dess kontrollsummor i stället.")) -> None:
    """Write a backup of every table and stored file; or check one."""
    with common.user_errors():
        if kontrollera is not None:
            problems = backups.check(kontrollera)
            for p in problems:
                common.console.print(f"[red]{p}[/]")
            if problems:
                raise typer.Exit(1)
            common.console.print(f"{kontrollera}: alla tabeller och filer stämmer med kontrollsummorna.")
            return
        target = till or Path(f"ifoflow-{utcnow():%Y%m%d-%H%M}.zip")
        with common.err_console.status("Säkerhetskopierar ...") as status:
            made = backups.take(common.engine(), target, progress=lambda s: status.update(s))
    common.console.print(f"Säkerhetskopian är skriven: {target} (schemaversion {made.revision}, "
                         f"{sum(made.tables.values())} rader i {len(made.tables)} tabeller, {made.files} filer).")


def restore(fran: Path = typer.Argument(..., help="Säkerhetskopian (.zip).")) -> None:
    """Restore a backup into the empty database the settings name, then check the audit chain."""
    with common.user_errors():
        with common.err_console.status("Återställer ...") as status:
            made = backups.restore(common.engine(require_schema=False), fran, progress=lambda s: status.update(s))
    common.console.print(f"Återställd från {fran}: {sum(made.tables.values())} rader i {len(made.tables)} "
                         f"tabeller, {made.files} filer; databasen är uppgraderad till den senaste versionen.")
    if made.problems:
        for p in made.problems[:20]:
            common.console.print(f"[red]{p}[/]")
        raise typer.Exit(1)
    common.console.print(f"Granskningsloggens hashkedja är hel ({made.audit_events} händelser).")
