"""CPU time of processes on this machine, read from /proc (Linux): one process by its pid, or every
process of a service by its command name."""
from __future__ import annotations

import os
from pathlib import Path


def _stat_cpu_seconds(stat: str) -> float:
    fields = stat.rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of process `pid` so far (OSError once it has gone)."""
    return _stat_cpu_seconds(Path(f"/proc/{pid}/stat").read_text())


def command_cpu_seconds(command: str) -> float:
    """CPU seconds of every process named `command` (PostgreSQL's backends come and go with connections;
    one that exits between two readings takes its time with it, so a difference is a lower bound)."""
    total = 0.0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:
            continue
        if text[text.index("(") + 1:text.rindex(")")] == command:
            total += _stat_cpu_seconds(text)
    return total
