"""The cover sheet (försättsblad): a page the reception prints and lays on top of a client's paper before
scanning. Its QR code names the person, the case, the document type and the day the paper arrived - the reliable
path into a personakt. A sheet from another system, or a damaged code, is not trusted: the document goes on as if
it had no cover sheet."""

import re
from dataclasses import dataclass
from datetime import date

import segno
from markupsafe import Markup

from ifoflow.brev.pdf import render_pdf
from ifoflow.domain.identity import display

PREFIX = "IFOFLOW-SKANNING:1"
FIELD = re.compile(r"^(pnr|arende|typ|inkom)=(.*)$")


@dataclass(frozen=True)
class CoverSheet:
    personnummer: str  # canonical
    case_number: str
    doc_type: str
    arrived_on: date


def payload(sheet: CoverSheet) -> str:
    return (f"{PREFIX};pnr={sheet.personnummer};arende={sheet.case_number};typ={sheet.doc_type};"
            f"inkom={sheet.arrived_on.isoformat()}")


def parse(text: str, known_types: set[str]) -> CoverSheet | None:
    """The sheet a QR text names, or None when it is not one of ours or any part of it is wrong."""
    parts = text.split(";")
    if not parts or parts[0] != PREFIX:
        return None
    fields: dict[str, str] = {m.group(1): m.group(2) for p in parts[1:] if (m := FIELD.match(p))}
    try:
        sheet = CoverSheet(fields["pnr"], fields["arende"], fields["typ"], date.fromisoformat(fields["inkom"]))
    except (KeyError, ValueError):
        return None
    ok = re.fullmatch(r"\d{12}", sheet.personnummer) and sheet.doc_type in known_types
    return sheet if ok else None


def pdf(sheet: CoverSheet, *, name: str, type_label: str, unit: str) -> bytes:
    """The printable sheet: the QR code, and the same facts in words for the person who scans."""
    svg = segno.make(payload(sheet), error="m").svg_inline(scale=6, dark="#000", light="#fff")
    return render_pdf("skanning/forsattsblad.html", {
        "qr": Markup(svg), "name": name, "personnummer": display(sheet.personnummer),
        "case_number": sheet.case_number, "type_label": type_label, "arrived_on": sheet.arrived_on, "unit": unit})
