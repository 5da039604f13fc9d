"""The monthly control (kontrollrobot): what the registers say against what the case file says, in bulk.

A chunk of ongoing cases (kontroll.chunk) is compared with batch register answers, and the households
that were paid for the month are recomputed in one vectorised run. Each difference becomes a Hit.
"""

from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np

from ifoflow.adapters.clients import SsbtekBatch
from ifoflow.domain.enums import label
from ifoflow.domain.format import kr
from ifoflow.kontroll.chunk import CaseFile, Chunk, Member
from ifoflow.kontroll.thresholds import ControlParams
from ifoflow.rules.engine import run
from ifoflow.rules.kinds import INCOME_KINDS

MONTHS_SV = ["januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september", "oktober",
             "november", "december"]


@dataclass(frozen=True)
class Hit:
    case: CaseFile
    code: str
    reason: str
    action: str
    evidence: dict[str, Any]
    serious: bool = False
    at_stake: int = 0


def shift(month: date, months_before: int) -> date:
    index = month.year * 12 + month.month - 1 - months_before
    return date(index // 12, index % 12 + 1, 1)


def month_sv(month: date) -> str:
    return f"{MONTHS_SV[month.month - 1]} {month.year}"


def detect(chunk: Chunk, ssbtek: SsbtekBatch, folk: dict[str, dict[str, Any]], params: ControlParams,
           month: date, overlay: str) -> list[Hit]:
    control, comparison = (shift(month, params.control_period_months_before),
                           shift(month, params.comparison_period_months_before))
    hits: list[Hit] = []
    checked: list[int] = []
    for i, f in enumerate(chunk.files):
        missing = [m.pnr for m in f.applicants() if m.pnr in ssbtek.missing or m.pnr not in folk]
        if missing:
            why = "; ".join(ssbtek.missing.get(p, "inget svar från folkbokföringen") for p in missing)
            hits.append(Hit(f, "kontroll_ej_genomford", f"Kontrollen för {month_sv(month)} kunde inte genomföras: "
                            f"{why}.", "Kontrollera uppgifterna för hand.", {"personer": missing, "fel": why}))
            continue
        checked.append(i)
        for m in f.applicants():
            hits += _resident_hits(f, m, folk[m.pnr], params)
            hits += _income_hits(f, m, ssbtek, params, control, comparison)
            hits += [Hit(f, "bistand_annan_kommun", f"Ekonomiskt bistånd från {x['kommun']} för {x['manad']} "
                         f"({kr(x['belopp'])}).", "Kontakta den andra kommunen; pröva om bistånd har betalats "
                         "dubbelt.", {"kalla": "SSBTEK", "person": m.role, **x},
                         "bistand_annan_kommun" in params.serious, int(x["belopp"]))
                     for x in ssbtek.other_municipality.get(m.pnr, []) if x.get("manad") in (
                         f"{control:%Y-%m}", f"{month:%Y-%m}")][:1]  # one task per person, the first month
    hits += _payment_hits(chunk, np.asarray(checked, dtype=np.int64), ssbtek, params, month, control, overlay)
    return hits


def _resident_hits(f: CaseFile, m: Member, record: dict[str, Any], params: ControlParams) -> list[Hit]:
    found = []
    evidence = {"kalla": "Folkbokföringen", "person": m.role}
    who = label(m.role).lower()
    stake = f.paid or 0
    if record.get("avliden"):
        found.append(Hit(f, "avliden", f"Folkbokföringen: {who} avled {record['avliden']}.",
                         "Stoppa utbetalningen och avsluta eller pröva ärendet.",
                         {**evidence, "avliden": record["avliden"]}, "avliden" in params.serious, stake))
    elif record.get("utvandrad"):
        found.append(Hit(f, "utvandrad", f"Folkbokföringen: {who} har utvandrat.",
                         "Stoppa utbetalningen och utred om rätt till bistånd finns.", evidence,
                         "utvandrad" in params.serious, stake))
    elif record.get("folkbokford_i_kommunen") is False:
        found.append(Hit(f, "utflyttad", f"Folkbokföringen: {who} är inte längre folkbokförd i kommunen.",
                         "Stoppa utbetalningen och utred vistelsekommun (2 a kap. socialtjänstlagen).", evidence,
                         "utflyttad" in params.serious, stake))
    if m.role == "sokande":
        register = set(record.get("samma_bostad", []))
        known = {x.pnr for x in f.members} - {m.pnr}
        if register != known:
            found.append(Hit(f, "hushall_andrat", "Hushållet i folkbokföringen skiljer sig från ärendet: "
                             f"{len(register - known)} tillkommen, {len(known - register)} saknas.",
                             "Utred hushållets sammansättning och räkna om.",
                             {**evidence, "tillkomna": sorted(register - known), "saknas": sorted(known - register)}))
    return found


def _income_hits(f: CaseFile, m: Member, ssbtek: SsbtekBatch, params: ControlParams, control: date,
                 comparison: date) -> list[Hit]:
    per_month = ssbtek.incomes.get(m.pnr, {})
    now, before = per_month.get(f"{control:%Y-%m}", {}), per_month.get(f"{comparison:%Y-%m}", {})
    known = f.incomes.get(m.pnr, {})
    found = []
    for kind, amount in sorted(now.items()):
        limit = known.get(kind, 0) * (1 + params.change_warning_percent / 100)
        if amount >= params.income_minimum_kr and amount > limit:
            name = INCOME_KINDS.get(kind, kind)
            found.append(Hit(f, f"ej_redovisad_{kind}", f"{name} {kr(amount)} i {month_sv(control)} enligt registren; "
                             f"ärendet har {kr(known.get(kind, 0))}.", "Begär underlag och pröva om utbetalningen "
                             "ska justeras eller återkrävas.", {"kalla": "SSBTEK", "person": m.role, "slag": kind,
                                                                "register": amount, "i_arendet": known.get(kind, 0)},
                             at_stake=amount - known.get(kind, 0)))
    total_now, total_before = sum(now.values()), sum(before.values())
    if total_before and abs(total_now - total_before) > total_before * params.change_warning_percent / 100:
        found.append(Hit(f, "inkomst_andrad", f"Inkomsterna ändrades från {kr(total_before)} ({month_sv(comparison)}) "
                         f"till {kr(total_now)} ({month_sv(control)}).", "Stäm av inkomsterna vid nästa ansökan.",
                         {"kalla": "SSBTEK", "person": m.role, "jamforelseperiod": total_before,
                          "kontrollperiod": total_now}))
    return found


def _payment_hits(chunk: Chunk, checked: np.ndarray, ssbtek: SsbtekBatch, params: ControlParams, month: date,
                  control: date, overlay: str) -> list[Hit]:
    """Recompute the paid households with the registers' incomes; a difference beyond the threshold is a hit."""
    paid = checked[chunk.paid[checked] >= 0]
    if not len(paid):
        return []
    entitled = recompute(chunk, paid, ssbtek, month, control, overlay)
    found = []
    for i, should in zip(paid.tolist(), entitled.tolist(), strict=True):
        f = chunk.files[i]
        difference = int(f.paid or 0) - int(should)
        if abs(difference) > max(params.payment_difference_minimum_kr,
                                 (f.paid or 0) * params.payment_difference_percent / 100):
            found.append(Hit(f, "belopp_avviker", f"Utbetalt {kr(f.paid)} för {month_sv(month)}; med registrens "
                             f"uppgifter blir det {kr(int(should))}.", "Pröva beslutet; vid för hög utbetalning: "
                             "återkrav enligt socialtjänstlagen.", {"utbetalt": f.paid, "omraknat": int(should),
                                                                    "skillnad": difference}, at_stake=difference))
    return found


def recompute(chunk: Chunk, households: np.ndarray, ssbtek: SsbtekBatch, month: date, control: date,
              overlay: str) -> np.ndarray:
    """What the chosen households (positions in the chunk) are entitled to for the month, with the registers'
    incomes for the control period replacing the applicants' own."""
    period = f"{control:%Y-%m}"
    register = {pnr: months[period] for pnr, months in ssbtek.incomes.items() if period in months}
    out, _ = run(chunk.batch(households, register), month, overlay)
    return np.asarray(out["forsorjningsstod"])
