"""E-invoices under EN 16931 in either of its syntaxes: PEPPOL BIS Billing 3.0 in UBL 2.1 (Invoice, CreditNote)
and UN/CEFACT CII (CrossIndustryInvoice). One reader, one shape (`EInvoice`), and the standard's sum rules.

Hostile XML is refused before it is read: defusedxml forbids any DTD, so external entities (XXE) and entity
expansion ("billion laughs") never reach the parser. A document that is not an e-invoice, lacks a field the
matching needs, or whose sums do not add up gets a Swedish reason (InputError), never an exception of the parser.
"""

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any
from xml.etree.ElementTree import Element

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from ifoflow.domain.errors import InputError

UBL_INVOICE = "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"
UBL_CREDIT = "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2"
CII = "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100"
NS = {"cac": "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2",
      "cbc": "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2",
      "rsm": CII, "ram": "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100",
      "udt": "urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100"}
CREDIT_CODES = {"381", "396", "532"}  # credit note type codes (UNTDID 1001)
TOLERANCE = Decimal("0.01")
MAX_BYTES = 5 * 1024 * 1024


@dataclass(frozen=True)
class Line:
    id: str
    name: str
    quantity: Decimal
    unit: str
    net: Decimal
    price: Decimal
    period_start: date | None = None
    period_end: date | None = None


@dataclass(frozen=True)
class EInvoice:
    syntax: str  # UBL | CII
    kind: str  # faktura | kredit
    number: str
    issue_date: date
    currency: str
    supplier_org: str  # organisation number when the supplier gave one (legal entity id, scheme 0007), digits
    supplier_endpoint: str  # "scheme:id" of the supplier's electronic address
    supplier_name: str
    buyer_reference: str
    order_reference: str
    original_number: str  # a credit note's (or corrective invoice's) invoice
    bankgiro: str
    period_start: date | None
    period_end: date | None
    lines: list[Line] = field(default_factory=list)
    allowances: Decimal = Decimal(0)
    charges: Decimal = Decimal(0)
    line_total: Decimal = Decimal(0)
    tax_exclusive: Decimal = Decimal(0)
    tax: Decimal = Decimal(0)
    tax_inclusive: Decimal = Decimal(0)
    prepaid: Decimal = Decimal(0)
    rounding: Decimal = Decimal(0)
    payable: Decimal = Decimal(0)

    @property
    def supplier(self) -> str:
        return self.supplier_org or self.supplier_endpoint

    def key(self) -> str:
        """The same invoice from the same supplier is one invoice, whatever file it arrives in."""
        return f"{self.supplier}:{self.number}"[:120]

    @property
    def reference(self) -> str:
        return self.buyer_reference or self.order_reference

    @property
    def quantity(self) -> Decimal:
        return sum((ln.quantity for ln in self.lines), Decimal(0))

    def as_json(self) -> dict[str, Any]:
        """What is stored with the invoice for the person who looks at a deviation."""
        return {"syntax": self.syntax, "valuta": self.currency, "leverantor": self.supplier_name,
                "rader": [{"id": ln.id, "text": ln.name, "antal": str(ln.quantity), "enhet": ln.unit,
                           "pris": str(ln.price), "belopp": str(ln.net),
                           "fran": ln.period_start.isoformat() if ln.period_start else "",
                           "till": ln.period_end.isoformat() if ln.period_end else ""} for ln in self.lines],
                "avdrag": str(self.allowances), "tillagg": str(self.charges), "moms": str(self.tax),
                "att_betala": str(self.payable)}


