"""Match a care invoice: provider (organisation number or electronic address) -> placement (the reference the
municipality gave the provider; never a personnummer) -> the days or items invoiced inside the decision, at the
agreed price. Either the invoice is registered, or it goes to a finance assistant with the reason and the
evidence side by side. Pure decisions over what `Book` loaded for a chunk of invoices."""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ifoflow.domain import format as fmt
from ifoflow.domain.enums import Deviation, PriceUnit, label
from ifoflow.vardfaktura import price
from ifoflow.vardfaktura.models import CareInvoice, Placement, Provider
from ifoflow.vardfaktura.tolerance import InvoiceParams

REGISTERED = "registrerad"


@dataclass
class Book:
    """What matching a chunk needs, read once: providers, the placements its references name, the periods already
    registered on those placements, and the invoices its credit notes refer to."""

    by_org: dict[str, Provider]
    by_endpoint: dict[str, Provider]
    placements: dict[str, Placement]
    periods: dict[int, list[tuple[date, date, str]]] = field(default_factory=dict)  # placement -> (from, to, number)
    originals: dict[str, CareInvoice] = field(default_factory=dict)  # key -> registered invoice

    @classmethod
    def load(cls, session: Session, invoices: list[CareInvoice]) -> "Book":
        providers = list(session.scalars(select(Provider)))
        placements = {p.reference: p for p in session.scalars(select(Placement).where(
            Placement.reference.in_({i.reference for i in invoices if i.reference})))}
        periods: dict[int, list[tuple[date, date, str]]] = {}
        for placement_id, start, end, number in session.execute(
                select(CareInvoice.placement_id, CareInvoice.period_start, CareInvoice.period_end, CareInvoice.number)
                .where(CareInvoice.placement_id.in_([p.id for p in placements.values()]),
                       CareInvoice.status == REGISTERED, CareInvoice.kind == "faktura")):
            if start and end and placement_id is not None:
                periods.setdefault(placement_id, []).append((start, end, number))
        wanted = {f"{i.supplier_id}:{i.original_number}" for i in invoices if i.original_number}
        originals = {x.key: x for x in session.scalars(select(CareInvoice).where(CareInvoice.key.in_(wanted)))}
        credited = {x.placement_id for x in originals.values()} - {p.id for p in placements.values()}
        placements.update({p.reference: p for p in session.scalars(select(Placement).where(
            Placement.id.in_(credited)))})
        return cls({p.org_number: p for p in providers}, {p.peppol_id: p for p in providers if p.peppol_id},
                   placements, periods, originals)


@dataclass
class Outcome:
    status: str  # registrerad | avvikelse
    deviation: str = ""
    reason: str = ""
    provider: Provider | None = None
    placement: Placement | None = None
    expected: Decimal | None = None
    costs: list[tuple[date, Decimal]] = field(default_factory=list)  # (month, kronor) to register
    evidence: dict[str, Any] = field(default_factory=dict)  # shown beside the reason


