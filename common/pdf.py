"""Render PDFs with WeasyPrint: A4, the Japanese font from the system, only bundled files loaded."""

from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.http import content_disposition_header
from weasyprint import HTML
from weasyprint.urls import URLFetcher

STATIC_DIR = (Path(settings.BASE_DIR) / "static").resolve()


class BundledFilesOnly(URLFetcher):
    """Refuse every URL except files inside the project's own static folder.

    No network (municipal networks are closed), no other file on disk (a name typed into a
    record must never pull /etc/passwd into a PDF), no app URL with the user's cookies.
    """

    def __init__(self):
        super().__init__(timeout=2, allowed_protocols={"file"}, fail_on_errors=False)

    def fetch(self, url, headers=None):
        parts = urlsplit(url)
        if parts.scheme != "file":
            raise ValueError(f"PDF may not load {parts.scheme}: URLs")
        path = Path(unquote(parts.path)).resolve()
        if not path.is_relative_to(STATIC_DIR):
            raise ValueError("PDF may load only bundled static files")
        return super().fetch(url, headers)


def render_pdf(template_name: str, context: dict) -> bytes:
    """Render a template to PDF bytes."""
    context = {
        "pdf_css": (STATIC_DIR / "kyoten" / "pdf.css").read_text(encoding="utf-8"),
        **context,
    }
    html = render_to_string(template_name, context)
    return HTML(
        string=html, base_url=STATIC_DIR.as_uri() + "/", url_fetcher=BundledFilesOnly()
    ).write_pdf()


def pdf_response(content: bytes, filename: str) -> HttpResponse:
    """A PDF shown in the browser, saved under a Japanese file name."""
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(False, filename) or "inline"
    return response
