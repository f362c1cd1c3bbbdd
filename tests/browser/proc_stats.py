"""Readings from Linux ``/proc``: a kernel's process, its CPU seconds, a process's memory."""

from __future__ import annotations

import os
from pathlib import Path


def kernel_proc(kernel_id: str) -> Path | None:
    """``/proc/<pid>`` of the process whose command line names ``kernel-<id>.json``."""
    needle = f"kernel-{kernel_id}.json".encode()
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            if needle in (proc / "cmdline").read_bytes():
                return proc
        except OSError:
            continue
    return None


def kernel_cpu_seconds(kernel_id: str) -> float:
    """utime+stime of the kernel's process (0 if it is gone)."""
    proc = kernel_proc(kernel_id)
    try:
        fields = (proc / "stat").read_text().rsplit(")", 1)[1].split() if proc else None
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK") if fields else 0.0


def process_memory_mb(proc: Path) -> dict[str, float]:
    """``{"rss": MB, "pss": MB}`` of one process (``smaps_rollup``; PSS splits shared pages)."""
    out = {}
    for line in (proc / "smaps_rollup").read_text().splitlines():
        key, _, rest = line.partition(":")
        if key in ("Rss", "Pss"):
            out[key.lower()] = int(rest.split()[0]) / 1024
    return out
