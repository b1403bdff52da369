# Bootstraps .venv from the pinned requirements, then hands over to invoke (tasks.py).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: serve build test clean bench system-tools

serve: $(VENV)/.runtime
	$(BIN)/invoke serve

build: $(VENV)/.runtime
	$(BIN)/invoke build

test: $(VENV)/.test system-tools
	$(BIN)/invoke test

bench: $(VENV)/.test
	$(BIN)/invoke bench

# Browser tests drive the system's Chromium; the HTML checker runs on Java.
# Installed with apt-get when missing (CI and developers' machines run as root).
system-tools:
	@command -v chromium >/dev/null 2>&1 && command -v java >/dev/null 2>&1 || { \
	  echo "Memasang Chromium dan Java untuk pengujian..."; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium default-jre-headless >/dev/null; }

clean:
	rm -rf output output.baru output.lama

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.runtime: requirements.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

# npm packages are quality tools only (axe-core for the accessibility gate, lighthouse for bench).
$(VENV)/.test: requirements.txt requirements-test.txt package-lock.json | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-test.txt
	npm ci --no-audit --no-fund --loglevel=error
	touch $(VENV)/.runtime $@
