# Two commands for a new machine: `make run` (the service, embedded mode) and `make test`.
# Each creates .venv and installs what it needs on first use.
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
PORT   ?= 8000
HOST   ?= 127.0.0.1

.PHONY: install native run worker test test-fast check bench clean

$(VENV)/.installed: requirements.txt requirements-dev.txt pyproject.toml
	VENV=$(VENV) PYTHON=$(PYTHON) scripts/install

install: $(VENV)/.installed

native: install         ## compile the parser with mypyc into .native/ (used while it matches the sources; shared/native.py)
	$(PY) -m shared.native build

run: install            ## the API with an embedded worker (no Redis needed); set REDIS_URL for the real thing
ifeq ($(HOST),127.0.0.1)
	@echo "make run: http://127.0.0.1:$(PORT)/ answers this machine only. To let others in, set API_KEYS and"
	@echo "          ADMIN_API_KEYS (README, Security), then: make run HOST=0.0.0.0"
endif
	$(PY) -m uvicorn api.main:app --host $(HOST) --port $(PORT)

worker: install         ## a worker service against REDIS_URL
	$(PY) worker_service.py

test: install           ## the whole suite (needs redis-server on PATH; .ci/run installs it)
	VENV=$(VENV) scripts/test

test-fast: install      ## everything but the multi-process and browser tests
	VENV=$(VENV) scripts/test -m "not slow and not browser"

check: install          ## lint (ruff) and types (mypy)
	VENV=$(VENV) scripts/check

bench: install          ## benchmarks; writes docs/BENCHMARKS.md
	VENV=$(VENV) scripts/bench

clean:
	rm -rf $(VENV) $(VENV).lock .pytest_cache .native
