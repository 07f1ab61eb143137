# Two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEV_STAMP := $(VENV)/.installed-dev

# The storage tests also run on PostgreSQL when it answers here (see tests/prepare.py).
TEST_DATABASE_URL ?= postgresql+asyncpg://postgres@127.0.0.1:5432/test
export TEST_DATABASE_URL

.PHONY: run test lint bench bench-quick soak clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(DEV_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@ $(STAMP)

run: $(STAMP)
	@if [ -n "$$TELEGRAM_BOT_TOKEN" ] || grep -qs '^TELEGRAM_BOT_TOKEN=.' .env; then \
		$(BIN)/samenbot run; \
	else \
		echo "TELEGRAM_BOT_TOKEN is not set: playing the demo on the local Bot API double."; \
		$(BIN)/samenbot demo; \
	fi

# The whole suite on SQLite (storage tests on PostgreSQL too), then, when PostgreSQL answers,
# the end-to-end tests (and the soak) again on PostgreSQL; the rest would only repeat itself.
test: $(DEV_STAMP)
	$(BIN)/ruff check .
	$(BIN)/python -m tests.prepare
	$(BIN)/python -m pytest
	@if $(BIN)/python -m tests.prepare --postgres-answers; then \
		E2E_DATABASE=postgresql $(BIN)/python -m pytest -p no:cacheprovider tests/e2e tests/soak; \
	fi

lint: $(DEV_STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# samenbot against a minimal PTB bot on the same Bot API double; see docs/benchmarks.md.
bench: $(DEV_STAMP)
	$(BIN)/python -m bench

bench-quick: $(DEV_STAMP)
	$(BIN)/python -m bench --quick

# SIGKILL the real bot at 50 random moments mid-conversation; see docs/reliability.md.
soak: $(DEV_STAMP)
	$(BIN)/python -m tests.soak --kills 50

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache *.egg-info
