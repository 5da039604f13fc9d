"""HTML templates to PDF (WeasyPrint)."""

from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape

ENV = Environment(loader=FileSystemLoader(Path(__file__).parent / "templates"), autoescape=select_autoescape())


def render_html(template: str, context: dict[str, Any]) -> str:
    return ENV.get_template(template).render(**context)


def render_pdf(template: str, context: dict[str, Any]) -> bytes:
    from weasyprint import HTML  # imported late: loading Pango takes a moment

    return bytes(HTML(string=render_html(template, context)).write_pdf())
