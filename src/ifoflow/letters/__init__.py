"""Letters and printable documents: Jinja2 templates rendered to PDF with WeasyPrint."""
