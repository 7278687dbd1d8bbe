"""run_chunks on one process, local worker processes and a real Dask cluster."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

import _parallel_funcs as funcs
from geoevents.errors import GeoeventsError, InputError
from geoevents.parallel import run_chunks

TESTS = Path(__file__).resolve().parent
BIN = Path(sys.executable).parent
PLACES = ["Kabul", "Herat", "Kandahar", "Mazar", "Bamyan"]


def make_chunks(n_chunks=6, size=5, title=None, url=None):
    chunks = []
    for c in range(n_chunks):
        rows = []
        for i in range(size):
            k = c * size + i
            text = f"Report {k}: fighting near {PLACES[k % 5]} and Kabul, officials in Herat said."
            rows.append({"id": f"d{k:03d}", "text": text, "date": "2021-08-01", "url": url,
                         "title": title(c) if callable(title) else title})
        chunks.append(pd.DataFrame(rows, columns=["id", "text", "date", "url", "title"]))
    return chunks


def expected(chunks):
    return pd.concat([funcs.words_chunk(c) for c in chunks], ignore_index=True)


# --------------------------------------------------------------------------- local
def test_in_process_matches_plain_loop():
    chunks = make_chunks()
    got = pd.concat(run_chunks(funcs.words_chunk, iter(chunks)), ignore_index=True)
    pd.testing.assert_frame_equal(got, expected(chunks))
    assert got["mention"].tolist()[:3] == ["Kabul", "Kabul,", "Herat"]


def test_two_workers_identical_and_in_order_even_when_late_chunks_finish_first():
    # the first chunks sleep longest, so they finish last
    chunks = make_chunks(n_chunks=6, title=lambda c: str(max(0.0, 0.3 - 0.1 * c)))
    one = pd.concat(run_chunks(funcs.sleepy_chunk, iter(chunks), workers=1), ignore_index=True)
    two = pd.concat(run_chunks(funcs.sleepy_chunk, iter(chunks), workers=2), ignore_index=True)
    pd.testing.assert_frame_equal(one, two)
    assert two["doc"].is_monotonic_increasing


def test_pool_loads_gazetteer_once_per_worker_and_reads_input_lazily():
    read = []

    def gen():
        for i, c in enumerate(make_chunks(n_chunks=12, size=2)):
            read.append(i)
            yield c

    it = run_chunks(funcs.loads_chunk, gen(), workers=2)
    first = next(it)
    # bounded: only a few chunks were read to produce the first result
    assert len(read) <= 4
    rest = pd.concat([first, *it], ignore_index=True)
    assert len(rest) == 12
    assert rest["pid"].nunique() <= 2 and os.getpid() not in set(rest["pid"])
    assert set(rest["loads"]) == {1}


def test_user_errors_from_workers_pass_through():
    with pytest.raises(InputError, match="document d000: text is empty"):
        list(run_chunks(funcs.bad_input_chunk, iter(make_chunks(2)), workers=2))


def test_killed_local_worker_gives_clear_error():
    with pytest.raises(GeoeventsError, match=r"worker process died .* chunk 1 \(documents d000 .. d004\)"):
        list(run_chunks(funcs.die_always_chunk, iter(make_chunks(2)), workers=2))


@pytest.mark.parametrize("workers", [0, -1, "two"])
def test_bad_worker_count(workers):
    with pytest.raises(InputError, match="--workers must be a positive integer"):
        run_chunks(funcs.words_chunk, [], workers=workers)


def test_lambda_is_refused_for_workers():
    with pytest.raises(TypeError, match="module-level function"):
        run_chunks(lambda d: d, [], workers=2)


def test_progress_bar_only_when_asked_or_on_a_terminal(capsys):
    list(run_chunks(funcs.words_chunk, iter(make_chunks(2))))
    assert capsys.readouterr().err == ""  # stderr is not a terminal under pytest
    list(run_chunks(funcs.words_chunk, iter(make_chunks(2)), progress=True, desc="events"))
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "events" in captured.err and "doc" in captured.err


# --------------------------------------------------------------------------- dask
def _stop(procs):
    for p in procs:
        if p.poll() is None:
            p.terminate()
    deadline = time.monotonic() + 20
    for p in procs:
        try:
            p.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait()


@pytest.fixture(scope="module")
def dask_cluster(tmp_path_factory):
    """A real scheduler and two workers on 127.0.0.1, started with the venv's ``dask``."""
    folder = tmp_path_factory.mktemp("dask")
    sched_file = folder / "scheduler.json"
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in [str(TESTS), env.get("PYTHONPATH", "")] if p)
    # a chunk that kills its worker twice is given up (KilledWorker) instead of 4 times
    env["DASK_DISTRIBUTED__SCHEDULER__ALLOWED_FAILURES"] = "1"
    dask = str(BIN / "dask")
    log = open(folder / "cluster.log", "wb")
    common = ["--no-dashboard"]
    procs = [subprocess.Popen(
        [dask, "scheduler", "--host", "127.0.0.1", "--port", "0", "--scheduler-file", str(sched_file),
         "--idle-timeout", "600", *common], stdout=log, stderr=subprocess.STDOUT, env=env, cwd=folder)]
    for name in ("w1", "w2"):
        procs.append(subprocess.Popen(
            [dask, "worker", "--scheduler-file", str(sched_file), "--host", "127.0.0.1", "--nthreads", "1",
             "--name", name, "--death-timeout", "60", "--local-directory", str(folder), *common],
            stdout=log, stderr=subprocess.STDOUT, env=env, cwd=folder))
    try:
        from distributed import Client

        deadline = time.monotonic() + 90
        while not sched_file.exists():
            if time.monotonic() > deadline or procs[0].poll() is not None:
                raise RuntimeError("dask scheduler did not start:\n" + (folder / "cluster.log").read_text())
            time.sleep(0.2)
        with Client(scheduler_file=str(sched_file), timeout=60) as client:
            client.wait_for_workers(2, timeout=90)
        address = json.loads(sched_file.read_text())["address"]
        assert address.startswith("tcp://127.0.0.1:")
        yield {"address": address, "env": env, "folder": folder}
    finally:
        _stop(procs[1:])
        _stop(procs[:1])
        log.close()


