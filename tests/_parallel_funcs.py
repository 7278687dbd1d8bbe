"""Module-level chunk functions for tests/test_parallel.py.

They live in their own module so that local worker processes and the Dask
workers the tests start (with this folder on PYTHONPATH) import them by name.
"""
from __future__ import annotations

import functools
import os

import pandas as pd

from geoevents.errors import InputError

LOADS = {"n": 0}


@functools.lru_cache(maxsize=None)
def fake_gazetteer() -> dict:
    """Stands for the pack: counts how often this process loads it."""
    LOADS["n"] += 1
    return {"kabul": "AF-KAB", "herat": "AF-HER"}


def words_chunk(docs: pd.DataFrame) -> pd.DataFrame:
    """One row per word that the fake gazetteer knows, like a tiny geoparser."""
    gaz = fake_gazetteer()
    rows = []
    for doc, text in zip(docs["id"], docs["text"]):
        start = 0
        for word in text.split():
            start = text.index(word, start)
            code = gaz.get(word.lower().strip(".,"))
            if code:
                rows.append({"doc": doc, "mention": word, "start": start, "code": code})
            start += len(word)
    return pd.DataFrame(rows, columns=["doc", "mention", "start", "code"])


def loads_chunk(docs: pd.DataFrame) -> pd.DataFrame:
    """Report which process ran the chunk and how many times it loaded the gazetteer."""
    fake_gazetteer()
    return pd.DataFrame({"pid": [os.getpid()], "loads": [LOADS["n"]], "n": [len(docs)]})


def die_once_chunk(docs: pd.DataFrame) -> pd.DataFrame:
    """Kill the worker the first time a chunk with a marker path (in ``url``) runs."""
    marker = docs["url"].iloc[0]
    if marker and not os.path.exists(marker):
        with open(marker, "w") as fh:
            fh.write(str(os.getpid()))
        os._exit(9)
    return words_chunk(docs)


def die_always_chunk(docs: pd.DataFrame) -> pd.DataFrame:
    """Kill the worker process every time."""
    os._exit(9)


def bad_input_chunk(docs: pd.DataFrame) -> pd.DataFrame:
    """Raise a user error naming the document."""
    raise InputError(f"document {docs['id'].iloc[0]}: text is empty")


def sleepy_chunk(docs: pd.DataFrame) -> pd.DataFrame:
    """Sleep for the seconds given in the first ``title``, then act like words_chunk."""
    import time

    time.sleep(float(docs["title"].iloc[0] or 0))
    return words_chunk(docs)


loads_chunk.warm = fake_gazetteer
