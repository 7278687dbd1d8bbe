"""What every benchmark shares: a description of the machine, and its own section of RESULTS.md.

A section is found by its ``## `` title line, and ends before the next ``## ``
title or ``<!-- `` marker line.  A benchmark whose title changes between runs
(or that another benchmark writes for it) passes ``marker=``: its section is
then kept between ``<!-- marker:start -->`` and ``<!-- marker:end -->`` lines.
"""
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


def _section_end(lines: list[str], start: int) -> int:
    return next((k for k in range(start, len(lines)) if lines[k].startswith(("## ", "<!-- "))), len(lines))


def replace_section(old: str, title: str, text: str, marker: str | None = None) -> str:
    """``old`` (the RESULTS.md text) with the section ``title`` (or ``marker``) replaced by ``text``.

    Parameters
    ----------
    old : str
        The current file content.
    title : str
        The section's ``## `` title line (``text`` starts with it).
    text : str
        The new section, title included.
    marker : str, optional
        Keep the section between ``<!-- marker:start -->`` / ``<!-- marker:end -->``
        lines (a section found by its title gets the markers added).

    Returns
    -------
    str
        The new file content, ending with one newline.
    """
    lines = old.splitlines()
    body = text.rstrip().splitlines()
    if marker:
        start, end = f"<!-- {marker}:start -->", f"<!-- {marker}:end -->"
        block = [start, *body, end]
        if start in lines and end in lines[lines.index(start):]:
            i = lines.index(start)
            j = lines.index(end, i)
            lines = lines[:i] + block + lines[j + 1:]
        elif title in lines:
            i = lines.index(title)
            j = _section_end(lines, i + 1)
            lines = lines[:i] + block + [""] + lines[j:]
        else:
            lines = lines + [""] + block
    elif title in lines:
        i = lines.index(title)
        j = _section_end(lines, i + 1)
        lines = lines[:i] + body + [""] + lines[j:]
    else:
        lines = lines + [""] + body
    return "\n".join(lines).rstrip() + "\n"


def write_section(title: str, text: str, *, marker: str | None = None) -> None:
    """Replace the section headed ``title`` in RESULTS.md with ``text`` (or append it).

    Parameters
    ----------
    title : str
        The section's ``## `` title line.
    text : str
        The new section, starting with ``title``.
    marker : str, optional
        See :func:`replace_section`.
    """
    old = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else "# Benchmark results\n"
    new = replace_section(old, title, text, marker)
    tmp = RESULTS.with_name(f".{RESULTS.name}.{os.getpid()}.tmp")
    tmp.write_text(new, encoding="utf-8")
    tmp.replace(RESULTS)
