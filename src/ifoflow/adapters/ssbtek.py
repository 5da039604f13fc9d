"""SSBTEK (Sammansatt bastjänst ekonomiskt bistånd) v10: build the SOAP question, read every agency's answer.

Contract: shared/reference/ssbtek (WSDL, XSDs, samples; Sundsvalls kommun, MIT). Real answers deviate from the
schemas now and then (the AF and SO samples do), so the parser reads elements by local name and tolerates missing
or extra ones. See docs/adapters.md.
"""

import base64
import json
import uuid
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import yaml

SOAP = "http://schemas.xmlsoap.org/soap/envelope/"
SSBT = "http://schema.forsakringskassan.se/integration/ssbt/10"
AGENCIES = ("AF", "CSN", "FK", "SKV", "SO", "TNS", "MIV")
PURPOSE = "Beslut om eller kontroll av Ekonomisk försörjningsstöd"
LAW = ("11 kap. 11 a § socialtjänstlagen (2001:453), 5 § förordning (2008:975) om uppgiftsskyldighet i vissa fall "
       "enligt socialtjänstlagen.")


class SsbtekFormatError(ValueError):
    """The answer is not an SSBTEK answer at all (not XML, no body)."""


@dataclass(frozen=True)
class RegisterIncome:
    source: str  # FK | PM | SO | CSN
    kind: str  # ifoflow income kind (rules/kinds.py)
    amount: int  # net kronor
    period_from: date | None
    period_to: date | None


@dataclass
class SsbtekAnswer:
    personnummer: str
    incomes: list[RegisterIncome] = field(default_factory=list)
    errors: dict[str, str] = field(default_factory=dict)  # agency -> why it gave no data
    vehicles: list[str] = field(default_factory=list)
    residence_permit: str = ""
    capital_income: int | None = None
    job_seeker: bool | None = None

    def income_in(self, kind: str, start: date, end: date) -> int:
        """Sum of incomes of a kind whose period overlaps [start, end]."""
        return sum(i.amount for i in self.incomes if i.kind == kind and (i.period_from or start) <= end
                   and (i.period_to or end) >= start)


@lru_cache
def codes() -> dict[str, Any]:
    return dict(yaml.safe_load((Path(__file__).with_name("ssbtek_codes.yaml")).read_text(encoding="utf-8")))


def build_request(personnummer: str, start: date, end: date, *, organisation: str, municipality: str,
                  handlaggare: str = "system", case_ref: str = "") -> str:
    """The hamtaBastjanstInformation SOAP question for all agencies, with FK's Lefi question in base64 JSON."""
    lefi = {"personnummer": personnummer, "period": {"from": start.isoformat(), "tom": end.isoformat()},
            "formansinformation": ["FK:ABB"], "ansprak": ["PM:AP"], "beslut": ["PM:AP"],
            "preliminaraUtbetalningar": ["FK:ABB"], "utbetalningar": ["FK:ABB"], "ovrigInformation": ["FK:GEPI"]}
    lefi_b64 = base64.b64encode(json.dumps(lefi).encode()).decode()
    return (
        f'<SOAP-ENV:Envelope xmlns:SOAP-ENV="{SOAP}"><SOAP-ENV:Header/><SOAP-ENV:Body>'
        f'<ns2:hamtaBastjanstInformation xmlns:ns2="{SSBT}"><ns2:generellaFrageparametrar>'
        f"<ns2:korrelationsid>{uuid.uuid4()}</ns2:korrelationsid>"
        "<ns2:fraganSkallInkluderasISvaret>false</ns2:fraganSkallInkluderasISvaret>"
        f"<ns2:ingivare><ns2:organisationsnummer>{escape(organisation)}</ns2:organisationsnummer>"
        f"<ns2:namn>{escape(municipality)}</ns2:namn><ns2:handlaggare>{escape(handlaggare)}</ns2:handlaggare>"
        f"</ns2:ingivare><ns2:personidentitet>{escape(personnummer)}</ns2:personidentitet>"
        f"<ns2:arendeidentitet>{escape(case_ref or str(uuid.uuid4()))}</ns2:arendeidentitet>"
        f"<ns2:tidsperiod><ns2:fromDatum>{start}</ns2:fromDatum><ns2:tomDatum>{end}</ns2:tomDatum></ns2:tidsperiod>"
        f"<ns2:syfte>{PURPOSE}</ns2:syfte><ns2:lagtext>{escape(LAW)}</ns2:lagtext></ns2:generellaFrageparametrar>"
        f'<ns2:specifikaFrageparametrar><ns2:AF inkludera="true"/><ns2:CSN inkludera="true"/>'
        f'<ns2:FK inkludera="true"><ns2:fraga><ns2:version>v9</ns2:version><ns2:aktorsid>026-51</ns2:aktorsid>'
        f"<ns2:lefiJsonFraga>{lefi_b64}</ns2:lefiJsonFraga></ns2:fraga></ns2:FK>"
        '<ns2:SKV inkludera="true"/><ns2:SO inkludera="true"/><ns2:TNS inkludera="true"/><ns2:MIV inkludera="true"/>'
        "</ns2:specifikaFrageparametrar></ns2:hamtaBastjanstInformation></SOAP-ENV:Body></SOAP-ENV:Envelope>"
    )


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _child(node: ET.Element, name: str) -> ET.Element | None:
    return next((c for c in node if _local(c.tag) == name), None)


