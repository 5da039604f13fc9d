"""`ifoflow users ...` and `ifoflow access grant`: accounts, clearance, unit exceptions (log review: dataskydd)."""


import typer

from ifoflow.atkomst import service as access
from ifoflow.cli import common
from ifoflow.domain import format as fmt
from ifoflow.store.db import session_factory, unit_of_work

users_app = typer.Typer(help="Personalkonton: lösenord och behörighet till skyddad identitet.", no_args_is_help=True)
access_app = typer.Typer(help="Åtkomst: tidsbegränsade undantag och logguppföljning.", no_args_is_help=True)


units_app = typer.Typer(help="Socialtjänstens enheter.", no_args_is_help=True)


@units_app.command("add")
def add_unit(kod: str = typer.Argument(..., help="Enhetens kod, t.ex. EB-03."),
             namn: str = typer.Option(..., "--namn", help="Enhetens namn."),
             slag: str = typer.Option(..., "--slag", help="ekonomiskt_bistand, barn_och_unga, vuxen eller "
                                                          "administration.")) -> None:
    """Add a unit."""
    with common.user_errors(), unit_of_work(session_factory(common.engine())) as session:
        unit = access.add_unit(session, kod, namn, slag, actor="cli")
        code = unit.code
    common.console.print(f"Enheten {code} ({namn}) är skapad.")


@users_app.command("add")
def add_user(anvandarnamn: str = typer.Argument(..., help="Kontots namn, t.ex. anna.andersson."),
             namn: str = typer.Option(..., "--namn", help="Personens namn."),
             roll: str = typer.Option(..., "--roll", help="handlaggare, ekonomiassistent, administrator, it_strateg, "
                                                          "namndsekreterare, processagare, enhetschef, "
                                                          "kvalitetsutvecklare eller dataskyddsombud."),
             enhet: str = typer.Option(..., "--enhet", help="Enhetens kod."),
             sso: str = typer.Option("", "--sso", help="Personens id (sub) hos kommunens inloggningstjänst.")) -> None:
    """Add a staff account (it signs in by SSO, or locally once a password is set)."""
    with common.user_errors(), unit_of_work(session_factory(common.engine())) as session:
        access.add_user(session, username=anvandarnamn, name=namn, role=roll, unit_code=enhet, sso_subject=sso,
                        actor="cli")
    how = "med kommunens inloggning" if sso else f"när lösenordet är satt (ifoflow users set-password {anvandarnamn})"
    common.console.print(f"Kontot {anvandarnamn} är skapat; det kan logga in {how}.")


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
