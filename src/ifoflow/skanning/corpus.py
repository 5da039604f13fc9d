"""Making the training corpus: synthetic paper of every type, drawn as scanned pages, run through the same OCR as
real paper, so the classifier learns from real OCR errors. `ifoflow skanning korpus` writes korpus/korpus.jsonl.gz
(shipped with the package: a model can be trained on a machine without network or data)."""

import gzip
import json
import random
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from datetime import date
from pathlib import Path
from typing import Any

from faker import Faker

from ifoflow.skanning import imaging, paper, synthetic


def _one(args: tuple[str, int, str]) -> list[dict[str, Any]]:
    kind, seed, today = args
    rng = random.Random(seed)
    fake = Faker("sv_SE")
    fake.seed_instance(seed)
    party = synthetic.fake_party(rng, fake)
    pages = synthetic.document(kind, rng, fake, party, date.fromisoformat(today))
    pdf = imaging.ocr(paper.to_pdf([paper.draw(lines, rng) for lines in pages]), jobs=1)
    return [{"typ": kind, "sida": n + 1, "seed": seed, "text": text} for n, text in enumerate(imaging.texts(pdf))]


def build(per_type: int, *, seed: int, today: date, target: Path, workers: int = 2,
          progress: Callable[[int], Any] | None = None) -> int:
    """Write the corpus: `per_type` documents of each type; returns the number of pages."""
    jobs = [(kind, seed * 100_000 + n * 100 + i, today.isoformat())
            for i, kind in enumerate(synthetic.MAKERS) for n in range(per_type)]
    rows: list[dict[str, Any]] = []
    with ProcessPoolExecutor(max_workers=workers) as pool:
        for found in pool.map(_one, jobs):
            rows.extend(found)
            if progress:
                progress(1)
    target.parent.mkdir(parents=True, exist_ok=True)
    with gzip.open(target, "wt", encoding="utf-8", compresslevel=9) as f:
        for row in rows:
            f.write(json.dumps(row, ensure_ascii=False) + "\n")
    return len(rows)
