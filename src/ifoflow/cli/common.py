"""Shared CLI plumbing: the store, Swedish error output, progress bars."""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, NoReturn

import typer
from pydantic import ValidationError
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from sqlalchemy import Engine

from ifoflow.domain.errors import InputError, NotFoundError
from ifoflow.domain.validation import to_input_error
from ifoflow.rules.errors import RuleInputError
from ifoflow.settings import get_settings
from ifoflow.store.db import is_migrated, make_engine

console = Console()
STATUS_SV = {"done": "klar", "failed": "misslyckad", "human": "till handläggare", "pending": "väntar",
             "running": "pågår", "paused": "pausad"}
err_console = Console(stderr=True)


def fail(field: str, message: str, code: int = 2) -> NoReturn:
    err_console.print(f"[bold red]Fel[/] i fältet [bold]{field}[/]: {message}")
    raise typer.Exit(code)


@contextmanager
def user_errors() -> Iterator[None]:
    """Print errors a user caused in Swedish and exit non-zero; nothing else is caught."""
    try:
        yield
    except ValidationError as exc:
        error = to_input_error(exc)
        fail(error.field, error.message)
    except (InputError, NotFoundError, RuleInputError) as exc:
        fail(exc.field, exc.message)


def engine(require_schema: bool = True) -> Engine:
    eng = make_engine(get_settings().resolved_database_url())
    if require_schema and not is_migrated(eng):
        fail("databas", "Databasen saknar tabeller. Kör först: ifoflow db upgrade")
    return eng


@contextmanager
def progress_bar(description: str, total: int) -> Iterator[Callable[[int], Any]]:
    """A Rich progress bar; yields a function to advance it by n."""
    columns = [TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn()]
    with Progress(*columns, console=err_console, transient=False) as progress:
        task = progress.add_task(description, total=total)
        yield lambda n: progress.advance(task, n)
