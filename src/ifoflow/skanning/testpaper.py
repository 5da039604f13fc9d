"""Scanned files for the demo, tests and the benchmark: synthetic paper about the municipality's own (synthetic)
people and about strangers, some behind a cover sheet, some separated by blank pages, some back to back, in every
accepted format - with the truth about each document kept beside, so a run can be scored."""

import random
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

import pypdfium2 as pdfium
from faker import Faker
from PIL import Image

from ifoflow.skanning import coversheet, paper, rules, synthetic

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

PERSONAL = ("ansokan", "hyresavtal", "lonespecifikation", "kontoutdrag", "lakarintyg", "myndighetsbeslut", "domstol",
            "brev")


@dataclass(frozen=True)
class Known:
    """A person of the municipality with one open case (what a cover sheet and the matching need)."""

    person_id: int
    case_number: str
    party: synthetic.Party


@dataclass(frozen=True)
class Truth:
    filename: str
    index: int  # the document's place in its file
    doc_type: str
    person_id: int | None  # whose file it belongs in (None: a stranger's paper, or none)
    cover: bool


@dataclass(frozen=True)
class ScanFile:
    name: str
    content: bytes
    truths: list[Truth]
    pages: int


def cover_image(sheet: coversheet.CoverSheet, rng: random.Random) -> Image.Image:
    pdf = coversheet.pdf(sheet, name="", type_label=rules.label(sheet.doc_type), unit="")
    doc = pdfium.PdfDocument(pdf)
    try:
        img = doc[0].render(scale=paper.DPI / 72, grayscale=True).to_pil().convert("L").resize(paper.A4)
    finally:
        doc.close()
    return paper.scanned(img, rng)


@dataclass(frozen=True)
class Paper:
    """One document to put in a file: its type, whose it is (a known person, or None for a stranger's), and
    whether a cover sheet lies on top."""

    kind: str
    who: Known | None = None
    cover: bool = False


def one_file(name: str, papers: list[Paper], *, rng: random.Random, fake: Faker, today: date,
             separator: str = "tom", fmt: str = "pdf") -> ScanFile:
    """A scanned file of the papers in order: blank pages between them (`separator` "tom") or none ("ingen"); a
    document behind a cover sheet always ends at a blank page, as the reception is told to scan."""
    images: list[Image.Image] = []
    truths: list[Truth] = []
    for i, p in enumerate(papers):
        party = p.who.party if p.who else synthetic.fake_party(rng, fake)
        if p.cover and p.who is not None:
            images.append(cover_image(coversheet.CoverSheet(p.who.party.personnummer, p.who.case_number, p.kind,
                                                             today), rng))
        elif i and (separator == "tom" or truths[-1].cover):
            images.append(paper.blank(rng))
        images.extend(paper.draw(lines, rng) for lines in synthetic.document(p.kind, rng, fake, party, today))
        truths.append(Truth(f"{name}.{fmt}", i, p.kind, p.who.person_id if p.who and p.kind in PERSONAL else None,
                            p.cover))
    if fmt in ("pdf", "tif"):
        content = {"pdf": paper.to_pdf, "tif": paper.to_tiff}[fmt](images)
    else:
        content = paper.to_image(images[0], "JPEG" if fmt == "jpg" else "PNG")
    return ScanFile(f"{name}.{fmt}", content, truths, len(images))


def make_files(known: list[Known], count: int, *, seed: int, today: date, per_file: int = 3,
               cover_share: float = 0.3, stranger_share: float = 0.15) -> list[ScanFile]:
    """`count` documents in files of up to `per_file`, of every type; personal paper mostly about `known`."""
    rng = random.Random(seed)
    fake = Faker("sv_SE")
    fake.seed_instance(seed)
    kinds = list(synthetic.MAKERS)
    files: list[ScanFile] = []
    made = 0
    while made < count:
        n = min(per_file if rng.random() < 0.7 else 1, count - made)
        papers = []
        for i in range(n):
            kind = kinds[(made + i) % len(kinds)] if rng.random() < 0.85 else rng.choice(kinds)
            who = rng.choice(known) if known and kind in PERSONAL + ("skuldavisering",) and \
                rng.random() > stranger_share else None
            papers.append(Paper(kind, who, who is not None and kind in PERSONAL and rng.random() < cover_share))
        fmt = rng.choice(["pdf", "pdf", "pdf", "tif"]) if n > 1 else rng.choice(["pdf", "tif", "jpg", "png"])
        if n == 1 and papers[0].cover:
            fmt = rng.choice(["pdf", "tif"])  # a cover sheet and its document are two pages
        files.append(one_file(f"skanning-{seed}-{len(files) + 1:04d}", papers, rng=rng, fake=fake, today=today,
                              separator=rng.choice(["tom", "tom", "ingen"]), fmt=fmt))
        made += n
    return files


def known_people(session: "Session", limit: int, *, seed: int = 1) -> list[Known]:
    """Applicants with exactly one open case (whose paper the robot may file), in a random but repeatable order."""
    from sqlalchemy import select

    from ifoflow.arende.models import Case, HouseholdMember, Person
    from ifoflow.skanning.matching import open_cases

    rows = list(session.execute(select(Person, Case.case_number).join(HouseholdMember, HouseholdMember.person_id ==
                                                                 Person.id)
                           .join(Case, Case.household_id == HouseholdMember.household_id)
                           .where(HouseholdMember.role == "sokande", Case.status != "avslutad",
                                  Person.protection == "ingen").order_by(Person.id).limit(limit * 3)).all())
    rng = random.Random(seed)
    rng.shuffle(rows)
    found: list[Known] = []
    for person, number in rows:
        if len(found) == limit:
            break
        if len(open_cases(session, person.id)) == 1:
            found.append(Known(person.id, number, synthetic.Party(
                f"{person.first_name} {person.last_name}", person.personnummer, person.street or "Storgatan 1",
                f"{person.postal_code or '761 30'} {person.city or 'Norrtälje'}")))
    return found
