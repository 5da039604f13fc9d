"""One scanned file read into documents, without touching the store: pages, OCR, separators, types.

Splitting: a cover sheet (our QR code) starts a document and names it; a blank page ends one; where neither is
there, a page starts a new document when the classifier is sure it is of another type than the pages before it,
or when it names a person none of the pages before it named.
"""

from dataclasses import dataclass, field

from ocrmypdf.exceptions import MissingDependencyError

from ifoflow.domain.errors import InputError
from ifoflow.robots.core import SystemUnavailable
from ifoflow.skanning import classify, coversheet, extract, imaging, rules

SPLIT_CONFIDENCE = 0.6  # a page this sure of another type starts a new document


@dataclass
class Part:
    pages: list[int]  # 0-based, in the file
    texts: list[str]
    cover: coversheet.CoverSheet | None = None
    doc_type: str = ""
    confidence: float = 0.0

    @property
    def text(self) -> str:
        return "\n".join(self.texts)


@dataclass
class Analysis:
    pages: int = 0
    parts: list[Part] = field(default_factory=list)
    pdfa: bytes = b""
    images: list[bytes] = field(default_factory=list)  # PNG of every page
    error: str = ""  # why the file cannot be read (Swedish): it goes to quarantine


def analyze(content: bytes, filename: str, *, ocr_jobs: int = 2) -> Analysis:
    try:
        pdf = imaging.as_pdf(content, filename)
        images = imaging.page_images(pdf)
        pdfa = imaging.ocr(pdf, jobs=ocr_jobs)
    except InputError as exc:
        return Analysis(error=exc.message)
    except MissingDependencyError:  # the server, not the file: the item waits and the file stays received
        raise SystemUnavailable("Texttolkningen (OCR)", "Tesseract med svenska språkdata eller Ghostscript saknas "
                                "på servern; installera Debians paket ocrmypdf, tesseract-ocr och "
                                "tesseract-ocr-swe och kör roboten igen") from None
    except Exception as exc:  # a file OCR cannot read is a quarantine entry with a reason, not a crash
        return Analysis(error=f"Filen {filename} kunde inte texttolkas ({type(exc).__name__}).")
    texts = imaging.texts(pdfa)
    parts = [p for segment in _segments(images, texts) for p in _by_content(segment)]
    if not parts:
        return Analysis(pages=len(images), error="Filen innehåller bara tomma sidor eller försättsblad.")
    for part, found in zip(parts, classify.guess([p.text for p in parts]), strict=True):
        if part.cover is None:
            part.doc_type, part.confidence = found.doc_type, found.confidence
    return Analysis(len(images), parts, pdfa, [imaging.png(i) for i in images])


def _segments(images: list, texts: list[str]) -> list[Part]:
    """Runs of pages between separators; a cover sheet names the run after it."""
    known = set(rules.types())
    segments: list[Part] = []
    current: Part | None = None
    for n, (image, text) in enumerate(zip(images, texts, strict=True)):
        qr = imaging.qr_text(image)
        sheet = coversheet.parse(qr, known) if qr.startswith(coversheet.PREFIX) else None
        if sheet or qr.startswith(coversheet.PREFIX):  # ours, even when damaged: never a page of a document
            current = Part([], [], cover=sheet, doc_type=sheet.doc_type if sheet else "",
                           confidence=1.0 if sheet else 0.0)
            segments.append(current)
        elif imaging.is_blank(image, text):
            current = None
        else:
            if current is None:
                current = Part([], [])
                segments.append(current)
            current.pages.append(n)
            current.texts.append(text)
    return [s for s in segments if s.pages]


def _by_content(segment: Part) -> list[Part]:
    """A run without a cover sheet, cut where the type or the person changes."""
    if segment.cover is not None or len(segment.pages) == 1:
        return [segment]
    guesses = classify.guess(segment.texts)
    parts = [Part([segment.pages[0]], [segment.texts[0]])]
    kind, people = guesses[0].doc_type, set(extract.numbers(segment.texts[0]))
    for page, text, g in zip(segment.pages[1:], segment.texts[1:], guesses[1:], strict=True):
        named = set(extract.numbers(text))
        if (g.doc_type != kind and g.confidence >= SPLIT_CONFIDENCE) or (named and people and not named & people):
            parts.append(Part([], []))
            kind, people = g.doc_type, set()
        parts[-1].pages.append(page)
        parts[-1].texts.append(text)
        people |= named
    return parts
