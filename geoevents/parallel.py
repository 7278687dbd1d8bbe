"""Run a per-chunk function over a stream of document chunks: in-process, on local
processes, or on an existing Dask distributed cluster.

Every stage that reads documents is written as a module-level *chunk function*
``func(docs: DataFrame) -> DataFrame`` (for instance
``geoevents.events.events_chunk``).  :func:`run_chunks` applies it to the chunks
that :func:`geoevents.docs.read_docs` yields and gives the results back **in input
order**, whichever runs them, so the output is identical for ``workers=1``,
``workers=N`` and ``scheduler="tcp://..."``.

Memory stays bounded: at most a few chunks per worker are in flight at any time,
however long the input is.  The country pack (gazetteer, boundaries) is loaded
once per worker process and cached there (``geoevents.pack.load_pack`` is an
``lru_cache``); it is never shipped with the tasks, which carry only the chunk
and a reference to the function.

Dask is imported only when a scheduler address is given.
"""
from __future__ import annotations

import collections
import gc
import multiprocessing
import os
import pickle
import signal
import sys
import uuid
from collections.abc import Callable, Iterable, Iterator
from typing import Any

import pandas as pd

from .errors import GeoeventsError, InputError

__all__ = ["run_chunks", "join_dask", "warm_worker"]

ChunkFunc = Callable[[pd.DataFrame], pd.DataFrame]

#: Chunks in flight per worker thread: enough to keep every worker busy while
#: the next chunk is read, few enough to keep memory bounded.
IN_FLIGHT_PER_WORKER = 2

#: Seconds to wait for a Dask scheduler to answer and for a first worker.
DASK_CONNECT_TIMEOUT = 30


def warm_worker(func: ChunkFunc | None = None) -> None:
    """Load the country pack, its gazetteer index and any per-process cache ``func`` needs.

    Runs once in each worker (process-pool initializer, Dask worker plugin) so
    that the gazetteer is read from disk once per worker, not once per chunk.
    A chunk function with an expensive set-up of its own (e.g. a matcher built
    from the gazetteer) can expose it as an attribute ``func.warm`` (a callable
    without arguments).  Failures are ignored here: the chunk function raises
    the real error, with its message, on the first chunk.

    Parameters
    ----------
    func : callable, optional
        The chunk function about to run in this process.
    """
    try:
        from .pack import load_pack

        load_pack()
    except Exception:  # noqa: BLE001 - reported by the chunk function itself
        pass
    try:
        from .gazetteer import load_gazetteer

        load_gazetteer()
    except Exception:  # noqa: BLE001 - idem
        pass
    hook = getattr(func, "warm", None)
    if callable(hook):
        try:
            hook()
        except Exception:  # noqa: BLE001
            pass


def _want_progress(progress: bool | None) -> bool:
    if progress is not None:
        return bool(progress)
    try:
        return sys.stderr.isatty()
    except (AttributeError, ValueError):
        return False


class _Progress:
    """A tqdm bar on standard error counting documents, or nothing."""

    def __init__(self, enabled: bool, desc: str | None = None):
        self.bar = None
        if enabled:
            from tqdm.auto import tqdm

            # monitor_interval=0: no monitor thread (the process may fork later).
            self.bar = tqdm(file=sys.stderr, unit="doc", desc=desc, dynamic_ncols=True,
                            leave=False, mininterval=0.5)
            self.bar.monitor_interval = 0

    def update(self, n: int) -> None:
        if self.bar is not None:
            self.bar.update(n)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


def _check_picklable(func: ChunkFunc) -> None:
    try:
        pickle.dumps(func)
    except Exception as exc:  # noqa: BLE001
        raise TypeError(
            f"run_chunks needs a module-level function to run on other processes, got {func!r}: {exc}"
        ) from exc


def run_chunks(
    func: ChunkFunc,
    chunks: Iterable[pd.DataFrame],
    *,
    workers: int = 1,
    scheduler: str | None = None,
    progress: bool | None = None,
    desc: str | None = None,
) -> Iterator[pd.DataFrame]:
    """Apply ``func`` to every chunk and yield the results in input order.

    Parameters
    ----------
    func : callable
        A module-level function ``DataFrame -> DataFrame`` (documents in,
        rows out), picklable by reference.
    chunks : iterable of pandas.DataFrame
        Document chunks, e.g. ``geoevents.docs.read_docs(inputs)``.  Read
        lazily: only a bounded number of chunks is held at any time.
    workers : int, default 1
        1 runs in this process; N > 1 runs on N local worker processes.
        Ignored when ``scheduler`` is given.
    scheduler : str, optional
        Address of an existing Dask distributed scheduler
        (``"tcp://host:8786"``) or the path of a scheduler file.
    progress : bool, optional
        Show a progress bar on standard error.  Default: only when standard
        error is a terminal.
    desc : str, optional
        Label of the progress bar.

    Yields
    ------
    pandas.DataFrame
        ``func(chunk)`` for each chunk, in the order of ``chunks``.

    Raises
    ------
    geoevents.errors.InputError
        If ``workers`` is not a positive integer.
    geoevents.errors.GeoeventsError
        If a worker dies and the run cannot recover, or the Dask scheduler
        cannot be reached.  Errors raised by ``func`` itself pass through.

    Examples
    --------
    >>> from geoevents.docs import read_docs               # doctest: +SKIP
    >>> from geoevents.events import events_chunk          # doctest: +SKIP
    >>> rows = pd.concat(run_chunks(events_chunk, read_docs(["news.jsonl"]), workers=2))  # doctest: +SKIP
    """
    try:
        workers = int(workers)
    except (TypeError, ValueError):
        raise InputError(f"--workers must be a positive integer, got {workers!r}") from None
    if workers < 1:
        raise InputError(f"--workers must be a positive integer, got {workers}")
    show = _want_progress(progress)
    if scheduler:
        _check_picklable(func)
        return _run_dask(func, chunks, scheduler, show, desc)
    if workers == 1:
        return _run_local(func, chunks, show, desc)
    _check_picklable(func)
    return _run_pool(func, chunks, workers, show, desc)