def read(content: bytes) -> EInvoice:
    """The e-invoice in `content`; InputError naming what is wrong, in Swedish."""
    if len(content) > MAX_BYTES:
        raise InputError("fil", "Filen är för stor för en e-faktura (över 5 MB).")
    try:
        root = fromstring(content, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException:
        raise InputError("fil", "Filen innehåller en DTD eller entiteter, som en e-faktura inte får ha; den har "
                                "inte lästs (skydd mot XXE och entitetsexpansion).") from None
    except Exception as exc:  # noqa: BLE001 - any unreadable XML is the sender's problem, said in Swedish
        raise InputError("fil", f"Filen är inte läsbar XML ({type(exc).__name__}).") from None
    tag = root.tag
    if tag == f"{{{UBL_INVOICE}}}Invoice":
        invoice = _ubl(root, credit=False)
    elif tag == f"{{{UBL_CREDIT}}}CreditNote":
        invoice = _ubl(root, credit=True)
    elif tag == f"{{{CII}}}CrossIndustryInvoice":
        invoice = _cii(root)
    else:
        raise InputError("fil", "Filen är ingen e-faktura enligt EN 16931 (PEPPOL BIS 3.0 UBL eller CII).")
    check_sums(invoice)
    return invoice


def check_sums(x: EInvoice) -> None:
    """EN 16931's sum rules (BR-CO-10, 13, 15, 16): lines, allowances and charges, VAT, amount due."""
    problems = []
    if abs(sum((ln.net for ln in x.lines), Decimal(0)) - x.line_total) > TOLERANCE:
        problems.append(f"radernas summa {_kr(sum((ln.net for ln in x.lines), Decimal(0)))} är inte "
                        f"fakturans radsumma {_kr(x.line_total)}")
    if abs(x.line_total - x.allowances + x.charges - x.tax_exclusive) > TOLERANCE:
        problems.append(f"radsumman minus avdrag plus tillägg är inte beloppet utan moms {_kr(x.tax_exclusive)}")
    if abs(x.tax_exclusive + x.tax - x.tax_inclusive) > TOLERANCE:
        problems.append(f"beloppet utan moms plus moms är inte beloppet med moms {_kr(x.tax_inclusive)}")
    if abs(x.tax_inclusive - x.prepaid + x.rounding - x.payable) > TOLERANCE:
        problems.append(f"att betala {_kr(x.payable)} stämmer inte med beloppet med moms, förskott och "
                        "avrundning")
    if problems:
        raise InputError("belopp", f"Fakturan {x.number} räknar inte rätt: {'; '.join(problems)}.")


def _ubl(root: Element, *, credit: bool) -> EInvoice:
    g = _Getter(root)
    type_code = g.text("cbc:CreditNoteTypeCode" if credit else "cbc:InvoiceTypeCode")
    supplier = "cac:AccountingSupplierParty/cac:Party"
    endpoint = root.find(f"{supplier}/cbc:EndpointID", NS)
    lines = [_ubl_line(el, credit) for el in root.findall("cac:CreditNoteLine" if credit else "cac:InvoiceLine", NS)]
    if not lines:
        raise InputError("rader", "Fakturan har inga rader.")
    doc_charges = root.findall("cac:AllowanceCharge", NS)
    return EInvoice(
        syntax="UBL", kind="kredit" if credit or type_code in CREDIT_CODES else "faktura",
        number=g.required("cbc:ID", "fakturanummer"), issue_date=g.date("cbc:IssueDate", "fakturadatum"),
        currency=g.text("cbc:DocumentCurrencyCode"),
        supplier_org=_org(g.text(f"{supplier}/cac:PartyLegalEntity/cbc:CompanyID")),
        supplier_endpoint=f"{endpoint.get('schemeID', '')}:{(endpoint.text or '').strip()}" if endpoint is not None
        else "", supplier_name=g.text(f"{supplier}/cac:PartyLegalEntity/cbc:RegistrationName")
        or g.text(f"{supplier}/cac:PartyName/cbc:Name"),
        buyer_reference=g.text("cbc:BuyerReference"), order_reference=g.text("cac:OrderReference/cbc:ID"),
        original_number=g.text("cac:BillingReference/cac:InvoiceDocumentReference/cbc:ID"),
        bankgiro=_ubl_bankgiro(root),
        period_start=g.date("cac:InvoicePeriod/cbc:StartDate") or _first([ln.period_start for ln in lines]),
        period_end=g.date("cac:InvoicePeriod/cbc:EndDate") or _last([ln.period_end for ln in lines]),
        lines=lines,
        allowances=sum((_num(el, "cbc:Amount") for el in doc_charges if _charge(el) is False), Decimal(0)),
        charges=sum((_num(el, "cbc:Amount") for el in doc_charges if _charge(el) is True), Decimal(0)),
        line_total=g.amount("cac:LegalMonetaryTotal/cbc:LineExtensionAmount", "radsumma"),
        tax_exclusive=g.amount("cac:LegalMonetaryTotal/cbc:TaxExclusiveAmount", "belopp utan moms"),
        tax=sum((_num(el, "cbc:TaxAmount") for el in root.findall("cac:TaxTotal", NS)
                 if el.find("cac:TaxSubtotal", NS) is not None or len(root.findall("cac:TaxTotal", NS)) == 1),
                Decimal(0)),
        tax_inclusive=g.amount("cac:LegalMonetaryTotal/cbc:TaxInclusiveAmount", "belopp med moms"),
        prepaid=g.amount("cac:LegalMonetaryTotal/cbc:PrepaidAmount"),
        rounding=g.amount("cac:LegalMonetaryTotal/cbc:PayableRoundingAmount"),
        payable=g.amount("cac:LegalMonetaryTotal/cbc:PayableAmount", "att betala"))


def _ubl_line(el: Element, credit: bool) -> Line:
    g = _Getter(el)
    quantity = g.amount("cbc:CreditedQuantity" if credit else "cbc:InvoicedQuantity", "antal")
    unit_el = el.find("cbc:CreditedQuantity" if credit else "cbc:InvoicedQuantity", NS)
    return Line(id=g.text("cbc:ID"), name=g.text("cac:Item/cbc:Name"), quantity=quantity,
                unit=unit_el.get("unitCode", "") if unit_el is not None else "",
                net=g.amount("cbc:LineExtensionAmount", "radbelopp"), price=g.amount("cac:Price/cbc:PriceAmount"),
                period_start=g.date("cac:InvoicePeriod/cbc:StartDate"),
                period_end=g.date("cac:InvoicePeriod/cbc:EndDate"))


def _ubl_bankgiro(root: Element) -> str:
    for means in root.findall("cac:PaymentMeans", NS):
        account = means.find("cac:PayeeFinancialAccount", NS)
        if account is None:
            continue
        branch = (account.findtext("cac:FinancialInstitutionBranch/cbc:ID", "", NS) or "").upper()
        number = (account.findtext("cbc:ID", "", NS) or "").strip()
        if "BANKGIRO" in branch or re.fullmatch(r"\d{3,4}-\d{4}", number):
            return re.sub(r"\D", "", number)
    return ""


def _cii(root: Element) -> EInvoice:
    g = _Getter(root)
    trade = "rsm:SupplyChainTradeTransaction"
    agreement = f"{trade}/ram:ApplicableHeaderTradeAgreement"
    settlement = f"{trade}/ram:ApplicableHeaderTradeSettlement"
    seller = f"{agreement}/ram:SellerTradeParty"
    total = f"{settlement}/ram:SpecifiedTradeSettlementHeaderMonetarySummation"
    uri = root.find(f"{seller}/ram:URIUniversalCommunication/ram:URIID", NS)
    lines = [_cii_line(el) for el in root.findall(f"{trade}/ram:IncludedSupplyChainTradeLineItem", NS)]
    if not lines:
        raise InputError("rader", "Fakturan har inga rader.")
    charges = root.findall(f"{settlement}/ram:SpecifiedTradeAllowanceCharge", NS)
    type_code = g.text("rsm:ExchangedDocument/ram:TypeCode")
    account = root.find(f"{settlement}/ram:SpecifiedTradeSettlementPaymentMeans/"
                        "ram:PayeePartyCreditorFinancialAccount/ram:ProprietaryID", NS)
    return EInvoice(
        syntax="CII", kind="kredit" if type_code in CREDIT_CODES else "faktura",
        number=g.required("rsm:ExchangedDocument/ram:ID", "fakturanummer"),
        issue_date=g.cii_date("rsm:ExchangedDocument/ram:IssueDateTime/udt:DateTimeString", "fakturadatum"),
        currency=g.text(f"{settlement}/ram:InvoiceCurrencyCode"),
        supplier_org=_org(g.text(f"{seller}/ram:SpecifiedLegalOrganization/ram:ID")),
        supplier_endpoint=f"{uri.get('schemeID', '')}:{(uri.text or '').strip()}" if uri is not None else "",
        supplier_name=g.text(f"{seller}/ram:Name"), buyer_reference=g.text(f"{agreement}/ram:BuyerReference"),
        order_reference=g.text(f"{agreement}/ram:BuyerOrderReferencedDocument/ram:IssuerAssignedID"),
        original_number=g.text(f"{settlement}/ram:InvoiceReferencedDocument/ram:IssuerAssignedID"),
        bankgiro=re.sub(r"\D", "", account.text or "") if account is not None else "",
        period_start=g.cii_date(f"{settlement}/ram:BillingSpecifiedPeriod/ram:StartDateTime/udt:DateTimeString"),
        period_end=g.cii_date(f"{settlement}/ram:BillingSpecifiedPeriod/ram:EndDateTime/udt:DateTimeString"),
        lines=lines,
        allowances=sum((_num(el, "ram:ActualAmount") for el in charges if _cii_charge(el) is False), Decimal(0)),
        charges=sum((_num(el, "ram:ActualAmount") for el in charges if _cii_charge(el) is True), Decimal(0)),
        line_total=g.amount(f"{total}/ram:LineTotalAmount", "radsumma"),
        tax_exclusive=g.amount(f"{total}/ram:TaxBasisTotalAmount", "belopp utan moms"),
        tax=g.amount(f"{total}/ram:TaxTotalAmount"),
        tax_inclusive=g.amount(f"{total}/ram:GrandTotalAmount", "belopp med moms"),
        prepaid=g.amount(f"{total}/ram:TotalPrepaidAmount"), rounding=g.amount(f"{total}/ram:RoundingAmount"),
        payable=g.amount(f"{total}/ram:DuePayableAmount", "att betala"))


def _cii_line(el: Element) -> Line:
    g = _Getter(el)
    quantity_el = el.find("ram:SpecifiedLineTradeDelivery/ram:BilledQuantity", NS)
    period = "ram:SpecifiedLineTradeSettlement/ram:BillingSpecifiedPeriod"
    return Line(id=g.text("ram:AssociatedDocumentLineDocument/ram:LineID"),
                name=g.text("ram:SpecifiedTradeProduct/ram:Name"),
                quantity=g.amount("ram:SpecifiedLineTradeDelivery/ram:BilledQuantity", "antal"),
                unit=quantity_el.get("unitCode", "") if quantity_el is not None else "",
                net=g.amount("ram:SpecifiedLineTradeSettlement/ram:SpecifiedTradeSettlementLineMonetarySummation/"
                             "ram:LineTotalAmount", "radbelopp"),
                price=g.amount("ram:SpecifiedLineTradeAgreement/ram:NetPriceProductTradePrice/ram:ChargeAmount"),
                period_start=g.cii_date(f"{period}/ram:StartDateTime/udt:DateTimeString"),
                period_end=g.cii_date(f"{period}/ram:EndDateTime/udt:DateTimeString"))


class _Getter:
    """Read fields of one element by namespaced path; a missing required field names itself in Swedish."""

    def __init__(self, element: Element) -> None:
        self.element = element

    def text(self, path: str) -> str:
        return (self.element.findtext(path, "", NS) or "").strip()

    def required(self, path: str, name: str) -> str:
        value = self.text(path)
        if not value:
            raise InputError(name, f"Fakturan saknar {name}.")
        return value

    def amount(self, path: str, name: str = "") -> Decimal:
        value = self.text(path)
        if not value:
            if name:
                raise InputError(name, f"Fakturan saknar {name}.")
            return Decimal(0)
        try:
            return Decimal(value)
        except InvalidOperation:
            raise InputError(name or "belopp", f"”{value}” är inget belopp.") from None

    def date(self, path: str, name: str = "") -> Any:
        value = self.text(path)
        try:
            return date.fromisoformat(value) if value else self._missing(name)
        except ValueError:
            raise InputError(name or "datum", f"”{value}” är inget datum (ÅÅÅÅ-MM-DD).") from None

    def cii_date(self, path: str, name: str = "") -> Any:
        value = self.text(path)
        try:
            return date(int(value[:4]), int(value[4:6]), int(value[6:8])) if value else self._missing(name)
        except ValueError:
            raise InputError(name or "datum", f"”{value}” är inget datum (ÅÅÅÅMMDD).") from None

    @staticmethod
    def _missing(name: str) -> None:
        if name:
            raise InputError(name, f"Fakturan saknar {name}.")


def _num(element: Element, path: str) -> Decimal:
    return _Getter(element).amount(path)


def _charge(element: Element) -> bool | None:
    value = (element.findtext("cbc:ChargeIndicator", "", NS) or "").strip().lower()
    return {"true": True, "false": False}.get(value)


def _cii_charge(element: Element) -> bool | None:
    value = (element.findtext("ram:ChargeIndicator/udt:Indicator", "", NS) or "").strip().lower()
    return {"true": True, "false": False}.get(value)


def _org(value: str) -> str:
    """A Swedish organisation number as ten digits (the legal entity id may carry "SE", dashes or a VAT suffix)."""
    digits = re.sub(r"\D", "", value)
    if len(digits) == 12 and value.upper().startswith("SE") and digits.endswith("01"):
        digits = digits[:10]  # a VAT number: SE + orgnr + 01
    return digits if len(digits) == 10 else ""


def _first(days: list[date | None]) -> date | None:
    found = [d for d in days if d]
    return min(found) if found else None


def _last(days: list[date | None]) -> date | None:
    found = [d for d in days if d]
    return max(found) if found else None


def _kr(value: Decimal) -> str:
    return f"{value:,.2f}".replace(",", "\u00a0").replace(".", ",")
