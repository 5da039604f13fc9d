"""`ifoflow users ...` and `ifoflow access grant`: accounts, clearance, unit exceptions (log review: dataskydd)."""


import typer

from ifoflow.atkomst import service as access
from ifoflow.cli import common
from ifoflow.domain import format as fmt
from ifoflow.store.db import session_factory, unit_of_work

users_app = typer.Typer(help="Personalkonton: lösenord och behörighet till skyddad identitet.", no_args_is_help=True)
access_app = typer.Typer(help="Åtkomst: tidsbegränsade undantag och logguppföljning.", no_args_is_help=True)


@users_app.command("set-password")
def set_password(username: str, password: str = typer.Option(..., prompt="Nytt lösenord", hide_input=True,
                                                              confirmation_prompt=True)) -> None:
    """Set a local account's password (argon2)."""
    with common.user_errors(), unit_of_work(session_factory(common.engine())) as session:
        access.set_password(session, username, password, actor="cli")
    common.console.print(f"Lösenordet för {username} är satt.")


@users_app.command("clearance")
def clearance(username: str, grant: bool = typer.Option(..., "--grant/--revoke")) -> None:
    """Let a user see names and addresses of persons with skyddad identitet (or take it away)."""
    with common.user_errors(), unit_of_work(session_factory(common.engine())) as session:
        access.set_clearance(session, username, grant, actor="cli")
    common.console.print(f"{username}: behörighet till skyddad identitet {'given' if grant else 'borttagen'}.")


@access_app.command("grant")
def grant(user: str = typer.Option(..., "--user"), unit: str = typer.Option(..., "--unit"),
          days: int = typer.Option(14, "--days"), reason: str = typer.Option(..., "--reason")) -> None:
    """A time-limited exception: the user may work in another unit (logged)."""
    with common.user_errors(), unit_of_work(session_factory(common.engine())) as session:
        row = access.grant(session, user=access.find_user(session, user),
                           unit_id=access.find_unit(session, unit).id, days=days, reason=reason, granted_by="cli")
        until = row.valid_until
    common.console.print(f"{user} har åtkomst till {unit} till och med {fmt.moment(until)}.")