# --------------------------------------------------------------------------- in-process
def _run_local(func: ChunkFunc, chunks: Iterable[pd.DataFrame], show: bool,
               desc: str | None) -> Iterator[pd.DataFrame]:
    bar = _Progress(show, desc)
    try:
        for chunk in chunks:
            out = func(chunk)
            bar.update(len(chunk))
            yield out
    finally:
        bar.close()


# --------------------------------------------------------------------------- process pool
def _start_method() -> str:
    """``fork`` on Linux (workers inherit the imported modules and the loaded pack
    at no cost), the platform's default elsewhere; ``GEOEVENTS_START_METHOD``
    overrides it."""
    wanted = os.environ.get("GEOEVENTS_START_METHOD")
    methods = multiprocessing.get_all_start_methods()
    if wanted:
        if wanted not in methods:
            raise InputError(f"GEOEVENTS_START_METHOD={wanted!r} is not one of {', '.join(methods)}")
        return wanted
    if sys.platform.startswith("linux") and "fork" in methods:
        return "fork"
    return multiprocessing.get_start_method()


def _pool_worker_init(func: ChunkFunc) -> None:
    # Ctrl-C reaches the whole process group: let the parent handle it (it
    # stops the workers) instead of every worker printing a traceback.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    warm_worker(func)


def _describe(chunk: pd.DataFrame, index: int) -> str:
    ids = chunk["id"] if "id" in getattr(chunk, "columns", ()) else None
    if ids is not None and len(ids):
        first, last = str(ids.iloc[0]), str(ids.iloc[-1])
        span = first if first == last else f"{first} .. {last}"
        return f"chunk {index + 1} (documents {span})"
    return f"chunk {index + 1}"


def _run_pool(func: ChunkFunc, chunks: Iterable[pd.DataFrame], workers: int, show: bool,
              desc: str | None) -> Iterator[pd.DataFrame]:
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    method = _start_method()
    frozen = False
    if method == "fork":
        # Load the pack here once: forked workers share it instead of each
        # reading it again.  gc.freeze() keeps the collector in the workers
        # from touching (and so copying) every inherited object.
        warm_worker(func)
        gc.freeze()
        frozen = True
    pool = ProcessPoolExecutor(
        max_workers=workers,
        mp_context=multiprocessing.get_context(method),
        initializer=_pool_worker_init,
        initargs=(func,),
    )
    limit = max(2, IN_FLIGHT_PER_WORKER * workers)
    pending: collections.deque = collections.deque()
    bar: _Progress | None = None
    completed = False
    try:
        it = iter(chunks)
        index = 0
        while True:
            while len(pending) < limit:
                chunk = next(it, None)
                if chunk is None:
                    break
                try:
                    future = pool.submit(func, chunk)
                except BrokenProcessPool as exc:  # a worker died before this chunk was handed out
                    raise GeoeventsError(
                        "a worker process died (killed, or out of memory); "
                        "try fewer --workers or a smaller chunk size"
                    ) from exc
                pending.append((future, len(chunk), _describe(chunk, index)))
                index += 1
                if bar is None:  # after the first submit: the workers are forked
                    if frozen:
                        gc.unfreeze()
                        frozen = False
                    bar = _Progress(show, desc)
            if not pending:
                break
            future, n, what = pending.popleft()
            try:
                out = future.result()
            except BrokenProcessPool as exc:
                raise GeoeventsError(
                    f"a worker process died (killed, or out of memory) while processing {what}; "
                    f"try fewer --workers or a smaller chunk size"
                ) from exc
            bar.update(n)
            yield out
        completed = True
    finally:
        if frozen:
            gc.unfreeze()
        if bar is not None:
            bar.close()
        if completed:
            pool.shutdown(wait=True)
        else:
            # an error, Ctrl-C or a consumer that stopped early: do not wait
            # for chunks nobody will read
            procs = list((getattr(pool, "_processes", None) or {}).values())
            pool.shutdown(wait=False, cancel_futures=True)
            for proc in procs:
                if proc.is_alive():
                    proc.terminate()


