"""Benchmark geoparsing: ge.places vs geotext vs spaCy, gazetteer load, one-article CLI run.

Synthesises news-length documents from our own sentence templates filled with
gazetteer names (nothing from the evaluation corpus), then, in one run on the
same documents:

* ``geoevents.places`` (GeoDataFrame out) and ``find_places`` (rows only), MB/s;
* ``geotext.GeoText`` (regex over GeoNames cities), MB/s;
* spaCy: ``en_core_web_sm`` NER if that model is installed, else spaCy's blank
  English tokenizer with an ``entity_ruler`` of the gazetteer's names (a rule
  NER at spaCy's own speed), MB/s on a subset;
* share of the Afghan names written into the documents that each one finds;
* gazetteer load time and memory (cold: index built; warm: pickled index), and
  the wall time of ``geoevents places ONE.txt --format jsonl`` as a whole process.

Writes its section of ``bench/RESULTS.md``.  Usage::

    .venv/bin/python bench/bench_places.py [--docs 3000] [--spacy-docs 300]
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
RESULTS = HERE / "RESULTS.md"
TITLE = "## places: geoparsing speed (bench/bench_places.py)"

TEMPLATES = [
    "The Taliban said on {day} they had captured {dist} district in {prov} province after days of fighting.",
    "Local officials in {city} confirmed that government forces withdrew from the district centre overnight.",
    "Residents of {prov} said the road between {city} and {city2} had been closed since {day}.",
    "A spokesman for the governor of {prov} told reporters that clashes were continuing around {dist}.",
    "Thousands of families have fled {dist} and {dist2} for the relative safety of {city}.",
    "Diplomats in {foreign} urged both sides to return to talks, while officials in {fcity} stayed silent.",
    "The insurgents also seized a border crossing near {area}, cutting trade with {foreign}.",
    "Fighting in the {valley} valley has displaced hundreds, according to aid agencies.",
    "{person} said the situation in {prov} was under control, a claim the insurgents denied.",
    "Security sources said reinforcements had been sent from {city} to {dist}, in the north of {prov}.",
    "The market in {city} reopened on {day}, but many shops remained shut.",
    "In a statement, the ministry said troops had retaken parts of {dist2} district.",
    "The United Nations warned that the humanitarian situation was deteriorating quickly across the country.",
    "Analysts said the fall of {city} would be a major blow to the government in Kabul.",
    "Witnesses described heavy gunfire and air strikes on the outskirts of the city for most of the night.",
    "Prices of flour and cooking oil have doubled in recent weeks, traders said.",
    "Many families said they had not been paid for months and had sold their livestock to buy food.",
    "The statement could not be independently verified, and phone lines to the area were cut.",
    "Officials, who spoke on condition of anonymity because they were not authorised to brief the media, said casualties were high.",
    "Hospitals reported receiving dozens of wounded civilians, including women and children.",
    "The insurgents have stepped up attacks since May, when foreign forces began their final withdrawal.",
    "A senior official said negotiations had stalled and that the coming weeks would be decisive.",
    "Schools and clinics have closed, and aid workers said supplies would run out within days.",
]
PERSONS = ["Ahmad Massoud", "a provincial council member", "The district chief", "Mohammad Karim",
           "A local elder", "The army commander"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        import psutil

        mem = f", {psutil.virtual_memory().total / 2**30:.0f} GiB RAM"
        cores = f"{psutil.cpu_count(logical=False)} cores / {psutil.cpu_count()} threads"
    except ImportError:
        mem, cores = "", f"{os.cpu_count()} CPUs"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{cpu}, {cores}{mem}; {platform.system()} {platform.release()}; Python {platform.python_version()}"


def write_section(text: str) -> None:
    old = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else "# Benchmark results\n"
    lines = old.splitlines()
    if TITLE in lines:
        i = lines.index(TITLE)
        j = next((k for k in range(i + 1, len(lines)) if lines[k].startswith("## ")), len(lines))
        lines = lines[:i] + text.rstrip().splitlines() + [""] + lines[j:]
    else:
        lines = lines + [""] + text.rstrip().splitlines()
    RESULTS.write_text("\n".join(lines).rstrip() + "\n", encoding="utf-8")


def synthesize(n_docs: int, seed: int = 0) -> tuple[list[str], list[list[str]]]:
    """News-length documents from the templates above and the gazetteer's names."""
    from geoevents.gazetteer import load_gazetteer

    gaz = load_gazetteer()
    rnd = random.Random(seed)
    provs = [e.name for e in gaz.entries if e.local and e.level == "province"]
    dists = [e.name.split("(")[0].strip() for e in gaz.entries if e.local and e.level == "district"
             and len(e.name) > 4 and "-" not in e.name]
    cities = [e.name for e in gaz.entries if e.local and e.level == "city" and (e.population or 0) > 20000
              and e.name.isascii()]
    areas = ["Torkham", "Spin Boldak", "Islam Qala", "Hairatan", "Sher Khan Bandar"]
    valleys = ["Panjshir", "Andarab", "Arghandab", "Korengal"]
    foreign = ["Pakistan", "Iran", "Tajikistan", "Uzbekistan", "China", "Russia", "the United States"]
    fcities = ["Islamabad", "Tehran", "Dushanbe", "Tashkent", "Moscow", "Doha", "Washington"]
    docs, inserted = [], []
    for _ in range(n_docs):
        parts, names = [], []
        target = rnd.randint(2500, 5000)
        size = 0
        while size < target:
            t = rnd.choice(TEMPLATES)
            fill = dict(prov=rnd.choice(provs), dist=rnd.choice(dists), dist2=rnd.choice(dists),
                        city=rnd.choice(cities), city2=rnd.choice(cities), area=rnd.choice(areas),
                        valley=rnd.choice(valleys), foreign=rnd.choice(foreign), fcity=rnd.choice(fcities),
                        person=rnd.choice(PERSONS), day=rnd.choice(DAYS))
            s = t.format(**fill)
            for k in ("prov", "dist", "dist2", "city", "city2", "area", "valley"):
                if "{" + k + "}" in t:
                    names.append(fill[k])
            parts.append(s)
            size += len(s) + 1
            if rnd.random() < 0.2:
                parts.append("\n\n")
        docs.append(" ".join(parts))
        inserted.append(names)
    return docs, inserted


