# voclab — `make help` lists the targets.
.DEFAULT_GOAL := help
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEMO_RAW := data/raw/demo
SEED ?= 42
CUSTOMERS ?= 5000

.PHONY: help install demo demo-data ingest lab test lint format bench clean

help: ## List the targets
	@grep -E '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  \033[36m%-10s\033[0m %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit("voclab needs Python 3.11+, found " + sys.version.split()[0]) if sys.version_info < (3, 11) else None'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	$(BIN)/python -m ipykernel install --sys-prefix --name voclab --display-name "voclab (.venv)"
	@touch $(STAMP)

install: $(STAMP) ## Create .venv and install voclab with its dev extras

demo-data: $(STAMP) ## Generate the synthetic demo company into data/raw/demo (SEED=42 CUSTOMERS=5000)
	$(BIN)/voclab demo-data $(DEMO_RAW) --seed $(SEED) --customers $(CUSTOMERS)

ingest: $(STAMP) ## Ingest every source in voclab.toml into data/processed
	$(BIN)/voclab ingest

demo: demo-data ingest ## Install, generate the demo data, ingest it and render the demo reports (all audiences)
	$(BIN)/voclab report --by Segment --audience executive,analyst,frontline
	@echo "demo data: $(DEMO_RAW)/  processed tables: data/processed/  quarantine: data/quarantine/"
	@echo "reports: open reports/latest/index.html"

lint: $(STAMP) ## ruff lint and format check
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks

format: $(STAMP) ## Format the code with ruff
	$(BIN)/ruff check --fix src tests benchmarks
	$(BIN)/ruff format src tests benchmarks

test: lint ## Lint + the whole test suite (what CI runs): unit tests, notebooks via papermill, then nbval
	$(BIN)/python -m pytest -q -n auto
	test -f $(DEMO_RAW)/ground_truth.json || $(BIN)/voclab demo-data $(DEMO_RAW) --seed $(SEED) --customers $(CUSTOMERS)
	$(BIN)/python -m pytest -q --nbval-lax notebooks

lab: $(STAMP) ## Start JupyterLab on notebooks/ with the project's kernel
	$(BIN)/jupyter lab --notebook-dir=notebooks

bench: $(STAMP) ## Run the benchmarks (not part of make test)
	for b in benchmarks/bench_*.py; do echo "== $$b"; $(BIN)/python $$b || exit 1; done

clean: ## Remove generated data, reports and caches (keeps .venv)
	rm -rf data/raw/demo data/interim/* data/processed/* data/quarantine/* reports/* .pytest_cache .ruff_cache .hypothesis
	@git checkout -- data reports 2>/dev/null || true