# --------------------------------------------------------------------------- dask
def _connect(scheduler: str):
    try:
        import distributed
    except ImportError as exc:  # pragma: no cover - dependency of the package
        raise GeoeventsError("--scheduler needs the 'distributed' package: pip install distributed") from exc
    kwargs: dict[str, Any] = {"timeout": DASK_CONNECT_TIMEOUT, "set_as_default": False}
    if "://" not in scheduler and os.path.isfile(scheduler):
        kwargs["scheduler_file"] = scheduler
        address = None
    else:
        address = scheduler
    try:
        client = distributed.Client(address, **kwargs)
    except (OSError, TimeoutError, ValueError) as exc:
        raise GeoeventsError(f"cannot connect to the Dask scheduler at {scheduler}: {exc}") from exc
    try:
        client.wait_for_workers(1, timeout=DASK_CONNECT_TIMEOUT)
    except (TimeoutError, OSError) as exc:
        client.close()
        raise GeoeventsError(
            f"the Dask scheduler at {scheduler} has no workers (waited {DASK_CONNECT_TIMEOUT} s)"
        ) from exc
    return client


def _run_dask(func: ChunkFunc, chunks: Iterable[pd.DataFrame], scheduler: str, show: bool,
              desc: str | None) -> Iterator[pd.DataFrame]:
    import distributed

    client = _connect(scheduler)
    bar = _Progress(show, desc)
    pending: collections.deque = collections.deque()
    token = uuid.uuid4().hex[:12]
    try:
        try:
            # Load the pack once on every worker now (a worker that joins or
            # restarts later loads it on its first chunk: load_pack is cached).
            client.run(warm_worker, func)
        except Exception:  # noqa: BLE001 - warming is an optimisation only
            pass
        threads = sum(client.nthreads().values()) or 1
        limit = max(2, IN_FLIGHT_PER_WORKER * threads)
        it = iter(chunks)
        index = 0
        while True:
            while len(pending) < limit:
                chunk = next(it, None)
                if chunk is None:
                    break
                future = client.submit(func, chunk, key=f"geoevents-{token}-{index}", pure=False)
                pending.append((future, len(chunk), _describe(chunk, index)))
                index += 1
            if not pending:
                break
            future, n, what = pending.popleft()
            try:
                out = future.result()
            except distributed.client.FutureCancelledError as exc:
                raise GeoeventsError(
                    f"the Dask scheduler at {scheduler} cancelled {what} (scheduler restarted or lost?)"
                ) from exc
            except Exception as exc:
                if _is_killed_worker(exc):
                    raise GeoeventsError(
                        f"Dask workers kept dying while processing {what} on {scheduler} "
                        f"(killed, or out of memory: see the worker logs): {exc}"
                    ) from exc
                if isinstance(exc, (OSError, TimeoutError)) and not isinstance(exc, GeoeventsError):
                    raise GeoeventsError(f"lost the Dask scheduler at {scheduler} while waiting for {what}: {exc}") from exc
                raise
            finally:
                future.release()
            bar.update(n)
            yield out
    finally:
        bar.close()
        for future, _, _ in pending:
            future.cancel()
        client.close()


def _is_killed_worker(exc: BaseException) -> bool:
    try:
        from distributed.scheduler import KilledWorker
    except ImportError:  # pragma: no cover
        return False
    return isinstance(exc, KilledWorker)


# --------------------------------------------------------------------------- dask join
def join_dask(points, level: str = "district", lat: str = "lat", lon: str = "lon", pack=None):
    """:func:`geoevents.join.join` over the partitions of a dask (geo)DataFrame.

    Parameters
    ----------
    points : dask.dataframe.DataFrame or dask_geopandas.GeoDataFrame
        Points with ``lat``/``lon`` columns (or a point geometry).
    level, lat, lon, pack
        As in :func:`geoevents.join.join`.  A loaded pack is passed on as its
        folder: each worker loads the pack once from disk instead of receiving
        the boundaries with every partition.

    Returns
    -------
    dask.dataframe.DataFrame or dask_geopandas.GeoDataFrame
        Lazy: ``province``, ``province_code`` and ``district`` added to every
        partition when computed.
    """
    from .join import join

    if pack is not None and not isinstance(pack, (str, os.PathLike)):
        pack = str(pack.path)  # workers load the pack from its folder, once each
    try:
        import dask_geopandas  # noqa: F401 - registers GeoDataFrame partitions with dask
    except ImportError:  # pragma: no cover - a dependency of the package
        pass
    meta = join(points._meta, level=level, lat=lat, lon=lon, pack=pack)
    return points.map_partitions(_join_partition, level=level, lat=lat, lon=lon, pack=pack,
                                 meta=meta)


def _join_partition(part, level="district", lat="lat", lon="lon", pack=None):
    from .join import join

    return join(part, level=level, lat=lat, lon=lon, pack=pack)
