"""`ifoflow users ...` and `ifoflow access ...`: accounts, clearance, unit exceptions, log review."""

import csv
import sys
from datetime import date, datetime, timedelta

import typer
from rich.table import Table
from sqlalchemy import select

from ifoflow.arende.registration import find_unit
from ifoflow.atkomst import service as access
from ifoflow.atkomst.auth import hash_password
from ifoflow.atkomst.models import StaffUser
from ifoflow.cli import common
from ifoflow.dataskydd.logguppfoljning import review
from ifoflow.domain.errors import NotFoundError
from ifoflow.store import audit
from ifoflow.store.base import utcnow
from ifoflow.store.db import session_factory, unit_of_work

users_app = typer.Typer(help="Personalkonton: lösenord och behörighet till skyddad identitet.", no_args_is_help=True)
access_app = typer.Typer(help="Åtkomst: tidsbegränsade undantag och logguppföljning.", no_args_is_help=True)


def _user(session: object, username: str) -> StaffUser:
    user = session.scalar(select(StaffUser).where(StaffUser.username == username))  # type: ignore[attr-defined]
    if user is None:
        raise NotFoundError("anvandare", f"Användaren {username!r} finns inte.")
    return user  # type: ignore[no-any-return]


@users_app.command("set-password")
def set_password(username: str, password: str = typer.Option(..., prompt="Nytt lösenord", hide_input=True,
                                                              confirmation_prompt=True)) -> None:
    """Set a local account's password (argon2)."""
    with common.user_errors(), unit_of_work(session_factory(common.engine())) as session:
        user = _user(session, username)
        user.password_hash = hash_password(password)
        audit.append(session, actor="cli", action="auth.password_set", entity="staff_user", entity_id=user.id)
    common.console.print(f"Lösenordet för {username} är satt.")


@users_app.command("clearance")
def clearance(username: str, grant: bool = typer.Option(..., "--grant/--revoke")) -> None:
    """Let a user see names and addresses of persons with skyddad identitet (or take it away)."""
    with common.user_errors(), unit_of_work(session_factory(common.engine())) as session:
        user = _user(session, username)
        user.clearance_protected = grant
        audit.append(session, actor="cli", action="auth.clearance", entity="staff_user", entity_id=user.id,
                     details={"granted": grant})
    common.console.print(f"{username}: behörighet till skyddad identitet {'given' if grant else 'borttagen'}.")


@access_app.command("grant")
def grant(user: str = typer.Option(..., "--user"), unit: str = typer.Option(..., "--unit"),
          days: int = typer.Option(14, "--days"), reason: str = typer.Option(..., "--reason")) -> None:
    """A time-limited exception: the user may work in another unit (logged)."""
    with common.user_errors(), unit_of_work(session_factory(common.engine())) as session:
        row = access.grant(session, user=_user(session, user), unit_id=find_unit(session, unit).id, days=days,
                           reason=reason, granted_by="cli")
        until = row.valid_until
    common.console.print(f"{user} har åtkomst till {unit} till och med {until:%Y-%m-%d %H:%M}.")


@access_app.command("report")
def report(since: str = typer.Option("", help="Från ÅÅÅÅ-MM-DD (standard: 30 dagar bakåt)."),
           user: str = typer.Option("", "--user"), person: str = typer.Option("", "--person", help="Personnummer."),
           without_case: bool = typer.Option(False, "--without-case", help="Bara läsningar utan öppet ärende."),
           as_csv: bool = typer.Option(False, "--csv", help="Skriv CSV till standard ut.")) -> None:
    """Logguppföljning: reads of person data, flagging those without an open case in the reader's unit."""
    start = date.fromisoformat(since) if since else date.today() - timedelta(days=30)
    with common.user_errors(), session_factory(common.engine())() as session:
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