def mb(docs) -> float:
    return sum(len(d.encode("utf-8")) for d in docs) / 1e6


def run_places(docs):
    import pandas as pd

    import geoevents as ge

    frame = pd.DataFrame({"id": [str(i) for i in range(len(docs))], "text": docs})
    t = time.perf_counter()
    out = ge.places(frame)
    return time.perf_counter() - t, out


def run_find(docs):
    from geoevents.places import find_places

    t = time.perf_counter()
    out = [find_places(d, doc=str(i)) for i, d in enumerate(docs)]
    return time.perf_counter() - t, out


def run_geotext(docs):
    from geotext import GeoText

    GeoText("warm up Kabul")  # loads its tables
    t = time.perf_counter()
    out = [GeoText(d).cities for d in docs]
    return time.perf_counter() - t, out


def spacy_pipeline():
    import spacy

    try:
        nlp = spacy.load("en_core_web_sm", disable=["parser", "lemmatizer"])
        return nlp, "en_core_web_sm NER"
    except OSError:
        from geoevents.gazetteer import load_gazetteer

        gaz = load_gazetteer()
        nlp = spacy.blank("en")
        ruler = nlp.add_pipe("entity_ruler", config={"phrase_matcher_attr": "LOWER"})
        names = {e.name for e in gaz.entries if e.local and e.level != "village"}
        ruler.add_patterns([{"label": "GPE", "pattern": n} for n in sorted(names)])
        return nlp, "spaCy blank('en') tokenizer + entity_ruler (en_core_web_sm not installable here)"


def run_spacy(nlp, docs):
    t = time.perf_counter()
    out = [[e.text for e in d.ents] for d in nlp.pipe(docs)]
    return time.perf_counter() - t, out


def subprocess_seconds(code: str, env: dict) -> tuple[float, float]:
    """Run python code in a fresh interpreter; return (its printed seconds, RSS MB delta)."""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    secs, mem = out.stdout.strip().split()
    return float(secs), float(mem)


