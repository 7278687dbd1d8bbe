"""Benchmark: the whole document pipeline at scale, on 1 and 2 local workers.

Writes synthetic news-length documents (our own templates, place names from
the country pack), runs ``geoevents events DOCS.jsonl --format jsonl
--workers N`` as a separate process (the whole process is timed: start-up,
pack loading, reading, geoparsing, events, writing) and reports documents/s,
MB/s of input and peak memory (sum of the resident and of the proportional set
size of the process and its workers, sampled every 0.1 s).

The check of issue 7: on 6,000 news-length documents, 2 workers at least 1.6x
faster than 1 (whole process), identical output, peak memory under 1.5 GB.

Usage::

    python bench/bench_pipeline.py                 # check (6,000) + 10,000 documents
    python bench/bench_pipeline.py --sizes 100000  # the long one
    python bench/bench_pipeline.py --strict        # exit 1 when the check fails

Results go to this benchmark's section of ``bench/RESULTS.md``.
"""
from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
import _results  # noqa: E402
from _results import machine  # noqa: E402

GEOEVENTS = Path(sys.executable).parent / "geoevents"
SECTION = "bench_pipeline"
CHECK_DOCS = 6000
CHECK_SPEEDUP = 1.6
CHECK_MEMORY = 1.5e9

# ---------------------------------------------------------------- synthetic news (our own templates)
CONTROL = [
    "Taliban fighters captured {district} district of {province} province on {day}, a local official said.",
    "The Taliban said they had taken control of {city} after government troops withdrew overnight.",
    "Government forces retook {district} after two days of heavy fighting, the defence ministry said.",
    "Fighting was reported around {city} and in villages near {village}, residents said by telephone.",
    "Resistance commanders said their men still held the {area}, a claim the Taliban denied.",
    "Elders in {district} negotiated the surrender of the district centre to the Taliban on {day}.",
    "Security forces repelled an attack on the outskirts of {city}, the provincial governor's office said.",
    "{province} has been contested for weeks, with neither side able to hold the main road.",
]
PLACES = [
    "Aid workers in {city} said hundreds of families had arrived from {village} since {day}.",
    "The road between {city} and {district} reopened to traffic, drivers said.",
    "A delegation from {province} travelled to the capital to meet officials on {day}.",
    "Prices of flour and cooking oil in {city} have risen sharply, shopkeepers said.",
    "Schools in parts of {province} remained closed, according to the education department.",
]
FILLER = [
    "The United Nations said it was deeply concerned about the safety of civilians.",
    "Officials declined to give casualty figures, and the claims could not be independently verified.",
    "Diplomats in several capitals held talks on the evacuation of foreign nationals.",
    "The currency fell to a record low against the dollar as banks limited withdrawals.",
    "Humanitarian agencies warned that food stocks could run out within weeks.",
    "A spokesman said the group wanted a peaceful transfer of power and an inclusive government.",
    "Thousands of people gathered at the airport hoping to board evacuation flights.",
    "Analysts said the speed of the advance had surprised even the group's own leaders.",
    "The health ministry said clinics were short of medicines and fuel for generators.",
    "Women journalists said they had been told to stay at home until further notice.",
    "Neighbouring countries reinforced their borders and closed several crossings.",
    "The statement was posted on social media late in the evening and later deleted.",
    "Farmers said the harvest had been poor because of drought and the fighting.",
    "Officials said talks would resume next week, although no date had been set.",
    "Reporters who visited the area saw burned vehicles and shuttered shops.",
]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def _names(pack_code: str | None):
    from geoevents.pack import load_pack

    pack = load_pack(pack_code)
    d = pack.districts[["district", "province"]].dropna()
    names = {"district": list(d.itertuples(index=False, name=None))}
    if pack.has_table("gazetteer"):
        g = pack.table("gazetteer")
        for level in ("city", "village", "area"):
            names[level] = sorted({str(n) for n in g.loc[g["level"] == level, "name"].dropna()})
    for level in ("city", "village", "area"):
        if not names.get(level):
            names[level] = sorted({n for n, _ in names["district"]})
    return names


