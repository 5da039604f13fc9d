"""Rows out of an incoming file, by its type: CSV or text, Excel, XML and text PDF.

A row is a dict of normalised column names ("förfallodatum" becomes "forfallodatum") to the cell's text. What the
columns mean is the intake's business (ifoflow.intag.service.Intake); here a file only becomes rows.
"""

import csv
import io
from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Any

from defusedxml import ElementTree

from ifoflow.domain.errors import InputError

KINDS = {".csv": "CSV", ".txt": "text", ".xlsx": "Excel", ".xml": "XML", ".pdf": "PDF"}
SUFFIXES = set(KINDS)


def normal(name: Any) -> str:
    """A column name as the intake knows it: lower case, å ä ö as a o, spaces as underscores."""
    text = str(name or "").strip().lower()
    return text.replace("ä", "a").replace("å", "a").replace("ö", "o").replace(" ", "_")


def rows_of(content: bytes, filename: str, *, xml_record: str, pdf_labels: Mapping[str, str]) -> list[dict[str, Any]]:
    """Raw rows from a file, by its suffix. XML: one row per `xml_record` element; PDF: one row per page, from
    "Label: value" lines (`pdf_labels` maps a label to its column). InputError when the file cannot be read."""
    suffix = Path(filename).suffix.lower()
    try:
        if suffix in (".csv", ".txt"):
            return _csv(content)
        if suffix == ".xlsx":
            return _xlsx(content)
        if suffix == ".xml":
            return _xml(content, xml_record)
        if suffix == ".pdf":
            return _pdf(content, pdf_labels)
    except Exception as exc:  # a broken file is a quarantine entry, not a crash
        raise InputError("fil", f"Filen {filename} kunde inte läsas som {KINDS[suffix]}; den kan vara skadad eller "
                                f"ha fel format ({type(exc).__name__}).") from None
    raise InputError("fil", f"Okänd filtyp {suffix or '(ingen)'}: använd CSV, Excel (.xlsx), XML eller PDF.")


def _csv(content: bytes) -> list[dict[str, Any]]:
    text = content.decode("utf-8-sig", errors="replace")
    dialect = csv.Sniffer().sniff(text.splitlines()[0] if text else ";", delimiters=";,\t")
    return [{normal(k): v for k, v in row.items() if k} for row in csv.DictReader(io.StringIO(text), dialect=dialect)]


def _xlsx(content: bytes) -> list[dict[str, Any]]:
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(content), read_only=True, data_only=True).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    header = [normal(h) for h in rows[0]] if rows else []
    return [{h: ("" if v is None else v.isoformat()[:10] if isinstance(v, date) else v)
             for h, v in zip(header, r, strict=False) if h} for r in rows[1:] if any(v not in (None, "") for v in r)]


def _xml(content: bytes, record: str) -> list[dict[str, Any]]:
    root = ElementTree.fromstring(content)
    return [{normal(child.tag): (child.text or "").strip() for child in element} for element in root.iter(record)]


def _pdf(content: bytes, labels: Mapping[str, str]) -> list[dict[str, Any]]:
    from pypdf import PdfReader

    found = []
    for page in PdfReader(io.BytesIO(content)).pages:
        row: dict[str, Any] = {}
        for line in (page.extract_text() or "").splitlines():
            label, _, value = line.partition(":")
            column = labels.get(label.strip().lower())
            if column and value.strip():
                row[column] = value.strip()
        if row:
            found.append(row)
    return found
