"""`ifoflow skuld ...`: debt notices: the inbox, the quarantine, statistics."""

from datetime import date
from pathlib import Path

import typer
from rich.table import Table

from ifoflow.cli import common
from ifoflow.intag import service as intag
from ifoflow.settings import get_settings
from ifoflow.skuld import stats as debt_stats
from ifoflow.skuld.intake import NOTICES
from ifoflow.store.db import session_factory, unit_of_work

skuld_app = typer.Typer(help="Hyres- och elskulder: inkorg, karantän, statistik.", no_args_is_help=True)


@skuld_app.command("inkorg")
def inbox(folder: Path = typer.Argument(None, help="Mapp (standard: IFOFLOW_DEBT_INBOX eller datakatalogen).")
          ) -> None:
    """Read every file in the inbox; each is moved to behandlade/ once its notices are stored."""
    settings = get_settings()
    with common.user_errors():
        files = intag.files_in(folder or settings.debt_inbox or settings.data_dir / "inkorg" / "skulder")
        with common.progress_bar("Inkorgen", len(files)) as advance:
            got = intag.take_files(session_factory(common.engine()), NOTICES, files, today=date.today(),
                                   progress=advance)
    common.console.print(f"{len(files)} filer: {got.mottagna} nya aviseringar, {got.dubbletter} dubbletter, "
                         f"{got.karantan} i karantän. Kör: ifoflow robots run skuldhantering")


@skuld_app.command("karantan")
def quarantine() -> None:
    """Notices waiting to be fixed, with the reason."""
    with session_factory(common.engine())() as session:
        entries = intag.waiting(session, NOTICES)
        table = Table("Id", "Källa", "Skäl", "Uppgifter")
        for e in entries:
            table.add_row(str(e.id), e.source, e.reason, ", ".join(f"{k}={v}" for k, v in e.raw.items()))
        common.console.print(table if entries else "Karantänen är tom.")


@skuld_app.command("ratta")
def fix(entry: int, falt: list[str] = typer.Option([], "--falt", help="falt=värde, t.ex. typ=el (flera går bra)."),
        user: str = typer.Option(..., "--user")) -> None:
    """Fix a quarantined notice and register it."""
    with common.user_errors(), unit_of_work(session_factory(common.engine())) as session:
        fixed = dict(f.split("=", 1) for f in falt if "=" in f)
        new = intag.resubmit(session, NOTICES, entry, fixed, actor=user, today=date.today())
    common.console.print(("Aviseringen är registrerad." if new else "Aviseringen fanns redan; inget sparades två "
                          "gånger.") + " Kör: ifoflow robots run skuldhantering")


@skuld_app.command("statistik")
def statistics(period: list[str] = typer.Option(..., "--period", help="FRÅN:TILL, t.ex. 2023-01-01:2023-07-31"),
               csv_out: Path | None = typer.Option(None, "--csv")) -> None:
    """Notices by type for one or more periods (the seed compares Jan–Jul 2022 with Jan–Jul 2023)."""
    with common.user_errors():
        try:
            periods = [(date.fromisoformat(p.split(":")[0]), date.fromisoformat(p.split(":")[1])) for p in period]
        except (ValueError, IndexError):
            common.fail("period", "Skriv perioden som ÅÅÅÅ-MM-DD:ÅÅÅÅ-MM-DD.")
        with session_factory(common.engine())() as session:
            rows = debt_stats.compare(session, periods)
    table = Table("Period", "El", "Hyra", "Totalt")
    for r in rows:
        table.add_row(r.period, str(r.counts.get("el", 0)), str(r.counts.get("hyra", 0)), str(r.total))
    common.console.print(table)
    if csv_out:
        csv_out.write_text(debt_stats.to_csv(rows), encoding="utf-8")
