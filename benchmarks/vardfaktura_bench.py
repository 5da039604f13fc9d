"""Care-invoice benchmark. Targets (issue 20): 10 000 invoices ingested from the export folder, validated and matched
in under 30 s on SQLite; on a generated month with realistic deviations at least 90 % registered without a person,
and every deviation caught.

Usage: python benchmarks/vardfaktura_bench.py [--invoices 10000] [--deviation-rate 0.06] [--database-url URL]
"""

import argparse
import os
import random
import tempfile
import time
from collections import Counter
from datetime import date
from pathlib import Path

from common import Verdict, peak_since_reset_mib, reset_peak, seeded_store
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from ifoflow.drift.operations import run_robot
from ifoflow.settings import get_settings
from ifoflow.store.db import unit_of_work
from ifoflow.vardfaktura import service, synthetic
from ifoflow.vardfaktura.models import CareInvoice, Provider
from ifoflow.vardfaktura.robot import robot

TARGET_S = 30.0
TODAY = date(2027, 1, 5)


def generate(factory: sessionmaker[Session], invoices: int, rate: float) -> synthetic.Generated:
    """Placements enough for about `invoices` over the months of 2026, and their invoices, month by month."""
    rng = random.Random(20)
    with unit_of_work(factory) as session:
        placements = synthetic.make_placements(session, rng, count=max(invoices // 10, 20), start=date(2026, 1, 1))
        providers = {p.id: p for p in session.scalars(select(Provider))}
        made = synthetic.Generated()
        for m in range(1, 13):
            part = synthetic.invoices_for(placements, providers, [date(2026, m, 1)], rng, deviation_rate=rate)
            made.files += part.files
            made.expected.update(part.expected)
            if len(made.files) >= invoices:
                break
    return made  # whole months: an invoice's original or first copy is never cut off


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--invoices", type=int, default=10_000)
    parser.add_argument("--deviation-rate", type=float, default=0.06)
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()
    verdict = Verdict()
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["IFOFLOW_DATA_DIR"] = tmp
        get_settings.cache_clear()
        _, engine, factory = seeded_store(tmp, args.database_url, max(args.invoices // 5, 500))
        made = generate(factory, args.invoices, args.deviation_rate)
        inbox = Path(tmp) / "inkorg"
        inbox.mkdir()
        for name, content in made.files:
            (inbox / name).write_bytes(content)
        reset_peak()
        started = time.perf_counter()
        with unit_of_work(factory) as session:
            received = service.receive_folder(session, inbox, today=TODAY)
        read_s = time.perf_counter() - started
        report = run_robot(factory, robot, run_key="bench", params={"today": TODAY.isoformat()})
        total = time.perf_counter() - started
        with factory() as session:
            got = {x.key: x.status if x.status == "registrerad" else x.deviation
                   for x in session.scalars(select(CareInvoice))}
        engine.dispose()
    sent = {k: v for k, v in made.expected.items() if k in got}
    missed = [(k, v, got[k]) for k, v in sent.items() if got[k] != v]
    auto = Counter(got.values())["registrerad"] / len(got)
    print(f"{len(made.files)} files: {received.as_dict()}; read and stored {read_s:.1f} s, matched "
          f"{total - read_s:.1f} s (items {report.counts}); outcomes {dict(Counter(got.values()))}; peak "
          f"{peak_since_reset_mib():.0f} MiB")
    verdict.check(f"{len(made.files)} invoices ingested, validated and matched < {TARGET_S:.0f} s",
                  f"{total:.1f} s ({len(made.files) / total:,.0f}/s)", total < TARGET_S * len(made.files) / 10_000)
    verdict.check(">= 90 % registered without a person (deviation rate "
                  f"{args.deviation_rate:.0%} in the generated invoices)", f"{auto:.1%}", auto >= 0.9)
    verdict.check("every deviation caught (and nothing else stopped)", f"{len(missed)} differ from what was "
                  f"generated{': ' + str(missed[:3]) if missed else ''}", not missed)
    verdict.finish()


if __name__ == "__main__":
    main()
