"""Letters benchmark. Target (issue 19): 10 000 one-page letters rendered to PDF in under 120 s on this 2-core
machine. Also: WeasyPrint against Typst on the same 100 letters (docs/decisions/0006), and a 10 000-letter delivery
run through the simulated digital mailbox (latency per call as given), then the day's print batch, checking that
every letter went out exactly once.

Usage: python benchmarks/letters_bench.py [--letters 10000] [--compare 100] [--deliver 10000] [--latency-ms 20]
       [--database-url URL]
"""

import argparse
import os
import random
import tempfile
import time
from collections import Counter
from datetime import date, timedelta

from common import Verdict, peak_since_reset_mib, reset_peak, seeded_store
from sqlalchemy import select, update

from ifoflow.arende.models import Case, Person
from ifoflow.brev import service as letters
from ifoflow.brev.models import Letter, PrintBatch
from ifoflow.brev.pdf import render_pdf
from ifoflow.brevutskick.robot import print_robot
from ifoflow.brevutskick.robot import robot as brevutskick
from ifoflow.demo.background import free_port, serving
from ifoflow.drift.operations import run_robot
from ifoflow.robots.registers import mailbox, registers
from ifoflow.settings import get_settings
from ifoflow.simulators.app import create_sim_app
from ifoflow.store.base import utcnow
from ifoflow.synthetic.pools import make_pools

TARGET_S = 120.0
TEMPLATE = "infobrev/ny_handlaggare.typ"


def sample_letters(n: int) -> list[dict[str, object]]:
    """n different one-page info letters: names, case numbers and case workers from the synthetic pools."""
    rng, pools = random.Random(1), make_pools(1)
    return [{"municipality": "Exempelkommunen", "unit": f"Försörjningsstöd {rng.choice(['Nord', 'Syd', 'Öst'])}",
             "today": "2026-11-27", "case_number": f"IFO-2026-{i:06d}",
             "handlaggare": f"{rng.choice(pools.female_first)} {rng.choice(pools.last)}",
             "kontakt": "Ring kommunens växel och fråga efter din handläggare.",
             "name": f"{rng.choice(pools.male_first)} {rng.choice(pools.last)}", "since": "2026-11-27",
             "address": [f"{rng.choice(pools.last)}vägen {i % 90 + 1}", "761 30 Norrtälje"]} for i in range(n)]


def render_all(n: int, verdict: Verdict) -> None:
    data = sample_letters(n)
    render_pdf(TEMPLATE, data[0])  # warm up: the first letter loads the fonts
    reset_peak()
    seconds, started = [], time.perf_counter()
    for d in data:
        t0 = time.perf_counter()
        render_pdf(TEMPLATE, d)
        seconds.append(time.perf_counter() - t0)
    total = time.perf_counter() - started
    print(f"rendered {n} letters in {total:.1f} s ({n / total:,.0f} letters/s), peak {peak_since_reset_mib():.0f} MiB")
    verdict.timings("one letter to PDF/A-2b (Typst)", seconds, TARGET_S / 10_000, unit="ms")
    verdict.check(f"{n} one-page letters to PDF < {TARGET_S:.0f} s" + ("" if n == 10_000 else " (scaled to 10 000)"),
                  f"{total:.1f} s, {total / n * 10_000:.1f} s for 10 000", total / n * 10_000 < TARGET_S)


def compare(n: int) -> None:
    """The figures of the choice between the engines (docs/decisions/0006), on the same letters' words."""
    data = sample_letters(n)
    html = {**data[0], "address": ", ".join(data[0]["address"])}  # type: ignore[arg-type]
    render_pdf("infobrev/ny_handlaggare.html", html)
    t0 = time.perf_counter()
    for d in data:
        render_pdf("infobrev/ny_handlaggare.html", {**d, "address": ", ".join(d["address"])})  # type: ignore[arg-type]
    weasy = (time.perf_counter() - t0) / n
    t0 = time.perf_counter()
    for d in data:
        render_pdf(TEMPLATE, d)
    typ = (time.perf_counter() - t0) / n
    print(f"engines on {n} letters: WeasyPrint {weasy * 1000:.1f} ms a letter, Typst {typ * 1000:.2f} ms a letter "
          f"({weasy / typ:.0f}x)")


