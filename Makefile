# Storyboard: `make run` and `make test` each do the whole set-up first.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PORT   ?= 5000
export STORYBOARD_DATA_DIR ?= $(CURDIR)/instance
APT_PACKAGES := chromium fonts-sil-andika fonts-dejavu-core fonts-noto-core poppler-utils

.PHONY: setup run test bench system-deps translations data clean lock

setup: $(BIN)/.installed system-deps translations data

# Exactly the versions in requirements.lock (every transitive dependency pinned), then the
# project itself as an editable install without touching those pins. Re-runs only when
# the lock or pyproject.toml changes.
$(BIN)/.installed: requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -r requirements.lock  # pip itself included
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $@

# Regenerate requirements.lock from pyproject.toml (dependencies and the test extra) with
# pip-tools, kept in a venv of its own. Pins already in the lock stay where the ranges
# allow; `make lock LOCK_FLAGS=--upgrade` moves everything to the newest allowed.
LOCK_TOOLS := $(VENV)/lock-tools
lock:
	test -x $(LOCK_TOOLS)/bin/pip-compile || { $(PYTHON) -m venv $(LOCK_TOOLS) && \
	  $(LOCK_TOOLS)/bin/python -m pip install --quiet pip-tools; }
	CUSTOM_COMPILE_COMMAND="make lock" $(LOCK_TOOLS)/bin/pip-compile --quiet --extra test \
	  --strip-extras --allow-unsafe --no-emit-index-url --no-emit-find-links $(LOCK_FLAGS) \
	  --output-file requirements.lock pyproject.toml

# A system Chromium and the fonts: apt on Debian/Ubuntu as root; elsewhere
# Playwright's own Chromium, but never when a system browser is already there.
system-deps: $(BIN)/.installed
	@if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	  missing=""; for p in $(APT_PACKAGES); do \
	    dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	  if [ -n "$$missing" ]; then \
	    echo "Installing$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	  fi; \
	elif [ -z "$$STORYBOARD_CHROMIUM" ] && ! command -v chromium >/dev/null 2>&1 \
	     && ! command -v chromium-browser >/dev/null 2>&1 && ! command -v google-chrome >/dev/null 2>&1; then \
	  $(BIN)/python -m playwright install chromium; \
	fi

translations: $(BIN)/.installed
	$(BIN)/pybabel -q compile -d translations

data: $(BIN)/.installed
	$(BIN)/storyboard init-db

run: setup
	$(BIN)/storyboard demo
	@echo
	@echo "Open http://127.0.0.1:$(PORT)/login  (Ctrl+C stops the server)"
	$(BIN)/storyboard serve --port $(PORT)

# One test process per core, at most four (each runs its own server and browsers); whole
# files go to one process, so a module's browser and fixtures are made once.
JOBS ?= $(shell n=$$(nproc 2>/dev/null || echo 1); [ $$n -gt 4 ] && n=4; echo $$n)

test: setup
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -n $(JOBS) --dist loadfile

bench: setup
	$(BIN)/python -m pip install --quiet -e ".[test,bench]"
	$(BIN)/python bench/run.py
	$(BIN)/python bench/load.py

clean:
	rm -rf $(VENV) .pytest_cache
