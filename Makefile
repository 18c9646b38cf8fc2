# The two commands a new user runs: `make run` and `make test`.
VENV ?= .venv
PY := $(VENV)/bin/python
REPORTIE := $(VENV)/bin/reportie
SAMPLE := annotations/samples/sample_report.txt

.PHONY: install install-studio run test bench check clean

install:
	@EXTRAS=dev bash scripts/install.sh

run: install
	$(REPORTIE) corpus check
	$(REPORTIE) extract $(SAMPLE) --out outputs --format csv --format xlsx
	$(PY) -m extraction.show outputs/sample_report.json

test: install
	$(PY) -m pytest

check: install
	$(REPORTIE) corpus check

clean:
	rm -rf outputs .pytest_cache .hypothesis

bench: install
	$(PY) bench/normalize_speed.py
