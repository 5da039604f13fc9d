"""`ifoflow demo`: the demo municipality with everything it needs running, until Ctrl+C."""

import os
from datetime import date, timedelta

import typer

from ifoflow.app import run_server
from ifoflow.cli import common
from ifoflow.settings import get_settings
from ifoflow.store.db import session_factory, upgrade

ROLES = [
    ("Medborgare", "{url}/e-tjanst", "logga in med en testperson och ansök om försörjningsstöd för nästa månad"),
    ("Handläggare", "hl0001", "Mina ärenden: ett ärende med tidslinje och journal; Ansökningar att pröva"),
    ("Handläggare barn och unga", "bu01", "Orosanmälningar: mottagningen, skydds- och förhandsbedömning"),
    ("Socialjouren", "jour01", "Uppgifter: akuta orosanmälningar utanför kontorstid (larmen: mappen demo-epost)"),
    ("IT-strateg", "it_strateg", "Robotdrift: körningar, pausa, kör nu, larm"),
    ("Administratör", "administrator", "Uppgifter i ADM, Skuldaviseringar i karantän, Logguppföljning"),
    ("Nämndsekreterare", "namndsekreterare", "Översikt per månad och Automatiserade beslutstyper"),
    ("Processägare", "processagare", "Processinventering"),
    ("Ekonomiassistent", "ekonomiassistent", "Vårdfakturor och deras avvikelser, Placeringskostnader, "
                                              "Skuldaviseringar i karantän"),
]


def demo(
    households: int = typer.Option(1200, "--households", "-n", help="Antal hushåll i demokommunen."),
    port: int = typer.Option(0, "--port", help="Port för webbgränssnittet (standard: IFOFLOW_PORT, 8000)."),
    serve_ui: bool = typer.Option(True, "--serve/--no-serve", help="Starta webbgränssnittet efteråt."),
) -> None:
    """Create the demo municipality (once), start the register simulators and the scheduler, serve the UI."""
    from ifoflow.demo import background

    # Demo mode: the development e-legitimation and the demo accounts are allowed here, and only here.
    os.environ["IFOFLOW_DEMO_MODE"] = "true"
    os.environ.setdefault("IFOFLOW_EID_PROVIDER", "dev")
    os.environ.setdefault("IFOFLOW_LETTER_HOLD_MINUTES", "2")  # time to try "Stoppa brevet", then Kör nu sends it
    # Acute reports alert the social emergency service by e-mail; the demo's mail server keeps them in a folder.
    # Always the demo's own: synthetic alerts never go to an installation's real addresses.
    os.environ["IFOFLOW_ORO_ALERT_CHANNEL"] = os.environ["IFOFLOW_OPS_ALERT_CHANNEL"] = "epost"
    os.environ["IFOFLOW_ORO_ALERT_TO"] = "socialjouren@exempelkommunen.example"
    os.environ["IFOFLOW_OPS_ALERT_TO"] = "it-strateg@exempelkommunen.example"
    get_settings.cache_clear()
    settings = get_settings()
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    with background.mail_folder(settings.data_dir / "demo-epost") as smtp_port:
        os.environ.update(IFOFLOW_SMTP_HOST="127.0.0.1", IFOFLOW_SMTP_PORT=str(smtp_port), IFOFLOW_SMTP_USER="",
                          IFOFLOW_SMTP_STARTTLS="false")
        get_settings.cache_clear()
        _run(households, port, serve_ui)


def _run(households: int, port: int, serve_ui: bool) -> None:
    from ifoflow.demo import background, content, robots
    from ifoflow.robots.registers import mailbox, registers

    settings = get_settings()
    engine = common.engine(require_schema=False)
    upgrade(engine)
    factory = session_factory(engine)
    today = date.today()
    fresh = content.is_empty(engine)
    if fresh:
        with common.progress_bar("Skapar demokommunen", households) as advance:
            made = content.prepare(engine, households=households, today=today, progress=advance)
        common.console.print(f"{made.town.households} hushåll, {made.town.persons} personer, "
                             f"{made.applications} ansökningar, {made.notices} skuldaviseringar, "
                             f"{made.invoices} vårdfakturor och {made.processes} processer i inventeringen.")
    else:
        common.console.print("Demokommunen finns redan; använder befintliga data.")
    with background.simulators(engine) as registers_url:
        os.environ["IFOFLOW_SSBTEK_URL"] = os.environ["IFOFLOW_FOLKBOKFORING_URL"] = registers_url
        os.environ.setdefault("IFOFLOW_MAILBOX_URL", registers_url)
        get_settings.cache_clear()
        registers.cache_clear()
        mailbox.cache_clear()
        if fresh:
            content.stranger_report(factory)  # with the register up: a child the social services never met
            robots.first_runs(factory, today, common.progress_bar)
        if not serve_ui:
            return
        quiet = timedelta(minutes=settings.stalled_after_minutes)
        with background.scheduler(factory, quiet=quiet):
            url = f"http://{settings.host}:{port or settings.port}"
            _where_to_start(url)
            # The demo is plain HTTP on this machine; production runs `serve` behind HTTPS with secure cookies.
            run_server(settings.host, port or settings.port, cookie_secure=False)


def _where_to_start(url: str) -> None:
    from rich.table import Table

    from ifoflow.atkomst.auth import DEMO_PASSWORD

    table = Table("Roll", "Logga in som", "Börja med", title=f"Demokommunen: {url}", title_justify="left")
    for role, account, start in ROLES:
        table.add_row(role, account.format(url=url), start)
    common.console.print(table)
    common.console.print(f"Lösenordet för alla syntetiska konton är [bold]{DEMO_PASSWORD}[/]. Registersimulatorerna "
                         "och schemaläggaren körs i samma process. Avsluta med Ctrl+C.")