def test_dask_identical_to_one_worker_and_gazetteer_loaded_once_per_worker(dask_cluster):
    chunks = make_chunks(n_chunks=8, title=lambda c: "0.2" if c == 0 else "0")
    got = pd.concat(run_chunks(funcs.sleepy_chunk, iter(chunks), scheduler=dask_cluster["address"]),
                    ignore_index=True)
    pd.testing.assert_frame_equal(got, expected(chunks))

    loads = pd.concat(run_chunks(funcs.loads_chunk, iter(make_chunks(n_chunks=10, size=1)),
                                 scheduler=dask_cluster["address"]), ignore_index=True)
    assert loads["pid"].nunique() == 2          # both workers took part
    assert set(loads["loads"]) == {1}            # each loaded the gazetteer once


def test_dask_user_error_passes_through(dask_cluster):
    with pytest.raises(InputError, match="document d000"):
        list(run_chunks(funcs.bad_input_chunk, iter(make_chunks(2)), scheduler=dask_cluster["address"]))


def test_dask_run_survives_a_killed_worker(dask_cluster):
    marker = dask_cluster["folder"] / "killed-once"
    chunks = make_chunks(n_chunks=4, url=str(marker))
    got = pd.concat(run_chunks(funcs.die_once_chunk, iter(chunks), scheduler=dask_cluster["address"]),
                    ignore_index=True)
    assert marker.exists()                       # a worker did die ...
    pd.testing.assert_frame_equal(got, expected(chunks))   # ... and the run completed


def test_dask_worker_that_keeps_dying_gives_clear_error(dask_cluster):
    with pytest.raises(GeoeventsError, match=r"Dask workers kept dying while processing chunk 1"):
        list(run_chunks(funcs.die_always_chunk, iter(make_chunks(1)), scheduler=dask_cluster["address"]))


def test_unreachable_scheduler_gives_clear_error(monkeypatch):
    import geoevents.parallel as par

    monkeypatch.setattr(par, "DASK_CONNECT_TIMEOUT", 2)
    with pytest.raises(GeoeventsError, match=r"cannot connect to the Dask scheduler at tcp://127.0.0.1:9"):
        list(run_chunks(funcs.words_chunk, iter(make_chunks(1)), scheduler="tcp://127.0.0.1:9"))


