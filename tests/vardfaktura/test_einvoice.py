"""The EN 16931 reader: PEPPOL's own examples (any valid BIS 3.0 invoice), a credit note, CII, wrong sums and
hostile XML (XXE, billion laughs) refused with a Swedish reason."""

from decimal import Decimal
from pathlib import Path

import pytest

from ifoflow.domain.errors import InputError
from ifoflow.vardfaktura import einvoice

DATA = Path(__file__).parent / "data"


def test_peppols_examples_are_read_with_their_sums() -> None:
    base = einvoice.read((DATA / "base-example.xml").read_bytes())
    assert (base.syntax, base.kind, base.number, base.buyer_reference) == ("UBL", "faktura", "Snippet1", "0150abc")
    assert (base.line_total, base.tax_exclusive, base.tax, base.payable) == (
        Decimal(1300), Decimal(1325), Decimal("331.25"), Decimal("1656.25"))
    assert base.supplier == "0088:9482348239847239874" and len(base.lines) == 2
    allowance = einvoice.read((DATA / "Allowance-example.xml").read_bytes())
    assert (allowance.allowances, allowance.charges, allowance.prepaid) == (Decimal(200), Decimal(200),
                                                                           Decimal(1000))
    correction = einvoice.read((DATA / "base-negative-inv-correction.xml").read_bytes())
    assert correction.original_number == "Snippet1" and correction.payable < 0


def _cii(total: str = "12000.00", lines: str = "12000.00") -> bytes:
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<rsm:CrossIndustryInvoice xmlns:rsm="urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100"
 xmlns:ram="urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100"
 xmlns:udt="urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100">
 <rsm:ExchangedDocument><ram:ID>C-1</ram:ID><ram:TypeCode>380</ram:TypeCode>
  <ram:IssueDateTime><udt:DateTimeString format="102">20260401</udt:DateTimeString></ram:IssueDateTime>
 </rsm:ExchangedDocument>
 <rsm:SupplyChainTradeTransaction>
  <ram:IncludedSupplyChainTradeLineItem>
   <ram:AssociatedDocumentLineDocument><ram:LineID>1</ram:LineID></ram:AssociatedDocumentLineDocument>
   <ram:SpecifiedTradeProduct><ram:Name>Vård, A.B.</ram:Name></ram:SpecifiedTradeProduct>
   <ram:SpecifiedLineTradeDelivery><ram:BilledQuantity unitCode="DAY">4</ram:BilledQuantity>
   </ram:SpecifiedLineTradeDelivery>
   <ram:SpecifiedLineTradeSettlement><ram:SpecifiedTradeSettlementLineMonetarySummation>
    <ram:LineTotalAmount>{lines}</ram:LineTotalAmount></ram:SpecifiedTradeSettlementLineMonetarySummation>
   </ram:SpecifiedLineTradeSettlement>
  </ram:IncludedSupplyChainTradeLineItem>
  <ram:ApplicableHeaderTradeAgreement><ram:BuyerReference>BU-01-2026-00001</ram:BuyerReference>
   <ram:SellerTradeParty><ram:Name>Solgläntans HVB AB</ram:Name>
    <ram:SpecifiedLegalOrganization><ram:ID schemeID="0007">556016-0680</ram:ID></ram:SpecifiedLegalOrganization>
   </ram:SellerTradeParty></ram:ApplicableHeaderTradeAgreement>
  <ram:ApplicableHeaderTradeSettlement><ram:InvoiceCurrencyCode>SEK</ram:InvoiceCurrencyCode>
   <ram:BillingSpecifiedPeriod>
    <ram:StartDateTime><udt:DateTimeString format="102">20260301</udt:DateTimeString></ram:StartDateTime>
    <ram:EndDateTime><udt:DateTimeString format="102">20260304</udt:DateTimeString></ram:EndDateTime>
   </ram:BillingSpecifiedPeriod>
   <ram:SpecifiedTradeSettlementHeaderMonetarySummation>
    <ram:LineTotalAmount>{total}</ram:LineTotalAmount><ram:TaxBasisTotalAmount>{total}</ram:TaxBasisTotalAmount>
    <ram:TaxTotalAmount currencyID="SEK">0</ram:TaxTotalAmount><ram:GrandTotalAmount>{total}</ram:GrandTotalAmount>
    <ram:DuePayableAmount>{total}</ram:DuePayableAmount>
   </ram:SpecifiedTradeSettlementHeaderMonetarySummation>
  </ram:ApplicableHeaderTradeSettlement>
 </rsm:SupplyChainTradeTransaction>
</rsm:CrossIndustryInvoice>""".encode()


def test_a_cii_invoice_reads_into_the_same_shape() -> None:
    x = einvoice.read(_cii())
    assert (x.syntax, x.number, x.supplier, x.reference, x.quantity) == (
        "CII", "C-1", "5560160680", "BU-01-2026-00001", Decimal(4))
    assert (str(x.period_start), str(x.period_end), x.payable) == ("2026-03-01", "2026-03-04", Decimal(12000))
    assert x.key() == "5560160680:C-1"


def test_sums_that_do_not_add_up_are_refused_in_swedish() -> None:
    with pytest.raises(InputError) as wrong:
        einvoice.read(_cii(total="12000.00", lines="11000.00"))
    assert wrong.value.field == "belopp" and "räknar inte rätt" in wrong.value.message
    assert "radernas summa 11\u00a0000,00" in wrong.value.message


XXE = b"""<?xml version="1.0"?>
<!DOCTYPE Invoice [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"><ID>&xxe;</ID></Invoice>"""
LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"><ID>&lol3;</ID></Invoice>"""


@pytest.mark.parametrize("content", [XXE, LAUGHS], ids=["xxe", "billion-laughs"])
def test_hostile_xml_is_refused_before_it_is_read(content: bytes) -> None:
    with pytest.raises(InputError) as refused:
        einvoice.read(content)
    assert "DTD eller entiteter" in refused.value.message


@pytest.mark.parametrize(("content", "words"), [
    (b"not xml at all", "inte läsbar XML"),
    (b"<Order xmlns='urn:x'/>", "ingen e-faktura"),
    ((DATA / "base-example.xml").read_bytes().replace(b"<cbc:ID>Snippet1</cbc:ID>", b"", 1), "saknar fakturanummer"),
])
def test_what_is_not_an_e_invoice_gets_a_reason(content: bytes, words: str) -> None:
    with pytest.raises(InputError) as refused:
        einvoice.read(content)
    assert words in refused.value.message