def decide(inv: CareInvoice, book: Book, params: InvoiceParams) -> Outcome:
    provider = book.by_org.get(inv.supplier_id) or book.by_endpoint.get(inv.supplier_id)
    evidence = {"Leverantör på fakturan": f"{inv.supplier_name} ({inv.supplier_id})",
                "Fakturanummer": inv.number, "Referens på fakturan": inv.reference or "–",
                "Period på fakturan": _period(inv.period_start, inv.period_end),
                "Belopp utan moms": fmt.kr(float(inv.net))}
    if inv.hint:
        evidence["Ledtråd i fakturaraden (bara för den som granskar)"] = inv.hint
    if provider is None:
        return _deviate(Deviation.okand_leverantor, "Leverantören finns inte i leverantörsregistret; lägg in den "
                        "eller kontrollera organisationsnumret.", evidence)
    placement = book.placements.get(inv.reference)
    if placement is not None and placement.provider_id != provider.id:
        placement = None  # another provider's reference is no match
    if placement is not None:
        evidence["Beslutets period"] = _period(placement.start, placement.end)
        evidence["Avtalat pris"] = f"{fmt.kr(placement.price)} {label(placement.price_unit)}"
    if inv.bankgiro and provider.bankgiro and inv.bankgiro != provider.bankgiro:
        evidence["Bankgiro på fakturan"], evidence["Bankgiro i registret"] = inv.bankgiro, provider.bankgiro
        return _deviate(Deviation.bankgiro_avviker, "Bankgirot på fakturan är inte leverantörens. Kontrollera med "
                        "leverantören innan något betalas (risk för bedrägeri).", evidence, provider, placement)
    if inv.kind == "kredit":
        return _credit(inv, book, evidence, provider)
    if placement is None:
        return _deviate(Deviation.ingen_placering, f"Ingen placering hos {provider.name} har referensen "
                        f"”{inv.reference or '(ingen)'}”. Leverantören ska ange den beställarreferens kommunen gav "
                        "för placeringen.", evidence, provider)
    first, last = inv.period_start, inv.period_end
    if first is None or last is None or first > last:
        return _deviate(Deviation.utanfor_perioden, "Fakturan anger ingen period för vården.", evidence, provider,
                        placement)
    if first < placement.start or (placement.end is not None and last > placement.end):
        return _deviate(Deviation.utanfor_perioden, f"Fakturan gäller {_period(first, last)}, men beslutet gäller "
                        f"{_period(placement.start, placement.end)}.", evidence, provider, placement)
    if placement.price_unit != PriceUnit.styck:
        for start, end, earlier in book.periods.get(placement.id, []):
            if start <= last and first <= end:
                evidence["Redan fakturerat"] = f"{_period(start, end)} (faktura {earlier})"
                return _deviate(Deviation.overlappande_dagar, f"Dagarna {_period(max(first, start), min(last, end))} "
                                f"är redan registrerade på en tidigare faktura.", evidence, provider, placement)
    shares = price.expected(first, last, placement.price_unit, placement.price, placement.extras,
                            Decimal(inv.quantity))
    expected = sum((s.amount for s in shares), Decimal(0))
    evidence["Förväntat belopp"] = fmt.kr(float(expected))
    allowed = expected * (1 + Decimal(str(params.tolerance_percent)) / 100) + params.tolerance_kr
    if Decimal(inv.net) > allowed:
        return _deviate(Deviation.over_avtalat_pris, f"Fakturan är {fmt.kr(float(Decimal(inv.net) - expected))} "
                        "högre än det avtalade priset för perioden.", evidence, provider, placement, expected)
    book.periods.setdefault(placement.id, []).append((first, last, inv.number))
    return Outcome(REGISTERED, provider=provider, placement=placement, expected=expected, evidence=evidence,
                   reason=f"Stämmer med placering {placement.reference}: {_period(first, last)}.",
                   costs=price.split(Decimal(inv.net), first, last))


def _credit(inv: CareInvoice, book: Book, evidence: dict[str, Any], provider: Provider) -> Outcome:
    original = book.originals.get(f"{inv.supplier_id}:{inv.original_number}")
    if original is None or original.status != REGISTERED or original.placement_id is None:
        evidence["Krediterar faktura"] = inv.original_number or "(anges inte)"
        return _deviate(Deviation.kredit_utan_original, "Kreditfakturan hänvisar inte till en registrerad faktura "
                        "från leverantören.", evidence, provider)
    placement = next((p for p in book.placements.values() if p.id == original.placement_id), None)
    amount = -abs(Decimal(inv.net))
    first, last = original.period_start or original.issue_date, original.period_end or original.issue_date
    return Outcome(REGISTERED, provider=provider, placement=placement, evidence=evidence,
                   reason=f"Krediterar faktura {original.number}.", costs=price.split(amount, first, last),
                   expected=amount) if placement else Outcome(
        REGISTERED, provider=provider, evidence=evidence, reason=f"Krediterar faktura {original.number}.",
        costs=[], expected=amount)


def _deviate(deviation: Deviation, reason: str, evidence: dict[str, Any], provider: Provider | None = None,
             placement: Placement | None = None, expected: Decimal | None = None) -> Outcome:
    return Outcome("avvikelse", deviation, reason, provider, placement, expected, [], evidence)


def _period(first: date | None, last: date | None) -> str:
    return f"{fmt.day(first)} – {fmt.day(last) if last else 'tills vidare'}"