# --------------------------------------------------------------------------- dask join
def test_join_dask_matches_join_over_partitions():
    import dask.dataframe as dd
    import dask_geopandas
    import geopandas as gpd

    from geoevents.join import join
    from geoevents.parallel import join_dask

    pts = pd.DataFrame({"name": ["kabul", "kunduz", "tashkent", "herat", "bazarak"],
                        "lat": [34.5553, 36.728, 41.3, 34.3482, 35.313],
                        "lon": [69.2075, 68.857, 69.24, 62.1997, 69.515]})
    want = join(pts)
    import geoevents as ge

    lazy = ge.join(dd.from_pandas(pts, npartitions=2))          # dispatches to join_dask
    assert lazy.npartitions == 2
    got = lazy.compute(scheduler="sync")
    assert isinstance(got, gpd.GeoDataFrame)
    # dask turns strings into Arrow strings: compare values
    def plain(frame):
        frame = pd.DataFrame(frame.drop(columns="geometry")).astype(object)
        return frame.where(frame.notna(), None)

    pd.testing.assert_frame_equal(plain(got), plain(want))
    assert got.geometry.equals(want.geometry)
    assert got["province"].tolist()[:2] == ["Kabul", "Kunduz"] and pd.isna(got["province"].iloc[2])

    gdf = dask_geopandas.from_geopandas(gpd.GeoDataFrame(pts[["name"]], geometry=gpd.points_from_xy(
        pts["lon"], pts["lat"]), crs=4326), npartitions=2)
    lazy = join_dask(gdf, level="province")
    assert isinstance(lazy, dask_geopandas.GeoDataFrame)
    got = lazy.compute(scheduler="sync")
    assert got["province_code"].tolist()[:2] == ["AF-KAB", "AF-KDZ"] and got["district"].isna().all()


# --------------------------------------------------------------------------- the command line
TEMPLATES = [
    "Taliban fighters captured {district} district of {province} province on {day}, a local official said.",
    "Government forces retook {district} after two days of fighting, the defence ministry said on {day}.",
    "Clashes continued around {district} in {province}, residents told reporters by phone.",
    "The market in {province} reopened on {day}; shopkeepers said prices had doubled.",
    "Resistance commanders said their men still held {district}, a claim the Taliban denied.",
]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]


@pytest.fixture(scope="module")
def news_jsonl(tmp_path_factory):
    """650 short dispatches of our own (two chunks: 500 + 150) naming the pack's districts."""
    from geoevents.pack import load_pack

    districts = load_pack().districts[["district", "province"]].sort_values(["province", "district"])
    pairs = list(districts.itertuples(index=False))
    path = tmp_path_factory.mktemp("news") / "dispatches.jsonl"
    with open(path, "w", encoding="utf-8") as fh:
        for i in range(650):
            d = pairs[(i * 7) % len(pairs)]
            sentences = [TEMPLATES[(i + k) % len(TEMPLATES)].format(district=d.district, province=d.province,
                                                                    day=DAYS[(i + k) % len(DAYS)])
                         for k in range(2)]
            fh.write(json.dumps({"id": f"n{i:05d}", "text": " ".join(sentences),
                                 "date": f"2021-08-{1 + i % 28:02d}", "url": None, "title": None}) + "\n")
    return path


def _events_cli(path, *extra, env=None):
    proc = subprocess.run([str(BIN / "geoevents"), "events", str(path), "--format", "jsonl", *extra],
                          capture_output=True, env=env, timeout=300)
    assert proc.returncode == 0, proc.stderr.decode()
    return proc.stdout


def test_cli_events_identical_with_one_two_workers_and_a_dask_cluster(news_jsonl, dask_cluster):
    one = _events_cli(news_jsonl, "--workers", "1")
    rows = [json.loads(line) for line in one.splitlines()]
    assert len(rows) > 500 and rows[0]["doc"] == "n00000"
    docs = {r["doc"] for r in rows}
    assert min(docs) < "n00500" <= max(docs)             # events from both chunks
    two = _events_cli(news_jsonl, "--workers", "2")
    assert two == one
    on_cluster = _events_cli(news_jsonl, "--scheduler", dask_cluster["address"])
    assert on_cluster == one


def test_stopping_early_stops_the_local_workers():
    import psutil

    before = {p.pid for p in psutil.Process().children()}     # e.g. the Dask cluster of other tests
    chunks = make_chunks(n_chunks=8, title="2")       # every chunk sleeps 2 s
    it = run_chunks(funcs.sleepy_chunk, iter(chunks), workers=2)
    next(it)
    t0 = time.monotonic()
    it.close()                                        # e.g. `geoevents events ... | head`
    assert time.monotonic() - t0 < 1.5                # does not wait for the chunks in flight
    def ours():
        return [p for p in psutil.Process().children() if p.pid not in before]

    deadline = time.monotonic() + 5
    while ours() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert ours() == []
