"""HTTP clients for SSBTEK and folkbokföring. Timeouts here; retries and the circuit breaker in the caller
(robots.core.ExternalSystem). Production access uses mutual TLS: pass the municipality's certificate and key."""

from dataclasses import dataclass
from datetime import date
from typing import Any

import httpx

from ifoflow.adapters.ssbtek import SsbtekAnswer, build_request, parse_response


@dataclass(frozen=True)
class Endpoint:
    base_url: str
    timeout_s: float = 10.0
    cert: tuple[str, str] | None = None  # (certificate, key) for mTLS in production
    verify: str | bool = True


def _send(http: httpx.Client, system: str, timeout_s: float, method: str, url: str, **kwargs: Any) -> httpx.Response:
    """One request; an absent service becomes TimeoutError or ConnectionError (what ExternalSystem retries)."""
    try:
        response = http.request(method, url, **kwargs)
    except httpx.TimeoutException as exc:
        raise TimeoutError(f"{system} svarade inte inom {timeout_s} s") from exc
    except httpx.TransportError as exc:
        raise ConnectionError(f"{system} kunde inte nås (ingen anslutning)") from exc
    if response.status_code >= 500:
        raise ConnectionError(f"{system} svarade {response.status_code}")
    return response


class SsbtekClient:
    def __init__(self, endpoint: Endpoint, *, organisation: str, municipality: str) -> None:
        self.endpoint, self.organisation, self.municipality = endpoint, organisation, municipality
        self.http = httpx.Client(base_url=endpoint.base_url, timeout=endpoint.timeout_s, cert=endpoint.cert,
                                 verify=endpoint.verify)

    def fetch(self, personnummer: str, start: date, end: date, *, case_ref: str = "") -> SsbtekAnswer:
        """One person's answers for the period. Raises TimeoutError/ConnectionError when the service is away."""
        body = build_request(personnummer, start, end, organisation=self.organisation, municipality=self.municipality,
                             case_ref=case_ref)
        response = _send(self.http, "SSBTEK", self.endpoint.timeout_s, "POST", "/ssbtek", content=body,
                         headers={"Content-Type": "text/xml; charset=utf-8"})
        response.raise_for_status()
        return parse_response(response.content, personnummer)


    def fetch_many(self, numbers: list[str], start: date, end: date) -> "SsbtekBatch":
        """Many people at once (the monthly control); our batch contract, see docs/adapters.md."""
        response = _send(self.http, "SSBTEK", self.endpoint.timeout_s, "POST", "/ssbtek/batch",
                         json={"personnummer": numbers, "fran": start.isoformat(), "till": end.isoformat()})
        response.raise_for_status()
        return parse_batch(response.json(), numbers)


@dataclass(frozen=True)
class SsbtekBatch:
    incomes: dict[str, dict[str, dict[str, int]]]  # personnummer -> "YYYY-MM" -> kind -> kr
    other_municipality: dict[str, list[dict[str, Any]]]  # personnummer -> [{kommun, manad, belopp}]
    missing: dict[str, str]  # personnummer -> why there is no usable answer


def parse_batch(body: Any, asked: list[str]) -> SsbtekBatch:
    """Read a batch answer; a person whose part is malformed or absent is listed in `missing`, not fatal."""
    incomes: dict[str, dict[str, dict[str, int]]] = {}
    other: dict[str, list[dict[str, Any]]] = {}
    missing: dict[str, str] = {}
    people = body.get("personer") if isinstance(body, dict) else None
    for part in people if isinstance(people, list) else []:
        pnr = part.get("personnummer") if isinstance(part, dict) else None
        if not isinstance(pnr, str):
            continue
        try:
            incomes[pnr] = {str(m): {str(k): int(v) for k, v in kinds.items()} for m, kinds in part["manader"].items()}
            other[pnr] = [dict(x) for x in part.get("bistand_annan_kommun", [])]
        except (KeyError, TypeError, ValueError, AttributeError):
            missing[pnr] = "svaret kunde inte läsas"
            incomes.pop(pnr, None)
    for pnr in asked:
        if pnr not in incomes and pnr not in missing:
            missing[pnr] = "inget svar från SSBTEK"
    return SsbtekBatch(incomes, other, missing)


class FolkbokforingClient:
    SYSTEM = "Folkbokföringen"

    def __init__(self, endpoint: Endpoint) -> None:
        self.endpoint = endpoint
        self.http = httpx.Client(base_url=endpoint.base_url, timeout=endpoint.timeout_s, cert=endpoint.cert,
                                 verify=endpoint.verify)

    def person(self, personnummer: str) -> dict[str, Any] | None:
        """The resident register's record, or None when the person is not registered."""
        response = _send(self.http, self.SYSTEM, self.endpoint.timeout_s, "GET",
                         f"/folkbokforing/personer/{personnummer}")
        if response.status_code == 404:
            return None
        response.raise_for_status()
        return dict(response.json())

    def persons(self, numbers: list[str]) -> dict[str, dict[str, Any]]:
        """Batch look-up (for the monthly control): records by personnummer."""
        response = _send(self.http, self.SYSTEM, self.endpoint.timeout_s, "POST", "/folkbokforing/personer",
                         json={"personnummer": numbers})
        response.raise_for_status()
        return {p["personnummer"]: p for p in response.json()["personer"]}
