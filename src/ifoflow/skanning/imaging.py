"""From a scanned file to pages: any accepted format as one PDF, page images for people and for the QR code,
blank-page detection, OCR to PDF/A with a text layer (OCRmyPDF and Tesseract's Swedish data), and the pages of
one document cut out of the file with the PDF/A marks kept."""

import io
import logging
import tempfile
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import zxingcpp
from PIL import Image, ImageFilter, ImageOps
from pypdf import PdfReader, PdfWriter
from pypdf.generic import NameObject

from ifoflow.domain.errors import InputError

KINDS = {b"%PDF": "PDF", b"II*\x00": "TIFF", b"MM\x00*": "TIFF", b"\xff\xd8\xff": "JPEG", b"\x89PNG": "PNG"}
VIEW_DPI = 100  # page images for people and for the QR code
MAX_PAGES = 500


def kind_of(content: bytes) -> str | None:
    """PDF, TIFF, JPEG or PNG by the file's first bytes (never by its name), else None."""
    return next((kind for magic, kind in KINDS.items() if content.startswith(magic)), None)


def as_pdf(content: bytes, filename: str) -> bytes:
    """The file as one PDF (images become pages at their own resolution); InputError in Swedish when it cannot."""
    kind = kind_of(content)
    if kind is None:
        raise InputError("fil", f"{filename} är inte en PDF, TIFF, JPEG eller PNG.")
    if kind == "PDF":
        try:
            reader = PdfReader(io.BytesIO(content))
            if reader.is_encrypted:
                raise InputError("fil", f"{filename} är lösenordsskyddad och kan inte läsas.")
            if not reader.pages:
                raise InputError("fil", f"{filename} har inga sidor.")
        except InputError:
            raise
        except Exception:  # a broken file is a quarantine entry, not a crash
            raise InputError("fil", f"{filename} kunde inte läsas som PDF; filen kan vara skadad.") from None
        return content
    try:
        source = Image.open(io.BytesIO(content))
        frames = []
        for n in range(getattr(source, "n_frames", 1)):
            source.seek(n)
            frames.append(source.convert("L") if source.mode not in ("L", "RGB") else source.copy())
        dpi = source.info.get("dpi", (200, 200))[0] or 200
    except Exception:
        raise InputError("fil", f"{filename} kunde inte läsas som bild ({kind}); filen kan vara skadad.") from None
    out = io.BytesIO()
    frames[0].save(out, "PDF", resolution=float(dpi), save_all=True, append_images=frames[1:])
    return out.getvalue()


def page_images(pdf: bytes) -> list[Image.Image]:
    """Every page as a grey-scale image at VIEW_DPI."""
    doc = pdfium.PdfDocument(pdf)
    try:
        if len(doc) > MAX_PAGES:
            raise InputError("fil", f"Filen har {len(doc)} sidor; högst {MAX_PAGES} tas emot i en fil.")
        return [doc[n].render(scale=VIEW_DPI / 72, grayscale=True).to_pil().convert("L") for n in range(len(doc))]
    finally:
        doc.close()


def qr_text(page: Image.Image) -> str:
    """The text of the first QR code on the page, or ""."""
    found = zxingcpp.read_barcodes(page, formats=zxingcpp.BarcodeFormat.QRCode)  # type: ignore[arg-type]
    return found[0].text if found else ""


def is_blank(page: Image.Image, text: str) -> bool:
    """A separator page: OCR found (almost) no text on it, and almost no ink is left once specks of dust are
    filtered away (a blank page with dust 0 %; a page of a few light lines 0.04 % or more). Both must hold: a
    page of a document is never dropped for being light."""
    if sum(c.isalnum() for c in text) >= 10:
        return False
    clean = page.filter(ImageFilter.MedianFilter(3))
    return sum(clean.histogram()[:140]) < 0.0005 * clean.width * clean.height


def png(page: Image.Image) -> bytes:
    out = io.BytesIO()
    ImageOps.autocontrast(page).save(out, "PNG", optimize=True)
    return out.getvalue()


def ocr(pdf: bytes, *, jobs: int = 2) -> bytes:
    """The PDF as PDF/A-2b with a Swedish text layer. Every page is read by OCR, also one with text of its own
    (force): Debian 12's Ghostscript 10.0.0 corrupts kept text, OCRmyPDF refuses to keep it, and a scan is an
    image anyway. The file as it came is stored beside the result."""
    import ocrmypdf

    logging.getLogger("ocrmypdf").setLevel(logging.ERROR)
    with tempfile.TemporaryDirectory(prefix="ifoflow-ocr-") as tmp:
        source, target = Path(tmp) / "in.pdf", Path(tmp) / "out.pdf"
        source.write_bytes(pdf)
        result = ocrmypdf.ocr(source, target, language=["swe"], output_type="pdfa-2", force_ocr=True,
                              optimize=0, jobs=jobs, progress_bar=False)
        if int(result) != 0:
            raise InputError("fil", f"Texttolkningen (OCR) misslyckades ({result.name}).")
        return target.read_bytes()


def texts(pdf: bytes) -> list[str]:
    """The text of every page (from the OCR layer or the file's own text)."""
    return [page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages]


def cut(pdf: bytes, pages: list[int]) -> bytes:
    """A new PDF of the given pages (0-based), keeping the PDF/A output intent and metadata of the source."""
    reader = PdfReader(io.BytesIO(pdf))
    writer = PdfWriter()
    for n in pages:
        writer.add_page(reader.pages[n])
    root: Any = reader.trailer["/Root"]
    for name in ("/OutputIntents", "/Metadata"):
        if name in root:
            writer._root_object[NameObject(name)] = writer._add_object(root[name].get_object()) \
                if name == "/Metadata" else root[name].clone(writer)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
