"""`python -m tools.screenshots`: a 1440x900 PNG of every main page of the demo, built on a database of its own,
offline, leaving nothing running and no temporary folder behind."""

from __future__ import annotations

import os
import shutil
import struct
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from tests.browser.conftest import CHROMIUM, sync_api

ROOT = Path(__file__).resolve().parents[2]
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
EXPECTED = [
    "01-dashboard",
    "02-orders",
    "03-order-information",
    "04-order-invoices",
    "05-order-creditmemos",
    "06-order-shipments",
    "07-order-history",
    "08-invoices",
    "09-invoice-information",
    "10-invoice-items",
    "11-invoice-history",
    "12-shipments",
    "13-shipment-information",
    "14-shipment-items",
    "15-shipment-tracking",
    "16-shipment-history",
    "17-credit-memos",
    "18-creditmemo-information",
    "19-creditmemo-items",
    "20-creditmemo-history",
    "21-products",
    "22-sources",
    "23-low-stock-report",
    "24-reservations",
    "25-bulk-actions",
    "26-integrations",
]


def png_size(path: Path) -> tuple[int, int]:
    """Width and height from the PNG header: the signature, then the IHDR chunk (length, type, width, height)."""
    header = path.read_bytes()[:24]
    assert header[:8] == PNG_SIGNATURE, f"{path.name} is not a PNG"
    assert header[12:16] == b"IHDR"
    return struct.unpack(">II", header[16:24])


def test_the_screenshot_script_writes_every_main_page(tmp_path: Path) -> None:
    if sync_api is None:
        pytest.skip("playwright is not importable (pip install -r requirements.txt)")
    if not CHROMIUM.exists():
        pytest.skip(f"no chromium at {CHROMIUM}")
    out = tmp_path / "shots"
    # a short TMPDIR of its own (chromium's singleton socket path must stay under 108 bytes)
    scratch = Path(tempfile.mkdtemp(prefix="shots-", dir="/tmp"))
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "DATABASE_URL"))}
    env["TMPDIR"] = str(scratch)

    try:
        result = subprocess.run(
            [sys.executable, "-m", "tools.screenshots", "--out", str(out)],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        left = list(scratch.iterdir())
    finally:
        shutil.rmtree(scratch)

    assert result.returncode == 0, result.stdout + result.stderr
    assert sorted(path.stem for path in out.glob("*.png")) == EXPECTED
    for path in out.glob("*.png"):
        assert png_size(path) == (1440, 900), path.name
        assert path.stat().st_size > 10_000, f"{path.name} looks blank"
    assert left == []  # the demo's database and the server's files are gone
