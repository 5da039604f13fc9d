"""Decision support for the case worker, never a decision: where the report's text holds words that signal risk
(a rule lexicon the municipality can extend), the child's age and history, and a suggested urgency for the
skyddsbedömning. The rules can only raise urgency, never lower it: every report is assessed "genast" anyway, and a
reporter's "in danger now" always stands. Facts from other robots are shown as facts, never counted as risk."""

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

LEXICON = Path(__file__).parent / "lexikon" / "lexikon.yaml"
URGENCY = ("idag", "nu")  # lowest first: a rule may move a report right, never left


@dataclass(frozen=True)
class Hit:
    category: str
    name: str
    phrase: str
    start: int
    end: int
    acute: bool


@lru_cache
def lexicon() -> dict[str, Any]:
    return dict(yaml.safe_load(LEXICON.read_text(encoding="utf-8")))


@lru_cache
def _patterns() -> list[tuple[str, str, bool, re.Pattern[str]]]:
    out = []
    for key, cat in lexicon()["kategorier"].items():
        phrases = sorted(cat["fraser"], key=len, reverse=True)
        out.append((key, cat["namn"], bool(cat["akut"]), re.compile(
            r"(?<!\w)(" + "|".join(re.escape(p) for p in phrases) + r")(?!\w)", re.IGNORECASE)))
    return out


def hits(text: str) -> list[Hit]:
    """Every place a signal phrase stands in the text, in reading order."""
    found = [Hit(key, name, m.group(0), m.start(), m.end(), acute)
             for key, name, acute, pattern in _patterns() for m in pattern.finditer(text)]
    return sorted(found, key=lambda h: (h.start, -h.end))


def raise_only(base: str, suggestion: str) -> str:
    """The higher of the two: a rule never lowers what is already there."""
    return max(base, suggestion, key=URGENCY.index)


def suggest(text: str, *, danger_now: bool) -> dict[str, Any]:
    """The support as it is stored with the report and shown: signals, and the suggested urgency with why."""
    found = hits(text)
    urgency, why = "idag", ["Varje anmälan skyddsbedöms genast, samma dag."]
    if danger_now:
        urgency = raise_only(urgency, "nu")
        why.append("Anmälaren skriver att barnet är i fara nu.")
    acute = sorted({h.name for h in found if h.acute})
    if acute:
        urgency = raise_only(urgency, "nu")
        why.append(f"Texten tar upp {', '.join(a.lower() for a in acute)}.")
    return {"bradska": urgency, "varfor": why, "lexikon": lexicon()["version"],
            "signaler": [{"kategori": h.category, "namn": h.name, "fras": h.phrase, "fran": h.start, "till": h.end}
                         for h in found]}


def marked(text: str, signals: list[dict[str, Any]]) -> list[tuple[str, str]]:
    """The text in pieces: (piece, category or "") so a page can highlight the signal phrases."""
    pieces, at = [], 0
    for s in sorted(signals, key=lambda s: s["fran"]):
        if s["fran"] < at:
            continue  # overlapping phrases: the first one found is marked
        pieces.append((text[at:s["fran"]], ""))
        pieces.append((text[s["fran"]:s["till"]], s["namn"]))
        at = s["till"]
    pieces.append((text[at:], ""))
    return [p for p in pieces if p[0]]