def deliver(n: int, latency_ms: int, database_url: str, verdict: Verdict) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["IFOFLOW_DATA_DIR"] = tmp
        _, engine, factory = seeded_store(tmp, database_url, n)
        os.environ["IFOFLOW_DATABASE_URL"] = str(engine.url.render_as_string(hide_password=False))
        with factory() as s:
            rows = list(s.execute(select(Case, Person).join(Person, Person.id == Case.person_id)
                                  .order_by(Case.id).limit(n)))
            written = [letters.LetterIn(key=f"bench:{case.id}", template=TEMPLATE, kind="infobrev_ny_handlaggare",
                                        case_id=case.id, person_id=person.id, filename="brev.pdf",
                                        data={**letters.letterhead(s, case, person), "since": "2026-11-27"})
                       for case, person in rows]
            letters.write(s, written)
            users = [p.id for _, p in rows if p.id % 5 == 0]  # one in five has used the e-service
            s.execute(update(Person).where(Person.id.in_(users)).values(eservice_seen_at=utcnow()))
            s.execute(update(Letter).values(created_at=utcnow() - timedelta(hours=1)))
            s.commit()
        app = create_sim_app(engine, latency_ms=latency_ms)
        with serving(app, free_port()) as url:
            os.environ.update(IFOFLOW_MAILBOX_URL=url, IFOFLOW_FOLKBOKFORING_URL=url)
            get_settings.cache_clear()
            mailbox.cache_clear()
            registers.cache_clear()
            reset_peak()
            t0 = time.perf_counter()
            report = run_robot(factory, brevutskick, run_key="bench")
            sent = time.perf_counter() - t0
            t0 = time.perf_counter()
            run_robot(factory, print_robot, run_key="bench", params={"day": date.today().isoformat()})
            printed = time.perf_counter() - t0
            run_robot(factory, brevutskick, run_key="bench-again")  # a rerun: nothing goes out twice
            in_box = len(app.state.mailbox.messages)
        with factory() as s:
            channels = Counter(s.scalars(select(Letter.channel)))
            statuses = Counter(s.scalars(select(Letter.status)))
            batch = s.scalars(select(PrintBatch)).first()
        engine.dispose()
    print(f"delivery of {len(written)} letters (mailbox latency {latency_ms} ms a call): {sent:.1f} s "
          f"({len(written) / sent:,.0f} letters/s, items {report.counts}); print batch {printed:.1f} s "
          f"({batch.letters if batch else 0} letters, {batch.pages if batch else 0} pages); channels "
          f"{dict(channels)}; peak {peak_since_reset_mib():.0f} MiB")
    once = in_box == channels["brevlada"] and sum(statuses.values()) == len(written) \
        and statuses["skickad"] + statuses["utskriven"] + statuses["manuell"] == len(written)
    verdict.check(f"{len(written)} letters delivered, each exactly once (mailbox, e-service, print, by hand)",
                  f"{in_box} in the mailbox, statuses {dict(statuses)}", once)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--letters", type=int, default=10_000)
    parser.add_argument("--compare", type=int, default=100, help="letters per engine for the ADR figures (0 skips)")
    parser.add_argument("--deliver", type=int, default=10_000, help="letters in the delivery run (0 skips)")
    parser.add_argument("--latency-ms", type=int, default=20, help="the simulated mailbox's latency per call")
    parser.add_argument("--database-url", default="", help="for the delivery run; SQLite by default")
    args = parser.parse_args()
    verdict = Verdict()
    if args.compare:
        compare(args.compare)
    if args.letters:
        render_all(args.letters, verdict)
    if args.deliver:
        deliver(args.deliver, args.latency_ms, args.database_url, verdict)
    verdict.finish()


if __name__ == "__main__":
    main()