def write_docs(path: Path, n: int, pack_code: str | None = None, seed: int = 7) -> None:
    """Write ``n`` news-length documents (34-48 sentences, about 3,600 characters each)."""
    names = _names(pack_code)
    rng = random.Random(seed)
    start = dt.date(2021, 7, 1)
    tmp = path.with_suffix(".part")
    with open(tmp, "w", encoding="utf-8") as fh:
        for i in range(n):
            sentences = []
            for _ in range(rng.randint(34, 48)):
                district, province = rng.choice(names["district"])
                fields = {"district": district, "province": province, "day": rng.choice(DAYS),
                          "city": rng.choice(names["city"]), "village": rng.choice(names["village"]),
                          "area": rng.choice(names["area"])}
                r = rng.random()
                pool = CONTROL if r < 0.12 else PLACES if r < 0.35 else FILLER
                sentences.append(rng.choice(pool).format(**fields))
            paragraphs = [" ".join(sentences[k:k + 4]) for k in range(0, len(sentences), 4)]
            date = start + dt.timedelta(days=i % 120)
            fh.write(json.dumps({"id": f"bench-{i:06d}", "text": "\n\n".join(paragraphs),
                                 "date": date.isoformat(), "url": f"https://news.example/{i}", "title": None})
                     + "\n")
    tmp.rename(path)


# ---------------------------------------------------------------- measuring
def _tree_memory(proc: psutil.Process, with_pss: bool) -> tuple[int, int]:
    rss = pss = 0
    try:
        procs = [proc, *proc.children(recursive=True)]
    except psutil.NoSuchProcess:
        return 0, 0
    for p in procs:
        try:
            if with_pss:
                info = p.memory_full_info()
                rss += info.rss
                pss += getattr(info, "pss", info.rss)
            else:
                rss += p.memory_info().rss
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            pass
    return rss, pss


def _spin(n: int) -> float:
    t = time.perf_counter()
    x = 0
    for i in range(n):
        x += i * i % 7
    return time.perf_counter() - t


def spin_speedup(n: int = 4_000_000) -> float:
    """How much faster 2 processes do twice the pure-CPU work than 1 does once, right now.

    2.0 on two free cores; lower when other work (on this machine or its host)
    takes CPU time: then no program can show a 2-worker speed-up above it.
    """
    import multiprocessing

    ctx = multiprocessing.get_context("fork")
    with ctx.Pool(2) as pool:
        pool.map(_spin, [1000, 1000])
        t = time.perf_counter()
        pool.map(_spin, [n])
        one = time.perf_counter() - t
        t = time.perf_counter()
        pool.map(_spin, [n, n], chunksize=1)
        two = time.perf_counter() - t
    return 2 * one / two


def wait_quiet(max_load: float | None, max_wait: float = 900) -> None:
    """Wait (at most ``max_wait`` s) until the 1-minute load average is below ``max_load``."""
    if max_load is None:
        return
    deadline = time.monotonic() + max_wait
    while os.getloadavg()[0] >= max_load and time.monotonic() < deadline:
        time.sleep(15)


