"""Serving the web UI with uvicorn (one process, or N worker processes)."""

import os

from ifoflow.cli import common
from ifoflow.settings import get_settings


def run_server(host: str, port: int, *, cookie_secure: bool, workers: int = 1) -> None:
    import uvicorn

    from ifoflow.app import create_app

    common.engine()  # fails with a message when the schema is missing
    common.console.print(f"ifoflow körs på [bold]http://{host}:{port}[/] (avsluta med Ctrl+C)")
    if workers == 1:
        uvicorn.run(create_app(common.engine(), cookie_secure=cookie_secure), host=host, port=port,
                    log_level="warning")
        return
    get_settings().resolved_secret_key()  # created once here, not raced by the worker processes
    os.environ["IFOFLOW_COOKIE_SECURE"] = "true" if cookie_secure else "false"
    uvicorn.run("ifoflow.app:app_from_settings", factory=True, host=host, port=port, workers=workers,
                log_level="warning")
