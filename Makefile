# diplowatch — everything a user or CI runs. `make demo` and `make test` install on first use.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEMO_DB ?= demo.duckdb

.PHONY: install browser demo test lint ontology persons actor-eval models parse-eval bench lock clean

install: $(STAMP)

$(STAMP): pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $(STAMP)

demo: $(STAMP)
	rm -f $(DEMO_DB)
	$(BIN)/diplowatch code examples/ --db $(DEMO_DB)
	$(BIN)/diplowatch events --db $(DEMO_DB) --limit 20

# The browser tests drive Debian's Chromium (Playwright's own download does not work here).
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
browser:
	@command -v chromium >/dev/null || { $(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium >/dev/null; }

test: $(STAMP) browser
	$(BIN)/ruff check src tests scripts benchmarks
	$(BIN)/python -m pytest -q

lint: $(STAMP)
	$(BIN)/ruff check src tests scripts benchmarks
	$(BIN)/ruff format --check src tests scripts

ontology: $(STAMP)
	$(BIN)/python scripts/build_ontology.py

persons: $(STAMP)
	$(BIN)/python scripts/build_persons.py

actor-eval: $(STAMP)
	$(BIN)/python -m diplowatch.actor_eval ../shared tests/gold/locderiv_countries.tsv

models: $(STAMP)
	$(BIN)/python scripts/models.py all

parse-eval: $(STAMP)
	OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 $(BIN)/python scripts/models.py evaluate

bench: $(STAMP)
	$(BIN)/python benchmarks/bench_actors.py
	$(BIN)/python benchmarks/bench_pipeline.py
	$(BIN)/python benchmarks/bench_api.py
	$(BIN)/python benchmarks/bench_load.py

lock: $(STAMP)
	$(BIN)/python -m pip freeze --exclude-editable | sed '1i # Exact versions of every runtime and test dependency (pip freeze of a clean install).\n# Regenerate with: make lock' > requirements.lock

clean:
	rm -rf $(VENV) $(DEMO_DB) .pytest_cache .ruff_cache src/*.egg-info
