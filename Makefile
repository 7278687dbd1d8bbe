# geoevents: `make test` and `make map` work on a fresh machine with Python 3.11.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
GE     := $(VENV)/bin/geoevents
STAMP  := $(VENV)/.installed
SHARED ?= ../shared

.PHONY: install test map maps gallery bench shapes eval clean

install: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

test: install
	$(PY) -m pytest -q

map: install
	$(GE) map geoevents/data/example.txt --date 2021-09-06 --title "Who controls Afghanistan, 6 September 2021" -o maps/example.html

maps: map
	$(GE) map geoevents/data/example.txt --date 2021-09-06 --offline --title "Who controls Afghanistan, 6 September 2021 (offline)" -o maps/example-offline.html
	$(GE) map geoevents/data/dispatches.jsonl --offline --title "The Taliban offensive, August-September 2021" -o maps/timeline.html
	$(GE) map geoevents/data/dispatches.jsonl --level district --offline --title "Districts named in the dispatches" -o maps/districts.html

gallery: install
	$(PY) examples/gallery.py maps

bench: install
	$(PY) -m pip install --quiet -e '.[test,bench]'
	for b in bench/bench_*.py; do echo "== $$b"; $(PY) $$b || exit 1; done

shapes: install
	$(PY) -m pip install --quiet -e '.[build]'
	$(PY) shapes/build_pack.py $(SHARED)/data
	$(PY) shapes/build_gazetteer.py $(SHARED)/data

eval: install
	@test -f $(SHARED)/corpus/dev.jsonl || { echo "no $(SHARED)/corpus/dev.jsonl: nothing to evaluate"; exit 0; }
	$(PY) $(SHARED)/tools/score.py $(SHARED)/corpus/dev.jsonl --cmd $(GE)

clean:
	rm -rf $(VENV) .pytest_cache build *.egg-info
