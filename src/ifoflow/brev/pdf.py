"""Letter and report templates to PDF. A template is named by its package and file, "infobrev/ny_handlaggare.typ":
each package keeps its letters in ifoflow/<package>/letters/.

Letters to people are Typst files (`.typ`, PDF/A-2b, about 1.4 ms a letter: docs/decisions/0006); their data
goes in as JSON through `sys.inputs`, so nothing in the data is ever read as markup. Reports and the letters
written before release 0010 are HTML (Jinja2) rendered by WeasyPrint.
"""

import hashlib
import json
import threading
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, PrefixLoader, select_autoescape

from ifoflow.domain import format as fmt

PACKAGES = Path(__file__).parents[1]
LETTERHEAD = PACKAGES / "brev" / "letters" / "brevhuvud.typ"  # imported by every Typst letter
ENV = Environment(loader=PrefixLoader({d.parent.name: FileSystemLoader(d) for d in PACKAGES.glob("*/letters")}),
                  autoescape=select_autoescape())
ENV.globals["kr"] = fmt.kr  # letters write amounts one way: "21 030 kr"
ENV.filters["moment"] = fmt.moment  # and moments in Swedish time
_typst_lock = threading.Lock()  # one Typst compiler per template, not safe to share between threads
_compilers: dict[str, Any] = {}


class TemplateError(Exception):
    """A letter could not be made from its template and data; `reason` is Swedish, for the operations page."""

    def __init__(self, template: str, reason: str) -> None:
        super().__init__(reason)
        self.template, self.reason = template, reason


def is_typst(template: str) -> bool:
    return template.endswith(".typ")


def source(template: str) -> str:
    """The template's text, and for a Typst letter the letterhead's too (a change of either shows)."""
    if is_typst(template):
        return _path(template).read_text(encoding="utf-8") + LETTERHEAD.read_text(encoding="utf-8")
    loader = ENV.loader
    assert loader is not None
    return loader.get_source(ENV, template)[0]


def version(template: str) -> str:
    return hashlib.sha256(source(template).encode()).hexdigest()[:12]


def render_html(template: str, context: dict[str, Any]) -> str:
    return ENV.get_template(template).render(**context)


def render_pdf(template: str, context: dict[str, Any]) -> bytes:
    """The PDF of one letter or report. A Typst error (a missing field, a broken template) is a TemplateError."""
    if is_typst(template):
        return _typst(template, context)
    from weasyprint import HTML  # imported late: loading Pango takes a moment

    return bytes(HTML(string=render_html(template, context)).write_pdf())


def _path(template: str) -> Path:
    package, _, name = template.partition("/")
    path = PACKAGES / package / "letters" / name
    if "/" in name or not path.is_file():
        raise TemplateError(template, f"Brevmallen {template} finns inte.")
    return path


def _typst(template: str, context: dict[str, Any]) -> bytes:
    import typst  # imported late: only letters need it

    data = json.dumps(context, ensure_ascii=False, default=str)
    with _typst_lock:
        compiler = _compilers.get(template)
        if compiler is None:
            compiler = _compilers[template] = typst.Compiler(str(_path(template)), root=str(PACKAGES))
        try:
            pdf = compiler.compile(sys_inputs={"data": data}, pdf_standards="a-2b")
        except (RuntimeError, ValueError) as exc:
            raise TemplateError(template, _reason(str(exc))) from None
    if not isinstance(pdf, bytes):
        raise TemplateError(template, "Brevmallen gav inget dokument; brevet har inte skapats.")
    return pdf


def _reason(message: str) -> str:
    """Typst's message in a sentence a person at the operations page can act on."""
    if "does not contain key" in message:
        field = message.split("does not contain key", 1)[1].split('"')[1] if '"' in message else ""
        return f"Uppgiften ”{field}” saknas i brevets data; brevet har inte skapats."
    first = message.strip().splitlines()[0] if message.strip() else "okänt fel"
    return f"Brevmallen kunde inte användas ({first}); brevet har inte skapats."
