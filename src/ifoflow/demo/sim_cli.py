"""`ifoflow sim ssbtek|folkbokforing|brevlada`: the register and mailbox simulators as HTTP services here."""

import typer

from ifoflow.cli import common

sim_app = typer.Typer(help="Simulatorer för SSBTEK, folkbokföringen och den digitala brevlådan (syntetiska data).",
                      no_args_is_help=True)


def _run(name: str, port: int, latency_ms: int, fault_rate: float, changes: float = 0.0) -> None:
    import uvicorn

    from ifoflow.simulators.app import create_sim_app

    if not 0 <= fault_rate <= 1:
        common.fail("fault-rate", "Felfrekvensen anges mellan 0 och 1.")
    if not 0 <= changes <= 1:
        common.fail("changes", "Andelen ändringar anges mellan 0 och 1.")
    app = create_sim_app(common.engine(), latency_ms=latency_ms, fault_rate=fault_rate, changes=changes)
    from ifoflow.settings import get_settings

    host = get_settings().host  # 127.0.0.1 here; the container image listens on every address
    common.console.print(f"Simulatorn för {name} körs på http://{host}:{port} "
                         f"({latency_ms} ms, fel {fault_rate:.0%})")
    uvicorn.run(app, host=host, port=port, log_level="warning")


@sim_app.command("ssbtek")
def ssbtek(port: int = 8081, latency_ms: int = typer.Option(200, "--latency-ms"),
           fault_rate: float = typer.Option(0.0, "--fault-rate"),
           changes: float = typer.Option(0.0, "--changes", help="Andel personer vars registeruppgifter ändrats.")
           ) -> None:
    """SSBTEK v10 SOAP (POST /ssbtek), batch (POST /ssbtek/batch) and folkbokföring, from the synthetic data."""
    _run("SSBTEK", port, latency_ms, fault_rate, changes)


@sim_app.command("folkbokforing")
def folkbokforing(port: int = 8082, latency_ms: int = typer.Option(50, "--latency-ms"),
                  fault_rate: float = typer.Option(0.0, "--fault-rate"),
                  changes: float = typer.Option(0.0, "--changes", help="Andel personer vars uppgifter ändrats.")
                  ) -> None:
    """The resident register (GET /folkbokforing/personer/{pnr}, POST /folkbokforing/personer for a batch)."""
    _run("folkbokföringen", port, latency_ms, fault_rate, changes)


@sim_app.command("brevlada")
def mailbox(port: int = 8083, latency_ms: int = typer.Option(50, "--latency-ms"),
            fault_rate: float = typer.Option(0.0, "--fault-rate")) -> None:
    """The digital mailbox (POST /mina-meddelanden/nabarhet, POST /mina-meddelanden/meddelanden); point
    IFOFLOW_MAILBOX_URL here."""
    _run("den digitala brevlådan", port, latency_ms, fault_rate)