def run(docs: Path, workers: int, out: Path, command: str = "events", quiet: float | None = None) -> dict:
    """Run one ``geoevents`` process; return time, peak memory and output hash."""
    wait_quiet(quiet)
    cmd = [str(GEOEVENTS), command, str(docs), "--format", "jsonl", "--workers", str(workers)]
    ru0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    machine0 = psutil.cpu_times()
    t0 = time.perf_counter()
    with open(out, "wb") as fh:
        proc = psutil.Popen(cmd, stdout=fh, stderr=subprocess.PIPE)
        peak_rss = peak_pss = 0
        tick = 0
        while proc.poll() is None:
            rss, pss = _tree_memory(proc, with_pss=(tick % 5 == 0))
            peak_rss, peak_pss = max(peak_rss, rss), max(peak_pss, pss)
            tick += 1
            time.sleep(0.1)
        err = proc.stderr.read().decode(errors="replace")
    elapsed = time.perf_counter() - t0
    ru1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (ru1.ru_utime - ru0.ru_utime) + (ru1.ru_stime - ru0.ru_stime)
    machine1 = psutil.cpu_times()
    busy = sum(machine1) - sum(machine0) - (machine1.idle - machine0.idle) - (machine1.iowait - machine0.iowait)
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}):\n{err}")
    digest = hashlib.sha256(out.read_bytes()).hexdigest()
    with open(out, "rb") as fh:
        rows = sum(1 for _ in fh)
    size = docs.stat().st_size
    n_docs = sum(1 for _ in open(docs, "rb"))
    return {"docs": n_docs, "workers": workers, "seconds": elapsed, "docs_per_s": n_docs / elapsed,
            "mb_per_s": size / 1e6 / elapsed, "input_mb": size / 1e6, "peak_rss": peak_rss,
            "peak_pss": peak_pss or peak_rss, "rows": rows, "sha256": digest,
            "load": os.getloadavg()[0], "cpu_seconds": cpu, "others_cpu_seconds": max(0.0, busy - cpu)}


# ---------------------------------------------------------------- report
def _row(r: dict) -> str:
    return (f"| {r['docs']:,} | {r['input_mb']:.0f} | {r['workers']} | {r['seconds']:.1f} | {r['docs_per_s']:.0f} | "
            f"{r['mb_per_s']:.2f} | {r['peak_rss'] / 1e6:,.0f} | {r['peak_pss'] / 1e6:,.0f} | {r['rows']:,} | "
            f"{_cpu(r)} | {r['load']:.1f} |")


def _cpu(r: dict) -> str:
    """CPU seconds of the process tree, and the share of its cores it got (cpu / (wall * workers))."""
    if "cpu_seconds" not in r:
        return "?"
    text = f"{r['cpu_seconds']:.0f} ({100 * r['cpu_seconds'] / (r['seconds'] * r['workers']):.0f} %)"
    if "others_cpu_seconds" in r:
        text += f"; others {r['others_cpu_seconds']:.0f}"
    return text


def code_label() -> str:
    try:
        return subprocess.run(["git", "-C", str(ROOT), "describe", "--always", "--dirty"], capture_output=True,
                              text=True, timeout=10).stdout.strip() or "unknown"
    except OSError:
        return "unknown"


