"""Headless Chromium from Debian's package: where it is and the flags every launch uses.

Never ``playwright install`` (it downloads a browser build); launch with
``executable_path=str(CHROMIUM), args=CHROMIUM_ARGS (+ BLOCK_EXTERNAL_ARGS)``.
"""

from __future__ import annotations

from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# Every non-loopback request goes to a dead proxy (loopback bypasses proxies in Chromium),
# so it fails at once, also on a machine with a network; PageWatch still records it.
# Not Playwright's context.route(): with interception on, the kernel-shutdown beacon
# Voilà's page sends on beforeunload is lost and kernels of closed pages live on.
BLOCK_EXTERNAL_ARGS = ["--proxy-server=http://127.0.0.1:9"]
