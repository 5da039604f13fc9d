"""SSBTEK answers that validate against the v10 XSDs, made from one person's monthly incomes."""

import base64
import json
from datetime import date, timedelta
from xml.sax.saxutils import escape

from ifoflow.adapters.ssbtek import SOAP, SSBT, codes

SO_NS = "http://INT014.UBPService.Schemas"


def months(start: date, end: date) -> list[tuple[date, date]]:
    """(first day, last day) of every month touching [start, end]."""
    found, day = [], start.replace(day=1)
    while day <= end:
        nxt = (day.replace(day=28) + timedelta(days=4)).replace(day=1)
        found.append((day, nxt - timedelta(days=1)))
        day = nxt
    return found


def _fk(pnr: str, incomes: dict[str, int], periods: list[tuple[date, date]]) -> str:
    by_kind = {kind: code for code, kind in codes()["fk"].items()}
    payments = [{"typ": {"id": 1, "beskrivning": "Utbetalning"}, "foretag": {"id": 1001, "beskrivning": "FK"},
                 "formansfamilj": {"kod": by_kind[kind], "beskrivning": kind},
                 "datum": (end - timedelta(days=5)).isoformat(),
                 "period": {"fran": start.isoformat(), "till": end.isoformat()},
                 "bruttobelopp": {"summa": amount, "valuta": "SEK"}, "nettobelopp": {"summa": amount, "valuta": "SEK"}}
                for kind, amount in incomes.items() if kind in by_kind for start, end in periods]
    pension = [{"utbetalningsdatum": (end - timedelta(days=5)).isoformat(),
                "utbetalningsperiod": {"fran": start.isoformat(), "till": end.isoformat()},
                "bruttobelopp": incomes["pension"], "nettobelopp": incomes["pension"]}
               for start, end in periods] if incomes.get("pension") else []
    body = {"utlamnare": [{"utlamnare": {"kod": "FK", "namn": "Försäkringskassan"},
                           "tillstand": {"kod": "OK", "beskrivning": "Tillgänglig"}}],
            "avvikelser": [], "formansinformation": {"utbetalningsuppgift": payments}, "utbetalningar": pension}
    encoded = base64.b64encode(json.dumps(body, ensure_ascii=False).encode()).decode()
    return f"<ssbt:FK><ssbt:data><ssbt:lefiJsonSvar>{encoded}</ssbt:lefiJsonSvar></ssbt:data></ssbt:FK>"


def _so(pnr: str, amount: int, start: date, end: date, periods: list[tuple[date, date]]) -> str:
    payments = "".join(
        f"<so:Utbetalningar><so:Utbetalningsdatum>{e - timedelta(days=3)}</so:Utbetalningsdatum>"
        f"<so:NettoEfterSkatt>{amount}.00</so:NettoEfterSkatt><so:NettoEfterAvdrag>{amount}.00</so:NettoEfterAvdrag>"
        f"<so:Ersattningsdagar>22</so:Ersattningsdagar><so:AvserFrom>{s}</so:AvserFrom><so:AvserTom>{e}</so:AvserTom>"
        "</so:Utbetalningar>" for s, e in periods) if amount else ""
    return (f'<ssbt:SO><ssbt:data xmlns:so="{SO_NS}"><so:OrganisationsnummerIngivare>2120000000'
            "</so:OrganisationsnummerIngivare><so:NamnIngivare>Exempelkommunen</so:NamnIngivare>"
            "<so:KontonamnHandlaggare>system</so:KontonamnHandlaggare><so:Referensnummer>SIM</so:Referensnummer>"
            f"<so:From>{start}</so:From><so:Tom>{end}</so:Tom><so:Syfte>Ekonomiskt bistånd</so:Syfte>"
            f"<so:Paragraf>11 kap. 11 a § SoL</so:Paragraf><so:IdentificationNumber>{escape(pnr)}"
            "</so:IdentificationNumber><so:ArbetsloshetsersattningLista><so:Arbetsloshetsersattning>"
            "<so:SvarandeOrganisation>Simulerad a-kassa</so:SvarandeOrganisation>"
            f"<so:StatusSvarandeOrganisation>OK</so:StatusSvarandeOrganisation>{payments}"
            "</so:Arbetsloshetsersattning></so:ArbetsloshetsersattningLista></ssbt:data></ssbt:SO>")


def _csn(pnr: str, amount: int, periods: list[tuple[date, date]]) -> str:
    paid = "".join(f"<Utbetalning><utbetdatum>{s + timedelta(days=24)}</utbetdatum><utbetstatus>U</utbetstatus>"
                   f"<totbelopp>{amount}</totbelopp></Utbetalning>" for s, _ in periods) if amount else ""
    inner = (f'<CSNSvar schemaVersion="3.0" xmlns="http://schema.csn.se/v3.0/kommunfraga"><GemensamtSvarEkbistand>'
             "<Resultat><ResultatKod>0</ResultatKod><ResultatText>Allt OK</ResultatText></Resultat>"
             f'</GemensamtSvarEkbistand><Personer><Person personnummer="{escape(pnr[2:])}"><Studiemedel>{paid}'
             "</Studiemedel></Person></Personer></CSNSvar>")
    encoded = base64.b64encode(inner.encode()).decode()
    return f"<ssbt:CSN><ssbt:data><ssbt:svar>{encoded}</ssbt:svar></ssbt:data></ssbt:CSN>"


def error(agency: str, code: str, message: str) -> str:
    return (f"<ssbt:{agency}><ssbt:error><ssbt:kalla>SSBT</ssbt:kalla><ssbt:felkod>{escape(code)}</ssbt:felkod>"
            f"<ssbt:felmeddelande>{escape(message)}</ssbt:felmeddelande></ssbt:error></ssbt:{agency}>")


def answer(pnr: str, start: date, end: date, incomes: dict[str, int], failing: tuple[str, ...] = ()) -> str:
    """A complete SOAP answer; agencies in `failing` answer with an error element."""
    periods = months(start, end)
    parts = {"CSN": _csn(pnr, incomes.get("studiemedel", 0), periods), "FK": _fk(pnr, incomes, periods),
             "SO": _so(pnr, incomes.get("a_kassa", 0), start, end, periods)}
    body = "".join(error(a, "TIMEOUT", "Bastjänsten svarade inte i tid") if a in failing else xml
                   for a, xml in parts.items())
    return (f'<soap:Envelope xmlns:soap="{SOAP}"><soap:Body><ssbt:hamtaBastjanstInformationResponse '
            f'xmlns:ssbt="{SSBT}"><ssbt:svarsdata>{body}</ssbt:svarsdata></ssbt:hamtaBastjanstInformationResponse>'
            "</soap:Body></soap:Envelope>")
