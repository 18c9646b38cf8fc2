# The two commands a new user runs: `make run` and `make test`.
VENV ?= .venv
PY := $(VENV)/bin/python
REPORTIE := $(VENV)/bin/reportie
SAMPLE := annotations/samples/sample_report.txt
MODEL ?= models/default
EXTRAS ?= dev,studio

.PHONY: install install-studio run test bench check clean

install:
	@EXTRAS=$(EXTRAS) bash scripts/install.sh

run: install
	$(REPORTIE) corpus check
	@test -f $(MODEL)/reportie_model.json || $(REPORTIE) train --config configs/default.yaml --out $(MODEL)
	$(REPORTIE) extract $(SAMPLE) --model $(MODEL) --out outputs --format csv --format xlsx
	$(PY) -m extraction.show outputs/sample_report.json

test: install
	$(PY) -m pytest

check: install
	$(REPORTIE) corpus check

clean:
	rm -rf outputs .pytest_cache .hypothesis

# Not part of `make test`: every system on every leave-one-report-out fold (26.3 min measured on 2 cores, 2026-11-23m: reportie's training 19.0, spaCy's 4.8; a slower machine takes longer).
bench:
	@EXTRAS=$(EXTRAS),bench bash scripts/install.sh
	$(PY) bench/normalize_speed.py
	$(PY) -m bench.run
