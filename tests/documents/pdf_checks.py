"""Reading PDFs back: text with pypdf, and the external checkers when they are installed."""

from __future__ import annotations

import re
import shutil
import subprocess
from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader

PAGE_OF = re.compile(r"Page (\d+) of (\d+)")


def reader(pdf: bytes) -> PdfReader:
    return PdfReader(BytesIO(pdf))


def page_texts(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in reader(pdf).pages]


def flat(text: str) -> str:
    """Text with every run of whitespace as one space, so wrapped lines read as sentences."""
    return " ".join(text.split())


def all_text(pdf: bytes) -> str:
    return flat(" ".join(page_texts(pdf)))


def page_numbers(pdf: bytes) -> list[tuple[int, int]]:
    """The "Page x of y" footer of each page, in page order."""
    found = []
    for text in page_texts(pdf):
        matches = PAGE_OF.findall(text)
        assert len(matches) == 1, f"expected one page footer, found {matches}"
        found.append((int(matches[0][0]), int(matches[0][1])))
    return found


def tool(name: str) -> str:
    """The path of a command-line checker, or skip: CI installs qpdf and poppler-utils."""
    path = shutil.which(name)
    if path is None:
        pytest.skip(f"{name} is not installed (apt-get install qpdf poppler-utils)")
    return path


def run_on(pdf: bytes, folder: Path, *command: str) -> subprocess.CompletedProcess[str]:
    path = folder / "document.pdf"
    path.write_bytes(pdf)
    return subprocess.run(
        [tool(command[0]), *command[1:], str(path)], capture_output=True, text=True, check=False
    )
