"""`ifoflow skanning ...`: take the scanner folder in, retrain the classifier, rebuild the training corpus."""

from datetime import date
from pathlib import Path

import typer

from ifoflow.cli import common
from ifoflow.skanning import classify, corpus, queue, robot, service
from ifoflow.store.db import session_factory

scan_app = typer.Typer(help="Skanning: skannermappen, klassningsmodellen, träningskorpusen.", no_args_is_help=True)


@scan_app.command("inkorg")
def inbox(mapp: Path = typer.Argument(None, help="Mapp (standard: IFOFLOW_SKANNING_INBOX)."),
          inkom: str = typer.Option("", "--inkom", help="Dagen papperet kom in, ÅÅÅÅ-MM-DD (standard: i dag)."),
          ) -> None:
    """Take the scanner folder's files into the store (each deleted from the folder once stored)."""
    try:
        arrived = date.fromisoformat(inkom) if inkom else date.today()
    except ValueError:
        common.fail("--inkom", "Skriv dagen papperet kom in som ÅÅÅÅ-MM-DD.")
    with common.user_errors():
        new, again = service.take_folder(session_factory(common.engine()), mapp or robot.folder(),
                                         arrived_on=arrived, actor="cli")
    common.console.print(f"{new} nya filer, {again} fanns redan. Skanningsroboten tolkar dem vid nästa körning "
                         "(eller nu: ifoflow robots run skanning).")


@scan_app.command("train")
def train() -> None:
    """Retrain the document-type classifier on the corpus and every type a person confirmed or corrected."""
    with common.user_errors(), session_factory(common.engine())() as session:
        corrections = queue.training_data(session)
    meta = classify.train(corrections)
    common.console.print(f"Modellen är tränad på {meta['exempel']} exempel ({meta['korpus']} från korpusen, "
                         f"{meta['rattelser']} bekräftade av handläggare). Sparad i {classify.model_path()}.")


@scan_app.command("korpus")
def make_corpus(per_typ: int = typer.Option(40, "--per-typ", min=5, max=1000),
                seed: int = typer.Option(2026, "--seed"),
                ut: Path = typer.Option(classify.CORPUS, "--ut", help="Fil att skriva (jsonl.gz).")) -> None:
    """Rebuild the synthetic training corpus: draw, add scanner noise, OCR (minutes)."""
    from ifoflow.skanning.synthetic import MAKERS

    with common.progress_bar("Skapar och texttolkar syntetiska handlingar", per_typ * len(MAKERS)) as advance:
        pages = corpus.build(per_typ, seed=seed, today=date.today(), target=ut, progress=advance)
    common.console.print(f"{pages} sidor skrivna till {ut}. Träna om: ifoflow skanning train")
