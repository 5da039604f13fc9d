"""Letter and report templates to HTML and PDF (WeasyPrint). A template is named by its package and file,
"forsorjningsstod/beslut.html": each package keeps its letters in ifoflow/<package>/letters/."""

from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, PrefixLoader, select_autoescape

from ifoflow.domain import format as fmt

PACKAGES = Path(__file__).parents[1]
ENV = Environment(loader=PrefixLoader({d.parent.name: FileSystemLoader(d) for d in PACKAGES.glob("*/letters")}),
                  autoescape=select_autoescape())
ENV.globals["kr"] = fmt.kr  # letters write amounts one way: "21 030 kr"


def source(template: str) -> str:
    """The template's text (for its version: a change of template shows in the letter)."""
    loader = ENV.loader
    assert loader is not None
    return loader.get_source(ENV, template)[0]


def render_html(template: str, context: dict[str, Any]) -> str:
    return ENV.get_template(template).render(**context)


def render_pdf(template: str, context: dict[str, Any]) -> bytes:
    from weasyprint import HTML  # imported late: loading Pango takes a moment

    return bytes(HTML(string=render_html(template, context)).write_pdf())
