"""What every benchmark shares: a description of the machine, and its own section of RESULTS.md."""
from __future__ import annotations

import os
import platform
from pathlib import Path

RESULTS = Path(__file__).with_name("RESULTS.md")


def machine() -> str:
    """CPU model, cores, memory, OS and Python of this machine, on one line."""
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        import psutil

        extra = (f", {psutil.cpu_count(logical=False)} cores / {psutil.cpu_count()} threads, "
                 f"{psutil.virtual_memory().total / 2**30:.0f} GiB RAM")
    except ImportError:
        extra = f", {os.cpu_count()} CPUs"
    return f"{cpu}{extra}; {platform.system()} {platform.release()}; Python {platform.python_version()}"


def write_section(title: str, text: str) -> None:
    """Replace the section headed ``title`` in RESULTS.md with ``text`` (or append it)."""
    old = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else "# Benchmark results\n"
    lines = old.splitlines()
    if title in lines:
        i = lines.index(title)
        j = next((k for k in range(i + 1, len(lines)) if lines[k].startswith("## ")), len(lines))
        lines = lines[:i] + text.rstrip().splitlines() + [""] + lines[j:]
    else:
        lines = lines + [""] + text.rstrip().splitlines()
    RESULTS.write_text("\n".join(lines).rstrip() + "\n", encoding="utf-8")
