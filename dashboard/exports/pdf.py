"""HTML to PDF with the server's own headless Chromium (Debian's /usr/bin/chromium): offline, CJK fonts
from the system, A4 from the page's CSS."""
from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

TIMEOUT_S = 60


class PdfUnavailable(RuntimeError):
    """No Chromium on this server, or it failed to print."""


def chromium_path() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if not found:
        raise PdfUnavailable("no Chromium on the server for PDF export (install Debian's chromium package)")
    return found


def html_to_pdf(html: str) -> bytes:
    with tempfile.TemporaryDirectory(prefix="briefing-pdf-") as folder:
        page, output = Path(folder) / "briefing.html", Path(folder) / "briefing.pdf"
        page.write_text(html, encoding="utf-8")
        command = [chromium_path(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                   "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-extensions",
                   f"--user-data-dir={Path(folder) / 'profile'}", "--no-pdf-header-footer",
                   f"--print-to-pdf={output}", page.as_uri()]
        try:
            finished = subprocess.run(command, capture_output=True, timeout=TIMEOUT_S, check=False)
        except subprocess.TimeoutExpired:
            raise PdfUnavailable(f"Chromium did not print within {TIMEOUT_S} s") from None
        if not output.exists() or output.stat().st_size == 0:
            raise PdfUnavailable(f"Chromium printed nothing (exit {finished.returncode}): "
                                 f"{finished.stderr.decode(errors='replace')[-500:]}")
        return output.read_bytes()
