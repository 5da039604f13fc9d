"""Reading a scanned file without the store: OCR to PDF/A with a Swedish text layer, every accepted format, the
Swedish reason for a file that cannot be read, splitting on cover sheets, blank pages and a change of type, the
numbers found in OCR text, and cover sheets that are not ours."""

import io
import random
from datetime import date

import pytest
from PIL import Image
from pypdf import PdfReader, PdfWriter

from ifoflow.domain.errors import InputError
from ifoflow.skanning import coversheet, extract, imaging, paper, rules
from ifoflow.skanning.analysis import analyze
from ifoflow.skanning.synthetic import Party
from ifoflow.skanning.testpaper import Known, Paper
from tests.factories import pnr
from tests.skanning.conftest import scan

KIM = Known(1, "FS-2026-0000001", Party("Kim Ek", pnr(date(1980, 2, 2), 981), "Storgatan 1", "761 30 Norrtälje"))


def test_ocr_gives_pdf_a_with_a_swedish_text_layer_and_keeps_the_page(model: None) -> None:
    made = scan("a", [Paper("myndighetsbeslut", KIM)])
    found = analyze(made.content, made.name)
    assert not found.error and found.pages == 1 and len(found.parts) == 1
    text = found.parts[0].text
    assert "Personnummer" in text and extract.numbers(text) == [KIM.party.personnummer]
    assert "omprövning" in text  # å, ä, ö read by the Swedish data
    root = PdfReader(io.BytesIO(found.pdfa)).trailer["/Root"]
    assert "/OutputIntents" in root and b"pdfaid" in root["/Metadata"].get_object().get_data()
    cut = PdfReader(io.BytesIO(imaging.cut(found.pdfa, [0]))).trailer["/Root"]
    assert "/OutputIntents" in cut  # a document cut out of the file stays PDF/A-marked
    assert Image.open(io.BytesIO(found.images[0])).size[0] > 700  # the page image for people


@pytest.mark.parametrize("fmt", ["tif", "jpg", "png"])
def test_tiff_jpeg_and_png_are_read_as_pages(model: None, fmt: str) -> None:
    made = scan("b", [Paper("faktura")], fmt=fmt)
    found = analyze(made.content, made.name)
    assert not found.error and found.parts[0].doc_type == "faktura"


def test_a_file_that_cannot_be_read_gets_a_swedish_reason() -> None:
    assert analyze(b"hej hej", "lista.txt").error == "lista.txt är inte en PDF, TIFF, JPEG eller PNG."
    assert "skadad" in analyze(b"%PDF-1.4 trasig", "trasig.pdf").error
    locked = PdfWriter()
    locked.add_blank_page(100, 100)
    locked.encrypt("hemligt")
    out = io.BytesIO()
    locked.write(out)
    assert analyze(out.getvalue(), "last.pdf").error == "last.pdf är lösenordsskyddad och kan inte läsas."
    blank = paper.to_pdf([paper.blank(random.Random(1)), paper.blank(random.Random(2))])
    assert analyze(blank, "tom.pdf").error == "Filen innehåller bara tomma sidor eller försättsblad."


def test_a_file_is_split_on_cover_sheets_blank_pages_and_a_change_of_type(model: None) -> None:
    made = scan("c", [Paper("ansokan", KIM, cover=True), Paper("lakarintyg", KIM), Paper("faktura"),
                      Paper("orosanmalan")], separator="ingen")
    found = analyze(made.content, made.name)
    # cover sheet (p1) + ansökan (p2), blank (p3, after a cover-sheet document), läkarintyg (p4), faktura (p5)
    # and orosanmälan (p6) back to back with no separator: cut where the type changes
    assert [p.pages for p in found.parts] == [[1], [3], [4], [5]]
    assert found.parts[0].cover == coversheet.CoverSheet(KIM.party.personnummer, KIM.case_number, "ansokan",
                                                         date(2026, 11, 20))
    assert [p.doc_type for p in found.parts] == ["ansokan", "lakarintyg", "faktura", "orosanmalan"]
    assert found.parts[0].confidence == 1.0 and all(p.confidence > 0.6 for p in found.parts[1:])


def test_numbers_in_ocr_text_are_checked_before_they_count() -> None:
    good, coordination = pnr(date(1980, 2, 2), 981), pnr(date(1990, 5, 5), 983, coordination=True)
    text = (f"Personnummer: {good[:8]}-{good[8:]}\nsamordningsnummer {coordination[2:8]}-{coordination[8:]}\n"
            f"fel kontrollsiffra {good[:11]}{(int(good[11]) + 1) % 10}\nkonto 5370-79817085\n"
            "Ärende FS-2026-0000042, beslut 2026-11-02 och 2026-13-45")
    assert extract.numbers(text) == [good, coordination]
    assert extract.case_numbers(text) == ["FS-2026-0000042"]
    assert extract.dates(text) == ["2026-11-02"]
    assert extract.sender(["Beslut", "Försäkringskassan", "Till: Kim"]) == "Försäkringskassan"


def test_only_our_own_whole_cover_sheets_are_trusted() -> None:
    kinds = set(rules.types())
    sheet = coversheet.CoverSheet(KIM.party.personnummer, KIM.case_number, "ansokan", date(2026, 11, 20))
    assert coversheet.parse(coversheet.payload(sheet), kinds) == sheet
    assert coversheet.parse("https://swish.example/betala?123", kinds) is None
    assert coversheet.parse(coversheet.payload(sheet).replace("typ=ansokan", "typ=okand"), kinds) is None
    assert coversheet.parse(coversheet.payload(sheet).replace("inkom=2026-11-20", "inkom=igår"), kinds) is None
    with pytest.raises(InputError):
        imaging.as_pdf(b"\x89PNG trasig", "bild.png")


def test_a_light_page_with_a_few_lines_is_a_document_not_a_separator(model: None) -> None:
    from PIL import ImageDraw, ImageFont

    page = Image.new("L", paper.A4, 255)
    pen = ImageDraw.Draw(page)
    font = ImageFont.truetype("/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf", 24)
    for n, line in enumerate(["Svea hovrätt", "DOM", "Mål nr B 9678-26", "Tingsrätten avslår yrkandet."]):
        pen.text((120, 150 + 45 * n), line, font=font, fill=110)
    found = analyze(paper.to_pdf([page]), "ljus.pdf")
    assert not found.error and [p.pages for p in found.parts] == [[0]]
