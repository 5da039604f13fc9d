"""Scanning-robot benchmark (issue 21). On a held-out generated set of scanned paper (default 320 documents, none of
them in the training corpus: other seeds, other people) the real robot `skanning` reads, splits, classifies and
files every file; the set's truth then scores it. Targets:
  - document type correct in >= 95 % of the documents filed automatically,
  - filed in the wrong person's file: 0,
  - share filed without a person (not to the manual queue): >= 70 %,
  - pages per minute on this machine (2 cores): >= 30.
Usage: python benchmarks/skanning_bench.py [--documents 320] [--households 3000] [--database-url URL]
"""

import argparse
import os
import tempfile
import time
from collections import Counter
from datetime import date

from common import Verdict, seeded_store


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--documents", type=int, default=320)
    parser.add_argument("--households", type=int, default=3000)
    parser.add_argument("--seed", type=int, default=777)
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["IFOFLOW_DATA_DIR"] = tmp  # documents, page images and the model live in the data directory
        from ifoflow.settings import get_settings

        get_settings.cache_clear()
        from ifoflow.robots.core.runner import execute, start_run
        from ifoflow.skanning import classify, robot, service, testpaper
        from ifoflow.skanning.models import ScanDocument, ScanFile

        _, engine, factory = seeded_store(tmp, args.database_url, args.households)
        with factory() as s:
            known = testpaper.known_people(s, 60, seed=args.seed)
        started = time.perf_counter()
        files = testpaper.make_files(known, args.documents, seed=args.seed, today=date(2026, 2, 1))
        print(f"{len(files)} files, {sum(f.pages for f in files)} pages, {args.documents} documents generated in "
              f"{time.perf_counter() - started:.1f} s")
        classify.train([])  # the shipped corpus only; trained before the clock starts
        with factory() as s:
            for f in files:
                service.receive(s, f.content, f.name, source="skannermapp", arrived_on=date(2026, 2, 1),
                                actor="bench")
            s.commit()
        started = time.perf_counter()
        run_id = start_run(factory, robot.robot, run_key="bench", trigger="manuell", actor="bench")
        execute(factory, robot.robot, run_id)
        seconds = time.perf_counter() - started
        with factory() as s:
            names = {r.id: r.filename for r in s.query(ScanFile)}
            pages = sum(r.pages for r in s.query(ScanFile))
            docs = list(s.query(ScanDocument).order_by(ScanDocument.file_id, ScanDocument.first_page))
            quarantined = [f"{r.filename}: {r.reason}" for r in s.query(ScanFile).filter(ScanFile.status != "klar")]
        by_file: dict[str, list[ScanDocument]] = {}
        for d in docs:
            by_file.setdefault(names[d.file_id], []).append(d)
        auto = right = wrong_person = split_wrong = 0
        routes: Counter[str] = Counter()
        for f in files:
            found = by_file.get(f.name, [])
            if len(found) != len(f.truths):
                split_wrong += 1
            for n, d in enumerate(found):
                truth = f.truths[n] if len(found) == len(f.truths) else None
                routes[d.route] += 1
                if d.route == "manuell":
                    continue
                auto += 1
                right += truth is not None and truth.doc_type == d.doc_type
                if d.route == "personakt" and (truth is None or truth.person_id != d.person_id):
                    wrong_person += 1
        total = len(docs)
        print(f"{total} documents found ({args.documents} on paper), files split wrongly: {split_wrong}, files in "
              f"quarantine: {quarantined}; routes: {dict(routes)}")
        verdict = Verdict()
        verdict.check("document type correct among those filed automatically >= 95 %",
                      f"{right / max(auto, 1):.1%} ({right} of {auto})", right >= 0.95 * auto)
        verdict.check("filed in the wrong person's file = 0", str(wrong_person), wrong_person == 0)
        verdict.check("share filed without a person >= 70 %",
                      f"{auto / args.documents:.1%} ({auto} of {args.documents} on paper)",
                      auto >= 0.7 * args.documents)
        verdict.check("pages per minute >= 30", f"{pages / seconds * 60:.1f} ({pages} pages in {seconds:.1f} s)",
                      pages / seconds * 60 >= 30)
        engine.dispose()
        verdict.finish()


if __name__ == "__main__":
    main()