def report(results: list[dict], check: dict | None, notes: list[str], label: str | None = None,
           checks: list[dict] | None = None) -> str:
    lines = ["## Whole pipeline at scale (`bench/bench_pipeline.py`)", "",
             f"Machine: {machine()}.  Date: {dt.datetime.now(dt.timezone.utc):%Y-%m-%d %H:%M} UTC.  "
             f"Code: {label or code_label()}.", "",
             "`geoevents events DOCS.jsonl --format jsonl --workers N`, timed as a whole process (start-up, pack "
             "loading, reading, geoparsing, events, output). Synthetic news-length documents (34-48 "
             "sentences, about 3,600 characters, 12 % control statements) from the benchmark's own templates and the "
             "pack's place names. Peak memory: sum over the process and its workers, sampled every 0.1 s "
             "(RSS counts pages shared by forked workers twice; PSS shares them out). CPU s: user + system CPU "
             "seconds of the process and its workers, with the share of N cores it obtained "
             "(CPU / (seconds x N)): below 100 % the run waited for CPUs that other work on the machine was using; "
             "\"others\": CPU seconds that other processes used on the machine meanwhile (of 2 x seconds). "
             "Load: the machine's 1-minute load average at the end of the run (2 cores, shared).", "",
             "| documents | input MB | workers | seconds | documents/s | MB/s | peak RSS MB | peak PSS MB | "
             "event rows | CPU s (share) | load |",
             "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    lines += [_row(r) for r in results]
    if check:
        best = (f"fastest of {check['repeat']} interleaved runs each, " if check.get("repeat", 1) > 1 else "")
        lines += ["", f"Check (issue 7) on {check['docs']:,} documents ({best}whole process): speed-up with 2 workers "
                      f"**{check['speedup']:.2f}x** (needs >= {CHECK_SPEEDUP}x), output identical: "
                      f"**{'yes' if check['identical'] else 'NO'}**, peak memory (RSS sum, 2 workers) "
                      f"**{check['peak'] / 1e9:.2f} GB** (needs < {CHECK_MEMORY / 1e9:.1f} GB): "
                      f"**{'PASS' if check['passed'] else 'FAIL'}**."]
    if checks and len(checks) > 1:
        lines += ["", "Every run of the check so far. Wall-clock times depend on what else the shared machine (and its "
                  "host) runs: the spin test, run just before each run, is how much faster 2 processes did twice a "
                  "pure-CPU loop than 1 process did it once (2.0x on two free cores); no program can show a larger "
                  "2-worker speed-up at that moment.", "",
                  "| when (UTC) | code | 1 worker s | 2 workers s | speed-up | load at end | spin test | identical | "
                  "verdict |",
                  "| --- | --- | ---: | ---: | ---: | --- | --- | --- | --- |"]
        for c in checks:
            secs = c.get("all_seconds")
            shown = ([", ".join(f"{x:.1f}" for x in secs[0]), ", ".join(f"{x:.1f}" for x in secs[1])] if secs
                     else [f"{c['seconds'][0]:.1f}", f"{c['seconds'][1]:.1f}"])
            lines.append(f"| {c.get('date', '?')} | {c.get('code', '?')} | {shown[0]} | {shown[1]} | "
                         f"{c['speedup']:.2f}x | {c['load'][0]:.1f} / {c['load'][1]:.1f} | "
                         f"{_spins(c.get('spin'), c.get('repeat', 1))} | "
                         f"{'yes' if c['identical'] else 'NO'} | {'PASS' if c['passed'] else 'FAIL'} |")
    lines += [""] + [f"- {n}" for n in notes]
    lines.append("- commands: `python bench/bench_pipeline.py` (the check, then 10,000 documents); "
                 "`python bench/bench_pipeline.py --no-check --sizes 100000 --workers 2,1`; the synthetic "
                 "documents are kept in the system's temporary folder and reused")
    return "\n".join(lines) + "\n"


def _spins(spins: list | None, repeat: int) -> str:
    if not spins:
        return "-"
    half = len(spins) // 2
    return (f"before 1-worker runs {', '.join(f'{x:.2f}x' for x in spins[:half])}; "
            f"before 2-worker runs {', '.join(f'{x:.2f}x' for x in spins[half:])}")


def write_section(text: str) -> None:
    """Replace this benchmark's section of RESULTS.md (kept between ``SECTION`` markers) with ``text``.

    ``text`` starts with the section's title; ``bench_events`` writes its own
    section through this function after setting ``SECTION``.
    """
    _results.write_section(text.splitlines()[0], text, marker=SECTION)


def load_state(data: Path) -> dict:
    """Rows, check and notes of earlier runs (so a long size can be run alone)."""
    path = data / "results.json"
    state = json.loads(path.read_text()) if path.exists() else {}
    return {"rows": state.get("rows", []), "check": state.get("check"), "notes": state.get("notes", {}),
            "checks": state.get("checks", [])}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="10000", help="comma-separated document counts (besides the check)")
    ap.add_argument("--workers", default="1,2")
    ap.add_argument("--no-check", action="store_true", help="skip the 6,000-document check")
    ap.add_argument("--data", default=os.path.join(tempfile.gettempdir(), "geoevents-bench"),
                    help="folder for the synthetic documents (kept and reused)")
    ap.add_argument("--strict", action="store_true", help="exit 1 when the check fails")
    ap.add_argument("--pack", default=None)
    ap.add_argument("--label", default=None, help="what code was measured (default: git describe)")
    ap.add_argument("--repeat", type=int, default=3,
                    help="interleaved runs of each worker count for the check (the fastest counts)")
    ap.add_argument("--report-only", action="store_true", help="rewrite the section from the kept results")
    ap.add_argument("--quiet-load", type=float, default=None,
                    help="before each run, wait (up to 15 min) for the 1-minute load average to drop below this")
    args = ap.parse_args(argv)
    data = Path(args.data)
    data.mkdir(parents=True, exist_ok=True)
    workers = [int(w) for w in args.workers.split(",")]
    sizes = [int(s) for s in args.sizes.split(",") if s]
    label = args.label or code_label()
    state = load_state(data)
    kept = {(r["docs"], r["workers"]): r for r in state["rows"]}
    status = {"check": state["check"], "checks": state["checks"]}
    notes = dict(state["notes"])

    def save() -> str:
        """Keep every finished run (a long size may be stopped half-way) and rewrite the section."""
        (data / "results.json").write_text(json.dumps({"rows": list(kept.values()), "check": status["check"],
                                                       "notes": notes, "checks": status["checks"]}, indent=1))
        results = sorted(kept.values(), key=lambda r: (r["docs"], r["workers"]))
        codes = ", ".join(sorted({r.get("code") or "?" for r in results}))
        text = report(results, status["check"], [notes[k] for k in sorted(notes, key=int)], codes, status["checks"])
        write_section(text)
        return text

    def docs_file(n: int) -> Path:
        path = data / f"news-{n}.jsonl"
        if not path.exists():
            print(f"writing {n:,} documents to {path}", file=sys.stderr)
            write_docs(path, n, args.pack)
        return path

    if args.report_only:
        print(save())
        return 0
    if not args.no_check:
        path = docs_file(CHECK_DOCS)
        # interleaved runs; the fastest of each (as timeit does) is the least disturbed by
        # whatever else the shared machine runs
        runs: dict[int, list[dict]] = {1: [], 2: []}
        for _ in range(args.repeat):
            for w in (1, 2):
                spin = spin_speedup()
                r = run(path, w, data / f"out-check-{w}.jsonl", quiet=args.quiet_load)
                r["code"] = label
                r["spin"] = spin
                print(json.dumps(r), file=sys.stderr)
                runs[w].append(r)
        one = min(runs[1], key=lambda r: r["seconds"])
        two = min(runs[2], key=lambda r: r["seconds"])
        speedup = one["seconds"] / two["seconds"]
        identical = len({r["sha256"] for r in runs[1] + runs[2]}) == 1
        peak = max(r["peak_rss"] for r in runs[1] + runs[2])
        status["check"] = {"docs": CHECK_DOCS, "speedup": speedup, "identical": identical, "peak": peak,
                           "passed": speedup >= CHECK_SPEEDUP and identical and peak < CHECK_MEMORY,
                           "repeat": args.repeat}
        status["checks"].append(dict(status["check"], code=label, load=[one["load"], two["load"]],
                                     seconds=[one["seconds"], two["seconds"]],
                                     all_seconds=[[round(r["seconds"], 1) for r in runs[w]] for w in (1, 2)],
                                     spin=[round(r["spin"], 2) for r in runs[1] + runs[2]],
                                     date=f"{dt.datetime.now(dt.timezone.utc):%Y-%m-%d %H:%M}"))
        kept[(CHECK_DOCS, 1)], kept[(CHECK_DOCS, 2)] = one, two
        print(f"check: speed-up {speedup:.2f}x, identical {identical}, peak {peak / 1e9:.2f} GB: "
              f"{'PASS' if status['check']['passed'] else 'FAIL'}", file=sys.stderr)
        save()
    for n in sizes:
        path = docs_file(n)
        digests = {}
        for w in workers:
            r = run(path, w, data / f"out-{n}-{w}.jsonl", quiet=args.quiet_load)
            r["code"] = label
            print(json.dumps(r), file=sys.stderr)
            kept[(n, w)] = r
            digests[w] = r["sha256"]
            if len(digests) > 1:
                same = len(set(digests.values())) == 1
                notes[str(n)] = (f"{n:,} documents: output {'identical' if same else 'DIFFERS'} for workers "
                                 f"{', '.join(map(str, digests))}")
            save()
    print(save())
    check = status["check"]
    return 1 if (args.strict and check and not check["passed"]) else 0


if __name__ == "__main__":
    sys.exit(main())
