# One virtual environment in .venv; torch's CPU wheel is installed before anything can pull
# another build of it.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: setup digest test lint clean

$(BIN)/summarize: pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q torch==2.13.0
	$(BIN)/pip install -q -e '.[dev]'
	touch $(BIN)/summarize

setup: $(BIN)/summarize

digest: setup
	$(BIN)/summarize digest

test: setup
	$(BIN)/python -m pytest -q

lint: setup
	$(BIN)/ruff check summarize tests eval
	$(BIN)/mypy

clean:
	rm -rf $(VENV) build *.egg-info