def _all(node: ET.Element, name: str) -> list[ET.Element]:
    return [e for e in node.iter() if _local(e.tag) == name]


def _text(node: ET.Element | None, name: str) -> str:
    found = _all(node, name) if node is not None else []
    return (found[0].text or "").strip() if found else ""


def _date(value: str | None) -> date | None:
    try:
        return date.fromisoformat((value or "")[:10]) if value else None
    except ValueError:
        return None


def _kronor(value: Any) -> int:
    try:
        return round(float(str(value).replace(",", ".")))
    except (TypeError, ValueError):
        return 0


def parse_request(xml: bytes | str) -> tuple[str, date, date]:
    """(personnummer, from, to) of a question; used by the simulator."""
    root = ET.fromstring(xml)
    start, end = _date(_text(root, "fromDatum")), _date(_text(root, "tomDatum"))
    if not _text(root, "personidentitet") or start is None or end is None:
        raise SsbtekFormatError("Frågan saknar personidentitet eller tidsperiod.")
    return _text(root, "personidentitet"), start, end


def parse_response(xml: bytes | str, personnummer: str = "") -> SsbtekAnswer:
    """Everything the agencies answered, as incomes by kind and a few facts; agencies that failed are in errors."""
    try:
        root = ET.fromstring(xml)
    except ET.ParseError as exc:
        raise SsbtekFormatError(f"Svaret är inte XML: {exc}") from None
    data = next(iter(_all(root, "svarsdata")), None)
    if data is None:
        raise SsbtekFormatError("Svaret saknar svarsdata.")
    answer = SsbtekAnswer(personnummer=personnummer)
    for agency_node in data:
        agency = _local(agency_node.tag)
        error = _child(agency_node, "error")
        payload = _child(agency_node, "data")
        if error is not None:
            answer.errors[agency] = f"{_text(error, 'felkod')}: {_text(error, 'felmeddelande')}"
            continue
        if payload is None:
            answer.errors[agency] = "inget svar"
            continue
        reader = READERS.get(agency)
        if reader:
            try:
                reader(payload, answer)
            except (ValueError, KeyError, TypeError, AttributeError) as exc:  # a malformed part of one agency
                answer.errors[agency] = f"kunde inte läsas: {exc}"
    return answer


def _read_fk(node: ET.Element, answer: SsbtekAnswer) -> None:
    raw = base64.b64decode(_text(node, "lefiJsonSvar"))
    body = json.loads(raw)
    for item in body.get("formansinformation", {}).get("utbetalningsuppgift", []) or []:
        kind = codes()["fk"].get((item.get("formansfamilj") or {}).get("kod", ""))
        if kind:
            period = item.get("period") or {}
            answer.incomes.append(RegisterIncome("FK", kind, _kronor((item.get("nettobelopp") or {}).get("summa")),
                                                 _date(period.get("fran")), _date(period.get("till"))))
    for item in body.get("utbetalningar", []) or []:
        period = item.get("utbetalningsperiod") or {}
        answer.incomes.append(RegisterIncome("PM", codes()["pm"], _kronor(item.get("nettobelopp")),
                                             _date(period.get("fran")), _date(period.get("till"))))
    unavailable = [u for u in body.get("utlamnare", []) if (u.get("tillstand") or {}).get("kod") != "OK"]
    for u in unavailable:
        answer.errors[f"FK/{(u.get('utlamnare') or {}).get('kod', '?')}"] = (u.get("tillstand") or {}).get(
            "beskrivning", "ej tillgänglig")


def _read_so(node: ET.Element, answer: SsbtekAnswer) -> None:
    for payment in _all(node, "Utbetalningar"):
        answer.incomes.append(RegisterIncome("SO", "a_kassa", _kronor(_text(payment, "NettoEfterSkatt")),
                                             _date(_text(payment, "AvserFrom")), _date(_text(payment, "AvserTom"))))


def _read_csn(node: ET.Element, answer: SsbtekAnswer) -> None:
    inner = ET.fromstring(base64.b64decode(_text(node, "svar")))
    for person in _all(inner, "Person"):
        # csntyper.xsd Utbetalning: utbetdatum and totbelopp (its periods are in weeks; the payment date places it)
        for paid in _all(person, "Utbetalning"):
            day = _date(_text(paid, "utbetdatum"))
            answer.incomes.append(RegisterIncome("CSN", "studiemedel", _kronor(_text(paid, "totbelopp")), day, day))


def _read_af(node: ET.Element, answer: SsbtekAnswer) -> None:
    value = _text(node, "Arbetssokande")
    answer.job_seeker = value == "true" if value else None


def _read_skv(node: ET.Element, answer: SsbtekAnswer) -> None:
    inner = ET.fromstring(_text(node, "svar").encode())
    value = _text(inner, "SummaIntakterPaKapital")
    answer.capital_income = _kronor(value) if value else None


def _read_tns(node: ET.Element, answer: SsbtekAnswer) -> None:
    answer.vehicles = [(_text(v, "regnr") + " " + _text(v, "fabrikat")).strip() for v in _all(node, "fordon")
                       if _child(v, "regnr") is not None]


def _read_miv(node: ET.Element, answer: SsbtekAnswer) -> None:
    answer.residence_permit = _text(node, "beslutsTypNamn")


READERS = {"FK": _read_fk, "SO": _read_so, "CSN": _read_csn, "AF": _read_af, "SKV": _read_skv, "TNS": _read_tns,
           "MIV": _read_miv}
