# One virtual environment (VENV, .venv unless given: make setup VENV=/tmp/venv). torch's CPU wheel
# goes in first, then the project with its `dev` extra; both through constraints.txt, the lock,
# so that a fresh machine gets exactly the tested versions and never another (CUDA) torch.
PY ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: setup digest test test-fast browser lint clean

# The last step checks the venv against the lock: pip -c constrains only what the lock names, so
# a dependency added to pyproject.toml but not locked (or a package left in an old venv) shows here.
$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -c constraints.txt torch==2.13.0
	$(BIN)/pip install -q -c constraints.txt -e '.[dev]'
	@$(BIN)/pip freeze --exclude-editable > $(VENV)/.freeze
	@grep -v '^#' constraints.txt | diff -u - $(VENV)/.freeze || { \
	  echo "$(VENV) differs from constraints.txt: make clean setup, or regenerate the lock (see its header)"; \
	  exit 1; }
	touch $@

setup: $(STAMP)

digest: setup
	$(BIN)/summarize digest

# everything; what CI (.ci/run) runs
test: setup browser
	$(BIN)/python -m pytest -q

test-fast: setup
	$(BIN)/python -m pytest -q -m "not slow"

# the HTML digest's browser test (tests/render/test_html.py) needs a headless chromium
browser:
	@command -v chromium >/dev/null || { \
	  $(SUDO) apt-get update -qq && \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

lint: setup
	$(BIN)/ruff check summarize tests eval
	$(BIN)/mypy

clean:
	rm -rf $(VENV) build *.egg-info
