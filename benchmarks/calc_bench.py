"""Calculation benchmark. Targets: one explained household-month p95 < 5 ms; >= 200 000 household-months/s in a
batch with the full rules, also when the inputs are built from stored rows (as the control run does).

Usage: python benchmarks/calc_bench.py [--households 100000] [--store-households 20000] [--database-url URL]
"""

import argparse
import random
import statistics
import tempfile
import time
from datetime import date

import numpy as np
from common import Verdict, seeded_store

from ifoflow.adapters.clients import SsbtekBatch
from ifoflow.kontroll import service as control
from ifoflow.kontroll.chunk import chunks, load_chunk
from ifoflow.rules.calculate import calculate
from ifoflow.rules.engine import Batch, empty_kinds, run
from ifoflow.rules.inputs import HouseholdInput
from ifoflow.settings import get_settings
from ifoflow.synthetic.households import draft_household

MONTH = date(2026, 3, 1)
TARGET_PER_S = 200_000


def synthetic_batch(n: int) -> tuple[Batch, list[HouseholdInput]]:
    rng = random.Random(1)
    drafts = [draft_household(rng, MONTH) for _ in range(n)]
    hh, role, born, share, incomes_rows, samples = [], [], [], [], [], []
    for i, d in enumerate(drafts):
        for m in d.members:
            hh.append(i)
            role.append(m.role.value)
            born.append(m.born.isoformat())
            share.append(m.share_of_time)
            incomes_rows.append(m.incomes)
    incomes, costs = empty_kinds(len(hh), n)
    for p, row in enumerate(incomes_rows):
        for kind, amount in row.items():
            incomes[kind][p] = amount
    for i, d in enumerate(drafts):
        for kind, amount in d.costs.items():
            costs[kind][i] = amount
    roles = np.array(role)
    couple = np.isin(np.array(hh), np.array(hh)[roles == "medsokande"]) & np.isin(roles, ["sokande", "medsokande"])
    batch = Batch(household=np.array(hh), role=roles, birth_date=np.array(born, dtype="datetime64[D]"),
                  share_of_time=np.array(share), lunch_at_school=np.zeros(len(hh), dtype=bool), cohabiting=couple,
                  incomes=incomes, costs=costs, households=n)
    for d in drafts[:200]:
        samples.append(HouseholdInput.model_validate({
            "members": [{"role": m.role.value, "birth_date": m.born, "share_of_time": m.share_of_time,
                         "incomes": m.incomes} for m in d.members], "costs": d.costs}))
    return batch, samples


def from_store(households: int, database_url: str) -> tuple[int, float]:
    """(households, seconds) to build the month's batch from stored rows and calculate it, chunk by chunk as the
    control run does (kontroll.chunk.load_chunk and kontroll.service.recompute, registers answering nothing new)."""
    with tempfile.TemporaryDirectory() as tmp:
        _, engine, factory = seeded_store(tmp, database_url, households)
        with factory() as session:
            keys = chunks(session, get_settings().kontroll_chunk_size)
            no_news = SsbtekBatch(incomes={}, other_municipality={}, missing={})
            count, started = 0, time.perf_counter()
            for key in keys:
                chunk = load_chunk(session, key, MONTH)
                control.recompute(chunk, np.arange(len(chunk)), no_news, MONTH, MONTH, "exempelstad")
                count += len(chunk)
            seconds = time.perf_counter() - started
        engine.dispose()
    return count, seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--households", type=int, default=100_000)
    parser.add_argument("--store-households", type=int, default=20_000,
                        help="seeded households for the from-the-store figure (a rate; 0 skips it)")
    parser.add_argument("--database-url", default="", help="for the from-the-store figure; SQLite by default")
    args = parser.parse_args()
    verdict = Verdict()
    batch, samples = synthetic_batch(args.households)
    run(batch, MONTH, "exempelstad")  # warm up: builds the tax-benefit system
    timings = []
    for _ in range(3):
        start = time.perf_counter()
        out, _ = run(batch, MONTH, "exempelstad")
        timings.append(time.perf_counter() - start)
    paid = int((out["forsorjningsstod"] > 0).sum())
    latencies = []
    for _ in range(5):
        for household in samples:
            start = time.perf_counter()
            calculate(household, MONTH)
            latencies.append(time.perf_counter() - start)
    print(f"households: {args.households}, persons: {len(batch.household)}, with entitlement: {paid}")
    verdict.timings("one explained household-month, p95 < 5 ms", latencies, 0.005, unit="ms")
    rate = args.households / statistics.median(timings)
    verdict.check(">= 200 000 household-months/s, the rules on arrays", f"{rate:,.0f}/s (median of 3 runs)",
                  rate >= TARGET_PER_S)
    if args.store_households:
        count, seconds = from_store(args.store_households, args.database_url)
        rate = count / seconds
        verdict.check(">= 200 000 household-months/s, inputs built from stored rows",
                      f"{rate:,.0f}/s ({count} ongoing cases in {seconds:.2f} s)", rate >= TARGET_PER_S)
    verdict.finish()


if __name__ == "__main__":
    main()
