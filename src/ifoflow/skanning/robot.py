"""The scanning robots, one step on one file per item: read, split, classify and file it. `skanning` starts when
paper has arrived (the event `scan.received`, from the upload page or `ifoflow skanning inkorg`); `skanningsmapp`
(every hour) first takes what the scanner folder holds into the store, deleting each file from the folder once
its copy is committed, then works through every waiting file. Overlapping runs of the two file nothing twice: the
step locks its file and re-checks it."""

from datetime import date
from pathlib import Path
from typing import Any

from ifoflow.robots.core import Event, Robot, Schedule, StepContext
from ifoflow.settings import get_settings
from ifoflow.skanning import analysis, service
from ifoflow.skanning.models import ScanFile
from ifoflow.store.db import session_factory


def folder() -> Path:
    """The multifunction printers' scan-to-folder target (IFOFLOW_SKANNING_INBOX, else in the data directory)."""
    settings = get_settings()
    return Path(settings.skanning_inbox) if settings.skanning_inbox else settings.data_dir / "skanning" / "inkorg"


def waiting(session: Any, params: dict[str, Any]) -> list[str]:
    return [str(i) for i in service.waiting_files(session)]


def read_and_file(ctx: StepContext, item: str) -> dict[str, Any]:
    """OCR and classification outside any lock (seconds per page); then the file is locked, re-checked and filed."""
    row = ctx.session.get(ScanFile, int(item))
    if row is None or row.status != service.RECEIVED:
        ctx.finish("Filen är redan behandlad.")
        return {"redan_klar": 1}
    content, name = service.file_content(ctx.session, row.id)
    found = analysis.analyze(content, name, ocr_jobs=get_settings().skanning_ocr_jobs)
    return service.store(ctx.session, row.id, found, actor="robot:skanning")


robot = Robot(name="skanning", title="Skanningsrobot: tolka, dela, klassa och fördela papper",
              trigger=Event("scan.received", "när papper har skannats in eller laddats upp"),
              items=waiting, steps=[read_and_file], unit_for_tasks="EB-01",
              subject=lambda params, item: f"skannad-fil:{item}")


def take_folder(session: Any, params: dict[str, Any]) -> list[str]:
    inbox = folder()
    if inbox.is_dir():
        service.take_folder(session_factory(session.get_bind()), inbox, arrived_on=date.today(),
                            actor="robot:skanningsmapp")
    return waiting(session, params)


folder_robot = Robot(name="skanningsmapp", title="Skannade filer från skannermappen", trigger=Schedule("every_hour"),
                     items=take_folder, steps=[read_and_file], unit_for_tasks="EB-01",
                     subject=lambda params, item: f"skannad-fil:{item}")
