"""What a document's text says about itself: personnummer and samordningsnummer (check digit and date checked by
the `personnummer` package), case numbers, dates and the sender. OCR text is read as it is: a number that fails
its check is not a number."""

import re
from collections.abc import Iterable
from datetime import date
from typing import Any

from ifoflow.domain.errors import InputError
from ifoflow.domain.identity import canonical

PNR = re.compile(r"(?<![\d-])((?:19|20)?\d{6})\s?[-+]?\s?(\d{4})(?![\d-])")
CASE = re.compile(r"\b([A-Z]{2}-\d{4}-\d{7})\b")
DAY = re.compile(r"\b((?:19|20)\d{2})-(\d{2})-(\d{2})\b")
SENDER = re.compile(r"(kassan|myndighet|rätt\b|tingsrätt|bank|\bAB\b|kommun|verket|vårdcentral|region|CSN|"
                    r"Fastigheter|Energi|hyresbostäder|stiftelse)", re.IGNORECASE)


def numbers(text: str) -> list[str]:
    """Valid personnummer and samordningsnummer in the text, canonical, in order of appearance, once each."""
    found: list[str] = []
    for head, tail in PNR.findall(text):
        try:
            number = canonical(f"{head}-{tail}")
        except InputError:
            continue
        if number not in found:
            found.append(number)
    return found


def case_numbers(text: str) -> list[str]:
    return list(dict.fromkeys(CASE.findall(text)))


def dates(text: str) -> list[str]:
    found = []
    for y, m, d in DAY.findall(text):
        try:
            found.append(date(int(y), int(m), int(d)).isoformat())
        except ValueError:
            continue
    return list(dict.fromkeys(found))


def sender(lines: Iterable[str]) -> str:
    """The first line that names an organisation (an agency, a court, a bank, a company), else ""."""
    for line in lines:
        clean = line.strip()
        if clean and SENDER.search(clean) and len(clean) < 80:
            return clean.split(":", 1)[-1].strip()
    return ""


def facts(text: str) -> dict[str, Any]:
    return {"personnummer": numbers(text), "arenden": case_numbers(text), "datum": dates(text)[:10],
            "avsandare": sender(text.splitlines()[:15])}


def words(text: str) -> list[str]:
    """The words of a text in lower case: how names are looked for in OCR text."""
    return re.findall(r"\w+", text.lower())