LOAD_CODE = (
    "import time, psutil; p = psutil.Process(); m = p.memory_info().rss; t = time.perf_counter();"
    "from geoevents.gazetteer import load_gazetteer; load_gazetteer();"
    "print(time.perf_counter() - t, (p.memory_info().rss - m) / 1e6)"
)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=3000)
    ap.add_argument("--spacy-docs", type=int, default=300)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()

    # gazetteer load: cold (empty cache folder) and warm (pickled index), fresh processes
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "GEOEVENTS_CACHE": tmp}
        cold, cold_mem = subprocess_seconds(LOAD_CODE, env)
        warm = []
        for _ in range(3):
            s, warm_mem = subprocess_seconds(LOAD_CODE, env)
            warm.append(s)
        warm_s = statistics.median(warm)
    with tempfile.TemporaryDirectory() as tmp:
        one = Path(tmp) / "article.txt"
        one.write_text(synthesize(1, seed=42)[0][0], encoding="utf-8")
        ge_cmd = str(Path(sys.executable).with_name("geoevents"))
        cli = []
        for _ in range(3):
            t = time.perf_counter()
            subprocess.run([ge_cmd, "places", str(one), "--format", "jsonl"], capture_output=True, check=True)
            cli.append(time.perf_counter() - t)
        cli_s = statistics.median(cli)

    docs, inserted = synthesize(args.docs)
    size = mb(docs)
    from geoevents.gazetteer import load_gazetteer

    load_gazetteer()
    nlp, spacy_what = spacy_pipeline()
    sub = docs[: args.spacy_docs]
    # interleaved repeats, best of each: the machine is shared and its load swings
    best = {}
    for _ in range(args.repeat):
        for name, fn, data in (("places", run_places, docs), ("find", run_find, docs),
                               ("geotext", run_geotext, docs), ("spacy", lambda d: run_spacy(nlp, d), sub)):
            t, out = fn(data)
            if name not in best or t < best[name][0]:
                best[name] = (t, out)
    t_places, frame = best["places"]
    t_find, rows = best["find"]
    t_geotext, gt = best["geotext"]
    t_spacy, sp = best["spacy"]

    # recall of the Afghan names written into the documents
    from geoevents.text import name_key

    def share(found_lists):
        hit = tot = 0
        for names, found in zip(inserted, found_lists):
            keys = {name_key(f) for f in found}
            for n in names:
                tot += 1
                hit += name_key(n) in keys or any(name_key(n) in k for k in keys)
        return hit / tot if tot else 0.0

    ge_found = [[r["mention"] for r in rs if r["country"] == "AF"] for rs in rows]
    n_found = sum(len(rs) for rs in rows)
    r_ge, r_gt = share(ge_found), share(gt)
    r_sp = share(sp) if sp else 0.0

    speed = {
        "ge.places (GeoDataFrame)": size / t_places,
        "find_places (rows)": size / t_find,
        "geotext": size / t_geotext,
        spacy_what: mb(sub) / t_spacy,
    }
    ratio_geotext = speed["ge.places (GeoDataFrame)"] / speed["geotext"]
    lines = [
        TITLE,
        f"- date: {dt.datetime.now(dt.timezone.utc):%Y-%m-%d %H:%M} UTC; machine: {machine()}; "
        f"load average at the end {os.getloadavg()[0]:.1f} (other jobs share the cores)",
        f"- documents: {len(docs):,} synthetic news-length texts ({size:.1f} MB, 2.5-5 kB each) from our own "
        "sentence templates filled with gazetteer names (seed 0; nothing from the evaluation corpus), "
        f"{n_found / size / 1000:.1f} place mentions per 1,000 characters (the dev corpus gold has about 10); "
        f"the machine is shared, so each figure is the best of {args.repeat} interleaved runs.",
        "",
        "| what | seconds | MB/s | inserted Afghan names found |",
        "| --- | --- | --- | --- |",
        f"| `ge.places(frame)` (GeoDataFrame out) | {t_places:.2f} | {speed['ge.places (GeoDataFrame)']:.2f} | {r_ge:.1%} |",
        f"| `find_places(text)` per document (rows only) | {t_find:.2f} | {speed['find_places (rows)']:.2f} | {r_ge:.1%} |",
        f"| geotext `GeoText(text).cities` | {t_geotext:.2f} | {speed['geotext']:.2f} | {r_gt:.1%} |",
        f"| {spacy_what}, {len(sub)} documents | {t_spacy:.2f} | {speed[spacy_what]:.3f} | {r_sp:.1%} |",
        "",
        f"- ge.places / geotext speed: **{ratio_geotext:.2f}** (target >= 0.5).",
        f"- ge.places / spaCy speed: **{speed['ge.places (GeoDataFrame)'] / speed[spacy_what]:.2f}x**; the issue's "
        "reference for en_core_web_sm NER here is 0.02-0.05 MB/s, i.e. "
        f"**{speed['ge.places (GeoDataFrame)'] / 0.05:.0f}x-{speed['ge.places (GeoDataFrame)'] / 0.02:.0f}x** "
        "(target >= 100x)." + ("" if "en_core_web_sm NER" in spacy_what else
                                " `en_core_web_sm` is not on the package index this machine can reach "
                                "(`pip download en-core-web-sm`: no matching distribution), so the spaCy row "
                                "is spaCy's blank English tokenizer with a rule NER (entity_ruler of the "
                                "gazetteer's names): a lower bound on spaCy's cost."),
        f"- gazetteer load in a fresh process (import + index): cold (index built and pickled) {cold:.2f} s, "
        f"+{cold_mem:.0f} MB RSS; warm (pickled index) median {warm_s:.2f} s, +{warm_mem:.0f} MB RSS "
        "(targets: about 1 s, < 300 MB).",
        f"- `geoevents places ARTICLE.txt --format jsonl` on one {len(synthesize(1, seed=42)[0][0]):,}-character "
        f"article, whole process, median of 3: {cli_s:.2f} s (target < 2 s).",
        f"- command: `.venv/bin/python bench/bench_places.py --docs {args.docs} --spacy-docs {args.spacy_docs} "
        f"--repeat {args.repeat}`",
    ]
    write_section("\n".join(lines))
    print("\n".join(lines))
    print(json.dumps({k: round(v, 3) for k, v in speed.items()}))


if __name__ == "__main__":
    main()
