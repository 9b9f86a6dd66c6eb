"""Reading back what the admin hands out: PDF text and CSV rows."""

from __future__ import annotations

import csv
import io

from django.http import HttpResponse
from pypdf import PdfReader


def pdf_pages(content: bytes) -> list[list[str]]:
    """The text lines of each page, as a PDF reader extracts them (stripped, blank lines dropped)."""
    pages = [page.extract_text() for page in PdfReader(io.BytesIO(content)).pages]
    return [[line.strip() for line in page.splitlines() if line.strip()] for page in pages]


def csv_text(response: HttpResponse) -> str:
    """The body of a CSV answer, streamed or not."""
    if response.streaming:
        return b"".join(response.streaming_content).decode()
    return response.content.decode()


def csv_rows(response: HttpResponse) -> list[list[str]]:
    return list(csv.reader(io.StringIO(csv_text(response), newline="")))
