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
    return process_cpu_seconds(proc) if proc else 0.0


def process_cpu_seconds(proc: Path, *, ended_children: bool = False) -> float:
    """utime+stime of one process (``/proc/<pid>``; 0 if it is gone), plus that of its ended
    (waited-for) children if ``ended_children``."""
    try:
        fields = (proc / "stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    ticks = int(fields[11]) + int(fields[12])
    if ended_children:
        ticks += int(fields[13]) + int(fields[14])
    return ticks / os.sysconf("SC_CLK_TCK")


def tree_cpu_seconds(pid: int) -> float:
    """CPU seconds of process ``pid`` and all its descendants, living or ended."""
    children: dict[int, list[int]] = {}
    for proc in Path("/proc").iterdir():
        if proc.name.isdigit():
            try:
                ppid = int((proc / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(proc.name))
    total, todo = 0.0, [pid]
    while todo:
        p = todo.pop()
        total += process_cpu_seconds(Path(f"/proc/{p}"), ended_children=True)
        todo.extend(children.get(p, []))
    return total


def process_memory_mb(proc: Path) -> dict[str, float]:
    """``{"rss": MB, "pss": MB}`` of one process (``smaps_rollup``; PSS splits shared pages)."""
    out = {}
    for line in (proc / "smaps_rollup").read_text().splitlines():
        key, _, rest = line.partition(":")
        if key in ("Rss", "Pss"):
            out[key.lower()] = int(rest.split()[0]) / 1024
    return out
